/**
 * Sizing a plan from a simulation (docs/model.md §5): pick the LP scenarios from
 * the reservoir, solve the stockpile LP, the team MILP and the shelter LP,
 * and assemble the plan. An infeasible problem is not a crash: the elastic
 * model says which constraint binds and by how much, and the other problems
 * are still solved.
 */
import type { Item } from '../demand/catalogue.js';
import type { RescueParams } from '../demand/rescue.js';
import type { RunResult } from '../engine/run.js';
import { slot } from '../engine/layout.js';
import type { Region } from '../region/types.js';
import { valueAtRank } from '../stats/histogram.js';
import type { OptimizeConfig, Problem } from './config.js';
import { planCostSplit, type CostPair, type PlanCostSplit } from './cost.js';
import { buildStockpileModel, type StockMove } from './stockpile.js';
import { buildScenarios, reliabilityScenarios, rescueScenarios, type LpScenario, type ScenarioSet } from './scenarios.js';
import { buildShelterModel } from './shelters.js';
import { solveLp, type SolveAttempt, type SolveReport } from './solver/index.js';
import type { HighsRunner } from './solver/highs.js';
import { buildTeamModel, solveTeams } from './teams.js';
import { SHELTER_CLASS_NAMES, type Depot, type Plan } from './types.js';

export interface ProblemResult {
  problem: Problem;
  status: 'optimal' | 'infeasible' | 'failed';
  /** Annual cost of this part of the plan, ¥ (current holdings included). */
  cost: number;
  /** What this part adds over the current holdings, ¥ once and ¥ a year (cost.ts). */
  added?: CostPair;
  solver: string;
  attempts: SolveAttempt[];
  variables: number;
  constraints: number;
  seconds: number;
  /** Why there is no plan for this problem, and what binds (infeasible or failed). */
  diagnosis?: string[];
  detail?: Record<string, unknown>;
}

export interface SizingResult {
  plan: Plan;
  problems: ProblemResult[];
  scenarios: { kept: number; used: number; eligible?: number; severityQuantile?: number; sizingQuantile?: number; how: string };
  /** Total annual cost of the plan, ¥ (current holdings included). */
  totalCost: number;
  /** Current, added and total cost, one-off and annual. */
  cost: PlanCostSplit;
  /** basis relocate: current stock moved between depots. */
  moves: StockMove[];
}

function summarise(problem: Problem, r: SolveReport, vars: number, rows: number): ProblemResult {
  return {
    problem,
    status: r.status === 'optimal' ? 'optimal' : r.status === 'infeasible' ? 'infeasible' : 'failed',
    cost: r.status === 'optimal' ? r.objective * 1000 : NaN,
    solver: r.solver,
    attempts: r.attempts,
    variables: vars,
    constraints: rows,
    seconds: r.attempts.reduce((a, x) => a + x.seconds, 0),
  };
}

export async function sizePlan(
  result: RunResult,
  region: Region,
  items: Item[],
  depots: Depot[],
  current: Plan,
  cfg: OptimizeConfig,
  rescue: RescueParams,
  areaPerPersonM2: number,
  /** Reliability mode: the severity quantile the LP covers (default: the target reliability). */
  sizingQuantile = cfg.reliability,
  /** The LP scenarios, when already built for another candidate. */
  scenarioSet?: ScenarioSet,
  /** Where HiGHS solves run (a worker pool: candidates solve side by side); default this thread. */
  highsRunner?: HighsRunner,
): Promise<SizingResult> {
  const spec = result.spec;
  const set: ScenarioSet = scenarioSet ?? lpScenarioSet(result, region, items);
  const chosen = chooseScenarios(result, set, cfg, sizingQuantile);
  const scenarios = chosen.scenarios;
  const plan: Plan = {
    name: `LP plan (${cfg.mode}${cfg.mode === 'reliability' ? ` ${cfg.reliability}, sized at ${Number(sizingQuantile.toFixed(4))}` : ''})`,
    region: region.name,
    stock: structuredClone(current.stock),
    contracted: { ...current.contracted },
    teams: structuredClone(current.teams),
    shelters: structuredClone(current.shelters),
    note: `sized by sim from ${spec.trials} trials, seed ${spec.seed}; problems not sized keep the current holdings`,
  };
  const problems: ProblemResult[] = [];
  const moves: StockMove[] = [];
  const opts: SolveOptions = { solver: cfg.solver, timeLimitSeconds: cfg.timeLimitSeconds, highsRunner };
  if (cfg.problems.includes('stockpiles')) problems.push(await sizeStockpiles(plan, { region, depots, items, scenarios, mode: cfg.mode, params: cfg.params, budget: cfg.budget, keep: cfg.basis === 'greenfield' ? undefined : current, relocate: cfg.basis === 'relocate' }, opts, moves));
  if (cfg.problems.includes('teams')) problems.push(await sizeTeams(plan, current, region, teamScenarios(result, set, cfg, sizingQuantile), cfg, rescue, opts));
  if (cfg.problems.includes('shelters')) problems.push(await sizeShelters(plan, region, scenarios, cfg, areaPerPersonM2, opts, cfg.basis === 'greenfield' ? undefined : current.shelters));
  // Costs of the rounded plan as a whole (the same formula sim compare uses), not of the LPs' fractions;
  // parts that were not sized (or failed) keep the current holdings and their cost.
  const cost = planCostSplit(plan, current, items, cfg.params, areaPerPersonM2, moves);
  const b = cost.byPart;
  const part: Record<Problem, { total: number; added: CostPair }> = {
    stockpiles: { total: b.stockpiles.total.annual + b.contracts.total.annual, added: { oneOff: b.stockpiles.added.oneOff + b.contracts.added.oneOff, annual: b.stockpiles.added.annual + b.contracts.added.annual } },
    teams: { total: b.teams.total.annual, added: b.teams.added },
    shelters: { total: b.shelters.total.annual, added: b.shelters.added },
  };
  for (const pr of problems) {
    if (pr.status !== 'optimal') continue;
    pr.cost = part[pr.problem].total;
    pr.added = part[pr.problem].added;
  }
  const { eligible, severityQuantile, how } = chosen;
  return { plan, problems, scenarios: { kept: set.all.length, used: scenarios.length, eligible, severityQuantile, sizingQuantile: cfg.mode === 'reliability' ? sizingQuantile : undefined, how }, totalCost: cost.total.annual, cost, moves };
}

type SolveOptions = { solver: OptimizeConfig['solver']; timeLimitSeconds: number; highsRunner?: HighsRunner };

/** The kept trials that enter the LPs, and how they were chosen (in words, for the report). */
function chooseScenarios(result: RunResult, set: ScenarioSet, cfg: OptimizeConfig, sizingQuantile: number): { scenarios: LpScenario[]; how: string; eligible?: number; severityQuantile?: number } {
  const acc = result.acc;
  if (cfg.mode === 'reliability') {
    const severityQuantile = valueAtRank(acc.region.view(slot(result.layout, 'peak', 'sheltered')), acc.trials, Math.ceil(acc.trials * sizingQuantile));
    const r = reliabilityScenarios(set, severityQuantile, cfg.maxScenarios);
    const how = `reliability ${cfg.reliability}, sized at the ${Number(sizingQuantile.toFixed(4))} quantile of severity: every kept trial whose largest event shelters at most ${Math.round(severityQuantile)} people must have no shortage; ${r.eligible} kept trials qualify, ${r.chosen.length} enter the LP (the most severe half of the limit, the rest spread evenly over the remaining ranks). Kept: ${set.note}.`;
    return { scenarios: r.chosen, how, eligible: r.eligible, severityQuantile };
  }
  let scenarios = set.all;
  let how = `penalty mode: expected shortage over all ${set.all.length} kept trials, weighted by stratum. Kept: ${set.note}.`;
  if (scenarios.length > cfg.maxScenarios) {
    // keep every tail trial and thin the sample stratum, carrying its weight
    const tail = scenarios.filter((s) => s.stratum === 'tail');
    const sample = scenarios.filter((s) => s.stratum === 'sample');
    const m = Math.max(1, cfg.maxScenarios - tail.length);
    const w = sample.reduce((a, s) => a + s.weight, 0);
    const thinned = Array.from({ length: Math.min(m, sample.length) }, (_, k) => sample[Math.floor(((k + 0.5) * sample.length) / Math.min(m, sample.length))]);
    scenarios = [...tail, ...thinned.map((s) => ({ ...s, weight: w / thinned.length }))];
    how += ` Thinned to ${scenarios.length} (all tail trials, every k-th sampled one with its stratum weight).`;
  }
  return { scenarios, how };
}

/** The stockpile LP; on success the plan's stock and contracts are its rounded solution. */
async function sizeStockpiles(plan: Plan, inp: Parameters<typeof buildStockpileModel>[0], opts: SolveOptions, moves: StockMove[]): Promise<ProblemResult> {
  const sm = buildStockpileModel(inp);
  const r = await solveLp(sm.model, opts);
  const pr = summarise('stockpiles', r, sm.model.vars.length, sm.model.rows.length);
  if (r.status === 'optimal') {
    plan.stock = {};
    plan.contracted = {};
    inp.items.forEach((it, i) => {
      for (const [depot, v] of sm.stockVars[i]) {
        const q = roundUp(r.x[v]);
        if (q > 0) (plan.stock[depot] ??= {})[it.id] = q;
      }
      const z = roundUp(r.x[sm.contractVars[i]]);
      if (z > 0) plan.contracted[it.id] = z;
    });
    // whole units move; the LP's fractions of a unit are rounding
    for (const m of sm.moveVars) {
      const q = Math.round(r.x[m.v]);
      if (q > 0) moves.push({ from: m.from, to: m.to, item: m.item, quantity: q, roadKm: m.roadKm });
    }
    pr.detail = { scenarios: inp.scenarios.length };
  } else if (r.status === 'infeasible') {
    pr.diagnosis = await diagnoseStockpile(inp, sm.unreachable, opts);
  } else pr.diagnosis = [`no usable solution: ${attemptsText(r)}`];
  return pr;
}

/**
 * The kept trials the team MILP must serve: ordered by rescue workload (the shelter-severe ones are
 * not the rescue-severe ones); in reliability mode those up to the sizing quantile of the trials'
 * peak-event rescueTeamHours.
 */
function teamScenarios(result: RunResult, set: ScenarioSet, cfg: OptimizeConfig, sizingQuantile: number): { scenarios: LpScenario[]; how: string } {
  const acc = result.acc;
  const q = cfg.mode === 'reliability' ? valueAtRank(acc.region.view(slot(result.layout, 'peak', 'rescueTeamHours')), acc.trials, Math.ceil(acc.trials * sizingQuantile)) : Infinity;
  const r = rescueScenarios(set, q, cfg.maxScenarios);
  const upTo = Number.isFinite(q) ? `at most ${q.toFixed(1)} unit-hours (the ${Number(sizingQuantile.toFixed(4))} quantile of the trials' peak-event rescueTeamHours)` : 'any';
  return { scenarios: r.chosen, how: `kept trials with rescue work, ${upTo}: ${r.eligible} qualify, ${r.chosen.length} enter the team model (the largest workloads first)` };
}

/** The team MILP; on success the plan's township and village teams are its solution (county teams kept, current teams kept as lower bounds). */
async function sizeTeams(plan: Plan, current: Plan, region: Region, chosen: { scenarios: LpScenario[]; how: string }, cfg: OptimizeConfig, rescue: RescueParams, opts: SolveOptions): Promise<ProblemResult> {
  // greenfield: no team is kept (ties still lean toward where teams are today)
  const tm = buildTeamModel(region, chosen.scenarios, cfg.params, rescue, cfg.basis === 'greenfield' ? undefined : current.teams, current.teams);
  const r = await solveTeams(tm, opts);
  const pr = summarise('teams', r, tm.model.vars.length, tm.model.rows.length);
  pr.detail = { scenarios: chosen.how, aid: tm.aid, counties: tm.county };
  if (r.status === 'optimal') {
    plan.teams = { county: { ...current.teams.county }, township: {}, village: {} };
    region.code.forEach((code, t) => {
      const n30 = Math.round(r.x[tm.townshipTeams[t]]);
      const n10 = Math.round(r.x[tm.villageTeams[t]]);
      if (n30 > 0) plan.teams.township[code] = n30;
      if (n10 > 0) plan.teams.village[code] = n10;
    });
  } else pr.diagnosis = [`team model ${r.status}: ${attemptsText(r)}`];
  return pr;
}

/** The shelter LP; on success the plan's shelters are its solution. */
async function sizeShelters(plan: Plan, region: Region, scenarios: LpScenario[], cfg: OptimizeConfig, areaPerPersonM2: number, opts: SolveOptions, keep?: Plan['shelters']): Promise<ProblemResult> {
  const shm = buildShelterModel(region, scenarios, cfg.params, areaPerPersonM2, keep);
  const r = await solveLp(shm.model, opts);
  const pr = summarise('shelters', r, shm.model.vars.length, shm.model.rows.length);
  pr.detail = { required: shm.required };
  if (r.status === 'optimal') {
    plan.shelters = {};
    region.counties.forEach((code, c) => {
      plan.shelters[code] = {};
      SHELTER_CLASS_NAMES.forEach((k, j) => {
        plan.shelters[code][k] = { count: Math.round(r.x[shm.count[c][j]]), capacity: roundUp(r.x[shm.capacity[c][j]]) };
      });
    });
  } else pr.diagnosis = [`shelter model ${r.status}: ${attemptsText(r)}`];
  return pr;
}

export function lpScenarioSet(result: RunResult, region: Region, items: Item[]): ScenarioSet {
  return buildScenarios(result.acc, result.acc.region.nonzero[slot(result.layout, 'peak', 'sheltered')], region, items, result.spec.demand);
}

function attemptsText(r: SolveReport): string {
  return r.attempts.map((a) => `${a.solver} ${a.status}${a.message ? ` (${a.message})` : ''}`).join('; ');
}

/** Whole units, ignoring solver noise just above an integer. */
function roundUp(v: number): number {
  return v <= 1e-6 ? 0 : Math.ceil(v - 1e-6);
}

/** Solve the elastic model and say which constraints must give, and by how much. */
async function diagnoseStockpile(inp: Parameters<typeof buildStockpileModel>[0], unreachable: string[], opts: SolveOptions): Promise<string[]> {
  const out: string[] = [];
  if (unreachable.length > 0) out.push(`no depot reaches ${unreachable.length} township(s) within the ${inp.params.phase1Hours}-hour phase-1 window: ${unreachable.slice(0, 5).join(', ')}${unreachable.length > 5 ? ', …' : ''}`);
  const em = buildStockpileModel(inp, true);
  const r = await solveLp(em.model, opts);
  if (r.status !== 'optimal') return [...out, `the diagnostic (elastic) model did not solve either: ${r.status}`];
  const byKind = new Map<string, { total: number; unit: string; examples: string[] }>();
  for (const [v, s] of em.slacks) {
    const x = r.x[v];
    if (!(x > 1e-6)) continue;
    const key = s.kind === 'shortage' ? `shortage (${s.unit})` : s.kind;
    const e = byKind.get(key) ?? { total: 0, unit: s.unit, examples: [] };
    e.total += x;
    if (e.examples.length < 3) e.examples.push(`${s.what}: ${x.toFixed(1)} ${s.unit}`);
    byKind.set(key, e);
  }
  for (const [k, e] of byKind) {
    if (k === 'budget') out.push(`the budget binds: it is short by ¥${Math.round(e.total * 1000).toLocaleString('en-US')} a year for the reliability asked`);
    else if (k === 'warehouse') out.push(`warehouse volume binds: ${e.total.toFixed(0)} m³ more usable volume needed (${e.examples.join('; ')})`);
    else out.push(`demand that cannot be met in the required scenarios: ${e.examples.join('; ')}`);
  }
  if (out.length === 0) out.push('infeasible, but the elastic model needed no slack: numerical trouble in the solver');
  return out;
}

/** Candidate plans in reliability mode: the LP covers severity up to 1 − (1 − target)·f for each f. */
const CANDIDATE_TAIL_FACTORS = [1, 0.8, 0.6, 0.4];

/**
 * The severity quantiles to size candidates at. In reliability mode the LP covers the kept trials up to
 * a severity quantile, but trials outside the kept sample can still run short, so stricter candidates
 * are sized too and checked on all trials.
 */
export function candidateQuantiles(cfg: OptimizeConfig): number[] {
  return cfg.mode === 'reliability' ? CANDIDATE_TAIL_FACTORS.map((f) => 1 - (1 - cfg.reliability) * f) : [cfg.reliability];
}

/**
 * The candidate to keep, given each one's evaluation on all trials: the first (cheapest, least strict)
 * whose problems all solved and whose reliability meets the target within its Monte Carlo error; if
 * none does, the most reliable one that solved; else the first.
 */
export function pickCandidate(candidates: SizingResult[], evaluations: { reliability: number; pAnyShortfall: { se: number } }[], cfg: OptimizeConfig): number {
  if (cfg.mode !== 'reliability') return 0;
  const solved = candidates.map((c) => c.problems.every((p) => p.status === 'optimal'));
  const ok = candidates.findIndex((_, k) => solved[k] && evaluations[k].reliability >= cfg.reliability - evaluations[k].pAnyShortfall.se);
  if (ok >= 0) return ok;
  const order = candidates.map((_, k) => k).filter((k) => solved[k]).sort((x, y) => evaluations[y].reliability - evaluations[x].reliability);
  return order.length > 0 ? order[0] : 0;
}
