/**
 * `sim run`'s pipeline: simulate; with `optimize:`, choose the LP scenarios,
 * size candidate plans, evaluate them and the current holdings on the same
 * trials (a second pass with the same seed), keep one candidate and check it
 * against policy. Returns the typed plan section of summary.json; output/
 * only formats what is decided here.
 */
import type { UsedParam } from '../core/params.js';
import { runSimulation, type RunOptions, type RunResult } from '../engine/run.js';
import type { AccumulatorState } from '../engine/merge.js';
import type { WorkerPool } from '../engine/pool.js';
import type { PlanParams } from './params.js';
import { PLAN_EVALUATION, withPlans } from './observer.js';
import { pooledHighs } from './solver/highs-pool.js';
import { withoutTrialVectors, type RunSpec } from '../engine/spec.js';
import type { Item } from '../demand/catalogue.js';
import type { Region } from '../region/types.js';
import type { OptimizeConfig } from './config.js';
import { evaluationOf, type PlanEvaluation } from './evaluation.js';
import { compilePlan, currentHoldings, loadDepots, phase1Reach } from './holdings.js';
import { candidateQuantiles, lpScenarioSet, pickCandidate, sizePlan, type ProblemResult, type SizingResult } from './optimize.js';
import { explainMiss, type TargetMiss } from './miss.js';
import { holdingsPresent, missesReliabilityTarget, policyChecks, type PolicyCheck } from './policy.js';
import type { SolveAttempt } from './solver/index.js';
import type { Depot, Plan } from './types.js';
import type { PlanCostSplit } from './cost.js';
import type { StockMove } from './stockpile.js';
import { moveLines, purchaseLines, shelterLines, teamLines, type MoveLine, type PurchaseLine, type ShelterLine, type TeamLine } from './lists.js';

/** How the costs are counted, for summary.json (cost.ts). */
const COST_RULES =
  'annual: the steady-state cost of keeping the plan (stock replaced at expiry: unit cost / shelf life + floor area; contract retainers; team upkeep; shelter construction spread over its life; no discounting, assumption); one-off: the cash to reach the plan from the current holdings (purchases, construction, recruitment and training); added = plan − current; an optimize budget bounds the added annual stockpile cost';

/** One candidate plan as summary.json lists it (reliability mode sizes several). */
export interface CandidateSummary {
  sizingQuantile: number | null;
  cost: number;
  reliability: number;
  se: number;
  chosen: boolean;
  problems: Record<string, ProblemResult['status']>;
}

/** One sizing problem's solve, without wall times (those are machine-dependent and go to engine.solverSeconds). */
export interface ProblemSummary {
  status: ProblemResult['status'];
  solver: string;
  attempts: Omit<SolveAttempt, 'seconds'>[];
  variables: number;
  constraints: number;
  diagnosis: string[] | null;
  detail: Record<string, unknown> | null;
}

/** summary.json `plan`: the sized plan, how it was sized, and how it performs. */
export interface PlanSummary {
  name: string;
  mode: OptimizeConfig['mode'];
  targetReliability: number | null;
  stockpiles: Plan['stock'];
  /** basis relocate: current stock moved between depots (empty otherwise). */
  moves: StockMove[];
  contracted: Plan['contracted'];
  teams: Plan['teams'];
  shelters: Plan['shelters'];
  /** What the plan starts from (optimize.basis). */
  basis: OptimizeConfig['basis'];
  /**
   * ¥, one-off and annual: the current holdings, what the plan adds, and the total (cost.ts states the rules);
   * by part; and the total annual cost of each sized problem (null where it could not be sized).
   */
  cost: PlanCostSplit & { byProblem: Record<string, number | null>; rules: string };
  /** By problem. */
  solver: Record<string, ProblemSummary>;
  scenarios: SizingResult['scenarios'];
  candidates: CandidateSummary[];
  evaluation: { sized: PlanEvaluation; current: PlanEvaluation };
  policyChecks: PolicyCheck[];
  /** Reliability mode, when the plan misses its target: what binds, by how much, and what would fix it. */
  targetMiss: TargetMiss | null;
  parameters: Record<string, UsedParam>;
}

export interface SizedPlan {
  /** The chosen candidate. */
  sizing: SizingResult;
  current: Plan;
  depots: Depot[];
  /** Current holdings, then the sized plan: evaluated on every trial of the second pass. */
  evaluations: [PlanEvaluation, PlanEvaluation];
  checks: PolicyCheck[];
  /** The same checks with Chinese texts, for the zh report (summary.json keeps `checks`, in English). */
  checksZh?: PolicyCheck[];
  /** Reliability mode: the target, and whether the plan misses it by more than its Monte Carlo error. */
  target?: { reliability: number; missed: boolean };
  /** Why the target is missed (null when it is met, or in penalty mode). */
  targetMiss: TargetMiss | null;
  summary: PlanSummary;
  /** Wall seconds of each problem's solves. */
  solverSeconds: Record<string, number>;
  /** What the plan asks for, line by line, against the current holdings. */
  lists: { purchases: PurchaseLine[]; moves: MoveLine[]; teams: TeamLine[]; shelters: ShelterLine[] };
}

export interface ScenarioRun {
  /** The simulation's statistics (the first pass), with the engine figures of the last pass and, with a plan, of every phase. */
  result: RunResult;
  sized?: SizedPlan;
}

/** What a planning run needs of a compiled scenario. */
export interface PlanRunInput {
  spec: RunSpec;
  region: Region;
  items: Item[];
  /** The scenario's `optimize:` block, if any. */
  optimize?: OptimizeConfig;
}

/** The phases of a run, for progress reports: each simulation pass counts its own trials. */
export type RunPhase = 'simulating' | 'sizing the plan' | 'evaluating the plans';

/** Where a run keeps its checkpoints (--checkpoint): each pass's state, found again by its spec. */
export interface CheckpointStore {
  everySeconds: number;
  /** The saved state of this pass, if any (refused with an input error when it belongs to another run). */
  load(pass: 'simulation' | 'evaluation', spec: RunSpec): AccumulatorState | undefined;
  save(pass: 'simulation' | 'evaluation', spec: RunSpec, state: AccumulatorState): void;
  /** The running pass's save-now function (for Ctrl-C). */
  bind?(saveNow: () => boolean): void;
}

export type PipelineOptions = RunOptions & { onPhase?: (p: RunPhase) => void; checkpoints?: CheckpointStore };

/** RunOptions of one pass with its checkpoint (if any). */
function passOptions(run: PipelineOptions, pass: 'simulation' | 'evaluation', spec: RunSpec, extra: Partial<RunOptions> = {}): RunOptions {
  const cp = run.checkpoints;
  return {
    workers: run.workers,
    pool: run.pool,
    onProgress: run.onProgress,
    signal: run.signal,
    ...extra,
    ...(cp ? { resume: cp.load(pass, spec), checkpoint: { everySeconds: cp.everySeconds, save: (st) => cp.save(pass, spec, st), bind: cp.bind?.bind(cp) } } : {}),
  };
}

/** The first pass's spec: only the sizing step reads the kept trials' township vectors, so a run without optimize: keeps which trials, not their vectors. */
export function simulationSpec(c: PlanRunInput): RunSpec {
  return c.optimize ? c.spec : withoutTrialVectors(c.spec);
}

/** Simulate the scenario and, with `optimize:`, size and evaluate a plan; `onPhase` is told when each phase starts. */
/** The region's depots and its current holdings as a plan: read from its holdings files once a run. */
export interface Holdings {
  depots: Depot[];
  current: Plan;
}

export function readHoldings(region: Region, items: Item[]): Holdings {
  const depots = loadDepots(region);
  return { depots, current: currentHoldings(region, depots, items) };
}

export async function runScenario(c: PlanRunInput, run: PipelineOptions): Promise<ScenarioRun> {
  const opt = c.optimize;
  run.onPhase?.('simulating');
  // the event tables (--event-tables) come from this first pass only
  const spec = simulationSpec(c);
  const first = await runSimulation(spec, passOptions(run, 'simulation', spec, { onEventTables: run.onEventTables }));
  if (!opt) return { result: first };
  run.onPhase?.('sizing the plan');
  const held = readHoldings(c.region, c.items);
  const sizing = await sizeCandidates(c, opt, first, run.pool, held);
  run.onPhase?.('evaluating the plans');
  const evalSpec = evaluationSpec(first.spec, opt.params, sizing, held);
  const evaluated = await runSimulation(evalSpec, passOptions(run, 'evaluation', evalSpec, { observers: PLAN_EVALUATION }));
  return finishPlan(c, opt, first, sizing, evaluated, held);
}

/** The sizing step's output: the candidate plans (and the current holdings) the evaluation pass evaluates. */
export interface Candidates {
  candidates: SizingResult[];
  sizingSeconds: number;
}

/**
 * Size the candidate plans from the first pass (no simulation). In reliability mode the LP covers the
 * kept trials up to a severity quantile; trials outside the kept sample can still run short, so
 * candidates sized at stricter quantiles are evaluated too (finishPlan keeps one).
 */
export async function sizeCandidates(c: PlanRunInput, opt: OptimizeConfig, first: RunResult, pool?: WorkerPool, held = readHoldings(c.region, c.items)): Promise<Candidates> {
  const { region, items, spec } = c;
  const { depots, current } = held;
  const set = lpScenarioSet(first, region, items);
  const tSizing = performance.now();
  // the candidates' LPs are independent: on a pool they solve side by side (same answers, in order)
  const highsRunner = pool ? pooledHighs(pool) : undefined;
  const candidates: SizingResult[] = await Promise.all(candidateQuantiles(opt).map((q) => sizePlan(first, region, items, depots, current, opt, spec.rescue, spec.demand.shelterAreaPerPersonM2, q, set, highsRunner)));
  return { candidates, sizingSeconds: (performance.now() - tSizing) / 1000 };
}

/** The evaluation pass's spec: the same trials (same seed), computing only the plans' metrics for current holdings and every candidate. */
export function evaluationSpec(simulation: RunSpec, params: PlanParams, sized: Candidates, held = readHoldings(simulation.region, simulation.items)): RunSpec {
  const spec = withoutTrialVectors(simulation);
  // from the spec's own region and items, so a sizing file read on another node compiles the same plans
  const { region, items } = spec;
  const { depots, current } = held;
  const compiled = [current, ...sized.candidates.map((s) => s.plan)].map((p) => compilePlan(p, region, depots, items, params, p.name));
  // the second pass computes only the plans' metrics: the simulation's own statistics are the first pass's (same trials)
  return { ...withPlans(spec, compiled), observersOnly: true };
}

/**
 * After the evaluation pass: keep the cheapest candidate that meets the target on all trials (within
 * its Monte Carlo error), check it against policy and explain a missed target.
 */
export function finishPlan(c: PlanRunInput, opt: OptimizeConfig, first: RunResult, sizedCandidates: Candidates, evaluated: RunResult, held = readHoldings(c.region, c.items)): Required<ScenarioRun> {
  const { region, items, spec } = c;
  const { candidates, sizingSeconds } = sizedCandidates;
  const { depots, current } = held;
  evaluated.engine.phases = [
    { phase: 'simulation', wallSeconds: first.engine.wallSeconds, peakRssMiB: first.engine.peakRssMiB },
    { phase: 'sizing', wallSeconds: sizingSeconds, peakRssMiB: null },
    { phase: 'evaluation', wallSeconds: evaluated.engine.wallSeconds, peakRssMiB: evaluated.engine.peakRssMiB },
  ];
  const all = [evaluationOf(evaluated, 0, 'current holdings', items), ...candidates.map((_, k) => evaluationOf(evaluated, k + 1, 'LP plan', items))];
  const pick = pickCandidate(candidates, all.slice(1), opt);
  const sizing = candidates[pick];
  const evaluations: [PlanEvaluation, PlanEvaluation] = [all[0], all[pick + 1]];
  // penalty mode has no reliability target; the 10-hour check still needs one (the default 0.95)
  const target = opt.mode === 'reliability' ? opt.reliability : 0.95;
  const unreachable = phase1Reach(region, depots, opt.params).unreachable;
  const policyInput = { plan: sizing.plan, current, region, depots, items, params: opt.params, evaluation: { plan: evaluations[1], current: evaluations[0] }, target, unreachable, holdings: holdingsPresent(region) };
  const checks = policyChecks(policyInput);
  const checksZh = policyChecks(policyInput, 'zh');
  const targetMiss =
    opt.mode === 'reliability'
      ? explainMiss({ target, candidates, evaluations: all.slice(1), chosen: pick, depots, items, params: opt.params, budget: opt.budget, maxScenarios: opt.maxScenarios, timeLimitSeconds: opt.timeLimitSeconds, unreachable })
      : null;
  const candidateTable: CandidateSummary[] = candidates.map((s, k) => ({
    sizingQuantile: s.scenarios.sizingQuantile ?? null,
    cost: s.totalCost,
    reliability: all[k + 1].reliability,
    se: all[k + 1].pAnyShortfall.se,
    chosen: k === pick,
    problems: Object.fromEntries(s.problems.map((p) => [p.problem, p.status])),
  }));
  const summary = planSummary(sizing, opt, candidateTable, evaluations, checks, targetMiss);
  const solverSeconds = Object.fromEntries(sizing.problems.map((p) => [p.problem, p.seconds]));
  const sized: SizedPlan = {
    sizing,
    current,
    depots,
    evaluations,
    checks,
    checksZh,
    target: opt.mode === 'reliability' ? { reliability: opt.reliability, missed: missesReliabilityTarget(evaluations[1], opt.reliability) } : undefined,
    targetMiss,
    summary,
    solverSeconds,
    lists: {
      purchases: purchaseLines(sizing.plan, current, region, depots, items, opt.params, sizing.moves),
      moves: moveLines(sizing.moves, region, depots, items, opt.params),
      teams: teamLines(sizing.plan, current, region, opt.params),
      shelters: shelterLines(sizing.plan, current, region, opt.params, spec.demand.shelterAreaPerPersonM2),
    },
  };
  // the statistics of the first pass, the engine figures of the last (with every phase's)
  return { result: { ...first, engine: evaluated.engine }, sized };
}

/** summary.json's plan section. Key order is the file's: do not reorder. */
function planSummary(s: SizingResult, opt: OptimizeConfig, candidates: CandidateSummary[], evaluations: [PlanEvaluation, PlanEvaluation], checks: PolicyCheck[], targetMiss: TargetMiss | null): PlanSummary {
  return {
    name: s.plan.name,
    mode: opt.mode,
    targetReliability: opt.mode === 'reliability' ? opt.reliability : null,
    stockpiles: s.plan.stock,
    moves: s.moves,
    contracted: s.plan.contracted,
    teams: s.plan.teams,
    shelters: s.plan.shelters,
    basis: opt.basis,
    cost: {
      ...s.cost,
      byProblem: Object.fromEntries([...s.problems.map((p): [string, number | null] => [p.problem, Number.isFinite(p.cost) ? p.cost : null]), ['total', s.totalCost]]),
      rules: COST_RULES,
    },
    solver: Object.fromEntries(
      s.problems.map((p): [string, ProblemSummary] => [
        p.problem,
        { status: p.status, solver: p.solver, attempts: p.attempts.map(({ seconds: _s, ...rest }) => rest), variables: p.variables, constraints: p.constraints, diagnosis: p.diagnosis ?? null, detail: p.detail ?? null },
      ]),
    ),
    scenarios: s.scenarios,
    candidates,
    evaluation: { sized: evaluations[1], current: evaluations[0] },
    policyChecks: checks,
    targetMiss,
    parameters: opt.used,
  };
}
