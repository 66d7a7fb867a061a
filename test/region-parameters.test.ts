import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveParams, type ParamTable } from '../src/core/params.js';
import { EARTHQUAKE_PARAMS, type SourceZone } from '../src/hazard/earthquake/params.js';
import { FIRE_PARAMS } from '../src/hazard/fire/params.js';
import { FLOOD_PARAMS } from '../src/hazard/flood/params.js';
import { TYPHOON_PARAMS } from '../src/hazard/typhoon/params.js';
import { compileScenario } from '../src/scenario/compile.js';
import { ROOT, sim, tmp } from './helpers.js';

/**
 * Region-specific hazard parameters (issue 8, point 9): their values and sources come from
 * datasets/<region>/hazard-parameters.yaml, a scenario override still wins, and a region that
 * lacks one a hazard needs, or gives a bad one, stops the run with the file, line and field.
 */
const dir = tmp('sim-regional-');
cpSync(join(ROOT, 'datasets'), join(dir, 'datasets'), { recursive: true });
const FILE = 'hazard-parameters.yaml';
const WEIHAI_TEXT = readFileSync(join(ROOT, 'datasets', 'weihai', FILE), 'utf8');

/** A copy of the Weihai dataset whose parameter file is `text`; returns its folder name under datasets/. */
function region(name: string, text: string | null): string {
  const d = join(dir, 'datasets', name);
  cpSync(join(ROOT, 'datasets', 'weihai'), d, { recursive: true });
  if (text === null) rmSync(join(d, FILE));
  else writeFileSync(join(d, FILE), text);
  return name;
}

function scenario(name: string, regionName: string, hazards: string): string {
  writeFileSync(join(dir, name), `name: ${name}\nregion: datasets/${regionName}\ntrials: 20\nseed: 1\nhazards:\n${hazards}`);
  return join(dir, name);
}

/** 1-based line of the first line of `text` containing `needle`. */
function lineOf(text: string, needle: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  expect(i, needle).toBeGreaterThanOrEqual(0);
  return i + 1;
}

function rejected(file: string, ...patterns: RegExp[]): string {
  const out = join(dir, `out-${Math.random().toString(36).slice(2)}`);
  const r = sim(['run', file, '--out', out, '--quiet'], dir);
  expect(r.status, r.stderr).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  for (const p of patterns) expect(r.stderr.trim()).toMatch(p);
  expect(existsSync(out)).toBe(false);
  return r.stderr;
}

describe('region values', () => {
  it('are used and echoed with the dataset source', () => {
    const text = WEIHAI_TEXT.replace('value: 0.36   #', 'value: 0.5   #')
      .replace('source: "JTWC best track 1972–2015, counted (model.md §2.1; M)"\n    confidence: M', 'source: "test count (L)"\n    confidence: L')
      .replace('value: 37.5', 'value: 36.9');
    expect(text.match(/test count|0\.5   #|36\.9/g)).toHaveLength(3);
    const name = region('changed', text);
    const c = compileScenario(scenario('changed.yaml', name, '  - type: typhoon\n  - type: earthquake\n  - type: fire\n'));
    const [ty, eq, fire] = c.spec.hazards;
    expect(ty.params.rate).toBe(0.5);
    expect(ty.used.rate).toEqual({ value: 0.5, unit: 'storms/yr', source: 'test count (L)', confidence: 'L', overridden: false, description: TYPHOON_PARAMS.rate.description });
    // the default zone is built from the region's values
    expect((eq.settings?.zones as SourceZone[])[0]).toMatchObject({ lat: 36.9, lon: 122, radiusKm: 200, rate6: 0.02, b: 0.84, mmax: 7.5 });
    expect(eq.used.b.source).toBe('茅 & 刘 2024, North China Plain seismic belt (model.md §2.3; M)');
    expect(fire.used.rate).toMatchObject({ value: 5, source: 'assumption (model.md §2.4)', confidence: 'assumption', overridden: false });
    // same keys in the same order as the parameter tables (summary.json is unchanged by the move)
    expect(Object.keys(ty.used).filter((k) => !k.startsWith('chain.'))).toEqual(Object.keys(TYPHOON_PARAMS));
  });

  it('Weihai gives what the bundled scenarios need, with the sources model.md gives', () => {
    const c = compileScenario(join(ROOT, 'scenarios', 'multi-hazard.yaml'));
    const ty = c.spec.hazards[0].used;
    expect(ty.rate).toMatchObject({ value: 0.36, source: 'JTWC best track 1972–2015, counted (model.md §2.1; M)', confidence: 'M', overridden: false });
    expect(ty.classProbabilities.value).toEqual([0.45, 0.425, 0.1, 0.025, 0]);
    const eq = c.spec.hazards[2];
    expect(eq.params).toMatchObject({ zoneLat: 37.5, zoneLon: 122, zoneRadiusKm: 200, rate6: 0.02, b: 0.84, mmax: 7.5 });
  });

  it('a scenario override still wins (and keeps the region value out)', () => {
    const c = compileScenario(scenario('override.yaml', 'weihai', '  - type: typhoon\n    parameters: { rate: 0.4, headingMeanDeg: 10 }\n'));
    const u = c.spec.hazards[0].used;
    expect(c.spec.hazards[0].params.rate).toBe(0.4);
    expect(u.rate).toMatchObject({ value: 0.4, source: 'scenario override', overridden: true, confidence: 'M' });
    expect(u.headingMeanDeg).toMatchObject({ value: 10, source: 'scenario override', overridden: true });
    expect(u.headingSdDeg).toMatchObject({ value: 25, source: 'assumption (model.md §2.1)', overridden: false });
  });

  it('a region without them runs a hazard that needs none (flood on Yueyang)', () => {
    const c = compileScenario(join(ROOT, 'scenarios', 'flood-yueyang.yaml'));
    expect(c.spec.hazards[0].type).toBe('flood');
  });

  it("an earthquake with its own zones needs only the region's b and mmax, or none if the scenario gives them", () => {
    const zones = '    zones:\n      - { lat: 29.1, lon: 113.1, radiusKm: 150, rate6: 0.01 }\n';
    const c = compileScenario(scenario('eq-zones.yaml', 'yueyang', `  - type: earthquake\n${zones}    parameters: { b: 0.9, mmax: 7 }\n`));
    expect(c.spec.hazards[0].used.zoneLat).toBeUndefined();
    expect((c.spec.hazards[0].settings?.zones as SourceZone[])[0]).toMatchObject({ b: 0.9, mmax: 7 });
    expect(() => compileScenario(scenario('eq-zones-b.yaml', 'yueyang', `  - type: earthquake\n${zones}`))).toThrow(
      /yueyang[/\\]hazard-parameters\.yaml: earthquake\.b: expected the region's value .*found no earthquake section; also missing: mmax$/,
    );
  });
});

describe('missing region values (exit 2, file, hazard and parameter named)', () => {
  it('an entry missing from the file', () => {
    const text = WEIHAI_TEXT.replace(/  rate:\n    value: 0\.36[^\n]*\n    source: [^\n]*\n    confidence: M\n/, '');
    expect(text).not.toBe(WEIHAI_TEXT);
    const name = region('norate', text);
    // the locator points at the section's content: its first entry
    const line = lineOf(text, '  classProbabilities:');
    rejected(
      scenario('norate.yaml', name, '  - type: typhoon\n    mode: annual\n'),
      new RegExp(`norate[/\\\\]hazard-parameters\\.yaml:${line}:3: typhoon\\.rate: expected the region's value of this region-specific parameter with its source, as typhoon: \\{ rate: \\{ value: <storms/yr>, source: .*\\} \\} \\(needed by hazards\\[0\\] at .*norate\\.yaml:6:5; or override it there under parameters\\), found no entry "rate" under typhoon$`),
    );
  });

  it("a region with no section for the hazard (Yueyang has no typhoon values: no fallback to Weihai's)", () =>
    rejected(
      scenario('yueyang-typhoon.yaml', 'yueyang', '  - type: typhoon\n'),
      /yueyang[/\\]hazard-parameters\.yaml: typhoon\.rate: expected the region's value .*found no typhoon section; also missing: classProbabilities, offsetHalfWidthKm, headingMeanDeg, headingSdDeg, personsPerHousehold$/,
    ));

  it('a region with no parameter file', () =>
    rejected(scenario('nofile.yaml', region('nofile', null), '  - type: fire\n'), /nofile[/\\]hazard-parameters\.yaml: fire\.rate: expected .*found no file hazard-parameters\.yaml in .*nofile; also missing: areaMedianHa$/));

  it('the override of one value does not excuse the others', () =>
    rejected(scenario('yueyang-fire.yaml', 'yueyang', '  - type: fire\n    parameters: { rate: 3 }\n'), /hazard-parameters\.yaml: fire\.areaMedianHa: expected .*found no fire section$/));

  it('a dataset that does not load at all is reported first', () => {
    const d = join(dir, 'datasets', 'bare');
    cpSync(join(ROOT, 'datasets', 'weihai', 'region.yaml'), join(d, 'region.yaml'));
    rejected(scenario('bare.yaml', 'bare', '  - type: typhoon\n'), /townships\.csv: township table not found/);
  });
});

describe('bad values in the dataset file (exit 2, file:line:col and field)', () => {
  const bad = (name: string, text: string, hazards: string, pattern: (line: number) => RegExp, needle: string) => {
    expect(text).not.toBe(WEIHAI_TEXT);
    rejected(scenario(`${name}.yaml`, region(name, text), hazards), pattern(lineOf(text, needle)));
  };

  it('a value out of bounds', () =>
    bad('negrate', WEIHAI_TEXT.replace('value: 0.36', 'value: -0.36'), '  - type: flood\n', (l) => new RegExp(`negrate[/\\\\]hazard-parameters\\.yaml:${l}:12: typhoon\\.rate\\.value: expected a number ≥ 0 \\(storms/yr\\), found -0\\.36$`), 'value: -0.36'));

  it('a list element that is not a number', () =>
    bad(
      'badlist',
      WEIHAI_TEXT.replace('[0.45, 0.425, 0.1, 0.025, 0]', '[0.45, 0.425, 0.1, 0.025, none]'),
      '  - type: typhoon\n',
      (l) => new RegExp(`badlist[/\\\\]hazard-parameters\\.yaml:${l}:\\d+: typhoon\\.classProbabilities\\.value\\[4\\]: expected a number \\(probability\\), found "none"$`),
      'none]',
    ));

  it('a list of the wrong length', () =>
    bad('shortlist', WEIHAI_TEXT.replace('[0.45, 0.425, 0.1, 0.025, 0]', '[0.45, 0.55]'), '  - type: typhoon\n', (l) => new RegExp(`shortlist[/\\\\]hazard-parameters\\.yaml:${l}:12: typhoon\\.classProbabilities\\.value: expected a list of 5 numbers, found 2$`), '[0.45, 0.55]'));

  it("a region value that fails the hazard's own check (probabilities that do not sum to 1)", () =>
    bad(
      'sum',
      WEIHAI_TEXT.replace('[0.45, 0.425, 0.1, 0.025, 0]', '[0.5, 0.5, 0.5, 0, 0]'),
      '  - type: typhoon\n',
      (l) => new RegExp(`sum[/\\\\]hazard-parameters\\.yaml:${l}:12: typhoon\\.classProbabilities\\.value: expected probabilities that sum to 1, found a sum of 1\\.5 \\(the region's value, used by hazards\\[0\\] at .*sum\\.yaml:6:5\\)$`),
      '[0.5, 0.5, 0.5, 0, 0]',
    ));

  it('a value with no source', () =>
    bad('nosource', WEIHAI_TEXT.replace('    source: "assumption (model.md §2.4)"\n', ''), '  - type: fire\n', (l) => new RegExp(`nosource[/\\\\]hazard-parameters\\.yaml:${l}:5: fire\\.rate\\.source: expected the source of the value .*found nothing$`), 'value: 5   #'));

  it('an unknown confidence mark', () =>
    bad('conf', WEIHAI_TEXT.replace('confidence: M\n  classProbabilities', 'confidence: high\n  classProbabilities'), '  - type: fire\n', (l) => new RegExp(`conf[/\\\\]hazard-parameters\\.yaml:${l}:17: typhoon\\.rate\\.confidence: expected a confidence mark, one of: H, M, L, assumption, found "high"$`), 'confidence: high'));

  it('a model parameter in the file', () =>
    bad(
      'model',
      WEIHAI_TEXT.replace('fire:\n', 'fire:\n  teamDaysPerHa: { value: 1, source: "x", confidence: L }\n'),
      '  - type: fire\n',
      (l) => new RegExp(`model[/\\\\]hazard-parameters\\.yaml:${l}:\\d+: fire\\.teamDaysPerHa: "teamDaysPerHa" is a model parameter .*expected a region-specific fire parameter: rate, areaMedianHa$`),
      'teamDaysPerHa',
    ));

  it('an unknown hazard or parameter', () => {
    bad('tsunami', WEIHAI_TEXT + 'tsunami: {}\n', '  - type: fire\n', (l) => new RegExp(`tsunami[/\\\\]hazard-parameters\\.yaml:${l}:\\d+: tsunami: unknown hazard "tsunami"; expected one of: typhoon, earthquake, fire, flood$`), 'tsunami');
    bad('rat', WEIHAI_TEXT.replace('  rate:\n    value: 5', '  rat:\n    value: 5'), '  - type: fire\n', (l) => new RegExp(`rat[/\\\\]hazard-parameters\\.yaml:${l}:5: fire\\.rat: unknown parameter "rat"; expected a region-specific fire parameter: rate, areaMedianHa$`), 'value: 5   #');
  });
});

describe('regional specs in code', () => {
  it('carry no value: unresolved they are NaN and marked missing, an override fills them', () => {
    const table = { n: { regional: true, unit: 'x', description: 'd', min: 0 }, l: { regional: true, unit: 'x', description: 'd', length: 2 } } satisfies ParamTable;
    const r = resolveParams(table, undefined, 'p');
    expect(r.values.n).toBeNaN();
    expect(r.values.l).toEqual([NaN, NaN]);
    expect(r.used.n.missing).toBe(true);
    const o = resolveParams(table, { n: 2, l: [1, 2] }, 'p');
    expect(o.values).toEqual({ n: 2, l: [1, 2] });
    expect(o.used.n).toEqual({ value: 2, unit: 'x', source: 'scenario override', confidence: 'assumption', overridden: true, description: 'd' });
    expect(() => resolveParams(table, { l: 3 }, 'p')).toThrow(/^p\.l: expected a list of 2 numbers, found 3$/);
  });

  it('the region-specific parameters, and only they, carry no value, source or confidence in code', () => {
    const regional = (t: ParamTable) => Object.keys(t).filter((k) => t[k].regional);
    expect(regional(TYPHOON_PARAMS)).toEqual(['rate', 'classProbabilities', 'offsetHalfWidthKm', 'headingMeanDeg', 'headingSdDeg', 'personsPerHousehold']);
    expect(regional(EARTHQUAKE_PARAMS)).toEqual(['zoneLat', 'zoneLon', 'zoneRadiusKm', 'rate6', 'b', 'mmax']);
    expect(regional(FIRE_PARAMS)).toEqual(['rate', 'areaMedianHa']);
    expect(regional(FLOOD_PARAMS)).toEqual([]);
    for (const t of [TYPHOON_PARAMS, EARTHQUAKE_PARAMS, FIRE_PARAMS, FLOOD_PARAMS] as ParamTable[]) {
      for (const spec of Object.values(t)) {
        if (spec.regional) expect(['value', 'source', 'confidence'].filter((k) => k in spec)).toEqual([]);
        else expect(typeof spec.source).toBe('string');
      }
    }
  });
});
