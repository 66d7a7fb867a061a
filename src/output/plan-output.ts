/** Plan outputs: evaluation statistics from the run, policy checks, plan.csv, plan.yaml and the report section. */
import { stringify } from 'yaml';
import type { Item } from '../demand/catalogue.js';
import type { RunResult } from '../engine/run.js';
import { planMetricLayout } from '../plan/evaluate.js';
import { planSlot } from '../plan/observer.js';
import type { SizingResult } from '../plan/optimize.js';
import type { PlanParams } from '../plan/params.js';
import { SHELTER_CLASS_NAMES, type Depot, type Plan } from '../plan/types.js';
import type { Region } from '../region/types.js';
import { describe } from '../stats/describe.js';
import { toCsv } from './csv.js';
import { fmt, pct, table } from './format.js';

export interface Estimate {
  mean: number;
  se: number;
  p95: number;
}

export interface PlanEvaluation {
  plan: string;
  /** P(some item short in some event of the trial), with its Monte Carlo standard error. */
  pAnyShortfall: { p: number; se: number };
  /** P(some item short within the phase-1 window). */
  pPhase1Shortfall: { p: number; se: number };
  /** 1 − pAnyShortfall: the out-of-sample reliability. */
  reliability: number;
  items: Record<string, { unmetPhase1: Estimate; unmetLater: Estimate; phase1MetShare: number }>;
  /** Share of all phase-1 demand (every item, in item units weighted by unit cost) met within the window. */
  phase1MetShareByCost: number;
  shelterOverflow: Record<string, Estimate> & { pAny: number };
  unmetExtractions72h: Estimate;
  rescueSurvivors: Estimate;
}

export function evaluationOf(r: RunResult, planIndex: number, planName: string, items: Item[]): PlanEvaluation {
  const L = planMetricLayout(items.length);
  const l = r.layout;
  const acc = r.acc;
  const n = acc.trials;
  const base = planSlot(l, planIndex, 0);
  const est = (k: number): Estimate => {
    const d = describe({ n, sum: acc.sum(base + k), sumSq: acc.sumSq(base + k) }, acc.region.view(base + k), { returnPeriods: false });
    return { mean: d.mean, se: d.se, p95: d.p95 };
  };
  const any = est(L.anyShortfall);
  const itemsOut: PlanEvaluation['items'] = {};
  let dCost = 0;
  let uCost = 0;
  items.forEach((it, i) => {
    const d = acc.sum(base + L.demandPhase1Sum + i);
    const u = acc.sum(base + L.unmetPhase1Sum + i);
    dCost += d * it.unitCostCny;
    uCost += u * it.unitCostCny;
    itemsOut[it.id] = { unmetPhase1: est(L.unmetPhase1 + i), unmetLater: est(L.unmetLater + i), phase1MetShare: d > 0 ? 1 - u / d : 1 };
  });
  const overflow: Record<string, Estimate> = {};
  SHELTER_CLASS_NAMES.forEach((c, k) => (overflow[c] = est(L.shelterOverflow + k)));
  return {
    plan: planName,
    pAnyShortfall: { p: any.mean, se: any.se },
    pPhase1Shortfall: { p: est(L.anyShortfallPhase1).mean, se: est(L.anyShortfallPhase1).se },
    reliability: 1 - any.mean,
    items: itemsOut,
    phase1MetShareByCost: dCost > 0 ? 1 - uCost / dCost : 1,
    shelterOverflow: { ...overflow, pAny: est(L.shelterOverflowAny).mean } as PlanEvaluation['shelterOverflow'],
    unmetExtractions72h: est(L.rescueUnmet),
    rescueSurvivors: est(L.rescueSurvivors),
  };
}

export interface PolicyCheck {
  check: string;
  rule: string;
  value: string;
  pass: boolean;
  source: string;
}

export function policyChecks(plan: Plan, region: Region, depots: Depot[], items: Item[], p: PlanParams, ev: PlanEvaluation, target: number, unreachable: number): PolicyCheck[] {
  const out: PolicyCheck[] = [];
  const withTeam = region.code.filter((c) => (plan.teams.township[c] ?? 0) >= 1 - 1e-9).length;
  out.push({ check: 'township teams', rule: `≥ ${pct(p.townshipTeamCoverage)} of townships with a team of ≥ 30`, value: `${withTeam} of ${region.n} (${pct(withTeam / region.n)})`, pass: withTeam >= p.townshipTeamCoverage * region.n - 1e-9, source: 'seed 004 §3.9' });
  const villages = region.villages.reduce((a, b) => a + b, 0);
  const vTeams = region.code.reduce((a, c, t) => a + Math.min(region.villages[t], plan.teams.village[c] ?? 0), 0);
  out.push({ check: 'village teams', rule: `≥ ${pct(p.villageTeamCoverage)} of villages with a team of ≥ 10`, value: `${Math.round(vTeams)} of ${villages} (${pct(vTeams / villages)})`, pass: vTeams >= p.villageTeamCoverage * villages - 1e-9, source: 'seed 004 §3.9' });
  const volume = new Map(items.map((it) => [it.id, it.volumeM3]));
  for (const d of depots.filter((x) => x.tier === 'county')) {
    let v = 0;
    for (const [id, q] of Object.entries(plan.stock[d.id] ?? {})) v += q * (volume.get(id) ?? 0);
    const needM2 = v / p.stackHeightM;
    const ok = d.floorAreaM2 >= p.countyWarehouseMinM2 && needM2 <= d.floorAreaM2 + 1e-6;
    out.push({ check: `county warehouse ${d.nameZh || d.id}`, rule: `building area ≥ ${p.countyWarehouseMinM2} m² and room for the planned stock`, value: `${fmt(d.floorAreaM2)} m², stock needs ${fmt(needM2)} m²`, pass: ok, source: 'seed 003 §2(3); 建标121-2009 (M)' });
  }
  const mins = p.shelterMinimumCounts;
  for (const c of region.counties) {
    const s = plan.shelters[c] ?? {};
    const counts = SHELTER_CLASS_NAMES.map((k) => s[k]?.count ?? 0);
    const ok = counts.every((n, k) => n >= mins[k]);
    const name = region.countyZh[region.countyCode.indexOf(c)] || c;
    out.push({ check: `shelters ${name}`, rule: `≥ ${mins[0]} class I, ${mins[1]} class II, ${mins[2]} class III`, value: counts.join(' / '), pass: ok, source: 'seed 003 §2(3)' });
  }
  const p1 = 1 - ev.pPhase1Shortfall.p;
  out.push({
    check: '10-hour relief',
    rule: `a depot within ${p.phase1Hours} h of every township, and phase-1 needs fully met within ${p.phase1Hours} h in ≥ ${pct(target)} of years`,
    value: `${unreachable === 0 ? 'all townships reached' : `${unreachable} township(s) out of reach`}; fully met in ${pct(p1)} of years (${pct(ev.phase1MetShareByCost)} of all phase-1 demand by value)`,
    pass: unreachable === 0 && p1 >= target - 3 * ev.pPhase1Shortfall.se,
    source: '十四五 plan, seed 003 §2(3)',
  });
  return out;
}

export function planCsv(plan: Plan, current: Plan, depots: Depot[], items: Item[]): string {
  const rows: (string | number)[][] = [];
  for (const d of depots) {
    for (const it of items) {
      const q = plan.stock[d.id]?.[it.id] ?? 0;
      const c = current.stock[d.id]?.[it.id] ?? 0;
      if (q === 0 && c === 0) continue;
      rows.push([d.id, d.nameZh, d.tier, d.countyCode, d.townshipCode, it.id, it.nameZh, it.unit, q, c, q - c]);
    }
  }
  for (const it of items) {
    const q = plan.contracted[it.id] ?? 0;
    const c = current.contracted[it.id] ?? 0;
    if (q > 0 || c > 0) rows.push(['contracted', '协议储备', 'contract', '', '', it.id, it.nameZh, it.unit, q, c, q - c]);
  }
  return toCsv(['depot_id', 'depot_zh', 'tier', 'county_code', 'township_code', 'item_id', 'item_zh', 'unit', 'plan_quantity', 'current_quantity', 'change'], rows);
}

/** The plan in the plan-file format (a YAML document `sim` reads back). */
export function planYaml(plan: Plan): string {
  return (
    `# sim plan file: physical stock by depot and item, contracted capacity by item, rescue teams, shelters.\n` +
    `# Depot ids are those of the region's holdings/depots.csv; quantities in the catalogue's units.\n` +
    stringify(
      {
        plan: plan.name,
        region: plan.region,
        note: plan.note,
        stock: plan.stock,
        contracted: plan.contracted,
        teams: plan.teams,
        shelters: plan.shelters,
      },
      { lineWidth: 0 },
    )
  );
}

export function planReport(s: SizingResult, evals: PlanEvaluation[], checks: PolicyCheck[], target: number | undefined, items: Item[], current: Plan, depots: Depot[]): string {
  const L: string[] = [];
  L.push('## The plan (linear programming, model.md §5)', '');
  L.push(s.scenarios.how, '');
  L.push(
    table(
      ['problem', 'status', 'annual cost (¥)', 'solver', 'variables', 'constraints', 'seconds'],
      s.problems.map((p) => [p.problem, p.status, Number.isFinite(p.cost) ? fmt(p.cost) : '–', p.attempts.map((a) => `${a.solver}: ${a.status}`).join('; '), fmt(p.variables), fmt(p.constraints), p.seconds.toFixed(2)]),
      true,
    ),
    '',
  );
  for (const p of s.problems) if (p.diagnosis) L.push(`**${p.problem} could not be sized.** ${p.diagnosis.join(' ')} The plan keeps the current holdings for this part.`, '');
  L.push(`Total annual cost of the plan: ¥${fmt(s.totalCost)}.`, '');
  L.push('### Stock by tier (plan vs current holdings)', '');
  const tier = new Map(depots.map((d) => [d.id, d.tier]));
  const tierOf = (plan: Plan, t: Depot['tier'], id: string) => {
    let q = 0;
    for (const [d, byItem] of Object.entries(plan.stock)) if (tier.get(d) === t) q += byItem[id] ?? 0;
    return q;
  };
  L.push(
    table(
      ['item', 'city', 'county', 'township', 'contracted', 'current total', 'gap'],
      items.map((it) => {
        const planTotal = tierOf(s.plan, 'city', it.id) + tierOf(s.plan, 'county', it.id) + tierOf(s.plan, 'township', it.id);
        const curTotal = Object.values(current.stock).reduce((a, d) => a + (d[it.id] ?? 0), 0);
        return [`${it.nameZh} (${it.unit})`, fmt(tierOf(s.plan, 'city', it.id)), fmt(tierOf(s.plan, 'county', it.id)), fmt(tierOf(s.plan, 'township', it.id)), fmt(s.plan.contracted[it.id] ?? 0), fmt(curTotal), fmt(planTotal - curTotal)];
      }),
      true,
    ),
    '',
    'Every depot: plan.csv. The plan as an editable plan file: plan.yaml.',
    '',
  );
  L.push('### How the plans perform on every simulated trial (model.md §5.4)', '');
  L.push(
    table(
      ['', ...evals.map((e) => e.plan)],
      [
        ['P(any item short)', ...evals.map((e) => `${pct(e.pAnyShortfall.p)} ± ${pct(e.pAnyShortfall.se)}`)],
        ['reliability (out of sample)', ...evals.map((e) => pct(e.reliability))],
        ['years with all phase-1 needs met within 10 h', ...evals.map((e) => pct(1 - e.pPhase1Shortfall.p))],
        ['phase-1 demand met within 10 h (by value, all years)', ...evals.map((e) => pct(e.phase1MetShareByCost))],
        ['P(shelter overflow)', ...evals.map((e) => pct(e.shelterOverflow.pAny))],
        ['shelter overflow, p95 (I / II / III)', ...evals.map((e) => SHELTER_CLASS_NAMES.map((k) => fmt(e.shelterOverflow[k].p95)).join(' / '))],
        ['still trapped at 72 h, mean / p95', ...evals.map((e) => `${fmt(e.unmetExtractions72h.mean)} / ${fmt(e.unmetExtractions72h.p95)}`)],
      ],
      true,
    ),
    '',
  );
  if (target !== undefined) {
    const e = evals[evals.length - 1];
    const gap = target - e.reliability;
    L.push(
      gap > 3 * e.pAnyShortfall.se
        ? `The sized plan's out-of-sample reliability ${pct(e.reliability)} falls short of the target ${pct(target)} by more than its Monte Carlo error (${pct(e.pAnyShortfall.se)}): the LP covers the kept scenarios up to the severity quantile, but some trials below that severity hit a township harder than any kept one did. Keep more scenarios (reservoir, optimize.maxScenarios) or raise the reliability.`
        : `Target reliability ${pct(target)}; out of sample ${pct(e.reliability)} ± ${pct(e.pAnyShortfall.se)}.`,
      '',
    );
  }
  L.push('### Unmet demand by item (largest event of the year)', '');
  L.push(
    table(
      ['item', ...evals.flatMap((e) => [`${e.plan}: phase 1 mean / p95`, `${e.plan}: later mean / p95`])],
      items.map((it) => [it.nameZh, ...evals.flatMap((e) => [`${fmt(e.items[it.id].unmetPhase1.mean)} / ${fmt(e.items[it.id].unmetPhase1.p95)}`, `${fmt(e.items[it.id].unmetLater.mean)} / ${fmt(e.items[it.id].unmetLater.p95)}`])]),
      true,
    ),
    '',
  );
  L.push('### Policy checks (sized plan)', '');
  L.push(table(['check', 'rule', 'plan', 'pass', 'source'], checks.map((c) => [c.check, c.rule, c.value, c.pass ? 'PASS' : 'FAIL', c.source]), true), '');
  return L.join('\n');
}
