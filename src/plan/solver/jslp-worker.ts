/**
 * Worker thread for javascript-lp-solver: it is synchronous and has been seen
 * to freeze on medium models, so it runs here, where the parent can terminate
 * it. Receives an LpModel as workerData, translates it to the solver's JSON
 * format, solves, and posts a JslpWorkerResult.
 */
import { parentPort, workerData } from 'node:worker_threads';
import lpModule from 'javascript-lp-solver';
import { JSLP_WORKER_TAG, toJslpModel, type JslpWorkerInput, type JslpWorkerResult } from './jslp.js';

// CommonJS-flavoured type declarations: see the note in highs.ts.
type Lp = typeof lpModule.default;
const lp: Lp = (lpModule as unknown as { default?: Lp }).default ?? (lpModule as unknown as Lp);

function main(): void {
  const { model } = workerData as JslpWorkerInput;
  const n = model.vars.length;
  const { json, jsConstraints, trivialInfeasible } = toJslpModel(model);
  const base = { jsConstraints, x: new Float64Array(0), result: NaN, bounded: undefined, isIntegral: undefined };
  if (trivialInfeasible) {
    parentPort!.postMessage({ ...base, feasible: false, trivialInfeasible } satisfies JslpWorkerResult);
    return;
  }
  const r = lp.Solve(json) as Record<string, unknown>;
  const x = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const v = r[`v${j}`];
    // jslp omits variables whose value is 0.
    x[j] = v === undefined ? 0 : typeof v === 'number' ? v : NaN;
  }
  const out: JslpWorkerResult = {
    feasible: r.feasible === true,
    bounded: typeof r.bounded === 'boolean' ? r.bounded : undefined,
    isIntegral: typeof r.isIntegral === 'boolean' ? r.isIntegral : undefined,
    result: typeof r.result === 'number' ? r.result : NaN,
    x,
    jsConstraints,
  };
  parentPort!.postMessage(out, [x.buffer]);
}

if (parentPort && (workerData as JslpWorkerInput | undefined)?.tag === JSLP_WORKER_TAG) {
  try {
    main();
  } catch (e) {
    parentPort.postMessage({ error: (e as Error)?.message ?? String(e) } satisfies Partial<JslpWorkerResult>);
  }
}
