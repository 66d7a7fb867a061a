/**
 * Shared measuring code for `npm run bench` (run.ts) and the benchmark gate
 * `npm run bench:check` (check.ts): building a RunSpec from a scenario file
 * exactly as `sim run` does, the workloads (core kernel, whole run, machine
 * reference), interleaved sampling against the reference, and table printing.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { BLOCK_SIZE } from '../src/core/random.js';
import { TrialKernel } from '../src/engine/kernel.js';
import { runSimulation } from '../src/engine/run.js';
import type { RunSpec } from '../src/engine/spec.js';
import { compileScenario } from '../src/scenario/compile.js';
import { currentHoldings, loadDepots } from '../src/plan/holdings.js';
import { candidateQuantiles, lpScenarioSet, sizePlan } from '../src/plan/optimize.js';
import type { BenchCase } from './cases.js';
import { REFERENCE_NAME, referenceWorkload } from './reference.js';

export { REFERENCE_NAME, referenceWorkload };

export const DEFAULT_CORE_BLOCKS = 16;
export const DEFAULT_RUN_TRIALS = 100_000;

/** The repository root: the nearest folder above this file holding package.json and scenarios/ (works from bench/ and dist/bench/). */
export const ROOT: string = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'scenarios'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`bench: repository root not found above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
})();

// ---------------------------------------------------------------- specs

/** Build a RunSpec the way `sim run` does (compileScenario: loadScenario → loadRegion → loadCatalogue), with a stable id, optionally overriding the trial count. */
export function buildSpec(c: BenchCase, trials?: number): RunSpec {
  const spec = compileScenario(resolve(ROOT, c.scenario), { trials }).spec;
  return { ...spec, id: `bench|${c.scenario}|${spec.seed}|${spec.trials}` };
}

// ---------------------------------------------------------------- workloads

export type Kind = 'reference' | 'core' | 'run' | 'lp' | 'e2e';

/** One benchmark: a function doing one iteration of fixed work. */
export interface Workload {
  name: string;
  kind: Kind;
  /** Trials simulated per iteration (0 for the reference workload). */
  trials: number;
  /** Threads doing the work in parallel: selects the reference it is normalised by (referenceFor). */
  threads: number;
  /** True when iterate returns a promise. */
  async: boolean;
  iterate: () => void | Promise<void>;
  /** CPU ms of the last iteration when the work is not done in this process (a child process): the CPU clock reads this. */
  lastCpuMs?: () => number;
}

/** Keeps results observable so the optimiser cannot drop the work. */
let sink = 0;
export function consumed(): number {
  return sink;
}

export function coreName(c: BenchCase): string {
  return `core: ${c.label}, 1 thread`;
}

export function runName(c: BenchCase, workers: number): string {
  const t = c.runTrials ?? DEFAULT_RUN_TRIALS;
  const shown = t % 1000 === 0 ? `${t / 1000}k` : String(t);
  return `run: ${c.label}, ${shown} trials, workers=${workers}`;
}

/**
 * Injected slowdown for measuring the gate's power (bench/README.md, "Power of the gate"): with
 * BENCH_INJECT_SLOWDOWN=0.1 every measured workload does 10 % more of its own work per iteration
 * while reporting the normal trial count (the core runs 10 % more trials of the following block,
 * the LP is solved once more on every tenth iteration, ...). Read only by the bench harness,
 * never by src/. Unset or 0 in normal use.
 */
export const INJECTED_SLOWDOWN: number = (() => {
  const v = process.env.BENCH_INJECT_SLOWDOWN;
  if (v === undefined || v === '') return 0;
  const x = Number(v);
  if (!Number.isFinite(x) || x < 0 || x > 10) throw new Error(`BENCH_INJECT_SLOWDOWN=${JSON.stringify(v)}: expected a fraction such as 0.1`);
  return x;
})();

/** Busy-wait this thread for `ms` milliseconds (the injected slowdown of the LP and end-to-end workloads). */
export function spinFor(ms: number): void {
  const end = performance.now() + ms;
  let x = 0;
  while (performance.now() < end) x++;
  sink += x & 1;
}

/**
 * The sampling core, single-threaded: TrialKernel.runBlocks over the same
 * first `coreBlocks` blocks every iteration (same seed, same trials: the
 * work is identical each time). The kernel is built once, as a worker does.
 * `opts.blocks` sets the blocks per iteration (the instruction count uses fewer); an object, so
 * that `CASES.map(coreWorkload)` (index as 2nd argument) does not compile.
 */
export function coreWorkload(c: BenchCase, opts: { blocks?: number } = {}): Workload {
  const blocks = opts.blocks ?? c.coreBlocks ?? DEFAULT_CORE_BLOCKS;
  const spec = buildSpec(c);
  // runBlocks stops at spec.trials: make sure the blocks we ask for exist.
  const need = blocks * BLOCK_SIZE;
  // An injected slowdown runs that many more trials (the next block's first ones) but reports `need`.
  const extra = Math.round(INJECTED_SLOWDOWN * need);
  const ran = need + extra;
  const runBlocks = Math.ceil(ran / BLOCK_SIZE);
  spec.trials = extra > 0 ? ran : Math.max(spec.trials, need);
  const kernel = new TrialKernel(spec);
  return {
    name: coreName(c),
    kind: 'core',
    trials: need,
    threads: 1,
    async: false,
    iterate: () => {
      const p = kernel.runBlocks(0, runBlocks);
      if (p.trials !== ran) throw new Error(`${coreName(c)}: ran ${p.trials} trials, expected ${ran}`);
      sink += p.moments[0] + p.trials;
    },
  };
}

/** The whole run, end to end: runSimulation with a fresh piscina pool of `workers` threads (pool start-up, workers' JIT warm-up, merge included). */
export function runWorkload(c: BenchCase, workers: number): Workload {
  const trials = c.runTrials ?? DEFAULT_RUN_TRIALS;
  const spec = buildSpec(c, trials);
  return {
    name: runName(c, workers),
    kind: 'run',
    trials,
    threads: workers,
    async: true,
    iterate: async () => {
      const r = await runSimulation(spec, { workers });
      if (r.acc.trials !== trials) throw new Error(`${runName(c, workers)}: merged ${r.acc.trials} trials, expected ${trials}`);
      sink += r.acc.trials;
    },
  };
}

export function lpName(c: BenchCase): string {
  const t = c.runTrials ?? DEFAULT_RUN_TRIALS;
  return `lp: ${c.label}, sizing from ${t % 1000 === 0 ? `${t / 1000}k` : t} trials`;
}

/**
 * The plan sizing step of `sim run` (the LPs), in this thread: the first simulation pass
 * (runSimulation, `runTrials` trials, 2 workers) and the LP scenario set are computed once
 * (`prepare`; `workers` 0 for the instruction count); an iteration is sizePlan at the scenario's first candidate quantile (its target
 * reliability; pipeline.ts sizes one plan per candidate the same way): building the stockpile,
 * team and shelter models and solving them (HiGHS wasm, or the JS solver where solveLp picks it).
 * "trials" of an iteration = 1 (one sizing step): its ratio is sizing ms / reference ms.
 * An injected slowdown (INJECTED_SLOWDOWN) busy-spins for that fraction of the iteration's own
 * time after it (spinFor): 10 % more time in this thread on every iteration.
 */
export function lpWorkload(c: BenchCase, opts: { workers?: number; timeLimitSeconds?: number } = {}): Workload & { prepare: () => Promise<void> } {
  const trials = c.runTrials ?? DEFAULT_RUN_TRIALS;
  const compiled = compileScenario(resolve(ROOT, c.scenario), { trials });
  const scenarioOpt = compiled.scenario.optimize;
  if (!scenarioOpt) throw new Error(`${c.scenario}: no optimize: block, no LP to benchmark`);
  // under callgrind a solve runs ~50x slower: its time limit must not cut it short (a different answer, a different count)
  const opt = opts.timeLimitSeconds === undefined ? scenarioOpt : { ...scenarioOpt, timeLimitSeconds: opts.timeLimitSeconds };
  const { region, items } = compiled;
  const spec = { ...compiled.spec, id: `bench-lp|${c.scenario}|${compiled.spec.seed}|${trials}` };
  const depots = loadDepots(region);
  const current = currentHoldings(region, depots, items);
  let size: ((q: number) => Promise<void>) | undefined;
  return {
    name: lpName(c),
    kind: 'lp',
    trials: 1,
    threads: 1,
    async: true,
    prepare: async () => {
      if (size) return;
      // the same trials whatever the worker count: 0 (this thread) under callgrind (count-child.ts)
      const first = await runSimulation(spec, { workers: opts.workers ?? 2 });
      const set = lpScenarioSet(first, region, items);
      size = async (q: number) => {
        const r = await sizePlan(first, region, items, depots, current, opt, spec.rescue, spec.demand.shelterAreaPerPersonM2, q, set);
        if (r.problems.some((p) => p.status !== 'optimal')) throw new Error(`${lpName(c)}: ${r.problems.map((p) => `${p.problem} ${p.status}`).join(', ')}`);
        sink += r.totalCost;
      };
    },
    iterate: async () => {
      if (!size) throw new Error(`${lpName(c)}: prepare() first`);
      const t0 = performance.now();
      await size(candidateQuantiles(opt)[0]);
      if (INJECTED_SLOWDOWN > 0) spinFor(INJECTED_SLOWDOWN * (performance.now() - t0));
    },
  };
}

export function e2eName(c: BenchCase): string {
  return `e2e: sim run ${c.scenario} --quiet`;
}

/** CPU seconds (user + system) of this process's waited-for children (/proc/self/stat cutime + cstime), or NaN off Linux. */
export function childrenCpuSeconds(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields after the command: state(3) ... utime(14) stime(15) cutime(16) cstime(17); f[0] is field 3
    const ticks = Number(f[16 - 3]) + Number(f[17 - 3]);
    return ticks / 100; // USER_HZ is 100 on Linux
  } catch {
    return NaN;
  }
}

/**
 * `sim run` end to end, as a planner runs it: `node bin/sim.js run <scenario> --out <tmp> --quiet`
 * in a child process (start-up, compile, simulation pass, sizing LPs, evaluation pass, outputs),
 * default workers (the machine's cores). The iteration's time is the child's wall time; its CPU
 * time (all threads) is recorded too (`lastCpuMs`). An injected slowdown busy-spins this
 * process for that fraction of the child's wall time after it (wall time only). "trials" = 1.
 */
export function e2eWorkload(c: BenchCase): Workload & { lastCpuMs: () => number } {
  const bin = join(ROOT, 'bin', 'sim.js');
  let cpuMs = NaN;
  const once = () =>
    new Promise<void>((resolveP, reject) => {
      const out = mkdtempSync(join(os.tmpdir(), 'sim-bench-e2e-'));
      const cpu0 = childrenCpuSeconds();
      const p = spawn(process.execPath, [bin, 'run', resolve(ROOT, c.scenario), '--out', out, '--quiet'], { stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      p.stderr.on('data', (d: Buffer) => (err += d.toString()));
      p.on('error', reject);
      p.on('close', (code) => {
        cpuMs += (childrenCpuSeconds() - cpu0) * 1000;
        const ok = code === 0 && existsSync(join(out, 'summary.json'));
        rmSync(out, { recursive: true, force: true });
        if (ok) resolveP();
        else reject(new Error(`${e2eName(c)}: exit ${code}: ${err.slice(-2000)}`));
      });
    });
  return {
    name: e2eName(c),
    kind: 'e2e',
    trials: 1,
    // CPU time adds up over the child's threads: normalised by the 1-thread reference's CPU time.
    threads: 1,
    async: true,
    lastCpuMs: () => cpuMs,
    iterate: async () => {
      cpuMs = 0;
      const t0 = performance.now();
      await once();
      if (INJECTED_SLOWDOWN > 0) {
        // 10 % more wall time, and that much more CPU time (the spin is CPU work of this process)
        const spin = INJECTED_SLOWDOWN * cpuMs;
        spinFor(Math.max(spin, INJECTED_SLOWDOWN * (performance.now() - t0)));
        cpuMs += spin;
      }
    },
  };
}

/** The reference workload in this thread. */
export function referenceWorkloadTask(): Workload {
  return {
    name: REFERENCE_NAME,
    kind: 'reference',
    trials: 0,
    threads: 1,
    async: false,
    iterate: () => {
      sink += referenceWorkload();
    },
  };
}

export function parallelReferenceName(threads: number): string {
  return `${REFERENCE_NAME} x${threads} threads`;
}

/**
 * The reference workload on `threads` worker threads at once; an iteration
 * lasts until the last thread is done. The normaliser of the whole runs with
 * workers = threads: when something else occupies a core, it slows down the
 * way the run does, which a single-thread reference cannot show. The threads
 * are unref'd: they never keep the process alive.
 */
export function parallelReferenceTask(threads: number): Workload {
  const workers = Array.from({ length: threads }, () => {
    const w = new Worker(new URL('./reference-worker.js', import.meta.url));
    w.unref();
    return w;
  });
  const once = (w: Worker) =>
    new Promise<number>((resolveP, reject) => {
      const onMessage = (v: number) => {
        w.off('error', reject);
        resolveP(v);
      };
      w.once('message', onMessage);
      w.once('error', reject);
      w.postMessage(0);
    });
  return {
    name: parallelReferenceName(threads),
    kind: 'reference',
    trials: 0,
    threads,
    async: true,
    iterate: async () => {
      const sums = await Promise.all(workers.map(once));
      for (const v of sums) sink += v;
    },
  };
}

/** The normaliser of a workload: the in-thread reference for the core and for runs with one worker, the parallel one for runs with more. */
const references = new Map<number, Workload>();
export function referenceFor(threads: number): Workload {
  const n = Math.max(1, threads);
  let r = references.get(n);
  if (!r) {
    r = n === 1 ? referenceWorkloadTask() : parallelReferenceTask(n);
    references.set(n, r);
  }
  return r;
}

// ---------------------------------------------------------------- sampling

/** How a workload's iteration is timed: wall clock, or CPU time (user + system of every thread of this process, or of the child via lastCpuMs). */
export type Clock = 'wall' | 'cpu';

function cpuMsNow(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

export async function timeOnce(w: Workload, clock: Clock = 'wall'): Promise<number> {
  if (clock === 'cpu') {
    const c0 = cpuMsNow();
    if (w.async) await w.iterate();
    else w.iterate();
    return w.lastCpuMs ? w.lastCpuMs() : cpuMsNow() - c0;
  }
  if (w.async) {
    const t0 = performance.now();
    await w.iterate();
    return performance.now() - t0;
  }
  const t0 = performance.now();
  w.iterate();
  return performance.now() - t0;
}

/** Run a workload until both minimums are met (JIT warm-up); returns the iterations done. */
export async function warmUp(w: Workload, minMs: number, minIterations: number): Promise<number> {
  let spent = 0;
  let n = 0;
  while (spent < minMs || n < minIterations) {
    spent += await timeOnce(w, 'wall');
    n++;
  }
  return n;
}

export function median(xs: readonly number[]): number {
  return quantile(xs, 0.5);
}

export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((x, y) => x - y);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

export interface SamplingOptions {
  /** Measured rounds; each round times the reference once and the case once. */
  rounds: number;
  /** Warm-up of the case before sampling: at least this many ms and iterations. */
  warmupMs: number;
  warmupIterations: number;
  /** The clock of both the case and the reference (default wall). */
  clock?: Clock;
  /**
   * ratio = median case time ÷ the reference's fastest round, instead of the median of per-round
   * ratios. For the LP: its large heap keeps V8's GC helper threads (and wasm tier-up) busy after an
   * iteration, and CPU time of the whole process charges that to the reference rounds that follow
   * (31 → 40-130 ms in half the rounds); the reference's fastest round is its own cost.
   */
  caseOverFastestReference?: boolean;
}

export interface Measurement {
  name: string;
  kind: Kind;
  trials: number;
  caseMs: number[];
  refMs: number[];
  /** Per round: (case ms per trial) / (reference ms) of the same round. */
  ratios: number[];
  /** Median of the per-round ratios: the normalised cost of one trial, in reference workloads. */
  ratio: number;
  /** Relative spread of the per-round ratios: (p75 - p25) / median. */
  spread: number;
  caseMsMedian: number;
  refMsMedian: number;
  trialsPerSecond: number;
}

/** Sampling options of the gate and the baseline, by kind of workload. */
export const SAMPLING: Record<'core' | 'run' | 'lp' | 'e2e', SamplingOptions> = {
  core: { rounds: 25, warmupMs: 600, warmupIterations: 8, clock: 'cpu' },
  run: { rounds: 7, warmupMs: 0, warmupIterations: 1, clock: 'wall' },
  lp: { rounds: 7, warmupMs: 0, warmupIterations: 3, clock: 'cpu', caseOverFastestReference: true },
  e2e: { rounds: 3, warmupMs: 0, warmupIterations: 0, clock: 'cpu' },
};

/**
 * Measure a workload against the reference, interleaved: each round times
 * both back to back (alternating which goes first) and yields the ratio of
 * the case's time per trial to the reference's time. Drift in machine speed
 * (frequency, a noisy neighbour) hits both halves of a round alike and
 * cancels in the ratio; the median over rounds discards outliers (GC pauses,
 * preemption).
 */
export async function measureAgainstReference(w: Workload, ref: Workload, opt: SamplingOptions): Promise<Measurement> {
  await warmUp(ref, 300, 5);
  await warmUp(w, opt.warmupMs, opt.warmupIterations);
  const caseMs: number[] = [];
  const refMs: number[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < opt.rounds; r++) {
    let c: number;
    let f: number;
    if (r % 2 === 0) {
      f = await timeOnce(ref, opt.clock);
      c = await timeOnce(w, opt.clock);
    } else {
      c = await timeOnce(w, opt.clock);
      f = await timeOnce(ref, opt.clock);
    }
    caseMs.push(c);
    refMs.push(f);
    ratios.push(c / w.trials / f);
  }
  const caseMsMedian = median(caseMs);
  const ratio = opt.caseOverFastestReference ? caseMsMedian / w.trials / Math.min(...refMs) : median(ratios);
  return {
    name: w.name,
    kind: w.kind,
    trials: w.trials,
    caseMs,
    refMs,
    ratios,
    ratio,
    // with caseOverFastestReference the per-round ratios carry the reference's contamination: the spread is the case's own
    spread: opt.caseOverFastestReference ? (quantile(caseMs, 0.75) - quantile(caseMs, 0.25)) / caseMsMedian : (quantile(ratios, 0.75) - quantile(ratios, 0.25)) / ratio,
    caseMsMedian,
    refMsMedian: median(refMs),
    trialsPerSecond: (w.trials * 1000) / caseMsMedian,
  };
}

/**
 * How much slower the reference runs on `threads` threads at once than on
 * one (median of interleaved rounds, ~0.5 s): about +2 % on an idle 2-core
 * VM, +100 % when another process keeps a core busy. Tells whether the
 * machine is quiet enough to measure whole runs (and to write a baseline).
 */
export async function parallelSlowdown(threads: number, rounds = 7): Promise<number> {
  const one = referenceFor(1);
  const par = referenceFor(threads);
  await warmUp(one, 150, 3);
  await warmUp(par, 150, 3);
  const r: number[] = [];
  for (let i = 0; i < rounds; i++) r.push((await timeOnce(par)) / (await timeOnce(one)));
  return median(r) - 1;
}

// ---------------------------------------------------------------- reporting

export interface MachineInfo {
  node: string;
  cpu: string;
  cores: number;
  platform: string;
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    node: process.version,
    cpu: cpus[0]?.model?.trim() ?? 'unknown',
    cores: os.availableParallelism?.() ?? cpus.length,
    platform: `${process.platform}-${process.arch}`,
  };
}

/** Thousands separators, no decimals. */
export function fmtInt(x: number): string {
  return Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : String(x);
}

export function fmtMs(x: number): string {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
}

/** Ratios are ~1e-4 (one trial costs a ten-thousandth of the reference loop): show 4 significant digits. */
export function fmtRatio(x: number): string {
  return Number.isFinite(x) ? x.toExponential(3) : String(x);
}

export function fmtPct(x: number, signed = false): string {
  const s = (x * 100).toFixed(1) + ' %';
  return signed && x >= 0 ? '+' + s : s;
}

/** A plain-text table: first column left-aligned, the others right-aligned. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const width = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(width[i]) : c.padStart(width[i]))).join('  ');
  return [line(header), width.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
