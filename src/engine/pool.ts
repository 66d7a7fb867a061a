/**
 * One worker pool for a whole command. Starting a piscina pool costs ~0.6 s here (threads, module
 * loading, JIT warm-up), so `sim run` starts one while it reads the scenario and uses it for every
 * step: the simulation pass, the sizing LPs and the evaluation pass.
 *
 * A run's spec reaches the workers through a SharedArrayBuffer holding it serialised once
 * (v8.serialize): a task carries only the buffer's handle, never a copy, and each worker deserialises
 * a spec once (worker.ts caches its kernel by spec id). A pool therefore serves several specs in turn
 * (the first pass's, then the evaluation pass's with the plans), which workerData could not.
 */
import { serialize } from 'node:v8';
import { Piscina } from 'piscina';
import { compiledWorker } from './worker-file.js';
import type { RunSpec } from './spec.js';

/** A spec serialised into shared memory: what a task carries instead of the spec. */
export interface SharedSpec {
  id: string;
  bytes: SharedArrayBuffer;
}

export class WorkerPool {
  readonly workers: number;
  private readonly piscina: Piscina;
  private shared: SharedSpec | undefined;

  constructor(workers: number) {
    if (!(workers >= 1)) throw new Error(`internal: a worker pool needs at least 1 thread, got ${workers}`);
    this.workers = workers;
    this.piscina = new Piscina({
      filename: compiledWorker(new URL('./worker.js', import.meta.url)),
      minThreads: workers,
      maxThreads: workers,
      // a command's steps are seconds apart at most (the LPs): keep the threads for its whole life
      idleTimeout: 60_000,
      // a task the balancer cannot place goes back to the head of the queue, not its tail
      stricterFIFO: true,
    });
  }

  /** The spec in shared memory; serialised once per spec id (the last one is kept). */
  share(spec: RunSpec): SharedSpec {
    if (this.shared?.id !== spec.id) {
      const buf = serialize(spec);
      const bytes = new SharedArrayBuffer(buf.byteLength);
      new Uint8Array(bytes).set(buf);
      this.shared = { id: spec.id, bytes };
    }
    return this.shared;
  }

  /** Run a task in a worker: `file` is the compiled module whose default export handles it (default engine/worker.js). */
  run<T>(task: unknown, file?: string | URL, transferList?: ArrayBuffer[]): Promise<T> {
    return this.piscina.run(task, {
      ...(file ? { filename: compiledWorker(file) } : {}),
      ...(transferList ? { transferList } : {}),
    }) as Promise<T>;
  }

  destroy(): Promise<void> {
    return this.piscina.destroy();
  }
}
