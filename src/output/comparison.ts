/** sim compare outputs: every plan's cost and performance on the same trials, and paired differences against the baseline. */
import type { Item } from '../demand/catalogue.js';
import type { RunResult } from '../engine/run.js';
import { planMetricLayout } from '../plan/evaluate.js';
import { diffSlot } from '../plan/observer.js';
import type { PlanCost } from '../plan/cost.js';
import { SHELTER_CLASS_NAMES } from '../plan/types.js';
import { toCsv } from './csv.js';
import { fmt, pct, table } from './format.js';
import { evaluationOf, type PlanEvaluation } from './plan-output.js';

const Z95 = 1.959963984540054;

export interface PairedDifference {
  mean: number;
  se: number;
  /** |mean| > 1.96 s.e.: the plans differ beyond Monte Carlo noise (95 %). */
  distinguishable: boolean;
}

export interface ComparedPlan {
  name: string;
  file: string;
  cost: PlanCost;
  evaluation: PlanEvaluation;
  /** Against the baseline, trial by trial: this plan minus the baseline. */
  vsBaseline: Record<string, PairedDifference>;
}

export function comparePlans(r: RunResult, names: string[], files: string[], costs: PlanCost[], items: Item[]): ComparedPlan[] {
  const L = planMetricLayout(items.length);
  const l = r.layout;
  const n = r.acc.trials;
  const diff = (q: number, k: number): PairedDifference => {
    const idx = diffSlot(l, q, k);
    const sum = r.acc.sum(idx);
    const mean = sum / n;
    const variance = n > 1 ? Math.max(0, (r.acc.sumSq(idx) - n * mean * mean) / (n - 1)) : 0;
    const se = Math.sqrt(variance / n);
    return { mean, se, distinguishable: se > 0 ? Math.abs(mean) > Z95 * se : mean !== 0 };
  };
  return names.map((name, q) => {
    const vs: Record<string, PairedDifference> = { pAnyShortfall: diff(q, L.anyShortfall), pPhase1Shortfall: diff(q, L.anyShortfallPhase1) };
    items.forEach((it, i) => {
      vs[`unmetPhase1.${it.id}`] = diff(q, L.unmetPhase1 + i);
      vs[`unmetLater.${it.id}`] = diff(q, L.unmetLater + i);
    });
    SHELTER_CLASS_NAMES.forEach((c, k) => (vs[`shelterOverflow.${c}`] = diff(q, L.shelterOverflow + k)));
    vs.unmetExtractions72h = diff(q, L.rescueUnmet);
    vs.rescueSurvivors = diff(q, L.rescueSurvivors);
    return { name, file: files[q], cost: costs[q], evaluation: evaluationOf(r, q, name, items), vsBaseline: vs };
  });
}

/** Plans ranked: most reliable first, then cheaper; and which are on the cost–shortfall frontier. */
export function rank(plans: ComparedPlan[]): { order: number[]; frontier: boolean[] } {
  const order = plans.map((_, i) => i).sort((a, b) => plans[a].evaluation.pAnyShortfall.p - plans[b].evaluation.pAnyShortfall.p || plans[a].cost.total - plans[b].cost.total);
  const frontier = plans.map((p, i) =>
    !plans.some((o, j) => j !== i && o.cost.total <= p.cost.total && o.evaluation.pAnyShortfall.p <= p.evaluation.pAnyShortfall.p && (o.cost.total < p.cost.total || o.evaluation.pAnyShortfall.p < p.evaluation.pAnyShortfall.p)),
  );
  return { order, frontier };
}

export function comparisonCsv(plans: ComparedPlan[], items: Item[]): string {
  const { order, frontier } = rank(plans);
  const header = [
    'rank',
    'plan',
    'file',
    'annual_cost_cny',
    'p_any_shortfall',
    'p_any_shortfall_se',
    'reliability',
    'p_phase1_shortfall',
    'phase1_met_share_by_value',
    ...items.flatMap((it) => [`unmet_phase1_${it.id}_mean`, `unmet_phase1_${it.id}_p95`, `unmet_later_${it.id}_mean`, `unmet_later_${it.id}_p95`]),
    'p_shelter_overflow',
    ...SHELTER_CLASS_NAMES.flatMap((c) => [`shelter_overflow_${c}_mean`, `shelter_overflow_${c}_p95`]),
    'unmet_extractions_72h_mean',
    'expected_trapped_survivors',
    'diff_p_any_shortfall',
    'diff_p_any_shortfall_se',
    'diff_distinguishable',
    'on_cost_shortfall_frontier',
  ];
  const rows = order.map((q, r) => {
    const p = plans[q];
    const e = p.evaluation;
    const d = p.vsBaseline.pAnyShortfall;
    return [
      r + 1,
      p.name,
      p.file,
      p.cost.total,
      e.pAnyShortfall.p,
      e.pAnyShortfall.se,
      e.reliability,
      e.pPhase1Shortfall.p,
      e.phase1MetShareByCost,
      ...items.flatMap((it) => [e.items[it.id].unmetPhase1.mean, e.items[it.id].unmetPhase1.p95, e.items[it.id].unmetLater.mean, e.items[it.id].unmetLater.p95]),
      e.shelterOverflow.pAny,
      ...SHELTER_CLASS_NAMES.flatMap((c) => [e.shelterOverflow[c].mean, e.shelterOverflow[c].p95]),
      e.unmetExtractions72h.mean,
      e.rescueSurvivors.mean,
      d.mean,
      d.se,
      d.distinguishable ? 'yes' : 'no',
      frontier[q] ? 'yes' : 'no',
    ];
  });
  return toCsv(header, rows);
}

export function comparisonMd(title: string, intro: string[], plans: ComparedPlan[], items: Item[], baseline: string): string {
  const { order, frontier } = rank(plans);
  const L: string[] = [`# ${title}`, '', ...intro, ''];
  L.push('## Ranked (fewest years with a shortfall first, then cheaper)', '');
  L.push(
    table(
      ['rank', 'plan', 'annual cost ¥', 'P(any item short)', 'reliability', 'P(shelter overflow)', 'trapped at 72 h (mean)', `vs ${baseline}: Δ P(short)`, 'on frontier'],
      order.map((q, r) => {
        const p = plans[q];
        const e = p.evaluation;
        const d = p.vsBaseline.pAnyShortfall;
        return [
          String(r + 1),
          p.name,
          fmt(p.cost.total),
          `${pct(e.pAnyShortfall.p)} ± ${pct(e.pAnyShortfall.se)}`,
          pct(e.reliability),
          pct(e.shelterOverflow.pAny),
          fmt(e.unmetExtractions72h.mean),
          q === 0 ? 'baseline' : `${d.mean >= 0 ? '+' : ''}${(100 * d.mean).toFixed(2)} pp ± ${(100 * d.se).toFixed(2)}${d.distinguishable ? '' : ' (not distinguishable)'}`,
          frontier[q] ? 'yes' : '',
        ];
      }),
      true,
    ),
    '',
  );
  L.push('## Cost against shortfall', '');
  L.push('A plan is on the frontier when no other plan is both cheaper (or as cheap) and short in fewer years. Plans off the frontier cost more for the same or worse protection.', '');
  const maxCost = Math.max(...plans.map((p) => p.cost.total), 1);
  for (const q of [...plans.keys()].sort((a, b) => plans[a].cost.total - plans[b].cost.total)) {
    const p = plans[q];
    const bar = '█'.repeat(Math.max(1, Math.round((30 * p.cost.total) / maxCost)));
    L.push(`    ${bar.padEnd(31)} ¥${fmt(p.cost.total).padStart(14)}  short in ${pct(p.evaluation.pAnyShortfall.p).padStart(7)} of years  ${p.name}${frontier[q] ? '  ◆ frontier' : ''}`);
  }
  L.push('');
  L.push(`## Paired differences against ${baseline}`, '');
  L.push('Every plan was evaluated on the same simulated disasters, so differences are computed trial by trial: the standard errors are those of the differences, much smaller than of either plan alone. "yes" = the difference exceeds 1.96 standard errors.', '');
  const keys = ['pAnyShortfall', ...items.map((it) => `unmetPhase1.${it.id}`), ...items.map((it) => `unmetLater.${it.id}`), 'shelterOverflow.III', 'unmetExtractions72h', 'rescueSurvivors'];
  L.push(
    table(
      ['metric', ...order.map((q) => plans[q].name)],
      keys.map((k) => [k, ...order.map((q) => {
        const d = plans[q].vsBaseline[k];
        return d.mean === 0 && d.se === 0 ? '0' : `${fmt(d.mean, Math.abs(d.mean) < 1 ? 4 : 0)} ± ${fmt(d.se, d.se < 1 ? 4 : 0)}${d.distinguishable ? ' yes' : ''}`;
      })]),
      true,
    ),
    '',
  );
  L.push('## Cost breakdown (¥ a year)', '');
  L.push(table(['plan', 'stock holding', 'contracts', 'teams', 'shelters', 'total'], plans.map((p) => [p.name, fmt(p.cost.stockpiles), fmt(p.cost.contracts), fmt(p.cost.teams), fmt(p.cost.shelters), fmt(p.cost.total)]), true), '');
  return L.join('\n');
}
