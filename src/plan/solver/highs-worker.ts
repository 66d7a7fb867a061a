/** Pool worker (engine/pool.ts) solving one HiGHS problem; the answer's x goes back without a copy. */
import { move, transferableSymbol, valueSymbol } from 'piscina';
import { runHighs, type HighsProblem } from './highs.js';

export interface HighsTask {
  problem: HighsProblem;
  /** The runtime compiled once by the main thread (highs-pool.ts). */
  wasm: WebAssembly.Module;
}

export default async function solve(task: HighsTask): Promise<unknown> {
  const out = await runHighs(task.problem, task.wasm);
  const x = out.x;
  if (!x) return out;
  return move({
    get [transferableSymbol]() {
      return [x.buffer];
    },
    get [valueSymbol]() {
      return out;
    },
  } as never);
}
