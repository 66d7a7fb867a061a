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
  teams004: 'seed 004 §3.9, line 197 (Weihai 2024 work plan)',
  everyTownship: 'seed 001 §13, line 19 (Yueyang County 2021 plan: 督导乡镇组建一支不少于30人的应急救援队伍); seed 003 §2(3) 应急救援 target (3), line 20 (乡镇(街道)专(兼)职救援力量覆盖率达到100%)',
  countyTeam: 'seed 001 §13, line 19 (Yueyang County 2021 plan)',
  professional003: 'seed 003 §2(3) 应急救援, line 20 (city 14th Five-Year plan)',
  professional004: 'seed 004 §2(5).2, line 171 (Weihai 2024 work plan)',
  reserveStations: 'seed 004 §3.10, line 199 (镇街应急物资储备站全覆盖); seed 001 §11, line 17 (县、乡镇、社区(村)三级应急物资保障体系)',
  warehouse: 'seed 003 §2(3) 防灾减灾救灾, line 20; 建标121-2009 (M)',
  shelters: 'seed 003 §2(3) 防灾减灾救灾, line 20',
  tenHours: 'seed 003 §2(3) 应急救援 target (4), line 20 (受灾人员基本生活得到有效救助时间缩短至10小时以内)',
  lossGdp: 'seed 003 §2(3) 防灾减灾救灾 target (1), line 20 (年均因自然灾害直接经济损失占地区生产总值的比例小于xx%)',
};

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
const noData = (why: string): Verdict => ({ value: `no data: ${why}`, status: 'no data' });
/** The first few names of a list, for a verdict that says where a rule fails. */
const some = (names: string[], k = 5) => names.slice(0, k).join(', ') + (names.length > k ? `, … (${names.length} in all)` : '');
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

/** The policy checks of the sized plan and of the current holdings, in one table. */
export function policyChecks(inp: PolicyInput): PolicyCheck[] {
  const { region, depots, items, params: p, target } = inp;
  const has = inp.holdings ?? { stock: true, teams: true, shelters: true };
  const out: PolicyCheck[] = [];
  const add = (check: string, rule: string, source: string, judge: Judge) => {
    const c = judge(inp.current, inp.evaluation.current, true);
    const s = judge(inp.plan, inp.evaluation.plan, false);
    out.push({ check, rule, source, current: c.value, currentStatus: c.status, planned: s.value, status: s.status });
  };
  const noTeams = 'the dataset has no holdings/teams.csv';
  const townName = (t: number) => region.nameZhList?.[t] || region.code[t];
  const countyName = (c: string) => region.countyZh[region.countyCode.indexOf(c)] || c;

  // A 30-person team is teams.township ≥ 1 (current holdings count members / 30).
  const withTeam = (plan: Plan) => region.code.map((c) => (plan.teams.township[c] ?? 0) >= 1 - 1e-9);
  add('township teams', `≥ ${pct(p.townshipTeamCoverage)} of townships with a team of ≥ 30`, SRC.teams004, (plan, _e, cur) => {
    if (cur && !has.teams) return noData(noTeams);
    const n = withTeam(plan).filter(Boolean).length;
    return { value: `${n} of ${region.n} (${pct(n / region.n)})`, status: status(n >= p.townshipTeamCoverage * region.n - 1e-9) };
  });
  add('township teams, every township', 'every township with a team of ≥ 30', SRC.everyTownship, (plan, _e, cur) => {
    if (cur && !has.teams) return noData(noTeams);
    const missing = withTeam(plan).flatMap((ok, t) => (ok ? [] : [townName(t)]));
    return { value: missing.length === 0 ? `all ${region.n}` : `${region.n - missing.length} of ${region.n}; none in ${some(missing)}`, status: status(missing.length === 0) };
  });
  const villages = region.villages.reduce((a, b) => a + b, 0);
  add('village teams', `≥ ${pct(p.villageTeamCoverage)} of villages with a team of ≥ 10`, SRC.teams004, (plan, _e, cur) => {
    if (cur && !has.teams) return noData(noTeams);
    const n = region.code.reduce((a, c, t) => a + Math.min(region.villages[t], plan.teams.village[c] ?? 0), 0);
    return { value: `${int(n)} of ${int(villages)} (${pct(n / villages)})`, status: status(n >= p.villageTeamCoverage * villages - 1e-9) };
  });
  // 应急救援站 are premises, not teams: the holdings have no table of them.
  add('township rescue stations', `≥ ${pct(SEED_TARGETS.rescueStationShare)} of townships with a rescue station (应急救援站)`, SRC.teams004, (_p, _e, cur) =>
    noData(cur ? 'the holdings list no rescue stations (depots.csv holds relief-material depots, teams.csv teams)' : 'the plan does not site rescue stations'),
  );
  add('county comprehensive team', `every county-level unit with a comprehensive team of ≥ ${SEED_TARGETS.countyTeamMembers}`, SRC.countyTeam, (plan, _e, cur) => {
    if (cur && !has.teams) return noData(noTeams);
    const members = region.counties.map((c) => plan.teams.county[c] ?? 0);
    const short = region.counties.flatMap((c, k) => (members[k] >= SEED_TARGETS.countyTeamMembers ? [] : [`${countyName(c)} ${int(members[k])}`]));
    const ok = region.counties.length - short.length;
    return { value: `${ok} of ${region.counties.length} (smallest ${int(Math.min(...members))} members)${short.length > 0 ? `; short: ${some(short)}` : ''}`, status: status(short.length === 0) };
  });
  // teams.csv has county, township and village tiers only (region/teams.ts TEAM_TIERS): no professional teams.
  const noProfessional: Judge = (_p, _e, cur) => noData(cur ? 'teams.csv has no professional-team tier' : 'the plan does not size professional teams');
  add('professional teams (≥ 100)', `≥ ${SEED_TARGETS.professionalTeams.teams} professional (专(兼)职) rescue teams of ≥ ${SEED_TARGETS.professionalTeams.members} per city`, SRC.professional003, noProfessional);
  add('municipal professional teams', `≥ ${SEED_TARGETS.municipalProfessionalTeams} municipal professional rescue teams`, SRC.professional004, noProfessional);

  // A station the plan empties holds nothing: it counts only with stock in it.
  const stations = depots.filter((d) => d.tier === 'township');
  add('township reserve stations', 'a stocked relief-material reserve station (储备站) in every township', SRC.reserveStations, (plan, _e, cur) => {
    if (cur && !has.stock) return noData('the dataset has no holdings/stock.csv');
    const stocked = new Set(stations.filter((d) => Object.values(plan.stock[d.id] ?? {}).some((q) => q > 0)).map((d) => d.townshipCode));
    const missing = region.code.flatMap((c, t) => (stocked.has(c) ? [] : [townName(t)]));
    return { value: missing.length === 0 ? `all ${region.n}` : `${region.n - missing.length} of ${region.n}; none stocked in ${some(missing)}`, status: status(missing.length === 0) };
  });

  for (const c of region.counties) {
    const ws = depots.filter((d) => d.tier === 'county' && d.countyCode === c);
    if (ws.length === 0) {
      add(`county warehouse ${countyName(c)}`, `building area ≥ ${p.countyWarehouseMinM2} m² and room for the stock`, SRC.warehouse, () => ({ value: 'no county warehouse in depots.csv', status: 'fail' }));
      continue;
    }
    for (const d of ws) {
      // Room is the usable volume the LP is bounded by, not floor area × a stacking height: the two differ where
      // depots.csv gives its own usable volume. Rounding to whole units may overfill by less than one unit an item.
      add(`county warehouse ${d.nameZh || d.id}`, `building area ≥ ${p.countyWarehouseMinM2} m² and room for the stock (usable volume)`, SRC.warehouse, (plan, _e, cur) => {
        if (cur && !has.stock) return noData('the dataset has no holdings/stock.csv');
        const v = stockVolume(plan, d.id, items);
        const room = v <= d.usableVolumeM3 + roundingAllowanceM3(plan, d.id, items) + 1e-9;
        const area = d.floorAreaM2 >= p.countyWarehouseMinM2;
        const why = [area ? '' : `area ${fmt(p.countyWarehouseMinM2 - d.floorAreaM2)} m² short`, room ? '' : `stock over the usable volume by ${fmt(v - d.usableVolumeM3)} m³`].filter(Boolean);
        return { value: `${fmt(d.floorAreaM2)} m²; stock ${fmt(v)} of ${fmt(d.usableVolumeM3)} m³${why.length > 0 ? ` (${why.join('; ')})` : ''}`, status: status(area && room) };
      });
    }
  }
  const mins = p.shelterMinimumCounts;
  for (const c of region.counties) {
    add(`shelters ${countyName(c)}`, `≥ ${mins[0]} class I, ${mins[1]} class II, ${mins[2]} class III`, SRC.shelters, (plan, _e, cur) => {
      if (cur && !has.shelters) return noData('the dataset has no holdings/shelters.csv');
      const counts = SHELTER_CLASS_NAMES.map((k) => plan.shelters[c]?.[k]?.count ?? 0);
      return { value: counts.join(' / '), status: status(counts.every((n, k) => n >= mins[k])) };
    });
  }
  const reach = inp.unreachable.length === 0 ? 'all townships reached' : `${some(inp.unreachable)} out of reach`;
  // The seed asks relief within 10 hours for everyone; a plan cannot promise that in every simulated year,
  // so the target reliability stands for it, both as a share of years and as a share of demand by value.
  add('10-hour relief (years)', `a depot within ${p.phase1Hours} h of every township, and phase-1 needs fully met within ${p.phase1Hours} h in ≥ ${pct(target)} of years`, SRC.tenHours, (_p, ev, cur) => {
    if (cur && !has.stock) return noData('the dataset has no holdings/stock.csv');
    const met = 1 - ev.pPhase1Shortfall.p;
    return { value: `${reach}; fully met in ${pct(met)} ± ${pct(ev.pPhase1Shortfall.se)} of years`, status: status(inp.unreachable.length === 0 && met >= target - 3 * ev.pPhase1Shortfall.se) };
  });
  add('10-hour relief (demand by value)', `≥ ${pct(target)} of all phase-1 demand (by value, all years) met within ${p.phase1Hours} h`, SRC.tenHours, (_p, ev, cur) => {
    if (cur && !has.stock) return noData('the dataset has no holdings/stock.csv');
    return { value: pct(ev.phase1MetShareByCost), status: status(ev.phase1MetShareByCost >= target - 1e-12) };
  });
  add('direct loss / GDP', 'annual direct economic loss from natural disasters below a share of GDP (the seed gives the share as "xx")', SRC.lossGdp, (_p, _e, cur) =>
    noData(cur ? 'the dataset has no GDP (counties.csv) and the simulation does not estimate direct economic loss; the seed gives no figure' : 'stock, teams and shelters do not change direct loss in this model'),
  );
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
