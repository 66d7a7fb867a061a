/** `sim run`: load and check everything, simulate, then write the outputs in one step. */
import { basename, join, relative } from 'node:path';
import { InputError } from '../core/errors.js';
import { runSimulation } from '../engine/run.js';
import { toCsv } from '../output/csv.js';
import { fmt } from '../output/format.js';
import { buildReport, demandTable, peopleTable } from '../output/report.js';
import { buildSummary, townshipStats } from '../output/summary.js';
import { checkOutDir, writeOutputs } from '../output/write.js';
import { PEOPLE_METRICS } from '../engine/layout.js';
import { compileScenario } from '../scenario/compile.js';
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
  const result = await runSimulation(spec, { workers: a.workers, onProgress: (d, t) => bar.update(d, t), signal: a.signal });
  bar.finish();
  const shownFile = relative(process.cwd(), scenario.file) || basename(scenario.file);
  const summary = buildSummary(scenario, region, items, result, shownFile.split('\\').join('/'));
  const towns = townshipStats(region, result);
  const header = ['code', 'name_zh', 'name_en', 'county_zh', 'population', ...PEOPLE_METRICS.flatMap((m) => [`${m}_mean`, `${m}_p95`])];
  const rows = towns.map((t, i) => [t.code, region.nameZhList[i], region.nameEn[i], region.countyZh[i], region.population[i], ...PEOPLE_METRICS.flatMap((m) => [t.mean[m], t.p95[m]])]);
  if (a.signal?.aborted) throw new Error('interrupted');
  const files = writeOutputs(outDir, {
    'summary.json': JSON.stringify(summary, null, 2) + '\n',
    'townships.csv': toCsv(header, rows),
    'report.md': buildReport(summary, region, towns),
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
      `Outputs: ${files.map((f) => relative(process.cwd(), f)).join(', ')}`,
    ];
    process.stdout.write(lines.join('\n') + '\n');
  }
  return { outDir, files };
}

export function parseTrials(v: unknown): number {
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new InputError(`--trials: expected a whole number of trials > 0, found ${JSON.stringify(v)}`);
  return n;
}
