/**
 * Shared measuring code for `npm run bench` (run.ts) and the benchmark gate
 * `npm run bench:check` (check.ts): building a RunSpec from a scenario file
 * exactly as `sim run` does, the workloads (core kernel, whole run, machine
 * reference), interleaved sampling against the reference, and table printing.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { BLOCK_SIZE } from '../src/core/random.js';
import { TrialKernel } from '../src/engine/kernel.js';
import { runSimulation } from '../src/engine/run.js';
import type { RunSpec } from '../src/engine/spec.js';
import { compileScenario } from '../src/scenario/compile.js';
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

export type Kind = 'reference' | 'core' | 'run';

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
 * The sampling core, single-threaded: TrialKernel.runBlocks over the same
 * first `coreBlocks` blocks every iteration (same seed, same trials: the
 * work is identical each time). The kernel is built once, as a worker does.
 */
export function coreWorkload(c: BenchCase): Workload {
  const blocks = c.coreBlocks ?? DEFAULT_CORE_BLOCKS;
  const spec = buildSpec(c);
  // runBlocks stops at spec.trials: make sure the blocks we ask for exist.
  const need = blocks * BLOCK_SIZE;
  if (spec.trials < need) spec.trials = need;
  const kernel = new TrialKernel(spec);
  return {
    name: coreName(c),
    kind: 'core',
    trials: need,
    threads: 1,
    async: false,
    iterate: () => {
      const p = kernel.runBlocks(0, blocks);
      if (p.trials !== need) throw new Error(`${coreName(c)}: ran ${p.trials} trials, expected ${need}`);
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

export async function timeOnce(w: Workload): Promise<number> {
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
    spent += await timeOnce(w);
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
export const SAMPLING: Record<'core' | 'run', SamplingOptions> = {
  core: { rounds: 25, warmupMs: 600, warmupIterations: 8 },
  run: { rounds: 7, warmupMs: 0, warmupIterations: 1 },
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
      f = await timeOnce(ref);
      c = await timeOnce(w);
    } else {
      c = await timeOnce(w);
      f = await timeOnce(ref);
    }
    caseMs.push(c);
    refMs.push(f);
    ratios.push(c / w.trials / f);
  }
  const ratio = median(ratios);
  const caseMsMedian = median(caseMs);
  return {
    name: w.name,
    kind: w.kind,
    trials: w.trials,
    caseMs,
    refMs,
    ratios,
    ratio,
    spread: (quantile(ratios, 0.75) - quantile(ratios, 0.25)) / ratio,
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
