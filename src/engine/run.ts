/**
 * Running a simulation: split the trials into fixed blocks, hand runs of
 * blocks to a piscina pool, merge the partials as they come back.
 */
import os from 'node:os';
import { BLOCK_SIZE, RNG_NAME, RNG_VERSION } from '../core/random.js';
import { IMPACT_FIELDS } from '../impact/types.js';
import { metricLayout, type MetricLayout } from './layout.js';
import { momentWidth } from './kernel.js';
import type { ObserverPlugin } from './observer.js';
import { isBuiltIn } from '../hazard/registry.js';
import { RunAccumulator, type AccumulatorState, type BlockRange, type PartialData } from './merge.js';
import { reservoirWidth, type RunSpec } from './spec.js';
import { runTask, type BlockTask } from './worker.js';
import { WorkerPool } from './pool.js';
import type { EventTableRows } from './event-tables.js';

export interface EngineInfo {
  workers: number;
  rng: string;
  rngVersion: string;
  blockSize: number;
  tasks: number;
  wallSeconds: number;
  trialsPerSecond: number;
  node: string;
  cpu: string;
  cores: number;
  peakRssMiB: number;
  /** Most partials whose moments waited at once for a lower block (bounded by the tasks in flight). */
  maxPendingPartials: number;
  /** A resumed run (--resume): trials taken from the checkpoint, not simulated by this process. */
  resumedTrials?: number;
  /** A merged run (sim merge): each shard's own figures (wallSeconds above is then the slowest shard's), and the merge's time. */
  shards?: ShardEngineInfo[];
  mergeSeconds?: number;
  /** With optimize: each step of `sim run` (simulation pass, sizing LPs, evaluation pass); the fields above are the last pass's. */
  phases?: PhaseInfo[];
}

export interface ShardEngineInfo {
  index: number;
  count: number;
  host: string;
  workers: number;
  wallSeconds: number;
  peakRssMiB: number;
}

export interface PhaseInfo {
  phase: 'simulation' | 'sizing' | 'evaluation';
  wallSeconds: number;
  /** Peak RSS of the process seen during a pass (sampled as partials arrive); null for the sizing step. */
  peakRssMiB: number | null;
}

export interface RunResult {
  spec: RunSpec;
  layout: MetricLayout;
  acc: RunAccumulator;
  engine: EngineInfo;
}

export interface RunOptions {
  /** Worker threads; 0 runs in this thread (tests, tiny runs). */
  workers: number;
  onProgress?: (trialsDone: number, trialsTotal: number) => void;
  signal?: AbortSignal;
  /** What else to compute from every event (e.g. plan evaluation), with the worker file that builds it. */
  observers?: ObserverPlugin;
  /**
   * Record the year and event loss tables (engine/event-tables.ts) and receive each task's rows, in
   * trial order whatever the worker count (a task's rows wait while a lower one is still running).
   */
  onEventTables?: (rows: EventTableRows) => void;
  /** Run only these blocks (a shard, engine/shard.ts); default all. The result holds them alone and is not complete. */
  blocks?: BlockRange;
  /** Start from this state (a checkpoint of the same spec): its blocks are not run again. */
  resume?: AccumulatorState;
  /** Save the accumulator's state every `everySeconds` of wall time and when the run is aborted (--checkpoint). */
  checkpoint?: {
    everySeconds: number;
    save: (state: AccumulatorState) => void;
    /** Given, at the start of the pass, a function that saves the state now (the CLI calls it on Ctrl-C before exiting). */
    bind?: (saveNow: () => boolean) => void;
  };
  /** A pool to run on (sim run keeps one for all its steps; its size overrides workers); else one is started and stopped for this pass. */
  pool?: WorkerPool;
}

export function defaultWorkers(): number {
  return Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
}

/** Most bytes of per-block moments one task returns: large regions (many township metrics) get fewer blocks a task. */
export const TASK_MOMENT_BUDGET = 64 * 1024 * 1024;

/**
 * Split blocks into tasks: several per worker for balance, at most 32 blocks (32k trials) each, and
 * fewer where a block's moments are large (bytesPerBlock: 8 · momentWidth), to bound memory.
 * The split never changes the results (merge.ts).
 */
export function planTasks(trials: number, workers: number, bytesPerBlock = 0, ranges?: BlockRange[]): { firstBlock: number; nBlocks: number }[] {
  const todo = ranges ?? [{ first: 0, count: Math.ceil(trials / BLOCK_SIZE) }];
  const nBlocks = todo.reduce((s, r) => s + r.count, 0);
  const cap = bytesPerBlock > 0 ? Math.max(1, Math.min(32, Math.floor(TASK_MOMENT_BUDGET / bytesPerBlock))) : 32;
  const per = Math.min(cap, Math.max(1, Math.ceil(nBlocks / (Math.max(1, workers) * 4))));
  const tasks: { firstBlock: number; nBlocks: number }[] = [];
  for (const r of todo) for (let b = r.first, end = r.first + r.count; b < end; b += per) tasks.push({ firstBlock: b, nBlocks: Math.min(per, end - b) });
  return tasks;
}

/** Trials in a range of blocks of a run of `trials` trials. */
export function trialsInBlocks(trials: number, r: BlockRange): number {
  return Math.max(0, Math.min(trials, (r.first + r.count) * BLOCK_SIZE) - Math.min(trials, r.first * BLOCK_SIZE));
}

/** The blocks of `range` not in `done` (sorted, disjoint), as ranges. */
export function missingBlocks(range: BlockRange, done: BlockRange[]): BlockRange[] {
  const out: BlockRange[] = [];
  let at = range.first;
  const end = range.first + range.count;
  for (const d of done) {
    if (d.first + d.count <= at || d.first >= end) continue;
    if (d.first > at) out.push({ first: at, count: d.first - at });
    at = Math.max(at, d.first + d.count);
  }
  if (at < end) out.push({ first: at, count: end - at });
  return out;
}

/**
 * Tasks handed to the pool at once: each worker has one running and one queued. Tasks are submitted in
 * block order as earlier ones finish, so however out of order they come back, at most this many
 * partials are alive and fewer wait in the ordered fold (memory flat in the trial count).
 */
export function tasksInFlight(workers: number): number {
  return 2 * Math.max(1, workers);
}

/**
 * Hands each partial's table rows to `sink` in block order from `firstBlock` (a partial's rows wait for
 * the lower blocks'); `handedTo()` is the block the rows have reached (the end of the run once all came).
 */
function inBlockOrder(sink: ((rows: EventTableRows) => void) | undefined, firstBlock: number): { add: (p: PartialData) => void; handedTo: () => number } {
  let next = firstBlock;
  if (!sink) return { add: () => {}, handedTo: () => next };
  // only the rows wait, never the partial's histograms
  const waiting = new Map<number, { nBlocks: number; tables: EventTableRows }>();
  return {
    add: (p) => {
      if (!p.tables) throw new Error(`internal: blocks from ${p.firstBlock} came back without their event tables`);
      waiting.set(p.firstBlock, { nBlocks: p.nBlocks, tables: p.tables });
      for (let q = waiting.get(next); q; q = waiting.get(next)) {
        waiting.delete(next);
        next += q.nBlocks;
        sink(q.tables);
      }
    },
    handedTo: () => next,
  };
}

/** An empty accumulator for a run of this spec (with these observers' metrics). */
export function newRunAccumulator(spec: RunSpec, observers?: ObserverPlugin): { layout: MetricLayout; acc: RunAccumulator } {
  const layout = metricLayout(spec.items, spec.hazards.length, spec.region.n, observers?.create(spec) ?? []);
  return { layout, acc: new RunAccumulator(layout, reservoirWidth(spec, IMPACT_FIELDS), spec.reservoir) };
}

export async function runSimulation(spec: RunSpec, optsIn: RunOptions): Promise<RunResult> {
  // a hazard registered at run time exists in this thread only: run here (the numbers do not depend on it)
  const opts = !spec.hazards.every((h) => isBuiltIn(h.type)) ? { ...optsIn, workers: 0, pool: undefined } : optsIn.pool ? { ...optsIn, workers: optsIn.pool.workers } : optsIn;
  const given = spec;
  // with the tables: a spec of its own (workers cache a kernel per spec id)
  if (opts.onEventTables) spec = { ...spec, id: `${spec.id}|event-tables`, eventTables: true };
  const tablesInOrder = inBlockOrder(opts.onEventTables, opts.blocks?.first ?? 0);
  const t0 = performance.now();
  const { layout, acc } = newRunAccumulator(spec, opts.observers);
  const range = opts.blocks ?? { first: 0, count: Math.ceil(spec.trials / BLOCK_SIZE) };
  const rangeTrials = trialsInBlocks(spec.trials, range);
  if (opts.resume) {
    if (opts.onEventTables) throw new Error('internal: a resumed run cannot record event tables (the checkpoint holds no rows)');
    acc.absorb(opts.resume);
  }
  const resumedTrials = acc.trials;
  const tasks = planTasks(spec.trials, opts.workers, 8 * momentWidth(layout), missingBlocks(range, acc.covered()));
  let peakRss = process.memoryUsage().rss;
  const cp = opts.checkpoint;
  let lastSave = performance.now();
  const report = () => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    opts.onProgress?.(acc.trials, rangeTrials);
    if (cp && (performance.now() - lastSave) / 1000 >= cp.everySeconds) {
      cp.save(acc.state());
      lastSave = performance.now();
    }
  };
  /** Save what was merged since the pass started (or resumed); false when there is nothing new. */
  const saveNow = (): boolean => {
    if (!cp || acc.trials <= resumedTrials) return false;
    cp.save(acc.state());
    return true;
  };
  cp?.bind?.(saveNow);
  // aborted (by the signal): keep what was merged, so --resume loses nothing
  const aborted = (): never => {
    saveNow();
    throw opts.signal?.reason ?? new Error('aborted');
  };
  if (opts.workers <= 0) {
    for (const t of tasks) {
      if (opts.signal?.aborted) aborted();
      const p = runTask({ spec, ...t }, opts.observers?.create);
      acc.add(p);
      tablesInOrder.add(p);
      report();
    }
  } else {
    // one pool for the whole command when given (sim run); else one for this pass
    const pool = opts.pool ?? new WorkerPool(opts.workers);
    const shared = pool.share(spec);
    const file = opts.observers?.workerFile;
    try {
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < tasks.length) {
          if (opts.signal?.aborted) aborted();
          const task: BlockTask = { shared, ...tasks[next++] };
          const p = await pool.run<PartialData>(task, file);
          acc.add(p);
          tablesInOrder.add(p);
          report();
        }
      };
      await Promise.all(Array.from({ length: Math.min(tasks.length, tasksInFlight(pool.workers)) }, worker));
    } finally {
      if (!opts.pool) await pool.destroy();
    }
  }
  const covered = acc.covered();
  const whole = range.count === 0 ? covered.length === 0 : covered.length === 1 && covered[0].first === range.first && covered[0].count === range.count;
  if (!whole || acc.trials !== rangeTrials || (!opts.blocks && !acc.complete)) throw new Error(`internal: merged ${acc.trials} of ${rangeTrials} trials`);
  if (opts.onEventTables && tablesInOrder.handedTo() !== range.first + range.count) throw new Error(`internal: event-table rows handed on up to block ${tablesInOrder.handedTo()} of ${range.first + range.count}`);
  cp?.save(acc.state());
  const wallSeconds = (performance.now() - t0) / 1000;
  const cpus = os.cpus();
  return {
    spec: given,
    layout,
    acc,
    engine: {
      workers: opts.workers,
      rng: RNG_NAME,
      rngVersion: RNG_VERSION,
      blockSize: BLOCK_SIZE,
      tasks: tasks.length,
      wallSeconds,
      trialsPerSecond: (acc.trials - resumedTrials) / wallSeconds,
      node: process.version,
      cpu: cpus[0]?.model ?? 'unknown',
      cores: cpus.length,
      peakRssMiB: Math.round(peakRss / 1048576),
      maxPendingPartials: acc.maxPending,
      ...(opts.resume ? { resumedTrials } : {}),
    },
  };
}
