import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, sim, tmp } from './helpers.js';

/** Issue 3's bad-input rules through the command line: exit 2, one message with file, line and field, no outputs. */
const dir = tmp('sim-bad-hz-');
cpSync(join(ROOT, 'datasets'), join(dir, 'datasets'), { recursive: true });
const HEAD = 'name: bad hazard input\nregion: datasets/weihai\ntrials: 20\nseed: 1\nhazards:\n';

function run(name: string, text: string, ...patterns: RegExp[]): void {
  writeFileSync(join(dir, name), text);
  const out = join(dir, `out-${name}`);
  const r = sim(['run', name, '--out', out, '--quiet'], dir);
  expect(r.status, r.stderr).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  for (const p of patterns) expect(r.stderr).toMatch(p);
  expect(existsSync(out)).toBe(false);
}

describe('hazard inputs', () => {
  it('magnitude outside [6, Mmax]', () => {
    run('m5.yaml', HEAD + '  - type: earthquake\n    mode: scenario\n    event: { magnitude: 5.5, lat: 37.4, lon: 122.0 }\n', /m5\.yaml:8:\d+: hazards\[0\]\.event\.magnitude: expected .*6.*7\.5.*found 5\.5/);
    run('m8.yaml', HEAD + '  - type: earthquake\n    mode: scenario\n    event: { magnitude: 8.1, lat: 37.4, lon: 122.0 }\n', /m8\.yaml:8:\d+: hazards\[0\]\.event\.magnitude: .*found 8\.1/);
  });
  it('b ≤ 0', () => run('b.yaml', HEAD + '  - type: earthquake\n    parameters: { b: 0 }\n', /b\.yaml:7:\d+: hazards\[0\]\.parameters\.b: expected .*found 0/));
  it('a zone with no area', () =>
    run('zone.yaml', HEAD + '  - type: earthquake\n    zones:\n      - { lat: 37.5, lon: 122.0, radiusKm: 0, rate6: 0.02 }\n', /zone\.yaml:8:\d+: hazards\[0\]\.zones\[0\]\.radiusKm: expected .*found 0/));
  it('negative rates', () => {
    run('rate6.yaml', HEAD + '  - type: earthquake\n    zones:\n      - { lat: 37.5, lon: 122.0, radiusKm: 100, rate6: -0.1 }\n', /rate6\.yaml:8:\d+: hazards\[0\]\.zones\[0\]\.rate6: expected .*found -0\.1/);
    run('firerate.yaml', HEAD + '  - type: fire\n    parameters: { rate: -2 }\n', /firerate\.yaml:7:\d+: hazards\[0\]\.parameters\.rate: expected a number ≥ 0 .*found -2/);
  });
  it('epicentre outside ±90 / ±180', () => {
    run('lat.yaml', HEAD + '  - type: earthquake\n    mode: scenario\n    event: { magnitude: 6.5, lat: 95, lon: 122.0 }\n', /lat\.yaml:8:\d+: hazards\[0\]\.event\.lat: expected .*found 95/);
    run('lon.yaml', HEAD + '  - type: earthquake\n    mode: scenario\n    event: { magnitude: 6.5, lat: 37, lon: -190 }\n', /lon\.yaml:8:\d+: hazards\[0\]\.event\.lon: expected .*found -190/);
  });
  it('flood return period ≤ 1 and negative depths', () => {
    run('rp.yaml', HEAD + '  - type: flood\n    mode: scenario\n    event: { returnPeriod: 0.5 }\n', /rp\.yaml:8:\d+: hazards\[0\]\.event\.returnPeriod: expected .*found 0\.5/);
    run('depth.yaml', HEAD + "  - type: flood\n    mode: scenario\n    depths: { '371002001000': -1 }\n", /depth\.yaml:8:\d+: hazards\[0\]\.depths\.371002001000: expected .*found -1/);
  });
  it('unknown township in flood depths, found once the region is loaded', () =>
    run('town.yaml', HEAD + "  - type: flood\n    mode: scenario\n    depths: { '371002001000': 1, '42': 2 }\n", /town\.yaml:8:\d+: hazards\[0\]\.depths\.42: expected a township code/));
  it('unknown chained hazard', () => run('chain.yaml', HEAD + '  - type: typhoon\n    chain: { tsunami: {} }\n', /chain\.yaml:7:\d+: hazards\[0\]\.chain\.tsunami: unknown chained hazard/));

  it('depth curves that decrease with return period (hazard.csv)', () => {
    const d = join(dir, 'datasets', 'curve');
    cpSync(join(ROOT, 'datasets', 'weihai'), d, { recursive: true });
    const lines = readFileSync(join(d, 'hazard.csv'), 'utf8').split('\n');
    const i = lines.findIndex((l) => l.startsWith('371002003000'));
    const cells = lines[i].split(',');
    cells.splice(4, 5, '0.2', '0.5', '0.4', '1.2', '1.5'); // T50 below T20
    lines[i] = cells.join(',');
    writeFileSync(join(d, 'hazard.csv'), lines.join('\n'));
    run('curve.yaml', HEAD.replace('datasets/weihai', 'datasets/curve') + '  - type: flood\n', new RegExp(`curve/hazard\\.csv:${i + 1}: field "flood_depth_T50": expected a depth that does not decrease with return period .*found 0\\.4`));
  });

  it('building-mix shares that do not sum to 1 within 0.001', () => {
    const d = join(dir, 'datasets', 'mix');
    cpSync(join(ROOT, 'datasets', 'weihai'), d, { recursive: true });
    const f = join(d, 'building-mix.csv');
    writeFileSync(f, readFileSync(f, 'utf8').replace('urban_residential,0.0082,', 'urban_residential,0.0282,'));
    const line = readFileSync(f, 'utf8').split('\n').findIndex((l) => l.startsWith('urban_residential')) + 1;
    run('mix.yaml', HEAD.replace('datasets/weihai', 'datasets/mix') + '  - type: earthquake\n', new RegExp(`mix/building-mix\\.csv:${line}: row "urban_residential": expected building-type shares that sum to 1 \\(within 0\\.001\\), found a sum of 1\\.02`));
  });
});
