/**
 * What the sharded commands share: naming and writing a shard's file, finding the files a merge is
 * given, checking that they belong together, and rebuilding a pass's result from them.
 */
import os from 'node:os';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { InputError } from '../core/errors.js';
import { BLOCK_SIZE, RNG_NAME, RNG_VERSION } from '../core/random.js';
import { programVersion } from '../core/version.js';
import type { BlockRange, AccumulatorState } from '../engine/merge.js';
import { newRunAccumulator, type EngineInfo, type RunResult } from '../engine/run.js';
import type { ObserverPlugin } from '../engine/observer.js';
import { shardBlocks, type ShardId } from '../engine/shard.js';
import { specHash, type RunSpec } from '../engine/spec.js';
import type { EventTableRows } from '../engine/event-tables.js';
import { readPartFile, writePartFile, type PartFile, type PartHeader, type PartKind } from '../io/part-file.js';
import { compileScenario, type CompiledRun } from '../scenario/compile.js';

/** The data of a shard, merged-simulation or checkpoint file. */
export interface StatePayload {
  state: AccumulatorState;
  /** --event-tables: the YLT and ELT rows of the file's trials, in trial order. */
  tables?: EventTableRows[];
}

export const PART_EXT = '.simpart';

/** `simulation-3-of-8.simpart`. */
export function partName(kind: PartKind, s: ShardId): string {
  return `${kind}-${s.index}-of-${s.count}${PART_EXT}`;
}

/** A file's name as the user sees it (relative to the working folder when inside it). */
export function shown(file: string): string {
  const r = relative(process.cwd(), file);
  return r && !r.startsWith('..') ? r : file;
}

/** The header of a file holding one pass's state (or a whole merged pass: shard 0 of 1). */
export function stateHeader(kind: PartKind, scenarioFile: string, spec: RunSpec, shard: ShardId, blocks: BlockRange, context: Record<string, unknown>, engine?: EngineInfo): Omit<PartHeader, 'payload' | 'node'> {
  return {
    kind,
    program: programVersion(),
    scenario: resolve(scenarioFile),
    specHash: specHash(spec),
    seed: spec.seed,
    trials: spec.trials,
    blockSize: BLOCK_SIZE,
    rng: `${RNG_NAME} ${RNG_VERSION}`,
    shard: { index: shard.index, count: shard.count, firstBlock: blocks.first, nBlocks: blocks.count },
    context,
    engine: engine ? { host: os.hostname(), workers: engine.workers, wallSeconds: engine.wallSeconds, peakRssMiB: engine.peakRssMiB, trialsPerSecond: engine.trialsPerSecond, node: engine.node, cpu: engine.cpu } : { host: os.hostname() },
  };
}

/** Write one pass's state; returns the bytes written. */
export function writeStateFile(file: string, header: Omit<PartHeader, 'payload' | 'node'>, state: AccumulatorState, tables?: EventTableRows[]): number {
  return writePartFile(file, header, (tables ? { state, tables } : { state }) satisfies StatePayload);
}

/** The files named on the command line: files as given, folders as the shard files in them (sorted). */
export function partFiles(args: string[]): string[] {
  if (args.length === 0) throw new InputError(`expected shard files (*${PART_EXT}) or folders of them, found none`);
  const out: string[] = [];
  for (const a of args) {
    if (!existsSync(a)) throw new InputError(`${a}: no such file or folder`);
    if (statSync(a).isDirectory()) {
      const found = readdirSync(a)
        .filter((f) => f.endsWith(PART_EXT) && !f.startsWith('.'))
        .sort()
        .map((f) => join(a, f));
      if (found.length === 0) throw new InputError(`${a}: expected shard files (*${PART_EXT}) in this folder, found none`);
      out.push(...found);
    } else out.push(a);
  }
  return out;
}

/** The fields every file of one run shares, with what a mismatch means. */
const SAME: [keyof PartHeader, string][] = [
  ['kind', 'kind of file'],
  ['program', 'program version (rerun every shard with one version)'],
  ['specHash', 'scenario content (region, hazards, parameters or plans differ: the scenario or its data changed between shards)'],
  ['seed', 'seed'],
  ['trials', 'trial count'],
  ['blockSize', 'block size'],
  ['rng', 'random number generator'],
];

/**
 * Check that shard files belong together: one run (same kind, version, scenario content, seed and
 * trials), every shard 0 … N−1 present exactly once, each with the blocks its index owns. Returns
 * them in shard order; the message names the files and shards at fault.
 */
export function checkShardSet<P>(parts: PartFile<P>[]): PartFile<P>[] {
  const first = parts[0];
  for (const p of parts.slice(1)) {
    for (const [k, what] of SAME) {
      const a = first.header[k];
      const b = p.header[k];
      if (a !== b) throw new InputError(`${shown(p.file)} does not belong with ${shown(first.file)}: different ${what}: ${JSON.stringify(b)} and ${JSON.stringify(a)}`);
    }
    if (Boolean(p.header.context.eventTables) !== Boolean(first.header.context.eventTables))
      throw new InputError(`${shown(p.file)} does not belong with ${shown(first.file)}: one ran with --event-tables, the other without; run every shard the same way`);
    if (p.header.shard.count !== first.header.shard.count)
      throw new InputError(`${shown(p.file)} does not belong with ${shown(first.file)}: shard ${p.header.shard.index}/${p.header.shard.count} and shard ${first.header.shard.index}/${first.header.shard.count} come from splits into ${p.header.shard.count} and ${first.header.shard.count} shards`);
  }
  const n = first.header.shard.count;
  const byIndex = new Map<number, PartFile[]>();
  for (const p of parts) byIndex.set(p.header.shard.index, [...(byIndex.get(p.header.shard.index) ?? []), p]);
  const dups = [...byIndex].filter(([, ps]) => ps.length > 1).sort((a, b) => a[0] - b[0]);
  if (dups.length) throw new InputError(`each shard must be given once: ${dups.map(([i, ps]) => `shard ${i}/${n} is in ${ps.map((p) => shown(p.file)).join(' and ')}`).join('; ')}`);
  const missing = Array.from({ length: n }, (_, i) => i).filter((i) => !byIndex.has(i));
  if (missing.length) {
    const list = missing.length > 20 ? `${missing.slice(0, 20).map((i) => `${i}/${n}`).join(', ')} and ${missing.length - 20} more` : missing.map((i) => `${i}/${n}`).join(', ');
    throw new InputError(`${missing.length} of ${n} shards missing: ${list} (found ${parts.length} file${parts.length === 1 ? '' : 's'}; rerun the missing shards, e.g. \`--shard ${missing[0]}/${n}\`)`);
  }
  const sorted = [...parts].sort((a, b) => a.header.shard.index - b.header.shard.index);
  for (const p of sorted) {
    const want = shardBlocks(p.header.trials, p.header.shard);
    if (p.header.shard.firstBlock !== want.first || p.header.shard.nBlocks !== want.count)
      throw new InputError(`${shown(p.file)}: shard ${p.header.shard.index}/${n} should hold blocks ${want.first}–${want.first + want.count - 1}, holds ${p.header.shard.firstBlock}–${p.header.shard.firstBlock + p.header.shard.nBlocks - 1}`);
  }
  return sorted;
}

/** Read shard files, checking each is one of `kinds`. */
export function readParts(files: string[], kinds: PartKind[]): PartFile<StatePayload>[] {
  return files.map((f) => readPartFile<StatePayload>(f, kinds));
}

/**
 * Compile the scenario a file was made from (or `override`, e.g. where the shared storage is mounted
 * elsewhere) with the file's seed and trials.
 */
export function compileFor(h: PartHeader, file: string, override?: string): CompiledRun {
  const scenarioFile = override ?? h.scenario;
  if (!existsSync(scenarioFile)) throw new InputError(`${shown(file)}: made from the scenario ${scenarioFile}, which is not there${override ? '' : ' (give its path with --scenario where the shared storage is mounted elsewhere)'}`);
  return compileScenario(scenarioFile, { trials: h.trials, seed: h.seed });
}

/** Refuse a file whose run is not the pass this scenario compiles to now. */
export function checkSpec(h: PartHeader, file: string, spec: RunSpec): void {
  if (h.specHash !== specHash(spec))
    throw new InputError(`${shown(file)}: made from ${h.scenario} as it was then; the scenario, its region data, or ${h.kind === 'compare' || h.kind === 'evaluation' ? 'the plans, ' : ''}the program's parameters have changed since (content hash differs): rerun the shards`);
  if (h.program !== programVersion()) throw new InputError(`${shown(file)}: written by ${h.program}, this is ${programVersion()}: rerun the shards with this version`);
}

/**
 * A pass's result rebuilt from shard states (in shard order): the same accumulators as the single run.
 * `onTables` receives each file's event-table rows, in shard (so trial) order, as the file is read.
 */
export function mergeStates(spec: RunSpec, parts: PartFile<StatePayload>[], observers?: ObserverPlugin, onTables?: (rows: EventTableRows[]) => void): RunResult {
  const t0 = performance.now();
  const { layout, acc } = newRunAccumulator(spec, observers);
  for (const p of parts) {
    const { state, tables } = p.payload();
    if (onTables) {
      if (!tables) throw new InputError(`${shown(p.file)}: holds no event tables (its shard ran without --event-tables)`);
      onTables(tables);
    }
    if (state.moments.length !== acc.moments.length) throw new InputError(`${shown(p.file)}: holds ${state.moments.length / 2} metrics, this scenario has ${acc.moments.length / 2}: the file is not from this scenario`);
    acc.absorb(state);
  }
  if (!acc.complete || acc.trials !== spec.trials) throw new InputError(`the shards hold ${acc.trials.toLocaleString('en-US')} of ${spec.trials.toLocaleString('en-US')} trials: some shard files are incomplete`);
  const shards = parts.map((p) => {
    const e = p.header.engine as { host?: string; workers?: number; wallSeconds?: number; peakRssMiB?: number };
    return { index: p.header.shard.index, count: p.header.shard.count, host: e.host ?? '?', workers: e.workers ?? 0, wallSeconds: e.wallSeconds ?? 0, peakRssMiB: e.peakRssMiB ?? 0 };
  });
  const cpus = os.cpus();
  const mergeSeconds = (performance.now() - t0) / 1000;
  const simSeconds = shards.reduce((s, x) => s + x.wallSeconds, 0);
  const engine: EngineInfo = {
    workers: 0,
    rng: RNG_NAME,
    rngVersion: RNG_VERSION,
    blockSize: BLOCK_SIZE,
    tasks: parts.length,
    // the pass as a cluster runs it: its shards side by side, so the slowest one's time
    wallSeconds: shards.reduce((m, x) => Math.max(m, x.wallSeconds), 0),
    mergeSeconds,
    trialsPerSecond: simSeconds > 0 ? spec.trials / simSeconds : 0,
    node: process.version,
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024), // the merging process's peak so far (KiB)
    maxPendingPartials: acc.maxPending,
    shards,
  };
  return { spec, layout, acc, engine };
}
