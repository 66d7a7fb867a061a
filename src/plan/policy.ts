/**
 * Whether a sized plan meets the policy rules (teams, county warehouses,
 * shelters, 10-hour relief) and its reliability target. The rule and value
 * texts are part of the verdict written to summary.json, so they are built
 * here with output/format's pure number formatting.
 */
import type { Item } from '../demand/catalogue.js';
import { fmt, pct } from '../core/format.js';
import type { Region } from '../region/types.js';
import type { PlanEvaluation } from './evaluation.js';
import type { PlanParams } from './params.js';
import { SHELTER_CLASS_NAMES, type Depot, type Plan } from './types.js';

export interface PolicyCheck {
  check: string;
  rule: string;
  value: string;
  pass: boolean;
  source: string;
}

/**
 * The policy checks of a plan, given its evaluation on all trials; `target` is the share of years
 * phase-1 needs must be fully met in, `unreachable` the townships no depot reaches within the window.
 */
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

/** The sized plan's reliability on all trials falls short of the target by more than three Monte Carlo standard errors. */
export function missesReliabilityTarget(ev: PlanEvaluation, target: number): boolean {
  return target - ev.reliability > 3 * ev.pAnyShortfall.se;
}
