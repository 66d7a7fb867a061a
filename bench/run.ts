/**
 * `npm run bench`: the benchmark suite (tinybench), printed as a table.
 *
 *   reference workload                                fixed pure-JS loop (machine speed), 1 thread
 *   reference workload xN threads                     the same loop on N threads at once (normalises runs with N workers)
 *   core: <case>, 1 thread                            TrialKernel.runBlocks over the case's first blocks (typhoon: 16 = 16,384 trials)
 *   run: <case>, 100k trials, workers=1 / workers=2   runSimulation end to end on a piscina pool
 *
 * Cases come from cases.ts (one line per hazard scenario; runs for those with `runs: true`). The measuring
 * code lives in harness.ts and is shared with the gate (check.ts).
 * Informational only: the pass/fail gate is `npm run bench:check`.
 */
import { Bench, type Task } from 'tinybench';
import { CASES, RUN_WORKERS } from './cases.js';
import {
  consumed,
  coreWorkload,
  fmtInt,
  fmtMs,
  fmtRatio,
  formatTable,
  machineInfo,
  referenceFor,
  runWorkload,
  type Workload,
} from './harness.js';

interface Row {
  w: Workload;
  task: Task;
}

async function suite(workloads: Workload[], options: ConstructorParameters<typeof Bench>[0]): Promise<Row[]> {
  const bench = new Bench({ throws: true, ...options });
  for (const w of workloads) bench.add(w.name, w.iterate, { async: w.async });
  await bench.run();
  return workloads.map((w) => {
    const task = bench.getTask(w.name);
    if (!task) throw new Error(`bench: task ${w.name} missing`);
    return { w, task };
  });
}

async function main(): Promise<void> {
  const m = machineInfo();
  const t0 = performance.now();
  process.stdout.write(`Benchmarks on node ${m.node}, ${m.cpu}, ${m.cores} cores (${m.platform})\n\n`);

  // Short, synchronous workloads: time-budgeted, with tinybench's warm-up.
  const threads = [...new Set([1, ...RUN_WORKERS])].sort((a, b) => a - b);
  const fast = await suite([...threads.map(referenceFor), ...CASES.map((c) => coreWorkload(c))], {
    time: 1500,
    iterations: 20,
    warmupTime: 500,
    warmupIterations: 8,
  });
  // Whole runs (~0.6-0.8 s each): a fixed, small number of iterations.
  const runs = await suite(
    CASES.filter((c) => c.runs).flatMap((c) => RUN_WORKERS.map((n) => runWorkload(c, n))),
    { time: 0, iterations: 5, warmupIterations: 1, warmupTime: 0 },
  );

  const rows = [...fast, ...runs];
  const stats = rows.map(({ w, task }) => {
    const r = task.result;
    if (r.state !== 'completed') throw new Error(`bench: ${w.name}: ${r.state}${r.state === 'errored' ? `: ${r.error.message}` : ''}`);
    return { w, lat: r.latency };
  });
  const refMs = (threads: number) => {
    const ref = stats.find((s) => s.w === referenceFor(threads));
    if (!ref) throw new Error(`bench: reference workload for ${threads} thread(s) missing`);
    return ref.lat.p50;
  };
  const table = stats.map(({ w, lat }) => {
    const perTrial = w.trials > 0 ? lat.p50 / w.trials : NaN;
    return [
      w.name,
      String(lat.samplesCount),
      fmtMs(lat.p50),
      `±${lat.rme.toFixed(1)} %`,
      w.trials > 0 ? fmtInt(w.trials) : '-',
      w.trials > 0 ? fmtInt((w.trials * 1000) / lat.p50) : '-',
      w.trials > 0 ? fmtRatio(perTrial / refMs(w.threads)) : '-',
    ];
  });
  process.stdout.write(
    formatTable(['benchmark', 'samples', 'median ms/iter', 'rme (mean)', 'trials/iter', 'trials/s (median)', 'ratio (ms/trial ÷ ref ms, same threads)'], table) + '\n',
  );
  process.stdout.write(`\n(${((performance.now() - t0) / 1000).toFixed(1)} s; checksum ${consumed().toExponential(3)})\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
