/** Plan outputs: plan.csv, plan.yaml and the report section. Formatting only: the evaluation, checks and verdicts come from plan/. */
import { Document, isMap, isScalar } from 'yaml';
import type { PlanCostSplit } from '../plan/cost.js';
import type { MoveLine, PurchaseLine, ShelterLine, TeamLine } from '../plan/lists.js';
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

/** The plan in the plan-file format (a YAML document `sim` reads back), each depot named in a comment. */
export function planYaml(plan: Plan, depots: Depot[] = []): string {
  const doc = new Document({ plan: plan.name, region: plan.region, note: plan.note, stock: plan.stock, contracted: plan.contracted, teams: plan.teams, shelters: plan.shelters });
  const byId = new Map(depots.map((d) => [d.id, d]));
  const stock = doc.get('stock', true);
  if (isMap(stock)) {
    for (const pair of stock.items) {
      const d = isScalar(pair.key) ? byId.get(String(pair.key.value)) : undefined;
      if (d && isScalar(pair.key)) pair.key.commentBefore = ` ${d.nameZh} ${d.nameEn} (${d.tier})`;
    }
  }
  return (
    `# sim plan file: physical stock by depot and item, contracted capacity by item, rescue teams, shelters.\n` +
    `# Depot ids are those of the region's holdings/depots.csv; quantities in the catalogue's units.\n` +
    doc.toString({ lineWidth: 0 })
  );
}

/** purchases.csv: what to buy at each depot (and contract), with its one-off and annual cost. */
export function purchasesCsv(lines: PurchaseLine[]): string {
  return toCsv(
    ['county_code', 'county_zh', 'tier', 'depot_id', 'depot_zh', 'depot_en', 'item_id', 'item_zh', 'unit', 'current', 'add', 'unit_cost_cny', 'one_off_cny', 'annual_cny'],
    lines.map((l) => [l.countyCode, l.countyZh, l.tier, l.depotId, l.depotZh, l.depotEn, l.item.id, l.item.nameZh, l.item.unit, l.current, l.add, l.unitCost, round2(l.oneOff), round2(l.annual)]),
  );
}

/** moves.csv (basis relocate): current stock moved between depots, with the transfer cost. */
export function movesCsv(lines: MoveLine[]): string {
  return toCsv(
    ['county_zh', 'from_depot_id', 'from_depot_zh', 'to_depot_id', 'to_depot_zh', 'item_id', 'item_zh', 'unit', 'quantity', 'road_km', 'one_off_cny'],
    lines.map((l) => [l.countyZh, l.fromId, l.fromZh, l.toId, l.toZh, l.item.id, l.item.nameZh, l.item.unit, l.quantity, round2(l.roadKm), round2(l.oneOff)]),
  );
}

/** teams-plan.csv: county teams (members) and township / village teams to form. */
export function teamsPlanCsv(lines: TeamLine[]): string {
  return toCsv(
    ['level', 'code', 'name_zh', 'county_zh', 'township_teams_current', 'township_teams_add', 'village_teams_current', 'village_teams_add', 'members_current', 'members_add', 'one_off_cny', 'annual_cny'],
    lines.map((l) => [l.level, l.code, l.nameZh, l.countyZh, l.currentTownshipTeams, l.addTownshipTeams, l.currentVillageTeams, l.addVillageTeams, l.currentMembers, l.addMembers, round2(l.oneOff), round2(l.annual)]),
  );
}

/** shelters-plan.csv: shelter places to build by county and class. */
export function sheltersPlanCsv(lines: ShelterLine[]): string {
  return toCsv(
    ['county_code', 'county_zh', 'class', 'shelters_current', 'shelters_add', 'places_current', 'places_add', 'area_add_m2', 'one_off_cny', 'annual_cny'],
    lines.map((l) => [l.countyCode, l.countyZh, l.shelterClass, l.currentCount, l.addCount, l.currentPlaces, l.addPlaces, round2(l.addM2), round2(l.oneOff), round2(l.annual)]),
  );
}

/** Counts (units, teams, places): whole numbers with thousands separators. */
function whole(v: number): string {
  return Math.round(v).toLocaleString('en-US');
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}

/** The one line a bureau reads first: what the plan adds, once and a year. */
export function addedCostLine(c: PlanCostSplit): string {
  return `This plan adds ¥${fmt(c.added.oneOff)} once and ¥${fmt(c.added.annual)} a year to the current holdings (which cost ¥${fmt(c.current.annual)} a year); ¥${fmt(c.total.annual)} a year in all.`;
}

export function planReport(sized: SizedPlan, items: Item[]): string {
  return [...costSection(sized), ...stockSection(sized, items), ...teamSection(sized), ...shelterSection(sized), ...performanceSection(sized, items), ...policySection(sized)].join('\n');
}

/** The heading, what the plan adds, how it was sized and what each part costs. */
function costSection(sized: SizedPlan): string[] {
  const { sizing: s } = sized;
  const L: string[] = [];
  L.push('## The plan (linear programming, model.md §5)', '');
  L.push(`**${addedCostLine(s.cost)}**`, '');
  L.push(s.scenarios.how, '');
  L.push(
    table(
      ['problem', 'status', 'added ¥ once', 'added ¥/yr', 'total ¥/yr', 'solver', 'variables', 'constraints', 'seconds'],
      s.problems.map((p) => [p.problem, p.status, p.added ? fmt(p.added.oneOff) : '–', p.added ? fmt(p.added.annual) : '–', Number.isFinite(p.cost) ? fmt(p.cost) : '–', p.attempts.map((a) => `${a.solver}: ${a.status}`).join('; '), fmt(p.variables), fmt(p.constraints), p.seconds.toFixed(2)]),
      true,
    ),
    '',
  );
  for (const p of s.problems) if (p.diagnosis) L.push(`**${p.problem} could not be sized.** ${p.diagnosis.join(' ')} The plan keeps the current holdings for this part.`, '');
  L.push(
    table(
      ['part', 'current ¥/yr', 'added ¥ once', 'added ¥/yr', 'total ¥/yr'],
      (['stockpiles', 'contracts', 'teams', 'shelters'] as const).map((k) => {
        const c = s.cost.byPart[k];
        return [k, whole(c.current.annual), whole(c.added.oneOff), whole(c.added.annual), whole(c.total.annual)];
      }),
      true,
    ),
    '',
  );
  return L;
}

/** Stock by tier, the purchase list's totals, and moves (basis relocate). */
function stockSection(sized: SizedPlan, items: Item[]): string[] {
  const { sizing: s, current, depots } = sized;
  const L: string[] = [];
  L.push('### Stock by tier (plan; added over current holdings)', '');
  const tier = new Map(depots.map((d) => [d.id, d.tier]));
  const tierOf = (plan: Plan, t: Depot['tier'], id: string) => {
    let q = 0;
    for (const [d, byItem] of Object.entries(plan.stock)) if (tier.get(d) === t) q += byItem[id] ?? 0;
    return q;
  };
  const added = new Map<string, number>();
  for (const l of sized.lists.purchases) if (l.tier !== 'contract') added.set(l.item.id, (added.get(l.item.id) ?? 0) + l.add);
  L.push(
    table(
      ['item', 'city', 'county', 'township', 'village', 'contracted', 'current total', 'added (purchases.csv)'],
      items.map((it) => {
        const curTotal = Object.values(current.stock).reduce((a, d) => a + (d[it.id] ?? 0), 0);
        return [`${it.nameZh} (${it.unit})`, ...(['city', 'county', 'township', 'village'] as const).map((t) => whole(tierOf(s.plan, t, it.id))), whole(s.plan.contracted[it.id] ?? 0), whole(curTotal), whole(added.get(it.id) ?? 0)];
      }),
      true,
    ),
    '',
    'What to buy where: purchases.csv. Every depot: plan.csv. The plan as an editable plan file: plan.yaml.',
    '',
  );
  if (sized.lists.moves.length > 0) {
    const units = sized.lists.moves.reduce((a, m) => a + m.quantity, 0);
    const cost = sized.lists.moves.reduce((a, m) => a + m.oneOff, 0);
    L.push(`Current stock moved between depots (basis relocate): ${sized.lists.moves.length} moves, ${whole(units)} units in all, ¥${whole(cost)} once; each move in moves.csv.`, '');
  }
  return L;
}

/** Teams by county: planned and added. */
function teamSection(sized: SizedPlan): string[] {
  const L: string[] = [];
  L.push('### Rescue teams (plan; added over current)', '');
  const byCounty = new Map<string, { t: number; at: number; v: number; av: number; m: number; am: number }>();
  for (const l of sized.lists.teams) {
    const e = byCounty.get(l.countyZh) ?? { t: 0, at: 0, v: 0, av: 0, m: 0, am: 0 };
    e.t += l.currentTownshipTeams ?? 0;
    e.at += l.addTownshipTeams ?? 0;
    e.v += l.currentVillageTeams ?? 0;
    e.av += l.addVillageTeams ?? 0;
    e.m += l.currentMembers;
    e.am += l.addMembers;
    byCounty.set(l.countyZh, e);
  }
  L.push(
    table(
      ['county', '30-person township teams', 'added', '10-person village teams', 'added', 'members', 'added'],
      [...byCounty].map(([c, e]) => [c, whole(e.t + e.at), whole(e.at), whole(e.v + e.av), whole(e.av), whole(e.m + e.am), whole(e.am)]),
      true,
    ),
    '',
    'By township: teams-plan.csv.',
    '',
  );
  return L;
}

/** Shelter places by county and class: planned and added. */
function shelterSection(sized: SizedPlan): string[] {
  const L: string[] = [];
  L.push('### Shelter places (plan; added over current)', '');
  L.push(
    table(
      ['county', 'class', 'shelters', 'added', 'places', 'added', 'added m²'],
      sized.lists.shelters.map((l) => [l.countyZh || l.countyCode, l.shelterClass, whole(l.currentCount + l.addCount), whole(l.addCount), whole(l.currentPlaces + l.addPlaces), whole(l.addPlaces), whole(l.addM2)]),
      true,
    ),
    '',
    'Also in shelters-plan.csv.',
    '',
  );
  return L;
}

/** How current holdings and the plan perform on every trial, the target, unmet demand by item. */
function performanceSection(sized: SizedPlan, items: Item[]): string[] {
  const { evaluations: evals, target } = sized;
  const L: string[] = [];
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
  return L;
}

/** Every policy check, current and planned. */
function policySection(sized: SizedPlan): string[] {
  const { checks } = sized;
  const L: string[] = [];
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
  return L;
}
