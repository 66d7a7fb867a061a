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
import { DEFAULT_LANG, tr, type Lang, type Msg } from '../core/i18n.js';
import { PART, TIER, UNIT } from './i18n/common.js';
import { BIND, PLAN as P } from './i18n/report.js';

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
export function addedCostLine(c: PlanCostSplit, lang: Lang = 'en'): string {
  return tr(lang, P.addedCost, { oneOff: fmt(c.added.oneOff), annual: fmt(c.added.annual), current: fmt(c.current.annual), total: fmt(c.total.annual) });
}

type T = (m: Msg, v?: Record<string, string | number>) => string;

export function planReport(sized: SizedPlan, items: Item[], lang: Lang = DEFAULT_LANG): string {
  const t: T = (m, v) => tr(lang, m, v);
  return [...costSection(sized, lang, t), ...stockSection(sized, items, lang, t), ...teamSection(sized, t), ...shelterSection(sized, lang, t), ...performanceSection(sized, items, lang, t), ...policySection(sized, lang, t)].join('\n');
}

/** A part or problem name (stockpiles, teams, …) in the report's language. */
function partName(k: string, lang: Lang): string {
  return PART[k] ? tr(lang, PART[k]) : k;
}

function statusName(st: string, t: T): string {
  return st === 'optimal' || st === 'infeasible' || st === 'failed' ? t(P[st]) : st;
}

/** How the LP trials were chosen: the plan's own sentence in English, built from its numbers in Chinese. */
function howText(sized: SizedPlan, lang: Lang, t: T): string {
  const sc = sized.sizing.scenarios;
  if (lang === 'en') return sc.how;
  if (sized.summary.mode === 'reliability' && sc.sizingQuantile !== undefined && sc.severityQuantile !== undefined)
    return t(P.howReliability, { reliability: sized.target?.reliability ?? '', q: Number(sc.sizingQuantile.toFixed(4)), severity: Math.round(sc.severityQuantile), eligible: sc.eligible ?? sc.used, used: sc.used, kept: sc.kept });
  return t(P.howPenalty, { kept: sc.kept, used: sc.used });
}

/** The heading, what the plan adds, how it was sized and what each part costs. */
function costSection(sized: SizedPlan, lang: Lang, t: T): string[] {
  const { sizing: s } = sized;
  const L: string[] = [];
  L.push(t(P.head), '');
  L.push(`**${addedCostLine(s.cost, lang)}**`, '');
  L.push(howText(sized, lang, t), '');
  L.push(
    table(
      [P.problem, P.status, P.addedOnce, P.addedYr, P.totalYr, P.solver, P.variables, P.constraints, P.seconds].map((m) => t(m)),
      s.problems.map((p) => [partName(p.problem, lang), statusName(p.status, t), p.added ? fmt(p.added.oneOff) : '–', p.added ? fmt(p.added.annual) : '–', Number.isFinite(p.cost) ? fmt(p.cost) : '–', p.attempts.map((a) => `${a.solver}: ${statusName(a.status, t)}`).join(lang === 'zh' ? '；' : '; '), fmt(p.variables), fmt(p.constraints), p.seconds.toFixed(2)]),
      true,
    ),
    '',
  );
  for (const p of s.problems) {
    if (!p.diagnosis) continue;
    if (lang === 'en') L.push(`**${p.problem} could not be sized.** ${p.diagnosis.join(' ')} The plan keeps the current holdings for this part.`, '');
    else L.push(t(P.notSized, { problem: partName(p.problem, lang), id: p.problem }), '');
  }
  L.push(
    table(
      [P.part, P.currentYr, P.addedOnce, P.addedYr, P.totalYr].map((m) => t(m)),
      (['stockpiles', 'contracts', 'teams', 'shelters'] as const).map((k) => {
        const c = s.cost.byPart[k];
        return [partName(k, lang), whole(c.current.annual), whole(c.added.oneOff), whole(c.added.annual), whole(c.total.annual)];
      }),
      true,
    ),
    '',
  );
  return L;
}

/** Stock by tier, the purchase list's totals, and moves (basis relocate). */
function stockSection(sized: SizedPlan, items: Item[], lang: Lang, t: T): string[] {
  const { sizing: s, current, depots } = sized;
  const L: string[] = [];
  L.push(t(P.stockHead), '');
  const tier = new Map(depots.map((d) => [d.id, d.tier]));
  const tierOf = (plan: Plan, tr_: Depot['tier'], id: string) => {
    let q = 0;
    for (const [d, byItem] of Object.entries(plan.stock)) if (tier.get(d) === tr_) q += byItem[id] ?? 0;
    return q;
  };
  const added = new Map<string, number>();
  for (const l of sized.lists.purchases) if (l.tier !== 'contract') added.set(l.item.id, (added.get(l.item.id) ?? 0) + l.add);
  const tiers = ['city', 'county', 'township', 'village'] as const;
  L.push(
    table(
      [t(P.item), ...tiers.map((k) => t(TIER[k])), t(P.contracted), t(P.currentTotal), t(P.addedPurchases)],
      items.map((it) => {
        const curTotal = Object.values(current.stock).reduce((a, d) => a + (d[it.id] ?? 0), 0);
        const unit = UNIT[it.unit] ? tr(lang, UNIT[it.unit]) : it.unit;
        return [lang === 'zh' ? `${it.nameZh}（${unit}）` : `${it.nameZh} (${unit})`, ...tiers.map((k) => whole(tierOf(s.plan, k, it.id))), whole(s.plan.contracted[it.id] ?? 0), whole(curTotal), whole(added.get(it.id) ?? 0)];
      }),
      true,
    ),
    '',
    t(P.whereFiles),
    '',
  );
  if (sized.lists.moves.length > 0) {
    const units = sized.lists.moves.reduce((a, m) => a + m.quantity, 0);
    const cost = sized.lists.moves.reduce((a, m) => a + m.oneOff, 0);
    L.push(t(P.moves, { n: sized.lists.moves.length, units: whole(units), cost: whole(cost) }), '');
  }
  return L;
}

/** Teams by county: planned and added. */
function teamSection(sized: SizedPlan, t: T): string[] {
  const L: string[] = [];
  L.push(t(P.teamsHead), '');
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
      [P.county, P.townshipTeams, P.added, P.villageTeams, P.added, P.members, P.added].map((m) => t(m)),
      [...byCounty].map(([c, e]) => [c, whole(e.t + e.at), whole(e.at), whole(e.v + e.av), whole(e.av), whole(e.m + e.am), whole(e.am)]),
      true,
    ),
    '',
    t(P.byTownship),
    '',
  );
  return L;
}

/** Shelter places by county and class: planned and added. */
function shelterSection(sized: SizedPlan, lang: Lang, t: T): string[] {
  const L: string[] = [];
  L.push(t(P.sheltersHead), '');
  L.push(
    table(
      [P.county, P.shelterClass, P.shelters, P.added, P.places, P.added, P.addedM2].map((m) => t(m)),
      sized.lists.shelters.map((l) => [l.countyZh || l.countyCode, lang === 'zh' ? `${l.shelterClass}类` : l.shelterClass, whole(l.currentCount + l.addCount), whole(l.addCount), whole(l.currentPlaces + l.addPlaces), whole(l.addPlaces), whole(l.addM2)]),
      true,
    ),
    '',
    t(P.alsoShelters),
    '',
  );
  return L;
}

/** A plan's name as the report shows it: the built-in two in the report's language. */
function planName(name: string, lang: Lang): string {
  if (lang !== 'zh') return name;
  return name === 'current holdings' ? '现有储备' : name === 'LP plan' ? '线性规划方案' : name;
}

/** How current holdings and the plan perform on every trial, the target, unmet demand by item. */
function performanceSection(sized: SizedPlan, items: Item[], lang: Lang, t: T): string[] {
  const { evaluations: evals, target } = sized;
  const L: string[] = [];
  L.push(t(P.perfHead), '');
  L.push(
    table(
      ['', ...evals.map((e) => planName(e.plan, lang))],
      [
        [t(P.pShort), ...evals.map((e) => `${pct(e.pAnyShortfall.p)} ± ${pct(e.pAnyShortfall.se)}`)],
        [t(P.reliability), ...evals.map((e) => pct(e.reliability))],
        [t(P.phase1Years), ...evals.map((e) => pct(1 - e.pPhase1Shortfall.p))],
        [t(P.phase1Value), ...evals.map((e) => pct(e.phase1MetShareByCost))],
        [t(P.pOverflow), ...evals.map((e) => pct(e.shelterOverflow.pAny))],
        [t(P.overflowP95), ...evals.map((e) => SHELTER_CLASSES.map((k) => fmt(e.shelterOverflow[k].p95)).join(' / '))],
        [t(P.trapped72), ...evals.map((e) => `${fmt(e.unmetExtractions72h.mean)} / ${fmt(e.unmetExtractions72h.p95)}`)],
      ],
      true,
    ),
    '',
  );
  if (target !== undefined) {
    const e = evals[1]; // the sized plan
    const miss = sized.targetMiss;
    if (miss) {
      L.push(t(P.missLead, { reliability: pct(miss.reliability), target: pct(miss.target), se: pct(miss.se) }), '');
      const bindText = (b: (typeof miss.binds)[number]) =>
        lang === 'en' ? b.text : t(BIND[b.kind], { q: b.sizingQuantile ?? '', where: b.where ?? '', amount: b.amount === null ? '' : b.unit === '¥/year' ? fmt(b.amount) : String(b.amount) });
      L.push(t(P.whatBinds), '', ...miss.binds.map((b) => `- ${bindText(b)}`), '');
      if (miss.fixes.length > 0) L.push(t(P.whatFixes), '', ...(lang === 'en' ? miss.fixes.map((f) => `- ${f}`) : [t(P.fixesZh, { n: miss.fixes.length })]), '');
    } else L.push(t(P.targetMet, { target: pct(target.reliability), reliability: pct(e.reliability), se: pct(e.pAnyShortfall.se) }), '');
  }
  L.push(t(P.unmetHead), '');
  L.push(
    table(
      [t(P.item), ...evals.flatMap((e) => [t(P.unmetPhase1, { plan: planName(e.plan, lang) }), t(P.unmetLater, { plan: planName(e.plan, lang) })])],
      items.map((it) => [it.nameZh, ...evals.flatMap((e) => [`${fmt(e.items[it.id].unmetPhase1.mean)} / ${fmt(e.items[it.id].unmetPhase1.p95)}`, `${fmt(e.items[it.id].unmetLater.mean)} / ${fmt(e.items[it.id].unmetLater.p95)}`])]),
      true,
    ),
    '',
  );
  return L;
}

/** Every policy check, current and planned. */
function policySection(sized: SizedPlan, lang: Lang, t: T): string[] {
  const checks = lang === 'zh' && sized.checksZh ? sized.checksZh : sized.checks;
  const L: string[] = [];
  L.push(t(P.policyHead), '');
  const mark = (x: PolicyCheck['status']) => t(x === 'no data' ? P.noData : x === 'pass' ? P.pass : P.fail);
  L.push(
    table(
      [P.check, P.rule, P.currentHoldings, P.sizedPlan, P.verdict, P.source].map((m) => t(m)),
      checks.map((c) => [c.check, c.rule, c.currentStatus === 'no data' ? c.current : lang === 'zh' ? `${c.current}（${mark(c.currentStatus)}）` : `${c.current} (${mark(c.currentStatus)})`, c.planned, mark(c.status), c.source]),
      true,
    ),
    '',
    t(P.noDataNote),
    '',
  );
  return L;
}
