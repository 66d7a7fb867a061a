/** The scenario's `optimize:` block: which problems to size, how, and with what planning parameters. */
import { InputError } from '../core/errors.js';
import { resolveParams, type UsedParam } from '../core/params.js';
import { isMapping, show } from '../core/validate.js';
import { PLAN_PARAMS, type PlanParams } from './params.js';

export const PROBLEMS = ['stockpiles', 'teams', 'shelters'] as const;
export type Problem = (typeof PROBLEMS)[number];

/**
 * What a plan starts from. topUp (default): current physical stock, contracts, team members and
 * shelter places are lower bounds, and the LPs choose what to add (no bureau sells stock it owns or
 * disbands a trained team); relocate: as topUp, but current stock may also move between depots of
 * one county, or between the city and county warehouses, at a transfer cost; greenfield: from
 * zero, for comparison.
 */
export const BASES = ['topUp', 'relocate', 'greenfield'] as const;
export type Basis = (typeof BASES)[number];

export interface OptimizeConfig {
  mode: 'reliability' | 'penalty';
  basis: Basis;
  /** Reliability mode: no shortage in any kept scenario up to this quantile of severity. */
  reliability: number;
  /** Annual budget for what the plan adds to the stockpile (¥ a year), if any. */
  budget?: number;
  problems: Problem[];
  solver: 'auto' | 'jslp' | 'highs';
  timeLimitSeconds: number;
  /** Most scenarios in one LP. */
  maxScenarios: number;
  params: PlanParams;
  used: Record<string, UsedParam>;
}

const KEYS = ['mode', 'basis', 'reliability', 'budget', 'problems', 'solver', 'timeLimitSeconds', 'maxScenarios', 'parameters'];

/** Validate `optimize:`; `where` is the field path for messages ("optimize"). */
export function parseOptimize(raw: unknown, where = 'optimize'): OptimizeConfig {
  if (!isMapping(raw)) throw new InputError(`${where}: expected a mapping (mode, reliability, budget, problems, …), found ${show(raw)}`);
  const o = raw;
  for (const k of Object.keys(o)) if (!KEYS.includes(k)) throw new InputError(`${where}.${k}: unknown field "${k}"; expected one of: ${KEYS.join(', ')}`);
  const mode = o.mode ?? 'reliability';
  if (mode !== 'reliability' && mode !== 'penalty') throw new InputError(`${where}.mode: expected reliability or penalty, found ${show(mode)}`);
  const basis = o.basis ?? 'topUp';
  if (!(BASES as readonly unknown[]).includes(basis)) throw new InputError(`${where}.basis: expected one of ${BASES.join(', ')}, found ${show(basis)}`);
  const reliability = o.reliability ?? 0.95;
  if (typeof reliability !== 'number' || !(reliability > 0 && reliability < 1)) throw new InputError(`${where}.reliability: expected a probability strictly between 0 and 1, found ${show(reliability)}`);
  let budget: number | undefined;
  if (o.budget !== undefined && o.budget !== null) {
    // at most ¥10^13 a year (more than any national budget): a typo, not a plan
    if (typeof o.budget !== 'number' || !(o.budget > 0)) throw new InputError(`${where}.budget: expected an annual budget in ¥ > 0, found ${show(o.budget)}`);
    if (!(o.budget <= 1e13)) throw new InputError(`${where}.budget: expected an annual budget in ¥ ≤ 10^13, found ${show(o.budget)}`);
    budget = o.budget;
  }
  let problems: Problem[] = [...PROBLEMS];
  if (o.problems !== undefined) {
    if (!Array.isArray(o.problems) || o.problems.length === 0) throw new InputError(`${where}.problems: expected a list of ${PROBLEMS.join(', ')}, found ${show(o.problems)}`);
    const seen = new Set<unknown>();
    problems = o.problems.map((x, i) => {
      if (seen.has(x)) throw new InputError(`${where}.problems[${i}]: expected each of ${PROBLEMS.join(', ')} at most once, found ${show(x)} again`);
      seen.add(x);
      if (!(PROBLEMS as readonly unknown[]).includes(x)) throw new InputError(`${where}.problems[${i}]: expected one of ${PROBLEMS.join(', ')}, found ${show(x)}`);
      return x as Problem;
    });
  }
  const solver = o.solver ?? 'auto';
  if (solver !== 'auto' && solver !== 'jslp' && solver !== 'highs') throw new InputError(`${where}.solver: expected auto, jslp or highs, found ${show(solver)}`);
  // engineering defaults, not model parameters: 20 s a solve (the Weihai LPs take < 1 s with HiGHS),
  // 120 scenarios an LP (enough for the sized plans to meet their target out of sample, see plan.candidates)
  const timeLimitSeconds = o.timeLimitSeconds ?? 20;
  if (typeof timeLimitSeconds !== 'number' || !(timeLimitSeconds > 0) || timeLimitSeconds > 3600) throw new InputError(`${where}.timeLimitSeconds: expected seconds > 0 (at most 3600), found ${show(timeLimitSeconds)}`);
  const maxScenarios = o.maxScenarios ?? 120;
  if (typeof maxScenarios !== 'number' || !Number.isInteger(maxScenarios) || maxScenarios < 1 || maxScenarios > 5000) throw new InputError(`${where}.maxScenarios: expected a whole number from 1 to 5000, found ${show(maxScenarios)}`);
  if (o.parameters !== undefined && o.parameters !== null && !isMapping(o.parameters)) throw new InputError(`${where}.parameters: expected a mapping of planning parameter names to values, found ${show(o.parameters)}`);
  const { values, used } = resolveParams(PLAN_PARAMS, (o.parameters ?? undefined) as Record<string, unknown> | undefined, `${where}.parameters`);
  return { mode, basis: basis as Basis, reliability, budget, problems, solver: solver as OptimizeConfig['solver'], timeLimitSeconds, maxScenarios, params: values as PlanParams, used };
}
