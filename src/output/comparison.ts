/** sim compare outputs: every plan's cost and performance on the same trials, and paired differences against the baseline. Formatting only: the comparison and ranking come from plan/compare. */
import { relative } from 'node:path';
import type { Item } from '../demand/catalogue.js';
import type { ComparedPlan, Comparison, PlanRanking } from '../plan/compare.js';
import { SHELTER_CLASSES } from '../engine/layout.js';
import type { CompiledRun } from '../scenario/compile.js';
import { toCsv } from './csv.js';
import { fmt, pct, table } from './format.js';
import { SCHEMA_VERSION } from './summary.js';
import { DEFAULT_LANG, tr, type Lang, type Msg } from '../core/i18n.js';
import { PART } from './i18n/common.js';
import { COMPARISON as C } from './i18n/report.js';

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

export function comparisonTitle(lang: Lang, scenario: string): string {
  return tr(lang, C.title, { scenario });
}

/** The two paragraphs under the title. */
export function comparisonIntro(lang: Lang, v: { scenario: string; trials: string; seed: string; nameZh: string; name: string; baseline: string }): string[] {
  return [tr(lang, C.intro1, v), tr(lang, C.intro2, v)];
}

export function comparisonMd(title: string, intro: string[], plans: ComparedPlan[], ranking: PlanRanking, items: Item[], baseline: string, lang: Lang = DEFAULT_LANG): string {
  const t = (m: Msg, v?: Record<string, string | number>) => tr(lang, m, v);
  const { order, frontier } = ranking;
  const L: string[] = [`# ${title}`, '', ...intro, ''];
  L.push(t(C.rankedHead), '');
  L.push(
    table(
      [t(C.rank), t(C.plan), t(C.addedOnce), t(C.addedYear), t(C.pShort), t(C.reliability), t(C.pOverflow), t(C.trapped72), t(C.vsBaseline, { baseline }), t(C.onFrontier)],
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
          q === 0 ? t(C.baseline) : `${d.mean >= 0 ? '+' : ''}${(100 * d.mean).toFixed(2)} ${t(C.pp)} ± ${(100 * d.se).toFixed(2)}${d.distinguishable ? '' : t(C.notDistinguishable)}`,
          frontier[q] ? t(C.yes) : '',
        ];
      }),
      true,
    ),
    '',
  );
  L.push(t(C.frontierHead), '');
  L.push(t(C.frontierText), '');
  const maxCost = Math.max(...plans.map((p) => p.cost.added.annual), 1);
  for (const q of [...plans.keys()].sort((a, b) => plans[a].cost.added.annual - plans[b].cost.added.annual)) {
    const p = plans[q];
    const bar = '█'.repeat(Math.max(1, Math.round((30 * Math.max(0, p.cost.added.annual)) / maxCost)));
    L.push(`    ${bar.padEnd(31)} ${t(C.bar, { cost: fmt(p.cost.added.annual).padStart(13), p: pct(p.evaluation.pAnyShortfall.p).padStart(7), plan: p.name, frontier: frontier[q] ? t(C.frontierMark) : '' })}`);
  }
  L.push('');
  L.push(t(C.pairedHead, { baseline }), '');
  L.push(t(C.pairedText), '');
  const itemName = (it: Item) => (lang === 'en' ? it.id : it.nameZh);
  const keys: [string, string][] = [
    ['pAnyShortfall', t(C.mPAnyShortfall)],
    ...items.map((it): [string, string] => [`unmetPhase1.${it.id}`, t(C.mUnmetPhase1, { item: itemName(it) })]),
    ...items.map((it): [string, string] => [`unmetLater.${it.id}`, t(C.mUnmetLater, { item: itemName(it) })]),
    ['shelterOverflow.III', t(C.mOverflowIII)],
    ['unmetExtractions72h', t(C.mUnmet72)],
    ['rescueSurvivors', t(C.mSurvivors)],
  ];
  L.push(
    table(
      [t(C.metric), ...order.map((q) => plans[q].name)],
      keys.map(([k, shown]) => [shown, ...order.map((q) => {
        const d = plans[q].vsBaseline[k];
        return d.mean === 0 && d.se === 0 ? '0' : `${fmt(d.mean, Math.abs(d.mean) < 1 ? 4 : 0)} ± ${fmt(d.se, d.se < 1 ? 4 : 0)}${d.distinguishable ? ` ${t(C.yes)}` : ''}`;
      })]),
      true,
    ),
    '',
  );
  L.push(t(C.costHead), '');
  const parts = ['stockpiles', 'contracts', 'teams', 'shelters'] as const;
  L.push(
    table(
      [t(C.plan), ...parts.map((k) => t(PART[k])), t(C.added), t(C.totalYear)],
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
    method: 'every plan evaluated on every event of the same simulated trials (docs/model.md §5.4); paired differences are this plan minus the baseline, trial by trial, with their standard errors',
    ranking: ranking.order.map((q) => plans[q].name),
    plans,
    parameters: scenario.optimize?.used ?? null,
  };
  return JSON.stringify(json, null, 2) + '\n';
}
