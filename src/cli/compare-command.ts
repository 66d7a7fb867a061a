/**
 * `sim compare`: simulate a scenario once and evaluate every plan on every
 * trial (common random numbers), then write comparison.json, .csv and .md.
 * The comparison itself is plan/compare's; this parses, prints and writes.
 */
import { join, relative } from 'node:path';
import { comparisonCsv, comparisonIntro, comparisonJson, comparisonMd, comparisonTitle } from '../output/comparison.js';
import { DEFAULT_LANG } from '../core/i18n.js';
import { fmt, pct, table } from '../output/format.js';
import { prepareOutDir, type OutputFolder } from '../output/write.js';
import { compareScenarioPlans, prepareComparison, type Comparison } from '../plan/compare.js';
import { compileScenario, type CompiledRun } from '../scenario/compile.js';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { runSimulation } from '../engine/run.js';
import { shardBlocks, type ShardId } from '../engine/shard.js';
import { PLAN_EVALUATION } from '../plan/observer.js';
import { partName, stateHeader, writeStateFile } from './parts.js';
import { printRegionWarnings } from './validate-command.js';
import { shardLine, slug, type RunArgs } from './run-command.js';
import { progressBar } from './progress.js';

export interface CompareArgs extends RunArgs {
  /** Plan files or folders of them. */
  plans: string[];
  /** Name or file of the plan to compare against (default: the first). */
  baseline?: string;
}

export async function compareCommand(a: CompareArgs): Promise<string[]> {
  const compiled = compileScenario(a.scenario, { trials: a.trials, seed: a.seed });
  const { scenario } = compiled;
  printRegionWarnings(compiled.region, a.quiet, compiled.scenario.hazards.map((h) => h.type));
  if (a.shard) return compareShard(a, a.shard, compiled);
  const out = prepareOutDir(a.out ?? join('out', `${slug(scenario.name)}-comparison`)); // locked and proven writable before simulating
  try {
    return await compareAndWrite(a, compiled, out);
  } finally {
    out.release();
  }
}

/** `sim compare --shard i/N`: evaluate the plans on this shard's blocks and write its shard file. */
async function compareShard(a: CompareArgs, shard: ShardId, compiled: CompiledRun): Promise<string[]> {
  const { scenario } = compiled;
  const prep = prepareComparison({ ...compiled, optimize: scenario.optimize }, a.plans, a.baseline); // every plan checked before simulating
  const outDir = a.out ?? join('out', `${slug(scenario.name)}-comparison-shards`);
  const blocks = shardBlocks(prep.spec.trials, shard);
  const bar = progressBar(!a.quiet && process.stderr.isTTY === true);
  const result = await runSimulation(prep.spec, { workers: a.workers, blocks, observers: PLAN_EVALUATION, onProgress: (d, t) => bar.update(d, t), signal: a.signal });
  bar.finish();
  const file = join(outDir, partName('compare', shard));
  // the plans as files on the shared storage; the baseline as given (a name), or as a file when it is one
  const context = { plans: a.plans.map((p) => resolve(p)), baseline: a.baseline === undefined ? null : existsSync(a.baseline) ? resolve(a.baseline) : a.baseline };
  const bytes = writeStateFile(file, stateHeader('compare', scenario.file, prep.spec, shard, blocks, context, result.engine), result.acc.state());
  if (!a.quiet) process.stdout.write(shardLine(shard, blocks, result.acc.trials, result.engine.wallSeconds, file, bytes) + '\n');
  return [file];
}

async function compareAndWrite(a: CompareArgs, compiled: ReturnType<typeof compileScenario>, out: OutputFolder): Promise<string[]> {
  const bar = progressBar(!a.quiet && process.stderr.isTTY === true);
  const cmp = await compareScenarioPlans({ ...compiled, optimize: compiled.scenario.optimize }, a.plans, a.baseline, { workers: a.workers, onProgress: (d, t) => bar.update(d, t), signal: a.signal });
  bar.finish();
  return writeComparisonOutputs(a, compiled, out, cmp);
}

/** Write comparison.json, .csv, .md and .html and print the ranking (also `sim merge`'s last step for compare shards). */
export async function writeComparisonOutputs(a: Pick<CompareArgs, 'lang' | 'quiet' | 'signal'>, compiled: CompiledRun, out: OutputFolder, cmp: Comparison): Promise<string[]> {
  const { scenario, region, items } = compiled;
  const { plans, ranking, baseline, result } = cmp;
  if (a.signal?.aborted) throw new Error('interrupted');
  const lang = a.lang ?? DEFAULT_LANG;
  const shownName = (lang === 'zh' && scenario.nameZh) || scenario.name;
  const intro = comparisonIntro(lang, { scenario: shownName, trials: fmt(scenario.trials), seed: scenario.seed, nameZh: region.nameZh, name: region.name, baseline });
  const { buildComparisonHtml } = await import('../output/html/comparison-html.js'); // loads ECharts: only when writing
  const written = out.write({
    'comparison.json': comparisonJson(compiled, cmp),
    'comparison.csv': comparisonCsv(plans, ranking, items),
    'comparison.md': comparisonMd(comparisonTitle(lang, shownName), intro, plans, ranking, items, baseline, lang),
    'comparison.html': buildComparisonHtml({ name: shownName, trials: scenario.trials, seed: scenario.seed, region: region.name, regionZh: region.nameZh }, plans, ranking, items, baseline, lang),
  });
  if (!a.quiet) {
    process.stdout.write(
      [
        `${scenario.name}: ${plans.length} plans on ${fmt(scenario.trials)} trials, ${result.engine.shards ? `merged from ${result.engine.shards.length} shards (slowest shard ${result.engine.wallSeconds.toFixed(2)} s)` : `${result.engine.wallSeconds.toFixed(2)} s`}`,
        '',
        table(
          ['plan', 'added ¥ once', 'added ¥ a year', 'P(any item short)', `Δ vs ${baseline}`],
          ranking.order.map((q) => {
            const p = plans[q];
            const d = p.vsBaseline.pAnyShortfall;
            return [p.name, fmt(p.cost.added.oneOff), fmt(p.cost.added.annual), `${pct(p.evaluation.pAnyShortfall.p)} ± ${pct(p.evaluation.pAnyShortfall.se)}`, q === 0 ? 'baseline' : `${(100 * d.mean).toFixed(2)} pp ± ${(100 * d.se).toFixed(2)}${d.distinguishable ? '' : ' (n.s.)'}`];
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
