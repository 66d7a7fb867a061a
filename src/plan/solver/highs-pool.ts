/**
 * HiGHS solves on a command's worker pool, so that the candidate plans' LPs run side by side (the
 * Wasm build is single-threaded). The same binary, model and options give the same answer in any
 * thread. The runtime is compiled once here and handed to the workers with each task (a compiled
 * WebAssembly.Module is shared between threads, with the code V8 has optimised so far).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { WorkerPool } from '../../engine/pool.js';
import { problemBuffers, type HighsRunner } from './highs.js';
import type { HighsOutcome } from './highs.js';
import type { HighsTask } from './highs-worker.js';

let compiled: Promise<WebAssembly.Module> | undefined;
/** The module once compiled. */
let ready: WebAssembly.Module | undefined;

/** The HiGHS binary compiled (once per process, ~40 ms; sim run starts it when the run starts). */
export function highsWasm(): Promise<WebAssembly.Module> {
  compiled ??= readFile(createRequire(import.meta.url).resolve('highs/runtime'))
    .then((b) => WebAssembly.compile(b))
    .then((m) => (ready = m));
  return compiled;
}

/** A runner that solves on `pool`. */
export function pooledHighs(pool: WorkerPool): HighsRunner {
  const wasm = highsWasm();
  return async (problem) => {
    // hand the task over before yielding when the module is there: the candidates' models are built one
    // after another in this thread, and a solve must not wait for the next model to be built
    const task: HighsTask = { problem, wasm: ready ?? (await wasm) };
    return pool.run<HighsOutcome>(task, new URL('./highs-worker.js', import.meta.url), problemBuffers(problem));
  };
}
