/**
 * The two steps between sharded simulation and sharded evaluation of a scenario with `optimize:`:
 *
 *   sim plan <merged simulation> --out DIR        size the candidate plans (no simulation) → DIR/sizing.simplan
 *   sim evaluate --plan DIR/sizing.simplan --shard i/N --out PARTS
 *                                                 evaluate current holdings and every candidate on shard i's trials
 *
 * `sim merge` of the evaluation shards then keeps one candidate and writes what `sim run` writes.
 */
import { dirname, join, resolve } from 'node:path';
import { InputError } from '../core/errors.js';
import { fmt } from '../output/format.js';
import { WorkerPool } from '../engine/pool.js';
import { runSimulation } from '../engine/run.js';
import { shardBlocks, type ShardId } from '../engine/shard.js';
import { readPartFile, writePartFile } from '../io/part-file.js';
import { PLAN_EVALUATION } from '../plan/observer.js';
import { evaluationSpec, simulationSpec, sizeCandidates } from '../plan/pipeline.js';
import { checkSpec, compileFor, mergeStates, partName, shown, stateHeader, writeStateFile, type StatePayload } from './parts.js';
import { readSizing } from './merge-command.js';
import { shardLine } from './run-command.js';
import { progressBar } from './progress.js';

export const SIZING_FILE = 'sizing.simplan';

export interface PlanArgs {
  simulation: string;
  out?: string;
  scenario?: string;
  workers: number;
  quiet: boolean;
}

/** `sim plan`: size the candidate plans from a merged simulation and write them for `sim evaluate`. */
export async function planCommand(a: PlanArgs): Promise<string> {
  const part = readPartFile<StatePayload>(a.simulation, ['simulation']);
  const h = part.header;
  if (h.shard.count !== 1) throw new InputError(`${shown(a.simulation)}: shard ${h.shard.index}/${h.shard.count} of a simulation; expected the merged simulation: merge the shards first (sim merge <shards…> --out <folder>)`);
  const compiled = compileFor(h, a.simulation, a.scenario);
  const opt = compiled.scenario.optimize;
  if (!opt) throw new InputError(`${compiled.scenario.file}: has no optimize: block, so there is no plan to size; sim merge already wrote this scenario's outputs`);
  const c = { ...compiled, optimize: opt };
  const spec = simulationSpec(c);
  checkSpec(h, a.simulation, spec);
  const first = mergeStates(spec, [part]);
  const pool = a.workers > 0 ? new WorkerPool(a.workers) : undefined;
  let candidates;
  try {
    candidates = await sizeCandidates(c, opt, first, pool);
  } finally {
    await pool?.destroy();
  }
  const file = join(a.out ?? dirname(resolve(a.simulation)), SIZING_FILE);
  const whole = { first: 0, count: h.shard.nBlocks };
  const header = stateHeader('sizing', compiled.scenario.file, spec, { index: 0, count: 1 }, whole, { simulation: resolve(a.simulation), simulationSha256: h.payload?.sha256 ?? null, candidates: candidates.candidates.length });
  writePartFile(file, header, candidates);
  if (!a.quiet) {
    const lines = candidates.candidates.map((s) => `  sized at quantile ${s.scenarios.sizingQuantile ?? '–'}: ¥${fmt(s.totalCost)} a year (${s.problems.map((p) => `${p.problem} ${p.status}`).join(', ')})`);
    process.stdout.write(
      [`Sized ${candidates.candidates.length} candidate plan${candidates.candidates.length === 1 ? '' : 's'} in ${candidates.sizingSeconds.toFixed(2)} s → ${shown(file)}`, ...lines, 'Evaluate them next, one command per shard:', `  sim evaluate --plan ${shown(file)} --shard i/N --out <shard folder>`, ''].join('\n'),
    );
  }
  return file;
}

export interface EvaluateArgs {
  plan: string;
  shard: ShardId;
  out?: string;
  scenario?: string;
  workers: number;
  quiet: boolean;
  signal?: AbortSignal;
}

/** `sim evaluate`: one shard of the evaluation pass (current holdings and every candidate on the same trials). */
export async function evaluateCommand(a: EvaluateArgs): Promise<string> {
  const { compiled, sizing } = readSizing(a.plan, a.scenario);
  const opt = compiled.scenario.optimize!;
  const spec = evaluationSpec(simulationSpec({ ...compiled, optimize: opt }), opt.params, sizing.payload());
  const blocks = shardBlocks(spec.trials, a.shard);
  const bar = progressBar(!a.quiet && process.stderr.isTTY === true);
  const result = await runSimulation(spec, { workers: a.workers, blocks, observers: PLAN_EVALUATION, onProgress: (d, t) => bar.update(d, t), signal: a.signal });
  bar.finish();
  const file = join(a.out ?? join(dirname(resolve(a.plan)), 'evaluation-shards'), partName('evaluation', a.shard));
  const bytes = writeStateFile(file, stateHeader('evaluation', compiled.scenario.file, spec, a.shard, blocks, { sizing: resolve(a.plan), sizingSha256: sizing.header.payload?.sha256 ?? null }, result.engine), result.acc.state());
  if (!a.quiet) process.stdout.write(shardLine(a.shard, blocks, result.acc.trials, result.engine.wallSeconds, file, bytes) + '\n');
  return file;
}
