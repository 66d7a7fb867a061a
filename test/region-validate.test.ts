/**
 * `sim validate <region folder>` (issue 12, item 7): a region checked alone gives the same message
 * and exit code as a run on bad data; the walkthrough region of docs/datasets.md validates and runs;
 * missing optional files give warnings that say what the run lacks; counties.csv and villages.csv
 * are used (county names, village counts); a GBK file is refused with the way to convert it.
 */
import { appendFileSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, sim, tmp } from './helpers.js';

const base = tmp('sim-region-validate-');
let serial = 0;

const SCENARIO = `name: region validate
region: datasets/example-small
trials: 200
seed: 7
hazards:
  - type: flood
    mode: annual
  - type: fire
    mode: annual
`;

/** A fresh copy of the walkthrough region (items.csv beside it) with a small scenario; returns the case folder. */
function fresh(): { dir: string; region: string; scenario: string } {
  const dir = join(base, `case-${++serial}`);
  const region = join(dir, 'datasets', 'example-small');
  mkdirSync(join(dir, 'datasets'), { recursive: true });
  cpSync(join(ROOT, 'datasets', 'example-small'), region, { recursive: true });
  cpSync(join(ROOT, 'datasets', 'items.csv'), join(dir, 'datasets', 'items.csv'));
  writeFileSync(join(dir, 'scenario.yaml'), SCENARIO);
  return { dir, region, scenario: join(dir, 'scenario.yaml') };
}

const edit = (file: string, from: string | RegExp, to: string) => writeFileSync(file, readFileSync(file, 'utf8').replace(from, to));

/** Both commands on the same broken copy: validate the region alone, then run the scenario. */
function both(c: ReturnType<typeof fresh>) {
  const v = sim(['validate', c.region]);
  const r = sim(['run', c.scenario, '--workers', '0', '--out', join(c.dir, 'out'), '--quiet']);
  return { v, r };
}

interface Broken {
  name: string;
  edit: (region: string) => void;
  expect: RegExp;
}

const BROKEN: Broken[] = [
  { name: 'a negative township population', edit: (d) => edit(join(d, 'townships.csv'), ',18500,', ',-18500,'), expect: /townships\.csv:5: field "population": expected a population \(number ≥ 0\), found "-18500"/ },
  {
    name: "a township's county_zh that disagrees with counties.csv",
    edit: (d) => {
      edit(join(d, 'townships.csv'), 'county_code,population', 'county_code,county_zh,population');
      edit(join(d, 'townships.csv'), /,990001,(\d+),synthetic/g, ',990001,示例县,$1,synthetic');
      edit(join(d, 'townships.csv'), '990001,示例县,9100', '990001,别的县,9100');
    },
    expect: /townships\.csv:7: field "county_zh": expected the name of county 990001 in .*counties\.csv \("示例县", line 3\), or an empty cell, found "别的县"/,
  },
  {
    name: 'a village count that disagrees with villages.csv',
    edit: (d) => {
      // right for 城关 (4), 东岭 (5) and 南山 (2); 西河 has 5 villages in villages.csv, not 4
      edit(join(d, 'townships.csv'), 'coastal\n', 'coastal,n_villages_total\n');
      for (const [dist, n] of [['86', 4], ['92', 5], ['81', 4], ['95', 2]]) edit(join(d, 'townships.csv'), `,${dist},0\n`, `,${dist},0,${n}\n`);
    },
    expect: /townships\.csv:6: field "n_villages_total": expected the number of village rows of township 990001101000 in .*villages\.csv \(5\), found 4 \(correct the count, or leave the column out to count villages\.csv\)/,
  },
  { name: 'a village of an unknown township', edit: (d) => edit(join(d, 'villages.csv'), '990001200202,茶园村委会,990001200000', '990001200202,茶园村委会,990001299000'), expect: /villages\.csv:18: field "township_code": expected a township code of townships\.csv, found "990001299000"/ },
  { name: 'region.yaml counts a village too many', edit: (d) => edit(join(d, 'region.yaml'), 'villages: 16', 'villages: 17'), expect: /region\.yaml:\d+:\d+: counts\.villages: expected the number of village rows in .*villages\.csv \(16\), found 17/ },
  { name: 'an unknown item in stock.csv', edit: (d) => appendFileSync(join(d, 'holdings', 'stock.csv'), 'D-CTY-990001,helicopter,1\n'), expect: /stock\.csv:12: field "item_id": expected an item of the catalogue \(.*\), found "helicopter"/ },
  { name: 'a negative fire rate in hazard-parameters.yaml', edit: (d) => edit(join(d, 'hazard-parameters.yaml'), 'value: 1.5', 'value: -1.5'), expect: /hazard-parameters\.yaml:4:\d+: fire\.rate\.value: expected .*found -1\.5/ },
  { name: 'a depth curve given in part', edit: (d) => edit(join(d, 'hazard.csv'), '0,0.3,1.0,1.6,2.2', '0,0.3,,1.6,2.2'), expect: /hazard\.csv:5: fields flood_depth_T10, .*: expected/ },
];

describe('sim validate <region folder>', () => {
  it('the walkthrough region validates (one warning: no building mix) and runs (no warning: no earthquake)', () => {
    const c = fresh();
    const { v, r } = both(c);
    expect(v.status).toBe(0);
    expect(v.stdout).toMatch(/example-small: valid\. 示例县 Example County \(synthetic\): 4 townships \(1 街道\), 93,200 people/);
    expect(v.stdout).toMatch(/counties: 1 \(示例县\), names from counties\.csv/);
    expect(v.stdout).toMatch(/villages: 16 village-level units, 12 village committees \(16 rows of villages\.csv\)/);
    expect(v.stdout).toMatch(/holdings: 2 depots, 9 stock rows, 3 teams, 2 shelters/);
    expect(v.stdout).toMatch(/fire ready; flood ready/);
    expect(v.stderr).toMatch(/^sim: warning: no building-mix\.csv: an earthquake's collapses and trapped people use PAGER's national China building inventory/);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(''); // --quiet: nothing but errors
    const run = sim(['run', c.scenario, '--workers', '0', '--out', join(c.dir, 'out2')]);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    // an earthquake scenario on the region prints it
    writeFileSync(join(c.dir, 'quake.yaml'), SCENARIO.replace(/hazards:[\s\S]*$/, 'hazards:\n  - type: earthquake\n    mode: scenario\n    event: { magnitude: 6, lat: 28.6, lon: 119.9, azimuthDeg: 30, hour: 3 }\n    parameters: { zoneLat: 28.6, zoneLon: 119.9, zoneRadiusKm: 100, rate6: 0.001, b: 0.9, mmax: 7 }\n'));
    const q = sim(['validate', join(c.dir, 'quake.yaml')]);
    expect(q.stderr, q.stderr).toBe(v.stderr);
    // counties.csv names the county, villages.csv counts the villages (townships.csv gives neither)
    const towns = readFileSync(join(c.dir, 'out', 'townships.csv'), 'utf8').replace(/^\ufeff/, '').split(/\r?\n/);
    expect(towns[0].split(',')[3]).toBe('county_zh');
    for (const line of towns.slice(1).filter(Boolean)) expect(line.split(',')[3]).toBe('示例县');
  });

  it('the bundled walkthrough files validate in place (datasets/example-small, scenarios/example-small.yaml)', () => {
    const v = sim(['validate', 'datasets/example-small']);
    expect(v.status, v.stderr).toBe(0);
    const s = sim(['validate', 'scenarios/example-small.yaml']);
    expect(s.status, s.stderr).toBe(0);
    expect(s.stderr).toBe(''); // no earthquake: the building-mix warning is not printed
    expect(s.stdout).toMatch(/^scenarios\/example-small\.yaml: valid\. .* over 示例县 Example County \(synthetic\) \(4 townships\), 20,000 trials/);
  });

  it('--quiet prints nothing; --trials with a folder is refused', () => {
    const c = fresh();
    const q = sim(['validate', c.region, '--quiet']);
    expect(q).toMatchObject({ status: 0, stdout: '', stderr: '' });
    const t = sim(['validate', c.region, '--trials', '10']);
    expect(t.status).toBe(2);
    expect(t.stderr).toMatch(/^sim: --trials: expected no trials or seed with a region folder/);
  });

  it('a folder without region.yaml is refused', () => {
    const c = fresh();
    rmSync(join(c.region, 'region.yaml'));
    const v = sim(['validate', c.region]);
    expect(v.status).toBe(2);
    expect(v.stderr).toMatch(/^sim: .*example-small: expected a region dataset folder \(one holding region\.yaml and its township table; docs\/datasets\.md\), found a folder without region\.yaml/);
  });

  for (const b of BROKEN) {
    it(`catches what a run rejects, with the same message: ${b.name}`, () => {
      const c = fresh();
      b.edit(c.region);
      const { v, r } = both(c);
      expect(v.status, v.stderr).toBe(2);
      expect(r.status, r.stderr).toBe(2);
      expect(v.stderr).toMatch(b.expect);
      expect(v.stderr.split('\n').filter(Boolean)).toHaveLength(1);
      expect(v.stderr).toBe(r.stderr);
      expect(v.stdout).toBe('');
    });
  }
});

describe('missing optional files: warnings that say what the run lacks', () => {
  it('no holdings folder', () => {
    const c = fresh();
    rmSync(join(c.region, 'holdings'), { recursive: true });
    const { v } = both(c);
    expect(v.status).toBe(0);
    expect(v.stderr).toMatch(/sim: warning: no holdings\/ folder: the region has no current holdings \(no depots, stock, rescue teams or shelters\): current rescue capacity is 0, .*a run with optimize: stops/);
    expect(v.stdout).toMatch(/holdings: none/);
    const run = sim(['run', c.scenario, '--workers', '0', '--out', join(c.dir, 'out2')]);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe(v.stderr.replace(/^sim: warning: no building-mix\.csv.*\n/m, ''));
    // the report says the teams are unknown, not "0 units"
    expect(readFileSync(join(c.dir, 'out2', 'report.md'), 'utf8')).toMatch(/没有 holdings\/teams\.csv，现有队伍数量不详/);
  });

  it('no teams.csv, no stock.csv, no shelters.csv: one warning each', () => {
    const c = fresh();
    for (const f of ['teams.csv', 'stock.csv', 'shelters.csv']) rmSync(join(c.region, 'holdings', f));
    const v = sim(['validate', c.region]);
    expect(v.status).toBe(0);
    expect(v.stderr).toMatch(/no holdings\/teams\.csv: today's rescue teams are unknown: the rescue model counts none/);
    expect(v.stderr).toMatch(/no holdings\/stock\.csv: today's stock is taken as zero/);
    expect(v.stderr).toMatch(/no holdings\/shelters\.csv: no shelters today/);
  });

  it('no counties.csv, villages.csv or hazard.csv', () => {
    const c = fresh();
    for (const f of ['counties.csv', 'villages.csv', 'hazard.csv']) rmSync(join(c.region, f));
    edit(join(c.region, 'region.yaml'), /  (counties|villages|hazard): .*\n/g, '');
    edit(join(c.region, 'region.yaml'), /  (counties|villages): \d+\n/g, '');
    const v = sim(['validate', c.region]);
    expect(v.status, v.stderr).toBe(0);
    expect(v.stderr).toMatch(/no counties\.csv: county codes are not checked against a county list, and county names come from townships\.csv county_zh \/ county_en \(blank for every township/);
    expect(v.stderr).toMatch(/no villages\.csv: village codes are not checked; no village counts .*village teams are not sized.*; no village committees .*forest fires need forest_area_ha in hazard\.csv/);
    expect(v.stderr).toMatch(/no hazard\.csv: every township takes the model defaults for the hazards' local data \(flood_plain_share, .*forest_area_ha\)/);
    expect(v.stdout).toMatch(/fire cannot run \(.*fire: expected forest area \(hazard\.csv forest_area_ha\) or village committees in some township, found none\); flood ready/);
    // the fire model then has nowhere to put fires: the run stops, saying why
    const r = sim(['run', c.scenario, '--workers', '0', '--out', join(c.dir, 'out'), '--quiet']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/fire: expected forest area \(hazard\.csv forest_area_ha\) or village committees in some township, found none/);
  });

  it('a county population that does not add up is a warning, not an error', () => {
    const c = fresh();
    edit(join(c.region, 'counties.csv'), 'Example County,93200', 'Example County,120000');
    const v = sim(['validate', c.region]);
    expect(v.status).toBe(0);
    expect(v.stderr).toMatch(/counties\.csv:3: county 990001 示例县: its townships in townships\.csv add up to 93,200 people, population_census2020 says 120,000 \(-22\.3 %\)/);
  });
});

describe('GBK input', () => {
  const fixture = join(ROOT, 'test', 'fixtures', 'gbk', 'townships.csv');

  it('the fixture is the walkthrough township table in GBK', () => {
    const bytes = readFileSync(fixture);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    expect(new TextDecoder('gb18030', { fatal: true }).decode(bytes)).toBe(readFileSync(join(ROOT, 'datasets', 'example-small', 'townships.csv'), 'utf8'));
  });

  it('is refused by validate and run alike, naming the file, the line, the encoding and how to convert', () => {
    const c = fresh();
    cpSync(fixture, join(c.region, 'townships.csv'));
    const { v, r } = both(c);
    expect(v.status).toBe(2);
    expect(v.stderr).toBe(r.stderr);
    // lines 1–3 (two comments and the header) are ASCII: the first Chinese name is on line 4
    expect(v.stderr).toMatch(/townships\.csv:4: expected UTF-8 text \(Excel: Save As → "CSV UTF-8"; .*\), found bytes that are not UTF-8 \([0-9A-F ]+\) at line 4 \(GBK or another legacy encoding\?\): the file reads as GBK \/ GB18030/);
    expect(v.stderr).toMatch(/convert it to UTF-8: iconv -f GB18030 -t UTF-8 .*townships\.csv > converted\.csv, then replace the file with converted\.csv; or in Excel: Save As → "CSV UTF-8 \(Comma delimited\)"/);
    const line = Number(/townships\.csv:(\d+):/.exec(v.stderr)![1]);
    const text = new TextDecoder('gb18030').decode(readFileSync(fixture)).split('\n')[line - 1];
    expect(v.stderr).toContain(`that line reads ${JSON.stringify(text.length > 80 ? text.slice(0, 77) + '…' : text)} in GB18030`);
  });

  it('round-trips after the conversion the message gives (decoded as GB18030, written as UTF-8)', () => {
    const c = fresh();
    const converted = new TextDecoder('gb18030', { fatal: true }).decode(readFileSync(fixture));
    writeFileSync(join(c.region, 'townships.csv'), converted);
    const { v, r } = both(c);
    expect(v.status, v.stderr).toBe(0);
    expect(r.status, r.stderr).toBe(0);
    const names = readFileSync(join(c.dir, 'out', 'townships.csv'), 'utf8').split(/\r?\n/).slice(1, 5).map((l) => l.split(',')[1]);
    expect(names).toEqual(['城关街道', '东岭镇', '西河镇', '南山乡']);
  });
});
