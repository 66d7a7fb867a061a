/**
 * The synthetic province builder (src/tools/build-synthetic-region.ts, issue 14's scale region): copies
 * of a bundled region with unique codes and names, shifted points, every other value the source's,
 * labelled SYNTHETIC; the result is a region `sim validate` accepts and a run can use.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { buildSyntheticRegion } from '../src/tools/build-synthetic-region.js';
import { ROOT, sim, tmp } from './helpers.js';

const rows = (file: string) => parse(readFileSync(file, 'utf8'), { columns: true, comment: '#', bom: true }) as Record<string, string>[];

describe('build-synthetic-region', () => {
  const out = join(tmp('sim-synthetic-'), 'province');
  const r = buildSyntheticRegion({ from: join(ROOT, 'datasets', 'weihai'), copies: 3, out });
  const src = rows(join(ROOT, 'datasets', 'weihai', 'townships.csv'));
  const towns = rows(join(out, 'townships.csv'));

  it('has copies × the source rows, with unique codes that keep their length and point to their own copy', () => {
    expect(r.townships).toBe(3 * 73);
    expect(towns).toHaveLength(3 * src.length);
    expect(new Set(towns.map((t) => t.code)).size).toBe(towns.length);
    for (const t of towns) {
      expect(t.code).toMatch(/^980[1-3]\d{8}$/);
      expect(t.county_code).toBe(t.code.slice(0, 6));
    }
    const villages = rows(join(out, 'villages.csv'));
    const codes = new Set(towns.map((t) => t.code));
    expect(villages.every((v) => codes.has(v.township_code))).toBe(true);
    const depots = rows(join(out, 'holdings', 'depots.csv'));
    expect(new Set(depots.map((d) => d.depot_id)).size).toBe(depots.length);
  });

  it('shifts copy k by its grid step and keeps every other value (population) of the source', () => {
    // copy 2 (k = 1): row 0, column 1 → −2° latitude, −1.3° longitude
    const second = towns.slice(src.length, 2 * src.length);
    second.forEach((t, i) => {
      expect(Number(t.lat)).toBeCloseTo(Number(src[i].lat) - 2, 5);
      expect(Number(t.lon)).toBeCloseTo(Number(src[i].lon) - 1.3, 5);
      expect(t.population).toBe(src[i].population);
      expect(t.name_zh).toBe(`${src[i].name_zh}·02`);
      expect(t.type_zh).toBe(src[i].type_zh);
    });
    expect(r.population).toBe(3 * src.reduce((a, t) => a + Number(t.population), 0));
  });

  it('says SYNTHETIC in region.yaml and every file, and sim validate accepts it', () => {
    expect(readFileSync(join(out, 'region.yaml'), 'utf8')).toMatch(/SYNTHETIC/);
    for (const f of ['townships.csv', 'villages.csv', 'hazard.csv', 'holdings/depots.csv', 'hazard-parameters.yaml']) expect(readFileSync(join(out, f), 'utf8').split('\n')[0]).toMatch(/^# SYNTHETIC/);
    const v = sim(['validate', out]);
    expect(v.stderr).toBe('');
    expect(v.status).toBe(0);
    expect(v.stdout).toMatch(/219 townships/);
  });

  it('runs a scenario', () => {
    const scenario = join(out, '..', 'scenario.yaml');
    writeFileSync(scenario, `name: synthetic\nregion: province\ntrials: 300\nseed: 3\nhazards:\n  - type: typhoon\n    mode: annual\n`);
    const run = sim(['run', scenario, '--out', join(out, '..', 'run'), '--quiet', '--workers', '0']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const s = JSON.parse(readFileSync(join(out, '..', 'run', 'summary.json'), 'utf8'));
    expect(s.scenario.trials).toBe(300);
    expect(s.scenario.region.townships).toBe(219);
  });
});
