import { join } from 'node:path';
import { configureHazard, loadRegionParameters } from '../src/scenario/region-parameters.js';
import { ROOT } from './helpers.js';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/core/errors.js';
import { checkEventFields, checkNumber, isMapping, show, type NumberSpec } from '../src/core/validate.js';
import { hazardModule } from '../src/hazard/registry.js';

/** The InputError message `f` throws (fails the test if it throws nothing or something else). */
function thrown(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).message;
  }
  throw new Error('expected an InputError, none thrown');
}

describe('isMapping', () => {
  it('is true for plain objects only', () => {
    expect(isMapping({})).toBe(true);
    expect(isMapping({ a: 1 })).toBe(true);
    for (const v of [null, undefined, [], [1], 0, 'a', true]) expect(isMapping(v)).toBe(false);
  });
});

describe('show', () => {
  it("is 'nothing' for undefined and JSON otherwise", () => {
    expect(show(undefined)).toBe('nothing');
    expect(show(null)).toBe('null');
    expect(show('x')).toBe('"x"');
    expect(show(1.5)).toBe('1.5');
    expect(show(NaN)).toBe('.nan'); // YAML's own words (issue 11), not JSON's null
    expect(show(Infinity)).toBe('.inf');
    expect(show(-Infinity)).toBe('-.inf');
    expect(show(-0)).toBe('-0');
    expect(show([1, 2])).toBe('[1,2]');
    expect(show({ a: 1 })).toBe('{"a":1}');
  });
});

describe('checkNumber', () => {
  const closed: NumberSpec = { min: 0, max: 10, expected: 'a number from 0 to 10' };
  it('accepts both bounds of a closed range and returns the value', () => {
    expect(checkNumber(closed, 0, 'f')).toBe(0);
    expect(checkNumber(closed, 10, 'f')).toBe(10);
    expect(checkNumber(closed, 3.5, 'f')).toBe(3.5);
  });
  it('rejects values just outside, with the field, expectation and value found', () => {
    expect(thrown(() => checkNumber(closed, -1e-9, 'a.b'))).toBe('a.b: expected a number from 0 to 10, found -1e-9');
    expect(thrown(() => checkNumber(closed, 10.000001, 'a.b'))).toBe('a.b: expected a number from 0 to 10, found 10.000001');
  });
  it('excludes the minimum or the maximum when asked', () => {
    const open: NumberSpec = { min: 0, max: 24, minExclusive: true, maxExclusive: true, expected: 'more than 0 and under 24' };
    expect(thrown(() => checkNumber(open, 0, 'h'))).toBe('h: expected more than 0 and under 24, found 0');
    expect(thrown(() => checkNumber(open, 24, 'h'))).toBe('h: expected more than 0 and under 24, found 24');
    expect(checkNumber(open, Number.MIN_VALUE, 'h')).toBe(Number.MIN_VALUE);
    expect(checkNumber(open, 23.999, 'h')).toBe(23.999);
    // only the side asked for is open
    expect(checkNumber({ ...closed, minExclusive: true }, 10, 'f')).toBe(10);
    expect(checkNumber({ ...closed, maxExclusive: true }, 0, 'f')).toBe(0);
  });
  it('rejects what is not a finite number, showing it as written', () => {
    expect(thrown(() => checkNumber(closed, '5', 'f'))).toBe('f: expected a number from 0 to 10, found "5"');
    expect(thrown(() => checkNumber(closed, undefined, 'f'))).toBe('f: expected a number from 0 to 10, found nothing');
    expect(thrown(() => checkNumber(closed, null, 'f'))).toBe('f: expected a number from 0 to 10, found null');
    expect(thrown(() => checkNumber(closed, NaN, 'f'))).toBe('f: expected a number from 0 to 10, found .nan');
    expect(thrown(() => checkNumber({ ...closed, max: Infinity }, Infinity, 'f'))).toBe('f: expected a number from 0 to 10, found .inf');
    expect(thrown(() => checkNumber(closed, [5], 'f'))).toBe('f: expected a number from 0 to 10, found [5]');
    expect(thrown(() => checkNumber(closed, true, 'f'))).toBe('f: expected a number from 0 to 10, found true');
  });
  it('no upper bound: max Infinity', () => {
    expect(checkNumber({ min: 1, minExclusive: true, max: Infinity, expected: '> 1' }, 1e300, 'f')).toBe(1e300);
  });
  it('integer and booleans', () => {
    const sw: NumberSpec = { min: 0, max: 1, integer: true, booleans: true, expected: '1 (on) or 0 (off)' };
    expect(checkNumber(sw, true, 's')).toBe(1);
    expect(checkNumber(sw, false, 's')).toBe(0);
    expect(checkNumber(sw, 1, 's')).toBe(1);
    expect(thrown(() => checkNumber(sw, 0.5, 's'))).toBe('s: expected 1 (on) or 0 (off), found 0.5');
    expect(thrown(() => checkNumber(sw, 'yes', 's'))).toBe('s: expected 1 (on) or 0 (off), found "yes"');
    expect(thrown(() => checkNumber({ ...sw, booleans: false }, true, 's'))).toBe('s: expected 1 (on) or 0 (off), found true');
  });
});

describe('checkEventFields', () => {
  const specs: Record<string, NumberSpec> = {
    a: { min: 0, max: 1, expected: 'a share' },
    b: { min: 1, max: 5, expected: 'one to five' },
  };
  it('returns the given fields only', () => {
    expect(checkEventFields({ b: 2 }, specs, 'h.event')).toEqual({ b: 2 });
    expect(checkEventFields({}, specs, 'h.event')).toEqual({});
  });
  it('names an unknown field and the known ones', () => {
    expect(thrown(() => checkEventFields({ c: 1 }, specs, 'h.event'))).toBe('h.event.c: unknown event field "c"; expected one of: a, b');
    // Object.prototype's names are unknown fields too
    expect(thrown(() => checkEventFields({ constructor: 1 }, specs, 'h.event'))).toBe('h.event.constructor: unknown event field "constructor"; expected one of: a, b');
    expect(thrown(() => checkEventFields({ c: 1 }, specs, 'h.event', { unknownHint: (k) => ` (${k} goes elsewhere)` }))).toBe(
      'h.event.c: unknown event field "c" (c goes elsewhere); expected one of: a, b',
    );
  });
  it('checks each value against its spec', () => {
    expect(thrown(() => checkEventFields({ a: 1.5 }, specs, 'h.event'))).toBe('h.event.a: expected a share, found 1.5');
  });
  it('reports the first mistake in the order written', () => {
    expect(thrown(() => checkEventFields({ b: 9, c: 1 }, specs, 'p'))).toBe('p.b: expected one to five, found 9');
    expect(thrown(() => checkEventFields({ c: 1, b: 9 }, specs, 'p'))).toMatch(/^p\.c: unknown event field/);
  });
  it('rejects what is not a mapping', () => {
    expect(thrown(() => checkEventFields([1], specs, 'h.event'))).toBe('h.event: expected a mapping of event fields, found [1]');
    expect(thrown(() => checkEventFields(null, specs, 'h.event'))).toBe('h.event: expected a mapping of event fields, found null');
    expect(thrown(() => checkEventFields(undefined, specs, 'h.event'))).toBe('h.event: expected a mapping of event fields, found nothing');
    expect(thrown(() => checkEventFields('x', specs, 'h.event', { expected: 'a mapping with a' }))).toBe('h.event: expected a mapping with a, found "x"');
  });
  it('reports a missing required field after the given ones', () => {
    const req = { ...specs, b: { ...specs.b, required: true } };
    expect(thrown(() => checkEventFields({ a: 0.5 }, req, 'z'))).toBe('z.b: expected one to five, found nothing');
    expect(thrown(() => checkEventFields({ a: 2 }, req, 'z'))).toBe('z.a: expected a share, found 2');
    expect(checkEventFields({ b: 1 }, req, 'z')).toEqual({ b: 1 });
  });
});

/**
 * The hazards' own event checks, as of the refactor: the helper with these specs must give
 * the same message (or the same values) for the same input, so switching a hazard over to it
 * changes no message. The specs copy src/hazard/<type>/params.ts (EARTHQUAKE_EVENT_FIELDS etc.)
 * with the bounds each hazard applies in code.
 */
const WEIHAI = loadRegionParameters(join(ROOT, 'datasets/weihai'));

describe('checkEventFields gives the hazards’ messages', () => {
  const EQ: Record<string, NumberSpec> = {
    // scenario mode with the default zone: magnitude up to its Mmax, 7.5
    magnitude: { min: 6, max: 7.5, expected: "a magnitude from 6 to the zone's Mmax 7.5 (Ms, taken as M; raise mmax for a larger one)" },
    lat: { min: -90, max: 90, expected: 'an epicentre latitude in degrees (−90 to 90)' },
    lon: { min: -180, max: 180, expected: 'an epicentre longitude in degrees (−180 to 180)' },
    azimuthDeg: { min: -360, max: 360, expected: 'a long-axis azimuth in degrees east of north (−360 to 360)' },
    hour: { min: 0, max: 24, maxExclusive: true, expected: 'a local hour of the day, 0 to under 24' },
    residuals: { min: 0, max: 1, integer: true, booleans: true, expected: '1 (intensity residuals on) or 0 (off)' },
  };
  const FIRE: Record<string, NumberSpec> = { areaHa: { min: 0, minExclusive: true, max: 1e6, expected: 'a burned area in hectares (> 0)' } };
  const FLOOD: Record<string, NumberSpec> = { returnPeriod: { min: 1, minExclusive: true, max: Infinity, expected: 'a return period in years, a number > 1' } };
  const FLOOD_OPTIONS = {
    expected: 'a mapping with returnPeriod',
    unknownHint: (k: string) => (k === 'depths' ? ' (per-township depths go under the hazard entry as depths:, not under event:)' : ''),
  };
  const TY: Record<string, NumberSpec> = {
    lat: { min: -90, max: 90, expected: 'a latitude of a point on the track, in degrees' },
    lon: { min: -180, max: 180, expected: 'a longitude of a point on the track, in degrees' },
    headingDeg: { min: -360, max: 360, expected: 'a track heading in degrees east of north' },
    vmax: { min: 17.2, max: 100, expected: 'a maximum sustained wind in m/s (17.2–100)' },
    rmaxKm: { min: 1, max: 500, expected: 'a radius of maximum wind in km (1–500)' },
  };
  const cases: [type: string, specs: Record<string, NumberSpec>, options: object, events: unknown[]][] = [
    [
      'earthquake',
      EQ,
      {},
      [
        { magnitude: 5.9 },
        { magnitude: 6 },
        { magnitude: 7.5 },
        { magnitude: 7.6 },
        { magnitude: '7' },
        { lat: 90.1, lon: 0 },
        { lat: 37, lon: -180.5 },
        { azimuthDeg: 361 },
        { hour: 0 },
        { hour: 24 },
        { hour: 23.99 },
        { hour: -0.1 },
        { residuals: 0.5 },
        { residuals: 'yes' },
        { residuals: null },
        { residuals: true },
        { residuals: false, magnitude: 6.5 },
        { quake: 1 },
        { magnitude: 8, quake: 1 },
        { quake: 1, magnitude: 8 },
        [1],
        'x',
      ],
    ],
    ['fire', FIRE, {}, [{ areaHa: 0 }, { areaHa: -1 }, { areaHa: 1e-9 }, { areaHa: 1e6 }, { areaHa: 1e6 + 1 }, { areaHa: 'big' }, { areaHa: null }, { size: 1 }]],
    [
      'flood',
      FLOOD,
      FLOOD_OPTIONS,
      [{ returnPeriod: 1 }, { returnPeriod: 0.5 }, { returnPeriod: 1.0001 }, { returnPeriod: 1e12 }, { returnPeriod: '100' }, { returnPeriod: NaN }, { depths: 1 }, { rp: 2 }, [1], 'x'],
    ],
    [
      'typhoon',
      TY,
      {},
      [{ vmax: 17.1 }, { vmax: 17.2 }, { vmax: 100 }, { vmax: 100.1 }, { rmaxKm: 0.5 }, { rmaxKm: 500 }, { headingDeg: -361 }, { lat: -91, lon: 0 }, { lat: 37, lon: 122 }, { typhoon: 1 }, [1]],
    ],
  ];
  for (const [type, specs, options, events] of cases) {
    it(type, () => {
      for (const event of events) {
        let expected: { error: string } | { event: Record<string, number> | undefined };
        try {
          // configured as the scenario loader does, with the Weihai dataset's region-specific values (the earthquake's Mmax)
          expected = { event: configureHazard(hazardModule(type), { mode: 'scenario', event: event as Record<string, unknown> }, 'hazards[0]', WEIHAI).event };
        } catch (e) {
          expected = { error: (e as Error).message };
        }
        let actual: typeof expected;
        try {
          actual = { event: checkEventFields(event, specs, 'hazards[0].event', options) };
        } catch (e) {
          actual = { error: (e as Error).message };
        }
        expect(actual, JSON.stringify(event)).toEqual(expected);
      }
    });
  }
});
