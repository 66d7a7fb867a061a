/** `sim run`: load and check everything, simulate, then write the outputs in one step. */
import { basename, join, relative } from 'node:path';
import { InputError } from '../core/errors.js';
import { toCsv } from '../output/csv.js';
import { buildReport, demandTable, peopleTable } from '../output/report.js';
import { buildSummary, townshipStats } from '../output/summary.js';
import { checkOutDir, writeOutputs } from '../output/write.js';
import { PEOPLE_METRICS } from '../engine/layout.js';
import { compileScenario } from '../scenario/compile.js';
import { hazardReportDeclarations } from '../hazard/registry.js';
import type { Scenario } from '../scenario/load.js';
import type { Region } from '../region/types.js';
import type { Item } from '../demand/catalogue.js';
import { runSimulation, type RunResult } from '../engine/run.js';
import { currentHoldings, compilePlan, loadDepots, phase1Reach } from '../plan/holdings.js';
import { candidateQuantiles, lpScenarioSet, pickCandidate, sizePlan, type SizingResult } from '../plan/optimize.js';
import { evaluationOf, planCsv, planReport, planYaml, policyChecks } from '../output/plan-output.js';
import { fmt, table } from '../output/format.js';
import { PLAN_EVALUATION, withPlans } from '../plan/observer.js';
import { progressBar } from './progress.js';

export interface RunArgs {
  scenario: string;
  trials?: number;
  seed?: string;
  workers: number;
  out?: string;
  quiet: boolean;
  signal?: AbortSignal;
}

export function slug(name: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
  return s || 'scenario';
}

export async function runCommand(a: RunArgs): Promise<{ outDir: string; files: string[] }> {
  const { scenario, region, items, spec } = compileScenario(a.scenario, { trials: a.trials, seed: a.seed });
  const outDir = checkOutDir(a.out ?? join('out', slug(scenario.name)));
  const bar = progressBar(!a.quiet && process.stderr.isTTY === true);
  const passes = scenario.optimize ? 2 : 1;
  let result = await runSimulation(spec, { workers: a.workers, onProgress: (d, t) => bar.update(d, passes * t), signal: a.signal });
  let sizing: Awaited<ReturnType<typeof sizeAndEvaluate>> | undefined;
  if (scenario.optimize) {
    sizing = await sizeAndEvaluate(scenario, region, items, result, a, (d, t) => bar.update(t + d, 2 * t));
    result = sizing.evaluated;
  }
  bar.finish();
  const shownFile = relative(process.cwd(), scenario.file) || basename(scenario.file);
  const summary = buildSummary(scenario, region, items, result, shownFile.split('\\').join('/'));
  const files: Record<string, string> = {};
  let planSection = '';
  if (sizing) {
    const { plan, current, depots, evals, checks } = sizing;
    const opt = scenario.optimize!;
    (summary as unknown as Record<string, unknown>).plan = {
      name: plan.plan.name,
      mode: opt.mode,
      targetReliability: opt.mode === 'reliability' ? opt.reliability : null,
      stockpiles: plan.plan.stock,
      contracted: plan.plan.contracted,
      teams: plan.plan.teams,
      shelters: plan.plan.shelters,
      cost: Object.fromEntries([...plan.problems.map((p) => [p.problem, Number.isFinite(p.cost) ? p.cost : null]), ['total', plan.totalCost]]),
      solver: Object.fromEntries(plan.problems.map((p) => [p.problem, { status: p.status, solver: p.solver, attempts: p.attempts.map(({ seconds: _s, ...rest }) => rest), variables: p.variables, constraints: p.constraints, diagnosis: p.diagnosis ?? null, detail: p.detail ?? null }])),
      scenarios: plan.scenarios,
      candidates: sizing.candidates,
      evaluation: { sized: evals[1], current: evals[0] },
      policyChecks: checks,
      parameters: opt.used,
    };
    (summary.engine as unknown as Record<string, unknown>).solverSeconds = Object.fromEntries(plan.problems.map((p) => [p.problem, p.seconds]));
    files['plan.csv'] = planCsv(plan.plan, current, depots, items);
    files['plan.yaml'] = planYaml(plan.plan);
    planSection = planReport(plan, evals, checks, opt.mode === 'reliability' ? opt.reliability : undefined, items, current, depots);
  }
  const towns = townshipStats(region, result);
  const header = ['code', 'name_zh', 'name_en', 'county_zh', 'population', ...PEOPLE_METRICS.flatMap((m) => [`${m}_mean`, `${m}_p95`])];
  const rows = towns.map((t, i) => [t.code, region.nameZhList[i], region.nameEn[i], region.countyZh[i], region.population[i], ...PEOPLE_METRICS.flatMap((m) => [t.mean[m], t.p95[m]])]);
  if (a.signal?.aborted) throw new Error('interrupted');
  const written = writeOutputs(outDir, {
    'summary.json': JSON.stringify(summary, null, 2) + '\n',
    'townships.csv': toCsv(header, rows),
    'report.md': buildReport(summary, region, towns, hazardReportDeclarations()) + (planSection ? '\n' + planSection + '\n' : ''),
    ...files,
  });
  if (!a.quiet) {
    const annual = scenario.hazards.every((h) => h.mode === 'annual');
    const lines = [
      `${scenario.name}: ${fmt(scenario.trials)} trials, seed ${scenario.seed}, ${result.engine.workers || 'in-process'} worker(s), ${result.engine.wallSeconds.toFixed(2)} s (${fmt(result.engine.trialsPerSecond)} trials/s)`,
      '',
      annual ? 'Per year (all events):' : 'Per realisation of the event:',
      peopleTable(summary, 'annual', false),
      '',
      ...(annual ? ['Largest event of the year:', peopleTable(summary, 'peakEvent', false), ''] : []),
      'Relief demand, largest event:',
      demandTable(summary, false),
      '',
      ...(sizing ? planStdout(sizing) : []),
      `Outputs: ${written.map((f) => relative(process.cwd(), f)).join(', ')}`,
    ];
    process.stdout.write(lines.join('\n') + '\n');
  }
  return { outDir, files: written };
}

/**
 * Size the plan from the first pass, then simulate again (same seed: the same trials) evaluating
 * current holdings and the plan. In reliability mode the LP covers the kept trials up to a severity
 * quantile; trials outside the kept sample can still run short, so candidates sized at stricter
 * quantiles are evaluated in the same pass and the cheapest one that meets the target on all trials
 * (within its Monte Carlo error) is taken.
 */
async function sizeAndEvaluate(scenario: Scenario, region: Region, items: Item[], first: RunResult, a: RunArgs, progress: (d: number, t: number) => void) {
  const opt = scenario.optimize!;
  const depots = loadDepots(region);
  const current = currentHoldings(region, depots, items);
  const set = lpScenarioSet(first, region, items);
  const candidates: SizingResult[] = [];
  for (const q of candidateQuantiles(opt)) candidates.push(await sizePlan(first, region, items, depots, current, opt, scenario.rescue, scenario.demand.shelterAreaPerPersonM2, q, set));
  const compiled = [current, ...candidates.map((c) => c.plan)].map((p) => compilePlan(p, region, depots, items, opt.params, p.name));
  const evaluated = await runSimulation(withPlans(first.spec, compiled), { workers: a.workers, onProgress: progress, signal: a.signal, observers: PLAN_EVALUATION });
  const all = [evaluationOf(evaluated, 0, 'current holdings', items), ...candidates.map((_, k) => evaluationOf(evaluated, k + 1, 'LP plan', items))];
  const pick = pickCandidate(candidates, all.slice(1), opt);
  const plan = candidates[pick];
  const evals = [all[0], all[pick + 1]];
  const target = opt.mode === 'reliability' ? opt.reliability : 0.95;
  const checks = policyChecks(plan.plan, region, depots, items, opt.params, evals[1], target, phase1Reach(region, depots, opt.params).unreachable.length);
  const candidateTable = candidates.map((c, k) => ({
    sizingQuantile: c.scenarios.sizingQuantile ?? null,
    cost: c.totalCost,
    reliability: all[k + 1].reliability,
    se: all[k + 1].pAnyShortfall.se,
    chosen: k === pick,
    problems: Object.fromEntries(c.problems.map((p) => [p.problem, p.status])),
  }));
  return { plan, current, depots, evals, checks, evaluated, candidates: candidateTable };
}

function planStdout(s: Awaited<ReturnType<typeof sizeAndEvaluate>>): string[] {
  const e = s.evals;
  return [
    'Plan (linear programming):',
    table(
      ['problem', 'status', 'annual cost ¥', 'solver'],
      s.plan.problems.map((p) => [p.problem, p.status, Number.isFinite(p.cost) ? fmt(p.cost) : '–', p.solver]),
      false,
    ),
    '',
    `Reliability on all trials (no item short): current holdings ${(100 * e[0].reliability).toFixed(1)} %, LP plan ${(100 * e[1].reliability).toFixed(1)} % ± ${(100 * e[1].pAnyShortfall.se).toFixed(1)}`,
    `Policy checks: ${s.checks.filter((c) => c.pass).length} of ${s.checks.length} pass (report.md)`,
    '',
  ];
}

export function parseTrials(v: unknown): number {
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new InputError(`--trials: expected a whole number of trials > 0, found ${JSON.stringify(v)}`);
  return n;
}
