/**
 * `sim compare`: simulate a scenario once and evaluate every plan on every
 * trial (common random numbers), then write comparison.json, .csv and .md.
 * All plan files are read and checked before anything is simulated: one bad
 * plan stops the run with exit 2 and nothing is evaluated half-way.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { InputError } from '../core/errors.js';
import { runSimulation } from '../engine/run.js';
import { PLAN_EVALUATION, withPlans } from '../plan/observer.js';
import { comparePlans, comparisonCsv, comparisonMd, rank } from '../output/comparison.js';
import { fmt, pct, table } from '../output/format.js';
import { checkOutDir, writeOutputs } from '../output/write.js';
import { planCost } from '../plan/cost.js';
import { loadPlanFile } from '../plan/file.js';
import { loadDepots } from '../plan/holdings.js';
import { PLAN_PARAMS, type PlanParams } from '../plan/params.js';
import { resolveParams } from '../core/params.js';
import { compileScenario } from '../scenario/compile.js';
import { SCHEMA_VERSION } from '../output/summary.js';
import { slug, type RunArgs } from './run-command.js';
import { progressBar } from './progress.js';

export interface CompareArgs extends RunArgs {
  /** Plan files or folders of them. */
  plans: string[];
  /** Name or file of the plan to compare against (default: the first). */
  baseline?: string;
}

/** Plan files from the arguments: files as given, folders expanded to their .yaml/.yml files in name order. */
export function planFiles(args: string[]): string[] {
  const out: string[] = [];
  for (const a of args) {
    if (!existsSync(a)) throw new InputError(`${a}: plan file or folder not found`);
    if (statSync(a).isDirectory()) {
      const fs = readdirSync(a)
        .filter((f) => /\.ya?ml$/i.test(f))
        .sort()
        .map((f) => join(a, f));
      if (fs.length === 0) throw new InputError(`${a}: expected plan files (.yaml) in the folder, found none`);
      out.push(...fs);
    } else out.push(a);
  }
  if (out.length === 0) throw new InputError('sim compare: expected at least one plan file or folder, found none');
  return out;
}

export async function compareCommand(a: CompareArgs): Promise<string[]> {
  const { scenario, region, items, spec } = compileScenario(a.scenario, { trials: a.trials, seed: a.seed });
  const outDir = checkOutDir(a.out ?? join('out', `${slug(scenario.name)}-comparison`));
  const params = (scenario.optimize?.params ?? resolveParams(PLAN_PARAMS, undefined, 'optimize.parameters').values) as PlanParams;
  const depots = loadDepots(region);
  const files = planFiles(a.plans);
  const loaded = files.map((f) => ({ file: f, ...loadPlanFile(f, region, depots, items, params) }));
  let base = 0;
  if (a.baseline !== undefined) {
    base = loaded.findIndex((p) => p.plan.name === a.baseline || p.file === a.baseline || relative(process.cwd(), p.file) === relative(process.cwd(), a.baseline!));
    if (base < 0) throw new InputError(`--baseline: expected the name or file of one of the plans (${loaded.map((p) => JSON.stringify(p.plan.name)).join(', ')}), found ${JSON.stringify(a.baseline)}`);
  }
  const ordered = [loaded[base], ...loaded.filter((_, i) => i !== base)];
  const bar = progressBar(!a.quiet && process.stderr.isTTY === true);
  const result = await runSimulation(withPlans(spec, ordered.map((p) => p.compiled), spec.id), { workers: a.workers, onProgress: (d, t) => bar.update(d, t), signal: a.signal, observers: PLAN_EVALUATION });
  bar.finish();
  const area = scenario.demand.shelterAreaPerPersonM2;
  const costs = ordered.map((p) => planCost(p.plan, items, params, area));
  const names = ordered.map((p) => p.plan.name);
  const shown = ordered.map((p) => relative(process.cwd(), p.file) || p.file);
  const plans = comparePlans(result, names, shown, costs, items);
  const baseline = names[0];
  const json = {
    schemaVersion: SCHEMA_VERSION,
    scenario: { name: scenario.name, file: relative(process.cwd(), scenario.file), seed: scenario.seed, trials: scenario.trials, region: region.name },
    engine: { ...result.engine, plansEvaluated: ordered.length },
    baseline,
    method: 'every plan evaluated on every event of the same simulated trials (model.md §5.4); paired differences are this plan minus the baseline, trial by trial, with their standard errors',
    ranking: rank(plans).order.map((q) => names[q]),
    plans,
    parameters: scenario.optimize?.used ?? null,
  };
  if (a.signal?.aborted) throw new Error('interrupted');
  const intro = [
    `Scenario: ${scenario.name} (${fmt(scenario.trials)} trials, seed ${scenario.seed}), region ${region.nameZh} ${region.name}. Every plan is evaluated on the same simulated disasters: differences between plans are not sampling noise unless marked so.`,
    `Baseline: ${baseline}. A year counts as "short" when any relief item runs out in any of its events (phase 1 within 10 h, or later).`,
  ];
  const written = writeOutputs(outDir, {
    'comparison.json': JSON.stringify(json, null, 2) + '\n',
    'comparison.csv': comparisonCsv(plans, items),
    'comparison.md': comparisonMd(`Plan comparison: ${scenario.name}`, intro, plans, items, baseline),
  });
  if (!a.quiet) {
    const { order } = rank(plans);
    process.stdout.write(
      [
        `${scenario.name}: ${ordered.length} plans on ${fmt(scenario.trials)} trials, ${result.engine.wallSeconds.toFixed(2)} s`,
        '',
        table(
          ['plan', 'annual cost ¥', 'P(any item short)', `Δ vs ${baseline}`],
          order.map((q) => {
            const p = plans[q];
            const d = p.vsBaseline.pAnyShortfall;
            return [p.name, fmt(p.cost.total), `${pct(p.evaluation.pAnyShortfall.p)} ± ${pct(p.evaluation.pAnyShortfall.se)}`, q === 0 ? 'baseline' : `${(100 * d.mean).toFixed(2)} pp ± ${(100 * d.se).toFixed(2)}${d.distinguishable ? '' : ' (n.s.)'}`];
          }),
          false,
        ),
        '',
        `Outputs: ${written.map((f) => relative(process.cwd(), f)).join(', ')}`,
        '',
      ].join('\n'),
    );
  }
  return written;
}
