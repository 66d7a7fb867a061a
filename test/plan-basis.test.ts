/**
 * Issue 9, planning basis and costs: a plan tops up what the city holds (never
 * lowers a holding), says what it adds once and a year, and lists what to buy.
 * Numbers here are hand-computed from the cost rules in src/plan/cost.ts.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Item } from '../src/demand/catalogue.js';
import { parseOptimize } from '../src/plan/config.js';
import { planCostSplit } from '../src/plan/cost.js';
import { PLAN_PARAMS, type PlanParams } from '../src/plan/params.js';
import type { LpScenario } from '../src/plan/scenarios.js';
import { buildStockpileModel } from '../src/plan/stockpile.js';
import { solveLp } from '../src/plan/solver/index.js';
import type { Depot, Plan } from '../src/plan/types.js';
import type { Region } from '../src/region/types.js';
import { runScenario } from '../src/plan/pipeline.js';
import { compileScenario } from '../src/scenario/compile.js';
import { ROOT } from './helpers.js';

const P = Object.fromEntries(Object.entries(PLAN_PARAMS).map(([k, v]) => [k, v.value])) as PlanParams;
const tent: Item = { id: 'tent', nameZh: '帐篷', nameEn: 'tent', unit: 'tent', basis: 'sheltered', frequency: 'once', phase1PerPerson: 1, laterPerPerson: 0, unitCostCny: 1000, volumeM3: 0.1, shelfLifeYears: 10, source: 'test', costSource: 'test' };
const region = { n: 1, code: ['T1'], nameZhList: ['镇'], counties: ['C1'], countyIndex: Int32Array.from([0]), lat: Float64Array.from([37]), lon: Float64Array.from([122]) } as unknown as Region;
const depot: Depot = { id: 'CITY', nameZh: '市库', nameEn: 'city', tier: 'city', countyCode: 'C1', townshipCode: '', lat: 37, lon: 122.01, floorAreaM2: 1e6, usableVolumeM3: 1e9 };
const scenario = (d: number): LpScenario => ({ trial: 0, weight: 1, severity: d, stratum: 'tail', phase1: Float64Array.from([d]), later: Float64Array.from([0]), shelter: new Float64Array(3), rescueHours: new Float64Array(1), rescueSeverity: 0 });
const empty = (stock: Plan['stock']): Plan => ({ name: 'p', region: 'r', stock, contracted: {}, teams: { county: {}, township: {}, village: {} }, shelters: {} });

describe('stockpile LP, topUp', () => {
  it('current stock that already covers every kept scenario: the plan adds nothing, ¥0 added', async () => {
    const keep = empty({ CITY: { tent: 500 } });
    const m = buildStockpileModel({ region, depots: [depot], items: [tent], scenarios: [scenario(300), scenario(450)], mode: 'reliability', params: P, keep });
    const r = await solveLp(m.model, { solver: 'highs', timeLimitSeconds: 10 });
    expect(r.status).toBe('optimal');
    expect(r.x[m.stockVars[0].get('CITY')!]).toBe(500); // kept, not sold down to 450
    const plan = empty({ CITY: { tent: r.x[m.stockVars[0].get('CITY')!] } });
    const c = planCostSplit(plan, keep, [tent], P, 1.5);
    expect(c.added).toEqual({ oneOff: 0, annual: 0 });
  });
  it('tops up to the largest kept demand; greenfield would hold less and cost no more', async () => {
    const keep = empty({ CITY: { tent: 100 } });
    const sc = [scenario(300), scenario(450)];
    const top = buildStockpileModel({ region, depots: [depot], items: [tent], scenarios: sc, mode: 'reliability', params: P, keep });
    const green = buildStockpileModel({ region, depots: [depot], items: [tent], scenarios: sc, mode: 'reliability', params: P });
    const [a, b] = [await solveLp(top.model, { solver: 'highs', timeLimitSeconds: 10 }), await solveLp(green.model, { solver: 'highs', timeLimitSeconds: 10 })];
    expect(a.x[top.stockVars[0].get('CITY')!]).toBeCloseTo(450, 9);
    expect(b.objective).toBeLessThanOrEqual(a.objective + 1e-9);
    // 350 tents added: ¥350,000 once; a year 350 × (1000/10 + 0.1/1.8 × 300) = 350 × 116.67 = ¥40,833.33
    const c = planCostSplit(empty({ CITY: { tent: 450 } }), keep, [tent], P, 1.5);
    expect(c.added.oneOff).toBe(350_000);
    expect(c.added.annual).toBeCloseTo(350 * (100 + (0.1 / 1.8) * 300), 6);
    expect(c.current.oneOff).toBe(0);
    expect(c.total.annual).toBeCloseTo(450 * (100 + (0.1 / 1.8) * 300), 6);
  });
  it('the budget bounds what the plan adds, not what is already held', async () => {
    const keep = empty({ CITY: { tent: 1000 } }); // ¥116,667 a year already held
    const h = 100 + (0.1 / 1.8) * 300;
    // a budget of 10 added tents a year cannot cover 1,200: infeasible; of 250 it can
    const tight = buildStockpileModel({ region, depots: [depot], items: [tent], scenarios: [scenario(1200)], mode: 'reliability', params: P, keep, budget: 10 * h });
    expect((await solveLp(tight.model, { solver: 'highs', timeLimitSeconds: 10 })).status).toBe('infeasible');
    const ok = buildStockpileModel({ region, depots: [depot], items: [tent], scenarios: [scenario(1200)], mode: 'reliability', params: P, keep, budget: 250 * h });
    const r = await solveLp(ok.model, { solver: 'highs', timeLimitSeconds: 10 });
    expect(r.status).toBe('optimal');
    expect(r.x[ok.stockVars[0].get('CITY')!]).toBeCloseTo(1200, 6);
  });
});

describe('stockpile LP, relocate: two depots, one item, one move', () => {
  /*
   * Township T1 at 37°N 122°E needs 80 tents within 10 h. Its station B (same point) holds none; the county
   * warehouse A at 40°N 122°E holds 100 but is out of reach: 333.6 km great circle × 1.3 = 433.7 km of road,
   * 10.8 h at 40 km/h + 1 h loading > 10 h. topUp must buy 80 at B (holding 180 tents); relocate moves 80
   * from A to B (holding stays 100) for 80 × 0.1 m³ × (¥20 + ¥0.5 × 433.7 km) = ¥1,894.74 once.
   */
  const r1 = { ...region, code: ['T1'], nameZhList: ['镇'], lat: Float64Array.from([37]), lon: Float64Array.from([122]) } as unknown as Region;
  const A: Depot = { ...depot, id: 'A', tier: 'county', lat: 40, lon: 122 };
  const B: Depot = { ...depot, id: 'B', tier: 'township', townshipCode: 'T1', lat: 37, lon: 122 };
  const keep = empty({ A: { tent: 100 } });
  it('moves what the township needs instead of buying it, and costs the move by the m³·km', async () => {
    const m = buildStockpileModel({ region: r1, depots: [A, B], items: [tent], scenarios: [scenario(80)], mode: 'reliability', params: P, keep, relocate: true });
    const r = await solveLp(m.model, { solver: 'highs', timeLimitSeconds: 10 });
    expect(r.status).toBe('optimal');
    expect(r.x[m.stockVars[0].get('B')!]).toBeCloseTo(80, 6);
    expect(r.x[m.stockVars[0].get('A')!]).toBeCloseTo(20, 6);
    const moves = m.moveVars.filter((v) => r.x[v.v] > 1e-6);
    expect(moves.map((v) => [v.from, v.to, Math.round(r.x[v.v])])).toEqual([['A', 'B', 80]]);
    expect(moves[0].roadKm).toBeCloseTo(433.7, 1);
    const plan = empty({ A: { tent: 20 }, B: { tent: 80 } });
    const c = planCostSplit(plan, keep, [tent], P, 1.5, [{ from: 'A', to: 'B', item: 'tent', quantity: 80, roadKm: moves[0].roadKm }]);
    expect(c.added.oneOff).toBeCloseTo(80 * 0.1 * (20 + 0.5 * moves[0].roadKm), 6);
    expect(c.added.oneOff).toBeCloseTo(1894.7, 0);
    expect(c.added.annual).toBe(0); // the same 100 tents held
  });
  it('topUp on the same case buys the 80 tents', async () => {
    const m = buildStockpileModel({ region: r1, depots: [A, B], items: [tent], scenarios: [scenario(80)], mode: 'reliability', params: P, keep });
    const r = await solveLp(m.model, { solver: 'highs', timeLimitSeconds: 10 });
    expect(r.x[m.stockVars[0].get('B')!]).toBeCloseTo(80, 6);
    expect(r.x[m.stockVars[0].get('A')!]).toBeCloseTo(100, 6);
    expect(m.moveVars).toEqual([]);
  });
});

describe('costs: teams and shelters', () => {
  it('new members cost their training once and their upkeep a year; shelter places their construction once and spread over their life', () => {
    const current: Plan = { ...empty({}), teams: { county: { C1: 35 }, township: { T1: 1 }, village: { T1: 2 } }, shelters: { C1: { I: { count: 1, capacity: 1000 } } } };
    const plan: Plan = { ...empty({}), teams: { county: { C1: 35 }, township: { T1: 2 }, village: { T1: 3 } }, shelters: { C1: { I: { count: 1, capacity: 1400 } } } };
    const c = planCostSplit(plan, current, [tent], P, 1.5);
    // 30 + 10 new members: ¥1,500 × 40 once, ¥3,000 × 40 a year
    expect(c.byPart.teams.added).toEqual({ oneOff: 60_000, annual: 120_000 });
    // 400 class I places × 1.5 m² × ¥3,000/m² = ¥1,800,000 once; / 20 years = ¥90,000 a year
    expect(c.byPart.shelters.added.oneOff).toBeCloseTo(1_800_000, 6);
    expect(c.byPart.shelters.added.annual).toBeCloseTo(90_000, 6);
  });
});

describe('optimize.basis', () => {
  it('topUp by default, relocate or greenfield on request, anything else refused', () => {
    expect(parseOptimize({}).basis).toBe('topUp');
    expect(parseOptimize({ basis: 'greenfield' }).basis).toBe('greenfield');
    expect(parseOptimize({ basis: 'relocate' }).basis).toBe('relocate');
    expect(() => parseOptimize({ basis: 'zero' })).toThrow(/optimize\.basis: expected one of topUp, relocate, greenfield, found "zero"/);
  });
});

/** The bundled plans (golden outputs, which test/golden.test.ts keeps equal to what sim run writes). */
function csv(file: string): Record<string, string>[] {
  return parse(readFileSync(file, 'utf8'), { bom: true, columns: true }) as Record<string, string>[];
}

describe('bundled plans under topUp', () => {
  for (const name of ['typhoon', 'multi-hazard']) {
    const dir = join(ROOT, 'test', 'golden', name);
    it(`${name}: no purchase, shelter or team line lowers a current holding`, () => {
      for (const r of csv(join(dir, 'purchases.csv'))) expect(Number(r.add), `${r.depot_id} ${r.item_id}`).toBeGreaterThan(0);
      for (const r of csv(join(dir, 'teams-plan.csv'))) {
        for (const k of ['township_teams_add', 'village_teams_add', 'members_add']) expect(Number(r[k]), `${r.code} ${k}`).toBeGreaterThanOrEqual(0);
      }
      for (const r of csv(join(dir, 'shelters-plan.csv'))) {
        expect(Number(r.places_add)).toBeGreaterThanOrEqual(0);
        expect(Number(r.shelters_add)).toBeGreaterThanOrEqual(0);
      }
    });
    it(`${name}: the report's added column is the purchase list's total per item`, () => {
      const report = readFileSync(join(dir, 'report.md'), 'utf8');
      const totals = new Map<string, number>();
      for (const r of csv(join(dir, 'purchases.csv'))) if (r.tier !== 'contract') totals.set(r.item_zh, (totals.get(r.item_zh) ?? 0) + Number(r.add));
      const section = report.slice(report.indexOf('### 分级储备'), report.indexOf('### 应急救援队伍')); // the golden report.md is in Chinese (default --lang zh)
      const rows = section.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| 物资') && !l.startsWith('| ---'));
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        const cells = row.split('|').map((x) => x.trim());
        const zh = cells[1].split('（')[0];
        expect(Number(cells[8].replace(/,/g, '')), zh).toBe(Math.round(totals.get(zh) ?? 0));
      }
    });
  }
  it('greenfield costs no more a year than topUp on the same trials (the same LP without lower bounds)', async () => {
    const run = async (basis: string) => {
      const c = compileScenario(join(ROOT, 'scenarios', 'typhoon.yaml'), { trials: 3000 });
      const optimize = { ...c.scenario.optimize!, basis: basis as 'topUp', problems: ['stockpiles' as const, 'shelters' as const], reliability: 0.95, mode: 'reliability' as const };
      return runScenario({ ...c, optimize }, { workers: 1 });
    };
    const [top, green] = [await run('topUp'), await run('greenfield')];
    const t = top.sized!.sizing.cost.total.annual;
    const g = green.sized!.sizing.cost.total.annual;
    // the rounded plans: allow rounding up of a fraction of a unit per variable
    expect(g).toBeLessThanOrEqual(t * (1 + 1e-3));
  });
});
