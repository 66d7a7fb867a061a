/**
 * Whether current holdings and a sized plan meet the targets of the source
 * plans (../shared/seeds, summarised in plans-digest.md): teams, rescue and
 * reserve stations, county warehouses, shelters, 10-hour relief, loss as a
 * share of GDP. Each check names the seed file, section and line it rests on.
 * A check the data cannot support says "no data", never pass. The rule and
 * value texts are part of the verdict written to summary.json, so they are
 * built here with core/format's pure number formatting.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Item } from '../demand/catalogue.js';
import { fmt, pct } from '../core/format.js';
import { tr, type Lang, type Msg } from '../core/i18n.js';
import type { Region } from '../region/types.js';
import type { PlanEvaluation } from './evaluation.js';
import type { PlanParams } from './params.js';
import { SHELTER_CLASS_NAMES, type Depot, type Plan } from './types.js';

export type CheckStatus = 'pass' | 'fail' | 'no data';

export interface PolicyCheck {
  check: string;
  rule: string;
  /** Seed file, section and line the rule comes from. */
  source: string;
  /** Current holdings against the rule, and their verdict. */
  current: string;
  currentStatus: CheckStatus;
  /** The sized plan against the rule, and its verdict (the one the summary counts). */
  planned: string;
  status: CheckStatus;
}

/**
 * Targets the seeds set that have no planning parameter (the sizing LPs do not use them), each with
 * its place in the seed. Line numbers are those of ../shared/seeds/<file>.
 */
export const SEED_TARGETS = {
  /** 004 §3.9 (line 197): 完成70%以上镇街应急救援站. */
  rescueStationShare: 0.7,
  /** 001 §13 (line 19): 组建一支不少于35人的综合应急救援队伍. */
  countyTeamMembers: 35,
  /** 003 §2(3) 应急救援 (line 20): 2-3支不少于100人的专(兼)职应急救援队伍. */
  professionalTeams: { teams: 2, members: 100 },
  /** 004 §2(5).2 (line 171): 至少建成10支市级专业救援队伍. */
  municipalProfessionalTeams: 10,
} as const;

const SRC = {
  teams004: { en: 'seed 004 §3.9, line 197 (Weihai 2024 work plan)', zh: '种子文件 004 §3.9，第197行（威海市2024年工作方案）' },
  everyTownship: {
    en: 'seed 001 §13, line 19 (Yueyang County 2021 plan: 督导乡镇组建一支不少于30人的应急救援队伍); seed 003 §2(3) 应急救援 target (3), line 20 (乡镇(街道)专(兼)职救援力量覆盖率达到100%)',
    zh: '种子文件 001 §13，第19行（岳阳县2021年方案：督导乡镇组建一支不少于30人的应急救援队伍）；种子文件 003 §2(3) 应急救援目标(3)，第20行（乡镇(街道)专(兼)职救援力量覆盖率达到100%）',
  },
  countyTeam: { en: 'seed 001 §13, line 19 (Yueyang County 2021 plan)', zh: '种子文件 001 §13，第19行（岳阳县2021年方案）' },
  professional003: { en: 'seed 003 §2(3) 应急救援, line 20 (city 14th Five-Year plan)', zh: '种子文件 003 §2(3) 应急救援，第20行（市“十四五”规划）' },
  professional004: { en: 'seed 004 §2(5).2, line 171 (Weihai 2024 work plan)', zh: '种子文件 004 §2(5).2，第171行（威海市2024年工作方案）' },
  reserveStations: {
    en: 'seed 004 §3.10, line 199 (镇街应急物资储备站全覆盖); seed 001 §11, line 17 (县、乡镇、社区(村)三级应急物资保障体系)',
    zh: '种子文件 004 §3.10，第199行（镇街应急物资储备站全覆盖）；种子文件 001 §11，第17行（县、乡镇、社区(村)三级应急物资保障体系）',
  },
  warehouse: { en: 'seed 003 §2(3) 防灾减灾救灾, line 20; 建标121-2009 (M)', zh: '种子文件 003 §2(3) 防灾减灾救灾，第20行；建标121-2009（M）' },
  shelters: { en: 'seed 003 §2(3) 防灾减灾救灾, line 20', zh: '种子文件 003 §2(3) 防灾减灾救灾，第20行' },
  tenHours: {
    en: 'seed 003 §2(3) 应急救援 target (4), line 20 (受灾人员基本生活得到有效救助时间缩短至10小时以内)',
    zh: '种子文件 003 §2(3) 应急救援目标(4)，第20行（受灾人员基本生活得到有效救助时间缩短至10小时以内）',
  },
  lossGdp: {
    en: 'seed 003 §2(3) 防灾减灾救灾 target (1), line 20 (年均因自然灾害直接经济损失占地区生产总值的比例小于xx%)',
    zh: '种子文件 003 §2(3) 防灾减灾救灾目标(1)，第20行（年均因自然灾害直接经济损失占地区生产总值的比例小于xx%）',
  },
} satisfies Record<string, Msg>;

/** The checks' names, rules and verdict texts in both languages (the report's; summary.json takes the English). */
export const POLICY_MSG = {
  townshipTeams: { en: 'township teams', zh: '乡镇（街道）救援队伍' },
  townshipTeamsRule: { en: '≥ {share} of townships with a team of ≥ 30', zh: '≥ {share} 的乡镇（街道）建有不少于30人的救援队伍' },
  everyTownship: { en: 'township teams, every township', zh: '乡镇（街道）救援队伍全覆盖' },
  everyTownshipRule: { en: 'every township with a team of ≥ 30', zh: '每个乡镇（街道）建有不少于30人的救援队伍' },
  nOfM: { en: '{n} of {m} ({share})', zh: '{m} 个中 {n} 个（{share}）' },
  all: { en: 'all {n}', zh: '全部 {n} 个' },
  noneIn: { en: '{n} of {m}; none in {names}', zh: '{m} 个中 {n} 个；以下无队伍：{names}' },
  villageTeams: { en: 'village teams', zh: '村（社区）救援队伍' },
  villageTeamsRule: { en: '≥ {share} of villages with a team of ≥ 10', zh: '≥ {share} 的村（社区）建有不少于10人的救援队伍' },
  stations: { en: 'township rescue stations', zh: '镇街应急救援站' },
  stationsRule: { en: '≥ {share} of townships with a rescue station (应急救援站)', zh: '≥ {share} 的镇街建成应急救援站' },
  stationsNoDataCurrent: { en: 'the holdings list no rescue stations (depots.csv holds relief-material depots, teams.csv teams)', zh: '现有储备数据中没有应急救援站（depots.csv 为救灾物资储备点，teams.csv 为队伍）' },
  stationsNoDataPlan: { en: 'the plan does not site rescue stations', zh: '方案不涉及应急救援站选址' },
  countyTeam: { en: 'county comprehensive team', zh: '县级综合应急救援队伍' },
  countyTeamRule: { en: 'every county-level unit with a comprehensive team of ≥ {n}', zh: '每个县级单位建有不少于{n}人的综合应急救援队伍' },
  countyTeamValue: { en: '{n} of {m} (smallest {min} members)', zh: '{m} 个中 {n} 个（最少 {min} 人）' },
  short: { en: '; short: {names}', zh: '；不足：{names}' },
  noProfessionalCurrent: { en: 'teams.csv has no professional-team tier', zh: 'teams.csv 中没有专业队伍一级' },
  noProfessionalPlan: { en: 'the plan does not size professional teams', zh: '方案不测算专业队伍' },
  professional: { en: 'professional teams (≥ 100)', zh: '专（兼）职救援队伍（≥ 100人）' },
  professionalRule: { en: '≥ {teams} professional (专(兼)职) rescue teams of ≥ {members} per city', zh: '每市 ≥ {teams} 支不少于{members}人的专（兼）职应急救援队伍' },
  municipal: { en: 'municipal professional teams', zh: '市级专业救援队伍' },
  municipalRule: { en: '≥ {n} municipal professional rescue teams', zh: '≥ {n} 支市级专业救援队伍' },
  reserve: { en: 'township reserve stations', zh: '镇街应急物资储备站' },
  reserveRule: { en: 'a stocked relief-material reserve station (储备站) in every township', zh: '每个乡镇（街道）有一个存有物资的应急物资储备站' },
  noneStockedIn: { en: '{n} of {m}; none stocked in {names}', zh: '{m} 个中 {n} 个；以下无储备：{names}' },
  noStock: { en: 'the dataset has no holdings/stock.csv', zh: '数据集中没有 holdings/stock.csv' },
  noTeams: { en: 'the dataset has no holdings/teams.csv', zh: '数据集中没有 holdings/teams.csv' },
  noShelters: { en: 'the dataset has no holdings/shelters.csv', zh: '数据集中没有 holdings/shelters.csv' },
  warehouse: { en: 'county warehouse {name}', zh: '县级储备库 {name}' },
  warehouseRuleNone: { en: 'building area ≥ {m2} m² and room for the stock', zh: '建筑面积 ≥ {m2} m²，且容得下储备物资' },
  warehouseRule: { en: 'building area ≥ {m2} m² and room for the stock (usable volume)', zh: '建筑面积 ≥ {m2} m²，且容得下储备物资（可用容积）' },
  noWarehouse: { en: 'no county warehouse in depots.csv', zh: 'depots.csv 中没有县级储备库' },
  areaShort: { en: 'area {m2} m² short', zh: '面积不足 {m2} m²' },
  overVolume: { en: 'stock over the usable volume by {m3} m³', zh: '物资超出可用容积 {m3} m³' },
  warehouseValue: { en: '{area} m²; stock {v} of {room} m³{why}', zh: '{area} m²；物资 {v} / {room} m³{why}' },
  shelters: { en: 'shelters {name}', zh: '应急避难场所 {name}' },
  sheltersRule: { en: '≥ {a} class I, {b} class II, {c} class III', zh: '≥ I类 {a} 处、II类 {b} 处、III类 {c} 处' },
  allReached: { en: 'all townships reached', zh: '所有乡镇（街道）均可送达' },
  outOfReach: { en: '{names} out of reach', zh: '{names} 无法送达' },
  tenHoursYears: { en: '10-hour relief (years)', zh: '10小时救助（按年份）' },
  tenHoursYearsRule: {
    en: 'a depot within {h} h of every township, and phase-1 needs fully met within {h} h in ≥ {target} of years',
    zh: '每个乡镇（街道）{h} 小时内有储备点可达，且 ≥ {target} 的年份第一阶段需求在 {h} 小时内全部满足',
  },
  tenHoursYearsValue: { en: '{reach}; fully met in {met} ± {se} of years', zh: '{reach}；{met} ± {se} 的年份全部满足' },
  tenHoursValue: { en: '10-hour relief (demand by value)', zh: '10小时救助（按需求价值）' },
  tenHoursValueRule: { en: '≥ {target} of all phase-1 demand (by value, all years) met within {h} h', zh: '全部第一阶段需求（按价值、所有年份）中 ≥ {target} 在 {h} 小时内满足' },
  lossGdp: { en: 'direct loss / GDP', zh: '直接经济损失占GDP比例' },
  lossGdpRule: {
    en: 'annual direct economic loss from natural disasters below a share of GDP (the seed gives the share as "xx")',
    zh: '年均因自然灾害直接经济损失占地区生产总值的比例低于某一值（种子文件中该比例写作“xx”）',
  },
  lossGdpCurrent: {
    en: 'the dataset has no GDP (counties.csv) and the simulation does not estimate direct economic loss; the seed gives no figure',
    zh: '数据集中没有GDP（counties.csv），模拟也不估算直接经济损失；种子文件未给出具体比例',
  },
  lossGdpPlan: { en: 'stock, teams and shelters do not change direct loss in this model', zh: '本模型中物资储备、队伍和避难场所不改变直接经济损失' },
  noData: { en: 'no data: {why}', zh: '无数据：{why}' },
  more: { en: ', … ({n} in all)', zh: '等，共 {n} 个' },
} satisfies Record<string, Msg>;

/** Which holdings tables the dataset has: without one, current holdings cannot be judged on what it holds. */
export interface HoldingsPresent {
  stock: boolean;
  teams: boolean;
  shelters: boolean;
}

export function holdingsPresent(region: Region): HoldingsPresent {
  const has = (f: string) => existsSync(join(region.holdingsDir, f));
  return { stock: has('stock.csv'), teams: has('teams.csv'), shelters: has('shelters.csv') };
}

export interface PolicyInput {
  plan: Plan;
  current: Plan;
  region: Region;
  depots: Depot[];
  items: Item[];
  params: PlanParams;
  /** Each plan's evaluation on all trials. */
  evaluation: { plan: PlanEvaluation; current: PlanEvaluation };
  /** Share of years phase-1 needs must be fully met in: the plan's reliability target. */
  target: number;
  /** Townships no depot reaches within the phase-1 window ("code name"). */
  unreachable: string[];
  /** Default: every table present. */
  holdings?: HoldingsPresent;
}

type Verdict = { value: string; status: CheckStatus };
type Judge = (plan: Plan, ev: PlanEvaluation, isCurrent: boolean) => Verdict;

const status = (ok: boolean): CheckStatus => (ok ? 'pass' : 'fail');
/** Whole numbers as people count them (fmt gives two decimals below 10). */
const int = (v: number) => Math.round(v).toLocaleString('en-US');

/** Stock volume at a depot, m³. */
export function stockVolume(plan: Plan, depot: string, items: Item[]): number {
  let v = 0;
  for (const it of items) v += (plan.stock[depot]?.[it.id] ?? 0) * it.volumeM3;
  return v;
}

/**
 * The most a plan's stock may exceed a depot's usable volume from rounding alone: the LP keeps the
 * volume within bounds, and the plan rounds each item's quantity up to whole units, so by less than
 * one unit of every item held there.
 */
export function roundingAllowanceM3(plan: Plan, depot: string, items: Item[]): number {
  return items.reduce((a, it) => a + ((plan.stock[depot]?.[it.id] ?? 0) > 0 ? it.volumeM3 : 0), 0);
}

/**
 * The policy checks of the sized plan and of the current holdings, in one table. `lang`: the language
 * of the texts (summary.json keeps the English, the default; the report may ask for Chinese).
 */
export function policyChecks(inp: PolicyInput, lang: Lang = 'en'): PolicyCheck[] {
  const { region, depots, items, params: p, target } = inp;
  const t = (m: Msg, v?: Record<string, string | number>) => tr(lang, m, v);
  const M = POLICY_MSG;
  const has = inp.holdings ?? { stock: true, teams: true, shelters: true };
  const out: PolicyCheck[] = [];
  const noData = (why: string): Verdict => ({ value: t(M.noData, { why }), status: 'no data' });
  /** The first few names of a list, for a verdict that says where a rule fails. */
  const some = (names: string[], k = 5) => names.slice(0, k).join(lang === 'zh' ? '、' : ', ') + (names.length > k ? t(M.more, { n: names.length }) : '');
  const add = (check: string, rule: string, source: Msg, judge: Judge) => {
    const c = judge(inp.current, inp.evaluation.current, true);
    const s = judge(inp.plan, inp.evaluation.plan, false);
    out.push({ check, rule, source: t(source), current: c.value, currentStatus: c.status, planned: s.value, status: s.status });
  };
  const noTeams = t(M.noTeams);
  const townName = (i: number) => region.nameZhList?.[i] || region.code[i];
  const countyName = (c: string) => region.countyZh[region.countyCode.indexOf(c)] || c;

  // A 30-person team is teams.township ≥ 1 (current holdings count members / 30).
  const withTeam = (plan: Plan) => region.code.map((c) => (plan.teams.township[c] ?? 0) >= 1 - 1e-9);
  add(t(M.townshipTeams), t(M.townshipTeamsRule, { share: pct(p.townshipTeamCoverage) }), SRC.teams004, (plan, _e, cur) => {
    if (cur && !has.teams) return noData(noTeams);
    const n = withTeam(plan).filter(Boolean).length;
    return { value: t(M.nOfM, { n, m: region.n, share: pct(n / region.n) }), status: status(n >= p.townshipTeamCoverage * region.n - 1e-9) };
  });
  add(t(M.everyTownship), t(M.everyTownshipRule), SRC.everyTownship, (plan, _e, cur) => {
    if (cur && !has.teams) return noData(noTeams);
    const missing = withTeam(plan).flatMap((ok, i) => (ok ? [] : [townName(i)]));
    return { value: missing.length === 0 ? t(M.all, { n: region.n }) : t(M.noneIn, { n: region.n - missing.length, m: region.n, names: some(missing) }), status: status(missing.length === 0) };
  });
  const villages = region.villages.reduce((a, b) => a + b, 0);
  add(t(M.villageTeams), t(M.villageTeamsRule, { share: pct(p.villageTeamCoverage) }), SRC.teams004, (plan, _e, cur) => {
    if (cur && !has.teams) return noData(noTeams);
    const n = region.code.reduce((a, c, i) => a + Math.min(region.villages[i], plan.teams.village[c] ?? 0), 0);
    return { value: t(M.nOfM, { n: int(n), m: int(villages), share: pct(n / villages) }), status: status(n >= p.villageTeamCoverage * villages - 1e-9) };
  });
  // 应急救援站 are premises, not teams: the holdings have no table of them.
  add(t(M.stations), t(M.stationsRule, { share: pct(SEED_TARGETS.rescueStationShare) }), SRC.teams004, (_p, _e, cur) => noData(t(cur ? M.stationsNoDataCurrent : M.stationsNoDataPlan)));
  add(t(M.countyTeam), t(M.countyTeamRule, { n: SEED_TARGETS.countyTeamMembers }), SRC.countyTeam, (plan, _e, cur) => {
    if (cur && !has.teams) return noData(noTeams);
    const members = region.counties.map((c) => plan.teams.county[c] ?? 0);
    const short = region.counties.flatMap((c, k) => (members[k] >= SEED_TARGETS.countyTeamMembers ? [] : [`${countyName(c)} ${int(members[k])}`]));
    const ok = region.counties.length - short.length;
    return { value: t(M.countyTeamValue, { n: ok, m: region.counties.length, min: int(Math.min(...members)) }) + (short.length > 0 ? t(M.short, { names: some(short) }) : ''), status: status(short.length === 0) };
  });
  // teams.csv has county, township and village tiers only (region/teams.ts TEAM_TIERS): no professional teams.
  const noProfessional: Judge = (_p, _e, cur) => noData(t(cur ? M.noProfessionalCurrent : M.noProfessionalPlan));
  add(t(M.professional), t(M.professionalRule, { teams: SEED_TARGETS.professionalTeams.teams, members: SEED_TARGETS.professionalTeams.members }), SRC.professional003, noProfessional);
  add(t(M.municipal), t(M.municipalRule, { n: SEED_TARGETS.municipalProfessionalTeams }), SRC.professional004, noProfessional);

  // A station the plan empties holds nothing: it counts only with stock in it.
  const stations = depots.filter((d) => d.tier === 'township');
  add(t(M.reserve), t(M.reserveRule), SRC.reserveStations, (plan, _e, cur) => {
    if (cur && !has.stock) return noData(t(M.noStock));
    const stocked = new Set(stations.filter((d) => Object.values(plan.stock[d.id] ?? {}).some((q) => q > 0)).map((d) => d.townshipCode));
    const missing = region.code.flatMap((c, i) => (stocked.has(c) ? [] : [townName(i)]));
    return { value: missing.length === 0 ? t(M.all, { n: region.n }) : t(M.noneStockedIn, { n: region.n - missing.length, m: region.n, names: some(missing) }), status: status(missing.length === 0) };
  });

  for (const c of region.counties) {
    const ws = depots.filter((d) => d.tier === 'county' && d.countyCode === c);
    if (ws.length === 0) {
      add(t(M.warehouse, { name: countyName(c) }), t(M.warehouseRuleNone, { m2: p.countyWarehouseMinM2 }), SRC.warehouse, () => ({ value: t(M.noWarehouse), status: 'fail' }));
      continue;
    }
    for (const d of ws) {
      // Room is the usable volume the LP is bounded by, not floor area × a stacking height: the two differ where
      // depots.csv gives its own usable volume. Rounding to whole units may overfill by less than one unit an item.
      add(t(M.warehouse, { name: d.nameZh || d.id }), t(M.warehouseRule, { m2: p.countyWarehouseMinM2 }), SRC.warehouse, (plan, _e, cur) => {
        if (cur && !has.stock) return noData(t(M.noStock));
        const v = stockVolume(plan, d.id, items);
        const room = v <= d.usableVolumeM3 + roundingAllowanceM3(plan, d.id, items) + 1e-9;
        const area = d.floorAreaM2 >= p.countyWarehouseMinM2;
        const why = [area ? '' : t(M.areaShort, { m2: fmt(p.countyWarehouseMinM2 - d.floorAreaM2) }), room ? '' : t(M.overVolume, { m3: fmt(v - d.usableVolumeM3) })].filter(Boolean);
        const whyText = why.length > 0 ? (lang === 'zh' ? `（${why.join('；')}）` : ` (${why.join('; ')})`) : '';
        return { value: t(M.warehouseValue, { area: fmt(d.floorAreaM2), v: fmt(v), room: fmt(d.usableVolumeM3), why: whyText }), status: status(area && room) };
      });
    }
  }
  const mins = p.shelterMinimumCounts;
  for (const c of region.counties) {
    add(t(M.shelters, { name: countyName(c) }), t(M.sheltersRule, { a: mins[0], b: mins[1], c: mins[2] }), SRC.shelters, (plan, _e, cur) => {
      if (cur && !has.shelters) return noData(t(M.noShelters));
      const counts = SHELTER_CLASS_NAMES.map((k) => plan.shelters[c]?.[k]?.count ?? 0);
      return { value: counts.join(' / '), status: status(counts.every((n, k) => n >= mins[k])) };
    });
  }
  const reach = inp.unreachable.length === 0 ? t(M.allReached) : t(M.outOfReach, { names: some(inp.unreachable) });
  // The seed asks relief within 10 hours for everyone; a plan cannot promise that in every simulated year,
  // so the target reliability stands for it, both as a share of years and as a share of demand by value.
  add(t(M.tenHoursYears), t(M.tenHoursYearsRule, { h: p.phase1Hours, target: pct(target) }), SRC.tenHours, (_p, ev, cur) => {
    if (cur && !has.stock) return noData(t(M.noStock));
    const met = 1 - ev.pPhase1Shortfall.p;
    return { value: t(M.tenHoursYearsValue, { reach, met: pct(met), se: pct(ev.pPhase1Shortfall.se) }), status: status(inp.unreachable.length === 0 && met >= target - 3 * ev.pPhase1Shortfall.se) };
  });
  add(t(M.tenHoursValue), t(M.tenHoursValueRule, { target: pct(target), h: p.phase1Hours }), SRC.tenHours, (_p, ev, cur) => {
    if (cur && !has.stock) return noData(t(M.noStock));
    return { value: pct(ev.phase1MetShareByCost), status: status(ev.phase1MetShareByCost >= target - 1e-12) };
  });
  add(t(M.lossGdp), t(M.lossGdpRule), SRC.lossGdp, (_p, _e, cur) => noData(t(cur ? M.lossGdpCurrent : M.lossGdpPlan)));
  return out;
}

/** "N of M pass" with the fails and no-data counts: the one-line verdict stdout prints. */
export function checkCounts(checks: PolicyCheck[]): { pass: number; fail: number; noData: number; total: number } {
  const n = (s: CheckStatus) => checks.filter((c) => c.status === s).length;
  return { pass: n('pass'), fail: n('fail'), noData: n('no data'), total: checks.length };
}

/** The sized plan's reliability on all trials falls short of the target by more than three Monte Carlo standard errors. */
export function missesReliabilityTarget(ev: Pick<PlanEvaluation, 'reliability' | 'pAnyShortfall'>, target: number): boolean {
  return target - ev.reliability > 3 * ev.pAnyShortfall.se;
}
