/**
 * Piscina worker: runs blocks of trials with a kernel cached per run spec, and moves the partial back without copying.
 * A run with observers uses a worker file of the observers' own whose default export is makeWorker(factory).
 */
import { deserialize } from 'node:v8';
import { move, transferableSymbol, valueSymbol } from 'piscina';
import { TrialKernel } from './kernel.js';
import type { PartialData } from './merge.js';
import type { ObserverFactory } from './observer.js';
import type { RunSpec } from './spec.js';
import type { SharedSpec } from './pool.js';

export interface BlockTask {
  /** The run's spec, in this thread (workers: 0). */
  spec?: RunSpec;
  /** Or, from a pool, the spec in shared memory (pool.ts), deserialised once per worker and spec. */
  shared?: SharedSpec;
  firstBlock: number;
  nBlocks: number;
}

let cached: TrialKernel | undefined;

export function runTask(task: BlockTask, observers?: ObserverFactory): PartialData {
  if (!cached || cached.spec.id !== (task.spec?.id ?? task.shared?.id)) {
    const spec = task.spec ?? (task.shared && (deserialize(new Uint8Array(task.shared.bytes)) as RunSpec));
    if (!spec) throw new Error('internal: a task without a spec');
    cached = new TrialKernel(spec, observers);
  }
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
