import { existsSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Item } from '../src/demand/catalogue.js';
import { PLAN_PARAMS, type PlanParams } from '../src/plan/params.js';
import type { LpScenario } from '../src/plan/scenarios.js';
import { buildStockpileModel, holdingCostPerUnit } from '../src/plan/stockpile.js';
import { solveLp } from '../src/plan/solver/index.js';
import type { Depot } from '../src/plan/types.js';
import type { Region } from '../src/region/types.js';
import { ROOT, sim, tmp } from './helpers.js';

const P = Object.fromEntries(Object.entries(PLAN_PARAMS).map(([k, v]) => [k, v.value])) as PlanParams;

/**
 * model.md §7 newsvendor: one depot, one item, penalty mode: the optimal stock is the demand quantile
 * at the critical fractile cu/(cu + co), underage cost over underage plus overage cost.
 * Our LP charges the holding cost h on every unit held (used or not) and p per unit short, so a unit
 * short costs cu = p − h net of the holding it saves, and a unit left over co = h: the fractile is
 * (p − h)/p = 1 − h/p. model.md writes p/(p + h) with p the net underage cost; the two agree
 * (with p_model = p − h). With the K sorted demands d(1) ≤ … ≤ d(K), the objective's slope at x in
 * (d(j), d(j+1)) is h − p·(K − j)/K, so the optimum is d(j) for the smallest j with j/K ≥ 1 − h/p
 * (a unique answer when (1 − h/p)·K is not an integer).
 */
describe('stockpile LP: newsvendor check', () => {
  const item: Item = { id: 'tent', nameZh: '帐篷', nameEn: 'tent', unit: 'tent', basis: 'sheltered', frequency: 'once', phase1PerPerson: 1, laterPerPerson: 0, unitCostCny: 1000, volumeM3: 0.1, shelfLifeYears: 10, source: 'test', costSource: 'test' };
  const region = { n: 1, code: ['T1'], nameZhList: ['镇'], counties: ['C1'], countyIndex: Int32Array.from([0]), lat: Float64Array.from([37]), lon: Float64Array.from([122]) } as unknown as Region;
  const depot: Depot = { id: 'CITY', nameZh: '市库', nameEn: 'city', tier: 'city', countyCode: 'C1', townshipCode: '', lat: 37, lon: 122.01, floorAreaM2: 1e6, usableVolumeM3: 1e9 };
  const K = 200;
  // demands: a deterministic lognormal-like spread, 1 … ~ 20,000
  const demands = Array.from({ length: K }, (_, k) => Math.round(50 * Math.exp(6 * ((k * 0.618034) % 1))));
  const scenarios: LpScenario[] = demands.map((d, k) => ({
    trial: k,
    weight: 1 / K,
    severity: d,
    stratum: 'sample',
    phase1: Float64Array.from([d]),
    later: Float64Array.from([0]),
    shelter: new Float64Array(3),
    rescueHours: new Float64Array(1),
    rescueSeverity: 0,
  }));
  // 1.2: the gross fractile p/(p + h) would give a different demand (index 183, not 181): the test tells them apart
  for (const factor of [1.2, 9, 40]) {
    it(`penalty ${factor} × unit cost: stock = demand quantile at the critical fractile`, async () => {
      const params = { ...P, shortagePenaltyFactor: factor, contractRetainerShare: 1e3 }; // contracts priced out: one depot, one item
      const h = holdingCostPerUnit(item, params);
      const p = factor * item.unitCostCny;
      const fractile = 1 - h / p;
      const net = p - h; // model.md's p
      expect(net / (net + h)).toBeCloseTo(fractile, 12);
      const sorted = [...demands].sort((a, b) => a - b);
      const expected = sorted[Math.ceil(fractile * K) - 1];
      expect(Math.abs(fractile * K - Math.round(fractile * K))).toBeGreaterThan(1e-6); // unique optimum
      if (factor === 1.2) expect(sorted[Math.ceil((p / (p + h)) * K) - 1]).not.toBe(expected);
      const m = buildStockpileModel({ region, depots: [depot], items: [item], scenarios, mode: 'penalty', params });
      for (const solver of ['highs', 'jslp'] as const) {
        const r = await solveLp(m.model, { solver, timeLimitSeconds: 30 });
        expect(r.status, `${solver}: ${r.message}`).toBe('optimal');
        expect(r.x[m.stockVars[0].get('CITY')!]).toBeCloseTo(expected, 4);
      }
    });
  }
  it('a depot beyond the 10-hour window does not count for phase 1', async () => {
    // city warehouse 3° of latitude away: 1.3 × 333.6 km / 40 km/h + 1 h = 11.8 h > 10 h
    const far: Depot = { ...depot, lat: 40 };
    const params = { ...P, shortagePenaltyFactor: 9, contractRetainerShare: 1e3 };
    const m = buildStockpileModel({ region, depots: [far], items: [item], scenarios, mode: 'penalty', params });
    const r = await solveLp(m.model, { solver: 'highs', timeLimitSeconds: 30 });
    expect(r.status).toBe('optimal');
    expect(r.x[m.stockVars[0].get('CITY')!]).toBe(0); // stock there could only serve the later phase, and there is none
    expect(m.unreachable).toEqual(['T1 镇']);
    const reliability = buildStockpileModel({ region, depots: [far], items: [item], scenarios, mode: 'reliability', params });
    expect((await solveLp(reliability.model, { solver: 'highs', timeLimitSeconds: 30 })).status).toBe('infeasible');
  });
});

describe('sim run with optimize:', () => {
  const dir = tmp('sim-plan-');
  cpSync(join(ROOT, 'datasets'), join(dir, 'datasets'), { recursive: true });
  const base = (extra: string) => `name: plan test\nregion: datasets/weihai\ntrials: 20000\nseed: 7\nhazards:\n  - type: typhoon\n    chain: { flood: {} }\n${extra}`;

  it('sizes a plan, evaluates it on every trial and writes plan.csv and plan.yaml', () => {
    writeFileSync(join(dir, 'ok.yaml'), base('optimize:\n  mode: reliability\n  reliability: 0.9\n'));
    const out = join(dir, 'out-ok');
    const r = sim(['run', 'ok.yaml', '--out', out, '--quiet'], dir);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(s.plan.solver.stockpiles.status).toBe('optimal');
    expect(s.plan.solver.teams.status).toBe('optimal');
    expect(s.plan.solver.shelters.status).toBe('optimal');
    const ev = s.plan.evaluation.sized;
    // out-of-sample reliability reported next to the target, and within its Monte Carlo error of it or better
    expect(s.plan.targetReliability).toBe(0.9);
    expect(ev.reliability).toBeGreaterThanOrEqual(0.9 - ev.pAnyShortfall.se);
    expect(s.plan.cost.total.annual).toBeGreaterThan(0);
    expect(s.plan.cost.total.annual).toBeCloseTo(s.plan.cost.current.annual + s.plan.cost.added.annual, 4);
    expect(readFileSync(join(out, 'plan.csv'), 'utf8')).toMatch(/^\uFEFFdepot_id,depot_zh,tier/);
    expect(readFileSync(join(out, 'plan.yaml'), 'utf8')).toMatch(/\nstock:\n/);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toMatch(/### 政策目标核查/);
  });

  it('an infeasible budget is reported with what binds, and the simulation outputs are still written', () => {
    writeFileSync(join(dir, 'budget.yaml'), base('optimize:\n  mode: reliability\n  reliability: 0.95\n  budget: 1000\n  problems: [stockpiles]\n'));
    const out = join(dir, 'out-budget');
    const r = sim(['run', 'budget.yaml', '--out', out, '--quiet', '--lang', 'en'], dir);
    expect(r.status).toBe(0);
    const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(s.plan.solver.stockpiles.status).toBe('infeasible');
    expect(s.plan.solver.stockpiles.diagnosis.join(' ')).toMatch(/the budget binds: it is short by ¥[\d,]+ a year/);
    expect(s.annual.evacuated.mean).toBeGreaterThan(0);
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    expect(report).toMatch(/stockpiles could not be sized/);
    // the missed target is explained by the chosen candidate's own diagnosis, with its number and the budget that would do
    const short = Number(/short by ¥([\d,]+)/.exec(s.plan.solver.stockpiles.diagnosis.join(' '))![1].replace(/,/g, ''));
    const bind = s.plan.targetMiss.binds.find((b: { kind: string; sizingQuantile: number }) => b.kind === 'budget' && b.sizingQuantile === s.plan.scenarios.sizingQuantile);
    expect(bind.amount).toBe(short);
    expect(s.plan.targetMiss.fixes[0]).toContain(`raise optimize.budget by ¥${short.toLocaleString('en-US')} a year (to ¥${(short + 1000).toLocaleString('en-US')})`);
    expect(report).toContain('What would fix it:');
    expect(report).not.toMatch(/Keep more scenarios/);
  });

  const bad: [string, string, RegExp][] = [
    ['reliability above 1', 'optimize:\n  reliability: 1.2\n', /:9:\d+: optimize\.reliability: expected a probability strictly between 0 and 1, found 1\.2/],
    ['reliability 0', 'optimize:\n  reliability: 0\n', /optimize\.reliability: expected a probability strictly between 0 and 1, found 0/],
    ['cost ≤ 0', 'optimize:\n  parameters:\n    teamMemberCostPerYear: 0\n', /optimize\.parameters\.teamMemberCostPerYear: expected a number > 0/],
    ['negative budget', 'optimize:\n  budget: -5\n', /optimize\.budget: expected an annual budget in ¥ > 0, found -5/],
    ['unknown problem', 'optimize:\n  problems: [stockpiles, helicopters]\n', /optimize\.problems\[1\]: expected one of stockpiles, teams, shelters, found "helicopters"/],
  ];
  for (const [name, extra, pattern] of bad) {
    it(`rejects ${name} (exit 2, no outputs)`, () => {
      const f = `bad-${name.replace(/\W+/g, '-')}.yaml`;
      writeFileSync(join(dir, f), base(extra));
      const out = join(dir, `out-${f}`);
      const r = sim(['run', f, '--out', out, '--quiet'], dir);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(pattern);
      expect(existsSync(out)).toBe(false);
    });
  }

  it('rejects an item with a shelf life or unit cost ≤ 0 in the catalogue', () => {
    const items = readFileSync(join(dir, 'datasets', 'items.csv'), 'utf8');
    writeFileSync(join(dir, 'datasets', 'items.csv'), items.replace(/^(quilt,[^\n]*?,)150,0\.04,5,/m, '$1150,0.04,0,'));
    const line = readFileSync(join(dir, 'datasets', 'items.csv'), 'utf8').split('\n').findIndex((l) => l.startsWith('quilt,')) + 1;
    writeFileSync(join(dir, 'shelf.yaml'), base('optimize:\n  mode: penalty\n'));
    const r = sim(['run', 'shelf.yaml', '--out', join(dir, 'out-shelf'), '--quiet'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`items\\.csv:${line}: field "shelf_life_years": expected a shelf life in years > 0, found "0"`));
    writeFileSync(join(dir, 'datasets', 'items.csv'), items.replace(/^(tent,[^\n]*?),950,/m, '$1,-950,'));
    const r2 = sim(['run', 'shelf.yaml', '--out', join(dir, 'out-shelf'), '--quiet'], dir);
    expect(r2.status).toBe(2);
    expect(r2.stderr).toMatch(/field "unit_cost_cny": expected a unit cost in CNY > 0, found "-950"/);
    writeFileSync(join(dir, 'datasets', 'items.csv'), items);
  });
});
