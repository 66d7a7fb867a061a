/** sim compare outputs: every plan's cost and performance on the same trials, and paired differences against the baseline. Formatting only: the comparison and ranking come from plan/compare. */
import { relative } from 'node:path';
import type { Item } from '../demand/catalogue.js';
import type { ComparedPlan, Comparison, PlanRanking } from '../plan/compare.js';
import { SHELTER_CLASSES } from '../engine/layout.js';
import type { CompiledRun } from '../scenario/compile.js';
import { toCsv } from './csv.js';
import { fmt, pct, table } from './format.js';
import { SCHEMA_VERSION } from './summary.js';

export function comparisonCsv(plans: ComparedPlan[], ranking: PlanRanking, items: Item[]): string {
  const { order, frontier } = ranking;
  const header = [
    'rank',
    'plan',
    'file',
    'added_one_off_cny',
    'added_annual_cny',
    'total_annual_cny',
    'p_any_shortfall',
    'p_any_shortfall_se',
    'reliability',
    'p_phase1_shortfall',
    'phase1_met_share_by_value',
    ...items.flatMap((it) => [`unmet_phase1_${it.id}_mean`, `unmet_phase1_${it.id}_p95`, `unmet_later_${it.id}_mean`, `unmet_later_${it.id}_p95`]),
    'p_shelter_overflow',
    ...SHELTER_CLASSES.flatMap((c) => [`shelter_overflow_${c}_mean`, `shelter_overflow_${c}_p95`]),
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
      p.cost.added.oneOff,
      p.cost.added.annual,
      p.cost.total.annual,
      e.pAnyShortfall.p,
      e.pAnyShortfall.se,
      e.reliability,
      e.pPhase1Shortfall.p,
      e.phase1MetShareByCost,
      ...items.flatMap((it) => [e.items[it.id].unmetPhase1.mean, e.items[it.id].unmetPhase1.p95, e.items[it.id].unmetLater.mean, e.items[it.id].unmetLater.p95]),
      e.shelterOverflow.pAny,
      ...SHELTER_CLASSES.flatMap((c) => [e.shelterOverflow[c].mean, e.shelterOverflow[c].p95]),
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

export function comparisonMd(title: string, intro: string[], plans: ComparedPlan[], ranking: PlanRanking, items: Item[], baseline: string): string {
  const { order, frontier } = ranking;
  const L: string[] = [`# ${title}`, '', ...intro, ''];
  L.push('## Ranked (fewest years with a shortfall first, then cheaper)', '');
  L.push(
    table(
      ['rank', 'plan', 'added ¥ once', 'added ¥ a year', 'P(any item short)', 'reliability', 'P(shelter overflow)', 'trapped at 72 h (mean)', `vs ${baseline}: Δ P(short)`, 'on frontier'],
      order.map((q, r) => {
        const p = plans[q];
        const e = p.evaluation;
        const d = p.vsBaseline.pAnyShortfall;
        return [
          String(r + 1),
          p.name,
          fmt(p.cost.added.oneOff),
          fmt(p.cost.added.annual),
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
  const maxCost = Math.max(...plans.map((p) => p.cost.added.annual), 1);
  for (const q of [...plans.keys()].sort((a, b) => plans[a].cost.added.annual - plans[b].cost.added.annual)) {
    const p = plans[q];
    const bar = '█'.repeat(Math.max(1, Math.round((30 * Math.max(0, p.cost.added.annual)) / maxCost)));
    L.push(`    ${bar.padEnd(31)} +¥${fmt(p.cost.added.annual).padStart(13)}/yr  short in ${pct(p.evaluation.pAnyShortfall.p).padStart(7)} of years  ${p.name}${frontier[q] ? '  ◆ frontier' : ''}`);
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
  L.push('## Cost breakdown: what each plan adds over the current holdings (¥ once / ¥ a year)', '');
  const parts = ['stockpiles', 'contracts', 'teams', 'shelters'] as const;
  L.push(
    table(
      ['plan', ...parts, 'added', 'total ¥ a year'],
      plans.map((p) => [p.name, ...parts.map((k) => `${fmt(p.cost.byPart[k].added.oneOff)} / ${fmt(p.cost.byPart[k].added.annual)}`), `${fmt(p.cost.added.oneOff)} / ${fmt(p.cost.added.annual)}`, fmt(p.cost.total.annual)]),
      true,
    ),
    '',
  );
  return L.join('\n');
}

/** comparison.json: everything in `engine` depends on the machine; the rest is the same for the same scenario, seed and plans. */
export function comparisonJson(c: CompiledRun, cmp: Comparison): string {
  const { scenario, region } = c;
  const { plans, ranking, baseline, result } = cmp;
  const json = {
    schemaVersion: SCHEMA_VERSION,
    scenario: { name: scenario.name, file: relative(process.cwd(), scenario.file), seed: scenario.seed, trials: scenario.trials, region: region.name },
    engine: { ...result.engine, plansEvaluated: plans.length },
    baseline,
    method: 'every plan evaluated on every event of the same simulated trials (model.md §5.4); paired differences are this plan minus the baseline, trial by trial, with their standard errors',
    ranking: ranking.order.map((q) => plans[q].name),
    plans,
    parameters: scenario.optimize?.used ?? null,
  };
  return JSON.stringify(json, null, 2) + '\n';
}
