/**
 * Rescue-team MILP (docs/model.md §5.2). Integer 30-person township teams and
 * 10-person village teams (counted per township, at most one per village).
 * Rules: ≥ 80 % of townships with a team of ≥ 30, ≥ 80 % of villages with a
 * team of ≥ 10 (seed 004 §3.9); the extraction workload of every required
 * scenario done within 72 h under the mutual-aid rule of demand/rescue.ts
 * (teams within aidTravelHours help, across county lines, the travel time
 * counted against the deadline; county teams within their county): for each
 * scenario and township i with work W_i,
 *
 *   Σ_{j within reach} U_j·(W_i/H_j)·(D − τ_ij)/D + K_c·W_i/H_c ≥ W_i/(duty·D)   (10-person units)
 *
 * with U_j = 3·n30_j + n10_j, H_j the workload within reach of j, H_c the
 * county's, K_c its county-team units (kept as they are). The evaluator
 * (RescueEvaluator) finds no unmet extraction in exactly these cases, and
 * both use the same neighbourhood (rescueAid). A township may form more than
 * one 30-person team where the workload needs it.
 *
 * Current township and village teams can be lower bounds (`keep`): a bureau
 * tops up trained teams, never disbands them. The optimum is degenerate (a
 * team costs the same anywhere), so solveTeams breaks ties in a second solve
 * at the optimal cost: fewest teams where there are none today (`current`),
 * then new teams where the rescue workload is largest.
 */
import { rescueAid, type RescueParams } from '../demand/rescue.js';
import { aidSummary } from '../region/travel.js';
import type { Region } from '../region/types.js';
import { LpBuilder } from './lp-builder.js';
import type { PlanParams } from './params.js';
import type { LpScenario } from './scenarios.js';
import { objectiveOf, solveLp, type SolveReport } from './solver/index.js';
import type { LpModel } from './solver/types.js';
import type { HighsRunner } from './solver/highs.js';
import type { Plan } from './types.js';

export interface TeamModel {
  model: LpModel;
  townshipTeams: number[];
  villageTeams: number[];
  hasTeam: number[];
  /** Stage-2 objective of solveTeams (tie-break), per variable. */
  tieBreakCost: number[];
  /** Cost difference between any two plans is a multiple of this (a 10-person team), in the model's units. */
  costStep: number;
  /** Unit-hours each county must cover (the largest over the required scenarios), and its county-team units. */
  county: { code: string; requiredUnitHours: number; countyTeamUnits: number }[];
  /** The aid neighbourhood (mean and largest number of townships within reach) and the 72-hour rows. */
  aid: ReturnType<typeof aidSummary> & { rows: number };
}

export function buildTeamModel(
  region: Region,
  scenarios: LpScenario[],
  p: PlanParams,
  rescue: RescueParams,
  /** Teams the plan cannot go below (current holdings under topUp); none: from zero. */
  keep?: Plan['teams'],
  /** Where teams are today, for the tie-break (default: keep). */
  current: Plan['teams'] | undefined = keep,
): TeamModel {
  const b = new LpBuilder('teams');
  const T = region.n;
  const costPer = (members: number) => (members * p.teamMemberCostPerYear) / 1000;
  // rank of each township by its workload over the scenarios (largest first, then by index): where new teams go first
  const work = region.code.map((_, t) => scenarios.reduce((a, s) => a + s.rescueHours[t], 0));
  const order = region.code.map((_, t) => t).sort((x, y) => work[y] - work[x] || x - y);
  const rank = new Int32Array(T);
  order.forEach((t, k) => (rank[t] = k));
  const townshipTeams: number[] = [];
  const villageTeams: number[] = [];
  const hasTeam: number[] = [];
  const tie: [number, number][] = [];
  for (let t = 0; t < T; t++) {
    const code = region.code[t];
    // a fractional current team (members not a multiple of 30) is topped up to a whole one
    const min30 = Math.ceil((keep?.township[code] ?? 0) - 1e-9);
    const min10 = Math.ceil((keep?.village[code] ?? 0) - 1e-9);
    townshipTeams.push(b.v(`n30[${code}]`, costPer(30), min30, Infinity, true));
    hasTeam.push(b.v(`has30[${code}]`, 0, 0, 1, true));
    villageTeams.push(b.v(`n10[${code}]`, costPer(10), min10, Math.max(region.villages[t], min10), true));
    b.le(`has[${code}]`, [[hasTeam[t], 1], [townshipTeams[t], -1]], 0);
    // teams beyond today's in this township (e ≥ n − current, e ≥ 0): what the tie-break minimises
    const w = 1 + (0.5 * rank[t]) / T;
    for (const [kind, v, members] of [['township', townshipTeams[t], 30], ['village', villageTeams[t], 10]] as const) {
      const e = b.v(`new${members}[${code}]`, 0, 0, Infinity);
      b.ge(`beyondCurrent${members}[${code}]`, [[e, 1], [v, -1]], -(current?.[kind][code] ?? 0));
      tie.push([e, members * w]);
    }
  }
  b.ge('townshipCoverage', hasTeam.map((v) => [v, 1]), Math.ceil(p.townshipTeamCoverage * T - 1e-9));
  const villages = region.villages.reduce((a, x) => a + x, 0);
  b.ge('villageCoverage', villageTeams.map((v) => [v, 1]), Math.ceil(p.villageTeamCoverage * villages - 1e-9));

  const aid = rescueAid(region, rescue);
  const D = rescue.deadlineHours;
  const unitHours = D * (rescue.dutyHoursPerDay / 24);
  const C = region.counties.length;
  const load = new Float64Array(T);
  const countyLoad = new Float64Array(C);
  const required = new Float64Array(C);
  let rows = 0;
  scenarios.forEach((s, k) => {
    load.fill(0);
    countyLoad.fill(0);
    for (let i = 0; i < T; i++) {
      const w = s.rescueHours[i];
      if (!(w > 0)) continue;
      countyLoad[region.countyIndex[i]] += w;
      for (let e = aid.start[i]; e < aid.start[i + 1]; e++) load[aid.index[e]] += w;
    }
    for (let c = 0; c < C; c++) required[c] = Math.max(required[c], countyLoad[c]);
    for (let i = 0; i < T; i++) {
      const w = s.rescueHours[i];
      if (!(w > 0)) continue;
      const c = region.countyIndex[i];
      const need = w / unitHours - (region.countyRescueUnits[c] * w) / countyLoad[c];
      if (need <= 0) continue;
      const terms: [number, number][] = [];
      for (let e = aid.start[i]; e < aid.start[i + 1]; e++) {
        const tau = aid.hours[e];
        if (tau >= D) break;
        const j = aid.index[e];
        const a = ((w / load[j]) * (D - tau)) / D;
        terms.push([townshipTeams[j], 3 * a], [villageTeams[j], a]);
      }
      b.ge(`rescue72h[${s.trial}#${k},${region.code[i]}]`, terms, need);
      rows++;
    }
  });
  const tieBreakCost = b.model.vars.map(() => 0);
  for (const [v, c] of tie) tieBreakCost[v] = c;
  return {
    model: b.model,
    townshipTeams,
    villageTeams,
    hasTeam,
    tieBreakCost,
    costStep: costPer(10),
    county: region.counties.map((code, c) => ({ code, requiredUnitHours: required[c], countyTeamUnits: region.countyRescueUnits[c] })),
    aid: { ...aidSummary(region, aid), rows },
  };
}

/**
 * Solve the team model, then break ties: among plans of the optimal cost (to within half a 10-person
 * team, the smallest cost difference), the one that minimises tieBreakCost. A failed second solve
 * keeps the first answer. Attempts of both solves are reported, the second's marked "tie-break".
 */
export async function solveTeams(tm: TeamModel, opts: { solver: 'auto' | 'jslp' | 'highs'; timeLimitSeconds: number; highsRunner?: HighsRunner }): Promise<SolveReport> {
  const first = await solveLp(tm.model, opts);
  if (first.status !== 'optimal') return first;
  const costRow = { name: 'optimalCost', lb: -Infinity, ub: first.objective + tm.costStep / 2, idx: [] as number[], val: [] as number[] };
  tm.model.vars.forEach((v, j) => {
    if (v.cost !== 0) (costRow.idx.push(j), costRow.val.push(v.cost));
  });
  const tieModel: LpModel = { name: 'teams (tie-break)', vars: tm.model.vars.map((v, j) => ({ ...v, cost: tm.tieBreakCost[j] })), rows: [...tm.model.rows, costRow] };
  const second = await solveLp(tieModel, opts);
  const attempts = [...first.attempts, ...second.attempts.map((a) => ({ ...a, message: `tie-break: ${a.message ?? a.status}` }))];
  if (second.status !== 'optimal') return { ...first, attempts };
  return { ...second, objective: objectiveOf(tm.model, second.x), seconds: first.seconds + second.seconds, attempts };
}
