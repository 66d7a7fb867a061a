/** Plan outputs: plan.csv, plan.yaml and the report section. Formatting only: the evaluation, checks and verdicts come from plan/. */
import { stringify } from 'yaml';
import type { Item } from '../demand/catalogue.js';
import type { SizedPlan } from '../plan/pipeline.js';
import { SHELTER_CLASSES } from '../engine/layout.js';
import type { PolicyCheck } from '../plan/policy.js';
import type { Depot, Plan } from '../plan/types.js';
import { toCsv } from './csv.js';
import { fmt, pct, table } from './format.js';

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

export function planReport(sized: SizedPlan, items: Item[]): string {
  const { sizing: s, evaluations: evals, checks, target, current, depots } = sized;
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
        ['shelter overflow, p95 (I / II / III)', ...evals.map((e) => SHELTER_CLASSES.map((k) => fmt(e.shelterOverflow[k].p95)).join(' / '))],
        ['still trapped at 72 h, mean / p95', ...evals.map((e) => `${fmt(e.unmetExtractions72h.mean)} / ${fmt(e.unmetExtractions72h.p95)}`)],
      ],
      true,
    ),
    '',
  );
  if (target !== undefined) {
    const e = evals[1]; // the sized plan
    const miss = sized.targetMiss;
    if (miss) {
      L.push(`The sized plan's out-of-sample reliability ${pct(miss.reliability)} falls short of the target ${pct(miss.target)} by more than its Monte Carlo error (${pct(miss.se)}).`, '');
      L.push('What binds:', '', ...miss.binds.map((b) => `- ${b.text}`), '');
      if (miss.fixes.length > 0) L.push('What would fix it:', '', ...miss.fixes.map((f) => `- ${f}`), '');
    } else L.push(`Target reliability ${pct(target.reliability)}; out of sample ${pct(e.reliability)} ± ${pct(e.pAnyShortfall.se)}.`, '');
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
  L.push('### Policy checks (current holdings and sized plan)', '');
  const mark = (x: PolicyCheck['status']) => (x === 'no data' ? 'no data' : x.toUpperCase());
  L.push(
    table(
      ['check', 'rule', 'current holdings', 'sized plan', 'plan verdict', 'source'],
      checks.map((c) => [c.check, c.rule, c.currentStatus === 'no data' ? c.current : `${c.current} (${mark(c.currentStatus)})`, c.planned, mark(c.status), c.source]),
      true,
    ),
    '',
    '"no data": the dataset cannot support the check; it is never counted as a pass.',
    '',
  );
  return L.join('\n');
}
