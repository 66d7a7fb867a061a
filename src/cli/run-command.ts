/** `sim run`: load and check everything, run the pipeline (simulate, and size a plan with optimize:), then write the outputs in one step. */
import { basename, join, relative } from 'node:path';
import { InputError } from '../core/errors.js';
import { toCsv } from '../output/csv.js';
import { checkEventTableTrials, epCsv, eventTableWriter } from '../output/risk-tables.js';
import { townshipsGeoJson } from '../output/geojson.js';
import { depotLayer } from './depot-layer.js';
import { eventTableColumns, type EventTableRows } from '../engine/event-tables.js';
import { buildReport, demandTable, isDeterministic, peopleTable } from '../output/report.js';
import { hazardReportDeclarations } from '../hazard/registry.js';
import { metricCoverage } from '../hazard/coverage.js';
import { buildSummary, townshipStats, withPlan } from '../output/summary.js';
import { prepareOutDir, type OutputFolder } from '../output/write.js';
import { PEOPLE_METRICS } from '../engine/layout.js';
import { compileScenario } from '../scenario/compile.js';
import { MAX_TRIALS } from '../scenario/load.js';
import { runScenario, simulationSpec, type CheckpointStore, type ScenarioRun, type SizedPlan } from '../plan/pipeline.js';
import { runSimulation } from '../engine/run.js';
import { shardBlocks, type ShardId } from '../engine/shard.js';
import type { BlockRange } from '../engine/merge.js';
import { BLOCK_SIZE } from '../core/random.js';
import { readPartFile } from '../io/part-file.js';
import { checkSpec, partName, shown, stateHeader, writeStateFile, type StatePayload } from './parts.js';
import type { CompiledRun } from '../scenario/compile.js';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { onInterrupt } from './interrupt.js';
import { checkCounts } from '../plan/policy.js';
import { addedCostLine, movesCsv, planCsv, planReport, planYaml, purchasesCsv, sheltersPlanCsv, teamsPlanCsv } from '../output/plan-output.js';
import { fmt, table } from '../output/format.js';
import { progressBar } from './progress.js';
import { printRegionWarnings } from './validate-command.js';
import { DEFAULT_LANG, tr, type Lang, type Msg } from '../core/i18n.js';
import { STDOUT } from '../output/i18n/report.js';
import { loadDepots } from '../plan/holdings.js';
import { WorkerPool } from '../engine/pool.js';
import { highsWasm } from '../plan/solver/highs-pool.js';

export interface RunArgs {
  scenario: string;
  trials?: number;
  seed?: string;
  workers: number;
  out?: string;
  quiet: boolean;
  /** Print summary.json to stdout instead of the tables. */
  json?: boolean;
  /** Language of the report files (default zh) and, when given, of the terminal tables (default English). */
  lang?: Lang;
  /** --event-tables: also write ylt.csv and elt.csv (streamed as the trials come). */
  eventTables?: boolean;
  signal?: AbortSignal;
  /** --shard i/N: simulate only this shard's blocks and write its shard file (cli/parts.ts), nothing else. */
  shard?: ShardId;
  /** --checkpoint DIR: save the run's progress there (every checkpointEvery seconds, and on Ctrl-C). */
  checkpoint?: string;
  checkpointEvery?: number;
  /** --resume: continue from the checkpoint in --checkpoint DIR. */
  resume?: boolean;
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
  // one pool for every step (simulation, sizing LPs, evaluation), started once the scenario file is
  // good: its threads start and load their modules while this thread reads the region
  let pool: WorkerPool | undefined;
  try {
    const compiled = compileScenario(a.scenario, { trials: a.trials, seed: a.seed }, () => {
      if (a.workers > 0) pool = new WorkerPool(a.workers);
    });
    const { scenario } = compiled;
    if (a.eventTables) checkEventTableTrials(scenario.trials);
    printRegionWarnings(compiled.region, a.quiet, compiled.scenario.hazards.map((h) => h.type));
    if (a.shard) return await runShard(a, a.shard, compiled, pool);
    const checkpoints = a.checkpoint !== undefined ? fileCheckpoints(a.checkpoint, compiled, a.checkpointEvery ?? DEFAULT_CHECKPOINT_SECONDS, a.resume === true, a.quiet) : undefined;
    const out = prepareOutDir(a.out ?? join('out', slug(scenario.name))); // locked and proven writable before simulating
    try {
      const written = await runAndWrite(a, compiled, out, pool, checkpoints);
      checkpoints?.clear(); // the outputs are whole: nothing left to resume
      return written;
    } finally {
      out.release();
    }
  } finally {
    await pool?.destroy();
  }
}

/** `sim run --shard i/N`: simulate this shard's blocks and write its shard file. */
async function runShard(a: RunArgs, shard: ShardId, compiled: CompiledRun, pool: WorkerPool | undefined): Promise<{ outDir: string; files: string[] }> {
  const { scenario } = compiled;
  const outDir = a.out ?? join('out', `${slug(scenario.name)}-shards`);
  const spec = simulationSpec({ ...compiled, optimize: scenario.optimize });
  const blocks = shardBlocks(spec.trials, shard);
  const bar = progressBar(!a.quiet && process.stderr.isTTY === true);
  // --event-tables: the shard's rows, in trial order, go into its file (sim merge writes ylt.csv and elt.csv)
  const tables: EventTableRows[] | undefined = a.eventTables ? [] : undefined;
  const result = await runSimulation(spec, { workers: a.workers, pool, blocks, onProgress: (d, t) => bar.update(d, t), signal: a.signal, onEventTables: tables && ((r) => tables.push(r)) });
  bar.finish();
  const file = join(outDir, partName('simulation', shard));
  const bytes = writeStateFile(file, stateHeader('simulation', scenario.file, spec, shard, blocks, { optimize: scenario.optimize !== undefined, eventTables: a.eventTables === true }, result.engine), result.acc.state(), tables);
  if (!a.quiet) process.stdout.write(shardLine(shard, blocks, result.acc.trials, result.engine.wallSeconds, file, bytes) + '\n');
  return { outDir, files: [file] };
}

/** "shard 3/8: blocks 366–487, 124,928 trials, 12.3 s → parts/simulation-3-of-8.simpart (21.4 MB)". */
export function shardLine(shard: ShardId, blocks: BlockRange, trials: number, seconds: number, file: string, bytes: number): string {
  const range = blocks.count > 0 ? `blocks ${blocks.first}–${blocks.first + blocks.count - 1}` : 'no blocks (more shards than blocks of 1,024 trials)';
  return `shard ${shard.index}/${shard.count}: ${range}, ${fmt(trials)} trials, ${seconds.toFixed(2)} s → ${shown(file)} (${(bytes / 1048576).toFixed(1)} MB)`;
}

/**
 * Seconds between checkpoints unless --checkpoint-every says otherwise: a crash loses at most this much
 * work, and a save (the accumulators, ~1 MB compressed for Weihai, ~20 MB for the synthetic province)
 * costs well under a second, so a minute keeps saving under ~1 % of the run. An engineering choice, not a model parameter.
 */
export const DEFAULT_CHECKPOINT_SECONDS = 60;

/**
 * Checkpoints in a folder: one file per pass (simulation.checkpoint, evaluation.checkpoint), each the
 * pass's accumulator state with the run it belongs to, written atomically. A folder that holds a
 * checkpoint is refused without --resume (it would be overwritten); with --resume a checkpoint of
 * another run (scenario content, seed, trials or version) is refused, not mixed in.
 */
function fileCheckpoints(dir: string, compiled: CompiledRun, everySeconds: number, resume: boolean, quiet: boolean): CheckpointStore & { clear(): void } {
  const fileOf = (pass: string) => join(dir, `${pass}.checkpoint`);
  const existing = ['simulation', 'evaluation'].map(fileOf).filter((f) => existsSync(f));
  if (!resume && existing.length) throw new InputError(`--checkpoint ${dir}: holds the checkpoint of an earlier run (${existing.map((f) => basename(f)).join(', ')}): add --resume to continue it, or delete the folder to start over`);
  if (resume && existing.length === 0 && !quiet) process.stderr.write(`sim: --resume: no checkpoint in ${dir} yet: starting from the first trial\n`);
  let saveNow: () => boolean = () => false;
  // stale temporary files of writes that were killed (the checkpoint itself is only ever renamed into place)
  if (existsSync(dir)) for (const f of readdirSync(dir)) if (/^\.(simulation|evaluation)\.checkpoint\.tmp-/.test(f)) rmSync(join(dir, f), { force: true });
  const unhook = onInterrupt(() => {
    if (saveNow() || existsSync(fileOf('simulation'))) process.stderr.write(`sim: progress saved in ${dir}: continue with the same command and --resume\n`);
  });
  return {
    everySeconds,
    bind(fn) {
      saveNow = fn;
    },
    load(pass, spec) {
      const f = fileOf(pass);
      if (!resume || !existsSync(f)) return undefined;
      const part = readPartFile<StatePayload>(f, ['checkpoint']);
      const h = part.header;
      if (h.context.pass !== pass) throw new InputError(`${f}: expected the ${pass} pass's checkpoint, found the ${String(h.context.pass)} pass's`);
      if (h.seed !== spec.seed || h.trials !== spec.trials) throw new InputError(`--resume: ${f} is a checkpoint of the run with seed ${JSON.stringify(h.seed)} and ${fmt(h.trials)} trials, this run has seed ${JSON.stringify(spec.seed)} and ${fmt(spec.trials)} trials: give the same --seed and --trials, or start over in another folder`);
      checkSpec(h, f, spec);
      const { state } = part.payload();
      if (!quiet) process.stderr.write(`sim: resuming the ${pass} pass from ${f}: ${fmt(state.trials)} of ${fmt(spec.trials)} trials done\n`);
      return state;
    },
    save(pass, spec, state) {
      const whole = { first: 0, count: Math.ceil(spec.trials / BLOCK_SIZE) };
      writeStateFile(fileOf(pass), stateHeader('checkpoint', compiled.scenario.file, spec, { index: 0, count: 1 }, whole, { pass, trialsDone: state.trials }), state);
    },
    clear() {
      unhook();
      for (const f of ['simulation', 'evaluation'].map(fileOf)) rmSync(f, { force: true });
    },
  };
}

async function runAndWrite(a: RunArgs, compiled: CompiledRun, out: OutputFolder, pool: WorkerPool | undefined, checkpoints?: CheckpointStore): Promise<{ outDir: string; files: string[] }> {
  const { scenario, items, region } = compiled;
  // ECharts takes ~0.7 s to load: start now, while the workers start and simulate, not after the run
  const htmlModule = import('../output/html/report-html.js');
  htmlModule.catch(() => {}); // awaited below; a run that fails first must not also report this
  // likewise the LP solver's WebAssembly, compiled on V8's background threads during the simulation
  if (scenario.optimize && pool) highsWasm().catch(() => {}); // a failure shows when the LPs need it
  const bar = progressBar(!a.quiet && process.stderr.isTTY === true);
  const tables = a.eventTables ? eventTablesTo(out, compiled) : undefined;
  const run = await runScenario({ ...compiled, optimize: compiled.scenario.optimize }, {
    workers: a.workers,
    pool,
    onEventTables: tables?.add,
    onProgress: (d, t) => bar.update(d, t),
    onPhase: (p) => bar.phase(p),
    signal: a.signal,
    checkpoints,
  });
  bar.finish();
  tables?.close();
  return writeRunOutputs(a, compiled, out, run, htmlModule);
}

/** ylt.csv and elt.csv, streamed into the output folder as rows come (--event-tables). */
export function eventTablesTo(out: OutputFolder, { scenario, items, region }: CompiledRun): ReturnType<typeof eventTableWriter> {
  return eventTableWriter((name) => out.stream(name), eventTableColumns(scenario.hazards, items), scenario.hazards, region, metricCoverage(scenario.hazards).notModelled);
}

/** What writing a run's outputs needs of the command line. */
export type OutputArgs = Pick<RunArgs, 'lang' | 'json' | 'quiet' | 'signal'>;

/** Write everything `sim run` writes for a finished run (also `sim merge`'s last step), and print its tables. */
export async function writeRunOutputs(a: OutputArgs, compiled: CompiledRun, out: OutputFolder, run: ScenarioRun, htmlModule = import('../output/html/report-html.js')): Promise<{ outDir: string; files: string[] }> {
  const { scenario, region, items } = compiled;
  const { result, sized } = run;
  const shownFile = relative(process.cwd(), scenario.file) || basename(scenario.file);
  const coverage = metricCoverage(scenario.hazards);
  const simulated = buildSummary(scenario, region, items, result, shownFile.split('\\').join('/'), coverage);
  const summary = sized ? withPlan(simulated, sized) : simulated;
  const files: Record<string, string> = {};
  const reportLang = a.lang ?? DEFAULT_LANG;
  let planSection = '';
  if (sized) {
    files['plan.csv'] = planCsv(sized.sizing.plan, sized.current, sized.depots, items);
    files['plan.yaml'] = planYaml(sized.sizing.plan, sized.depots);
    files['purchases.csv'] = purchasesCsv(sized.lists.purchases);
    if (sized.summary.basis === 'relocate') files['moves.csv'] = movesCsv(sized.lists.moves);
    files['teams-plan.csv'] = teamsPlanCsv(sized.lists.teams);
    files['shelters-plan.csv'] = sheltersPlanCsv(sized.lists.shelters);
    planSection = planReport(sized, items, reportLang);
  }
  const towns = townshipStats(region, result);
  const header = ['code', 'name_zh', 'name_en', 'county_zh', 'population', ...PEOPLE_METRICS.flatMap((m) => [`${m}_mean`, `${m}_p95`])];
  // a metric no model computes is left empty (not modelled), never 0; summary.json says why
  const shown = (m: string, v: number) => (coverage.notModelled[m] === undefined ? v : null);
  const rows = towns.map((t, i) => [t.code, region.nameZhList[i], region.nameEn[i], region.countyZh[i], region.population[i], ...PEOPLE_METRICS.flatMap((m) => [shown(m, t.mean[m]), shown(m, t.p95[m])])]);
  // standard risk outputs (ep.csv) and the map layers (issue 12)
  files['ep.csv'] = epCsv(result, items, coverage, { annual: scenario.hazards.every((h) => h.mode === 'annual'), drill: isDeterministic(summary) });
  files['townships.geojson'] = townshipsGeoJson(region, towns, coverage.notModelled);
  const depots = depotLayer(region, items, sized);
  if (depots) files['depots.geojson'] = depots;
  if (a.signal?.aborted) throw new Error('interrupted');
  const { buildReportHtml } = await htmlModule;
  const written = out.write({
    'summary.json': JSON.stringify(summary, null, 2) + '\n',
    'townships.csv': toCsv(header, rows, Object.fromEntries(header.slice(4).map((h) => [h, 'int' as const]))), // people: whole numbers
    'report.md': buildReport(summary, region, towns, hazardReportDeclarations(), reportLang, metricCoverage(scenario.hazards, reportLang)) + (planSection ? '\n' + planSection + '\n' : ''),
    'report.html': buildReportHtml(summary, region, towns, { depots: sized?.depots ?? depotsForMap(region), plan: sized, notModelled: metricCoverage(scenario.hazards, reportLang).notModelled }, reportLang),
    ...files,
  });
  if (a.json) process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
  else if (!a.quiet) {
    const annual = scenario.hazards.every((h) => h.mode === 'annual');
    const lang = a.lang ?? 'en'; // the terminal view: English unless --lang is given
    const t = (m: Msg, v?: Record<string, string | number>) => tr(lang, m, v);
    const lines = [
      result.engine.shards
        ? t(STDOUT.mergedLine, { name: scenario.name, trials: fmt(scenario.trials), seed: scenario.seed, shards: result.engine.shards.length, seconds: result.engine.wallSeconds.toFixed(2), merge: (result.engine.mergeSeconds ?? 0).toFixed(2) })
        : t(STDOUT.runLine, { name: scenario.name, trials: fmt(scenario.trials), seed: scenario.seed, workers: result.engine.workers || t(STDOUT.inProcess), seconds: result.engine.wallSeconds.toFixed(2), rate: fmt(result.engine.trialsPerSecond) }),
      '',
      t(annual ? STDOUT.perYear : isDeterministic(summary) ? STDOUT.drill : STDOUT.perRealisation),
      peopleTable(summary, 'annual', false, lang),
      '',
      ...(annual ? [t(STDOUT.largest), peopleTable(summary, 'peakEvent', false, lang), ''] : []),
      t(STDOUT.demand),
      demandTable(summary, false, lang),
      '',
      ...(sized ? planStdout(sized) : []),
      t(STDOUT.outputs, { files: written.map((f) => relative(process.cwd(), f)).join(', ') }),
    ];
    process.stdout.write(lines.join('\n') + '\n');
  }
  return { outDir: out.dir, files: written };
}

/** The region's depots for report.html's map; none (the map shows townships only) where the holdings cannot be read. */
function depotsForMap(region: Parameters<typeof loadDepots>[0]): ReturnType<typeof loadDepots> | undefined {
  try {
    return loadDepots(region);
  } catch {
    return undefined;
  }
}

const BASIS_TEXT = { topUp: 'topping up the current holdings', relocate: 'topping up and moving current stock', greenfield: 'from zero (greenfield)' } as const;

function planStdout(s: SizedPlan): string[] {
  const e = s.evaluations;
  return [
    `Plan (linear programming, ${BASIS_TEXT[s.summary.basis]}):`,
    addedCostLine(s.sizing.cost),
    '',
    table(
      ['problem', 'status', 'added ¥ once', 'added ¥ a year', 'solver'],
      s.sizing.problems.map((p) => [p.problem, p.status, p.added ? fmt(p.added.oneOff) : '–', p.added ? fmt(p.added.annual) : '–', p.solver]),
      false,
    ),
    '',
    `What to buy, form and build: purchases.csv, teams-plan.csv, shelters-plan.csv${s.summary.basis === 'relocate' ? '; stock to move: moves.csv' : ''}`,
    '',
    `Reliability on all trials (no item short): current holdings ${(100 * e[0].reliability).toFixed(1)} %, LP plan ${(100 * e[1].reliability).toFixed(1)} % ± ${(100 * e[1].pAnyShortfall.se).toFixed(1)}`,
    policyLine(s),
    '',
  ];
}

/** "Policy checks: N of M pass" for the sized plan, with the fails and the checks the data cannot support. */
function policyLine(s: SizedPlan): string {
  const n = checkCounts(s.checks);
  return `Policy checks: ${n.pass} of ${n.total} pass, ${n.fail} fail, ${n.noData} no data (report.md)`;
}

/** The command-line value of a flag as text: one value, or an input error naming the flag (given twice, given without a value). */
export function flagText(v: unknown, flag: string, expected: string): string | undefined {
  if (v === undefined) return undefined;
  if (Array.isArray(v)) throw new InputError(`${flag}: expected ${expected}, given once, found ${v.length} values: ${v.map((x) => JSON.stringify(String(x))).join(', ')}`);
  if (typeof v === 'boolean') throw new InputError(`${flag}: expected ${expected}, found no value`);
  return String(v);
}

/**
 * `--trials`: the same limit as a scenario's `trials:` (1 to MAX_TRIALS = 100,000,000), written as
 * digits (1e6 is accepted as 1,000,000). Anything else is an input error naming the flag.
 */
export function parseTrials(v: unknown): number {
  const expected = `a whole number of trials from 1 to ${MAX_TRIALS.toLocaleString('en-US')}`;
  const text = flagText(v, '--trials', expected);
  if (text === undefined || text.trim() === '') throw new InputError(`--trials: expected ${expected}, found ${text === undefined ? 'nothing' : 'an empty value'}`);
  const shown = JSON.stringify(text.length > 40 ? text.slice(0, 40) + '…' : text);
  const n = Number(text);
  // a bound that is passed is named alone, as for model parameters: "> 0" for -3, "≤ 100,000,000" for 1e12
  if (Number.isFinite(n) && n < 1) throw new InputError(`--trials: expected a whole number of trials > 0, found ${shown}`);
  if (Number.isFinite(n) && n > MAX_TRIALS) throw new InputError(`--trials: expected a whole number of trials ≤ ${MAX_TRIALS.toLocaleString('en-US')}, found ${shown}`);
  if (!/^\s*\d+(?:\.0*)?(?:[eE]\+?\d+)?\s*$/.test(text) || !Number.isInteger(n)) throw new InputError(`--trials: expected ${expected}, found ${shown}`);
  return n;
}
