import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/core/errors.js';
import { loadCatalogue } from '../src/demand/catalogue.js';
import { loadDepots, currentHoldings } from '../src/plan/holdings.js';
import { loadRegion } from '../src/region/load.js';
import { loadTeams } from '../src/region/teams.js';
import { regionAttributes } from '../src/hazard/registry.js';
import { ROOT, tmp } from './helpers.js';

/** holdings/teams.csv has one reader: the region's rescue units and the planner's current teams are the same teams. */
describe('holdings/teams.csv', () => {
  for (const name of ['weihai', 'yueyang']) {
    it(`${name}: region rescue units and current-holdings teams come from the same rows`, () => {
      const region = loadRegion(join(ROOT, 'datasets', name), regionAttributes());
      const teams = loadTeams(region.holdingsDir, region)!;
      expect(teams.rows.length).toBeGreaterThan(0);
      const plan = currentHoldings(region, loadDepots(region), loadCatalogue(region.itemsFile));
      // the plan's teams in 10-person units: county members / 10, 30-person teams × 3, 10-person teams × 1
      const fromPlan = new Float64Array(region.n);
      for (const [code, n] of Object.entries(plan.teams.township)) fromPlan[region.code.indexOf(code)] += n * 3;
      for (const [code, n] of Object.entries(plan.teams.village)) fromPlan[region.code.indexOf(code)] += n;
      region.rescueUnits.forEach((u, i) => expect(fromPlan[i]).toBeCloseTo(u, 9));
      region.counties.forEach((c, k) => expect((plan.teams.county[c] ?? 0) / 10).toBeCloseTo(region.countyRescueUnits[k], 9));
      const members = teams.rows.reduce((s, r) => s + r.members, 0);
      const units = region.rescueUnits.reduce((a, b) => a + b, 0) + region.countyRescueUnits.reduce((a, b) => a + b, 0);
      expect(units).toBeCloseTo(members / 10, 6);
    });
  }

  it('names the file, line and field of a bad row', () => {
    const dir = join(tmp('sim-teams-'), 'weihai');
    cpSync(join(ROOT, 'datasets', 'weihai'), dir, { recursive: true });
    const region = loadRegion(dir, regionAttributes());
    const file = join(region.holdingsDir, 'teams.csv');
    const text = readFileSync(file, 'utf8');
    const lines = text.split('\n');
    const i = lines.findIndex((l) => l.includes(',township,'));
    const edit = (f: (cells: string[]) => void): string => {
      const copy = [...lines];
      const cells = copy[i].split(',');
      f(cells);
      copy[i] = cells.join(',');
      writeFileSync(file, copy.join('\n'));
      try {
        loadTeams(region.holdingsDir, region);
      } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        return (e as Error).message;
      }
      return 'no error';
    };
    expect(edit((c) => (c[1] = 'brigade'))).toBe(`${file}:${i + 1}: field "tier": expected one of county, township, village, found "brigade"`);
    expect(edit((c) => (c[5] = '-1'))).toBe(`${file}:${i + 1}: field "members": expected a number of team members (≥ 0), found "-1"`);
    expect(edit((c) => (c[3] = '999'))).toBe(`${file}:${i + 1}: field "township_code": expected a township code of townships.csv, found "999"`);
    expect(edit((c) => ((c[1] = 'county'), (c[2] = '999')))).toBe(`${file}:${i + 1}: field "county_code": expected a county code of townships.csv, found "999"`);
    writeFileSync(file, text);
    expect(loadTeams(join(dir, 'no-such-folder'), region)).toBeUndefined();
  });
});
