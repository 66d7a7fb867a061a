/**
 * Piscina worker: runs blocks of trials with a kernel cached per run spec, and moves the partial back without copying.
 * A run with observers uses a worker file of the observers' own whose default export is makeWorker(factory).
 */
import { workerData } from 'node:worker_threads';
import { move, transferableSymbol, valueSymbol } from 'piscina';
import { TrialKernel } from './kernel.js';
import type { PartialData } from './merge.js';
import type { ObserverFactory } from './observer.js';
import type { RunSpec } from './spec.js';

export interface BlockTask {
  /** The run's spec; a pool's tasks leave it out and the worker reads it from its workerData. */
  spec?: RunSpec;
  firstBlock: number;
  nBlocks: number;
}

/** What a pool's workers get once, at start (piscina's workerData). */
export interface WorkerData {
  spec: RunSpec;
}

let cached: TrialKernel | undefined;

export function runTask(task: BlockTask, observers?: ObserverFactory): PartialData {
  const spec = task.spec ?? (workerData as WorkerData | undefined)?.spec;
  if (!spec) throw new Error('internal: a task without a spec, outside a pool that has one');
  if (!cached || cached.spec.id !== spec.id) cached = new TrialKernel(spec, observers);
  const p = cached.runBlocks(task.firstBlock, task.nBlocks);
  return {
    firstBlock: p.firstBlock,
    nBlocks: p.nBlocks,
    trials: p.trials,
    moments: p.moments,
    region: p.region.data(),
    township: p.township.data(),
    uniform: p.uniform,
    tail: p.tail,
    ...(p.tables ? { tables: p.tables } : {}),
  };
}

/** The worker entry for runs with these observers. */
export function makeWorker(observers?: ObserverFactory): (task: BlockTask) => unknown {
  return (task) => transferPartial(runTask(task, observers));
}

export default makeWorker();

function transferPartial(data: PartialData): unknown {
  const buffers = [
    data.moments.buffer,
    data.region.counts.buffer,
    data.region.nonzero.buffer,
    data.region.minPos.buffer,
    data.region.max.buffer,
    data.township.counts.buffer,
    data.township.nonzero.buffer,
    data.township.minPos.buffer,
    data.township.max.buffer,
    data.uniform.keys.buffer,
    data.uniform.trials.buffer,
    data.uniform.vectors.buffer,
    data.tail.keys.buffer,
    data.tail.trials.buffer,
    data.tail.vectors.buffer,
    ...(data.tables ? [data.tables.ylt.buffer, data.tables.elt.buffer] : []),
  ];
  // V8 writes a typed array's byte length in 32 bits when it crosses threads: a bigger one would arrive cut short
  const big = buffers.find((b) => b.byteLength >= 2 ** 32);
  if (big) throw new Error(`internal: a partial holds an array of ${big.byteLength} bytes, too large to move between threads (limit 4 GiB); compileScenario's size checks should have refused this region`);
  return move({
    get [transferableSymbol]() {
      return buffers;
    },
    get [valueSymbol]() {
      return data;
    },
  } as never);
}
