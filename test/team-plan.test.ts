/**
 * The team MILP and the rescue evaluation follow one mutual-aid rule (model.md §5.2, demand/rescue.ts):
 * a plan sized by the MILP shows no unmet extraction when the evaluator runs it on the events it was
 * sized for, however large the workloads; current teams are lower bounds; ties are broken the same
 * way every time, toward keeping teams where they are.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogue } from '../src/demand/catalogue.js';
import { RESCUE_PARAMS, RescueEvaluator, type RescueParams } from '../src/demand/rescue.js';
import { regionAttributes } from '../src/hazard/registry.js';
import { IMPACT, IMPACT_FIELDS } from '../src/impact/types.js';
import { compilePlan, currentHoldings, loadDepots } from '../src/plan/holdings.js';
import { PLAN_PARAMS, type PlanParams } from '../src/plan/params.js';
import type { LpScenario } from '../src/plan/scenarios.js';
import { buildTeamModel, solveTeams, type TeamModel } from '../src/plan/teams.js';
import type { Plan } from '../src/plan/types.js';
import { loadRegion } from '../src/region/load.js';
import { distanceKm } from '../src/region/travel.js';
import { KM_PER_DEG_LAT, type Region } from '../src/region/types.js';
import { ROOT } from './helpers.js';

const P = Object.fromEntries(Object.entries(PLAN_PARAMS).map(([k, v]) => [k, v.value])) as PlanParams;
const R = Object.fromEntries(Object.entries(RESCUE_PARAMS).map(([k, v]) => [k, v.value])) as RescueParams;
const OPTS = { solver: 'highs' as const, timeLimitSeconds: 60 };

/** An event as the engine gives it (impact rows) and as the LP sees it (scenario). */
interface TestEvent {
  imp: Float64Array;
  scenario: LpScenario;
}

function event(region: Pick<Region, 'n'>, trial: number, trapped: ArrayLike<number>, hoursPerPerson: number): TestEvent {
  const imp = new Float64Array(region.n * IMPACT_FIELDS);
  const rescueHours = new Float64Array(region.n);
  for (let i = 0; i < region.n; i++) {
    imp[i * IMPACT_FIELDS + IMPACT.trapped] = trapped[i];
    imp[i * IMPACT_FIELDS + IMPACT.rescueTeamHours] = rescueHours[i] = trapped[i] * hoursPerPerson;
  }
  const scenario: LpScenario = {
    trial,
    weight: 1,
    severity: 0,
    stratum: 'tail',
    phase1: new Float64Array(0),
    later: new Float64Array(0),
    shelter: new Float64Array(0),
    rescueHours,
    rescueSeverity: rescueHours.reduce((a, x) => a + x, 0),
  };
  return { imp, scenario };
}

/**
 * Earthquake-like events over Weihai: collapses (4 unit-hours an extraction) around every 6th
 * township, trapped = scale × 60 × e^(−d/12 km) out to 40 km, so several townships on both sides of
 * county lines have work at once.
 */
function quakes(region: Region, scale: number): TestEvent[] {
  const out: TestEvent[] = [];
  for (let c = 0; c < region.n; c += 6) {
    const trapped = Float64Array.from(region.code, (_, i) => {
      const d = distanceKm(region.lat[c], region.lon[c], region.lat[i], region.lon[i]);
      return d < 40 ? scale * 60 * Math.exp(-d / 12) : 0;
    });
    out.push(event(region, c, trapped, 4));
  }
  return out;
}

function teamsOf(tm: TeamModel, x: Float64Array, region: Region, county: Record<string, number>): Plan['teams'] {
  const teams: Plan['teams'] = { county: { ...county }, township: {}, village: {} };
  region.code.forEach((code, t) => {
    const n30 = Math.round(x[tm.townshipTeams[t]]);
    const n10 = Math.round(x[tm.villageTeams[t]]);
    if (n30 > 0) teams.township[code] = n30;
    if (n10 > 0) teams.village[code] = n10;
  });
  return teams;
}

describe('team MILP and rescue evaluation on Weihai, one aid rule', () => {
  const region = loadRegion(join(ROOT, 'datasets', 'weihai'), regionAttributes());
  const depots = loadDepots(region);
  const items = loadCatalogue(region.itemsFile);
  const current = currentHoldings(region, depots, items);
  const membersOf = (t: Plan['teams']) => Object.values(t.township).reduce((a, n) => a + 30 * n, 0) + Object.values(t.village).reduce((a, n) => a + 10 * n, 0);
  /** Sized plans by workload scale (topUp: current teams kept). */
  const sized = new Map<number, { tm: TeamModel; x: Float64Array; teams: Plan['teams']; events: TestEvent[] }>();

  beforeAll(async () => {
    for (const scale of [1, 20, 60]) {
      const events = quakes(region, scale);
      const tm = buildTeamModel(region, events.map((e) => e.scenario), P, R, current.teams);
      const r = await solveTeams(tm, OPTS);
      expect(r.status, r.message).toBe('optimal');
      sized.set(scale, { tm, x: r.x, teams: teamsOf(tm, r.x, region, current.teams.county), events });
    }
  }, 120_000);

  it('the neighbourhood within 2 h: most of the city, across county lines', () => {
    const tm = sized.get(1)!.tm;
    expect(tm.aid.limitHours).toBe(2);
    expect(tm.aid.meanNeighbours).toBeGreaterThan(40);
    expect(tm.aid.maxNeighbours).toBeLessThanOrEqual(region.n - 1);
    // the count: 2,966 of 4,240 ordered cross-county pairs within 2 h
    expect(tm.aid.crossCountyPairs * 2).toBe(2966);
  });

  it('never goes below the current township and village teams', () => {
    for (const { teams } of sized.values()) {
      for (const kind of ['township', 'village'] as const) {
        for (const [code, n] of Object.entries(current.teams[kind])) expect(teams[kind][code] ?? 0, `${kind} ${code}`).toBeGreaterThanOrEqual(n);
      }
    }
  });

  it('a plan sized with the aid rule shows no unmet extraction in its own evaluation, also when the 72-hour rule binds', () => {
    const ev = new RescueEvaluator(region, R);
    const out = { survivors: 0, unmet: 0 };
    const costs: number[] = [];
    for (const [scale, { teams, events, tm }] of sized) {
      const cp = compilePlan({ ...current, teams }, region, depots, items, P, `scale ${scale}`);
      let trapped = 0;
      for (const e of events) {
        ev.outcome(e.imp, cp.rescueUnits, cp.countyRescueUnits, out);
        for (let i = 0; i < region.n; i++) trapped += e.imp[i * IMPACT_FIELDS + IMPACT.trapped];
        expect(out.unmet, `scale ${scale}, event ${e.scenario.trial}`).toBeLessThan(1e-6 * trapped + 1e-9);
      }
      costs.push(membersOf(teams));
      if (scale === 60) {
        expect(tm.aid.rows).toBeGreaterThan(0);
        // the current teams alone leave people trapped: the rule binds
        let unmetNow = 0;
        for (const e of events) {
          ev.outcome(e.imp, region.rescueUnits, region.countyRescueUnits, out);
          unmetNow += out.unmet;
        }
        expect(unmetNow).toBeGreaterThan(100);
      }
    }
    // coverage alone sizes the small workloads; the large ones need more members
    expect(costs[1]).toBeGreaterThanOrEqual(costs[0]);
    expect(costs[2]).toBeGreaterThan(costs[0]);
  });

  it('one unit less where the 72-hour rule binds leaves extractions undone (the rule is tight, not padded)', () => {
    const { teams, events } = sized.get(60)!;
    const cp = compilePlan({ ...current, teams }, region, depots, items, P, 'scale 60');
    const ev = new RescueEvaluator(region, R);
    const out = { survivors: 0, unmet: 0 };
    // remove one 10-person unit from each township in turn: some removal must leave work undone
    let worst = 0;
    for (let t = 0; t < region.n; t++) {
      if (cp.rescueUnits[t] < 1) continue;
      const units = Float64Array.from(cp.rescueUnits);
      units[t] -= 1;
      for (const e of events) {
        ev.outcome(e.imp, units, cp.countyRescueUnits, out);
        worst = Math.max(worst, out.unmet);
      }
    }
    expect(worst).toBeGreaterThan(0.01);
  });

  it('deterministic: the same plan twice', async () => {
    const { events, x } = sized.get(20)!;
    const tm = buildTeamModel(region, events.map((e) => e.scenario), P, R, current.teams);
    const r = await solveTeams(tm, OPTS);
    expect(Array.from(r.x)).toEqual(Array.from(x));
  });

  it('from zero (no lower bounds), teams stay where they are when that is as cheap', async () => {
    const { events } = sized.get(1)!;
    const topUp = sized.get(1)!;
    const tm = buildTeamModel(region, events.map((e) => e.scenario), P, R, undefined, current.teams);
    const r = await solveTeams(tm, OPTS);
    expect(r.status).toBe('optimal');
    const teams = teamsOf(tm, r.x, region, current.teams.county);
    // coverage binds and a team costs the same anywhere: keeping every current team is optimal, so it is kept
    expect(membersOf(teams)).toBe(membersOf(topUp.teams));
    for (const kind of ['township', 'village'] as const) {
      for (const [code, n] of Object.entries(current.teams[kind])) expect(teams[kind][code] ?? 0, `${kind} ${code}`).toBeGreaterThanOrEqual(n);
    }
  });
});

describe('team MILP tie-break on a hand-built region', () => {
  // two townships 200 km apart in one county, one village each; coverage rules at 50 %: one team of each kind
  const region = {
    n: 2,
    code: ['T0', 'T1'],
    villages: Float64Array.from([1, 1]),
    lat: Float64Array.from([36, 36 + 200 / KM_PER_DEG_LAT]),
    lon: Float64Array.from([122, 122]),
    countyIndex: Int32Array.from([0, 0]),
    counties: ['C0'],
    countyRescueUnits: Float64Array.from([0]),
  } as unknown as Region;
  const params = { ...P, townshipTeamCoverage: 0.5, villageTeamCoverage: 0.5 };
  const place = async (current: Plan['teams'] | undefined, work: number[]) => {
    const e = event(region, 0, Float64Array.from(work, (w) => w / 4), 4);
    const tm = buildTeamModel(region, work.some((w) => w > 0) ? [e.scenario] : [], params, R, undefined, current);
    const r = await solveTeams(tm, OPTS);
    expect(r.status).toBe('optimal');
    return { n30: tm.townshipTeams.map((v) => Math.round(r.x[v]) + 0), n10: tm.villageTeams.map((v) => Math.round(r.x[v]) + 0) }; // + 0: no −0
  };
  const none = { county: {}, township: {}, village: {} };

  it('keeps the township team where it is today (T1), not at the first township', async () => {
    expect(await place({ county: {}, township: { T1: 1 }, village: { T1: 1 } }, [0, 0])).toEqual({ n30: [0, 1], n10: [0, 1] });
  });
  it('with no current teams, puts the new teams where the rescue work is', async () => {
    // 1 unit-hour of work: either team at that township meets it, so cost does not decide; the tie-break does
    expect(await place(none, [0, 1])).toEqual({ n30: [0, 1], n10: [0, 1] });
    expect(await place(none, [1, 0])).toEqual({ n30: [1, 0], n10: [1, 0] });
  });
});
