/**
 * `npm run bench:check`: the benchmark gate run by CI (.ci/run).
 *
 * Measures, in one process, each gated case interleaved with the reference
 * workload (harness.ts: warm-up, then rounds of reference + case, median of
 * the per-round ratios), and compares the normalised ratio
 * (case ms per trial ÷ reference ms) with bench/baseline.json. A case slower
 * than its baseline by more than the threshold is measured once more; the
 * gate fails (exit 1) only if the re-run is over the threshold too.
 *
 * Gated: every case's core (TrialKernel, 1 thread) and its whole run at
 * workers=2. The workers=1 runs are recorded in the baseline but not gated
 * (they add time, and the workers=2 run covers the same end-to-end path).
 *
 * Noise (NOISE_NOTE, filled in from measurements on the 2-core CI-type VM,
 * node 20.20, see bench/README.md "Noise and threshold"):
 * NOISE_PLACEHOLDER
 *
 * Flags:
 *   --write-baseline   measure every case (core, runs at all worker counts) and rewrite baseline.json
 *   --add-missing      measure only the cases absent from baseline.json and add them (new hazards)
 *   --all              also check the runs that are not gated by default (workers=1)
 *   --no-retry         report the first pass only, never re-run (for noise studies)
 *   --json FILE        also write the measurements as JSON to FILE
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CASES, RUN_WORKERS } from './cases.js';
import {
  coreName,
  coreWorkload,
  fmtInt,
  fmtMs,
  fmtPct,
  fmtRatio,
  formatTable,
  machineInfo,
  measureAgainstReference,
  REFERENCE_NAME,
  referenceFor,
  referenceWorkload,
  ROOT,
  runName,
  runWorkload,
  SAMPLING,
  type Kind,
  type Measurement,
  type Workload,
} from './harness.js';

/** Largest tolerated slowdown against the baseline ratio, by kind (0.30 = 30 % slower). */
export const THRESHOLD: Record<'core' | 'run', number> = { core: 0.3, run: 0.4 };
/** Worker counts whose whole run is gated (the baseline records all of RUN_WORKERS). */
const GATED_RUN_WORKERS: readonly number[] = [2];

const BASELINE_FILE = join(ROOT, 'bench', 'baseline.json');

interface BaselineCase {
  kind: Kind;
  /** Case ms per trial ÷ reference ms (median of interleaved rounds). */
  ratio: number;
  trialsPerSecond: number;
  trialsPerIteration: number;
  msPerIteration: number;
  referenceMs: number;
  /** (p75 - p25) / median of the per-round ratios. */
  spread: number;
  rounds: number;
}

interface Baseline {
  note: string;
  date: string;
  node: string;
  cpu: string;
  cores: number;
  platform: string;
  reference: { name: string; checksum: number; ms: number };
  cases: Record<string, BaselineCase>;
}

interface Args {
  writeBaseline: boolean;
  addMissing: boolean;
  retry: boolean;
  all: boolean;
  json?: string;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { writeBaseline: false, addMissing: false, retry: true, all: false };
  for (let i = 0; i < argv.length; i++) {
    const s = argv[i];
    if (s === '--write-baseline') a.writeBaseline = true;
    else if (s === '--add-missing') a.addMissing = true;
    else if (s === '--no-retry') a.retry = false;
    else if (s === '--all') a.all = true;
    else if (s === '--json' && i + 1 < argv.length) a.json = argv[++i];
    else throw new Error(`unknown argument ${JSON.stringify(s)}; expected --write-baseline, --add-missing, --all, --no-retry or --json FILE`);
  }
  return a;
}

/** Each workload is built lazily (loading the scenario) and only when needed. */
interface Planned {
  name: string;
  kind: 'core' | 'run';
  gated: boolean;
  make: () => Workload;
}

function plan(): Planned[] {
  const out: Planned[] = [];
  for (const c of CASES) {
    out.push({ name: coreName(c), kind: 'core', gated: true, make: () => coreWorkload(c) });
    for (const n of RUN_WORKERS) out.push({ name: runName(c, n), kind: 'run', gated: GATED_RUN_WORKERS.includes(n), make: () => runWorkload(c, n) });
  }
  return out;
}

async function measure(p: Planned, roundsFactor = 1): Promise<Measurement> {
  const w = p.make();
  const ref = referenceFor(w.threads);
  if (w.name !== p.name) throw new Error(`internal: planned ${p.name}, built ${w.name}`);
  process.stderr.write(`  measuring ${p.name} ...`);
  const t0 = performance.now();
  const opt = SAMPLING[p.kind];
  const m = await measureAgainstReference(w, ref, { ...opt, rounds: opt.rounds * roundsFactor });
  process.stderr.write(` ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  return m;
}

function readBaseline(): Baseline | undefined {
  try {
    return JSON.parse(readFileSync(BASELINE_FILE, 'utf8')) as Baseline;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`${BASELINE_FILE}: ${(e as Error).message}`);
  }
}

function toBaselineCase(m: Measurement): BaselineCase {
  return {
    kind: m.kind,
    ratio: Number(m.ratio.toPrecision(5)),
    trialsPerSecond: Math.round(m.trialsPerSecond),
    trialsPerIteration: m.trials,
    msPerIteration: Number(m.caseMsMedian.toFixed(2)),
    referenceMs: Number(m.refMsMedian.toFixed(2)),
    spread: Number(m.spread.toFixed(4)),
    rounds: m.ratios.length,
  };
}

async function writeBaseline(args: Args, checksum: number): Promise<number> {
  const old = readBaseline();
  const planned = plan().filter((p) => args.writeBaseline || !old?.cases[p.name]);
  if (planned.length === 0) {
    process.stdout.write(`${BASELINE_FILE}: every case already has a baseline; nothing to add\n`);
    return 0;
  }
  if (args.addMissing && old && Math.abs(old.reference.checksum - checksum) > 1e-9 * Math.abs(checksum)) {
    throw new Error('the reference workload changed since the baseline was written: use --write-baseline to rewrite every case');
  }
  process.stderr.write(`Writing baseline for ${planned.length} benchmark(s):\n`);
  const ms: Measurement[] = [];
  // Twice the gate's rounds: the baseline is compared against many times.
  for (const p of planned) ms.push(await measure(p, 2));
  const m = machineInfo();
  const cases: Record<string, BaselineCase> = args.writeBaseline ? {} : { ...(old?.cases ?? {}) };
  for (const x of ms) cases[x.name] = toBaselineCase(x);
  const refMs = ms.map((x) => x.refMsMedian).sort((a, b) => a - b)[Math.floor(ms.length / 2)];
  const b: Baseline = {
    note: 'Written by `npm run bench:check -- --write-baseline` (see bench/README.md). ratio = case ms per trial / reference workload ms, median of interleaved rounds.',
    date: new Date().toISOString(),
    node: m.node,
    cpu: m.cpu,
    cores: m.cores,
    platform: m.platform,
    reference: { name: REFERENCE_NAME, checksum, ms: Number(refMs.toFixed(2)) },
    cases,
  };
  if (args.addMissing && old) {
    // Keep the machine record of the original baseline; note the addition.
    b.date = old.date;
    b.node = old.node;
    b.cpu = old.cpu;
    b.cores = old.cores;
    b.platform = old.platform;
    b.reference = old.reference;
  }
  writeFileSync(BASELINE_FILE, JSON.stringify(b, null, 2) + '\n');
  process.stdout.write(
    formatTable(
      ['benchmark', 'ratio', 'spread', 'trials/s', 'ms/iter', 'ref ms'],
      ms.map((x) => [x.name, fmtRatio(x.ratio), fmtPct(x.spread), fmtInt(x.trialsPerSecond), fmtMs(x.caseMsMedian), fmtMs(x.refMsMedian)]),
    ) + `\n\nWrote ${BASELINE_FILE}\n`,
  );
  if (args.json) writeFileSync(args.json, JSON.stringify({ baseline: b, measurements: ms }, null, 2) + '\n');
  return 0;
}

interface Verdict {
  name: string;
  kind: 'core' | 'run';
  base?: BaselineCase;
  first: Measurement;
  retry?: Measurement;
  pass: boolean;
}

function change(m: Measurement, base: BaselineCase): number {
  return m.ratio / base.ratio - 1;
}

function gateTable(vs: Verdict[], which: 'first' | 'final'): string {
  const rows = vs.map((v) => {
    const m = which === 'final' && v.retry ? v.retry : v.first;
    const thr = THRESHOLD[v.kind];
    if (!v.base) return [v.name, '(none)', fmtRatio(m.ratio), '-', fmtPct(thr), 'FAIL', fmtInt(m.trialsPerSecond), '-', fmtPct(m.spread)];
    const ch = change(m, v.base);
    const status = ch > thr ? 'FAIL' : which === 'final' && v.retry ? 'PASS (re-run)' : 'PASS';
    return [v.name, fmtRatio(v.base.ratio), fmtRatio(m.ratio), fmtPct(ch, true), fmtPct(thr), status, fmtInt(m.trialsPerSecond), fmtInt(v.base.trialsPerSecond), fmtPct(m.spread)];
  });
  return formatTable(['case', 'baseline ratio', 'current ratio', 'change', 'threshold', 'result', 'trials/s', 'baseline trials/s', 'spread'], rows);
}

async function gate(args: Args, checksum: number): Promise<number> {
  const base = readBaseline();
  if (!base) {
    process.stdout.write(`bench:check: no baseline at ${BASELINE_FILE}: run \`npm run bench:check -- --write-baseline\` and commit it\n`);
    return 1;
  }
  if (Math.abs(base.reference.checksum - checksum) > 1e-9 * Math.abs(checksum)) {
    process.stdout.write(
      `bench:check: the reference workload's checksum (${checksum}) differs from the baseline's (${base.reference.checksum}):\n` +
        `the reference loop was changed, so the baseline ratios no longer apply. Rewrite the baseline (see bench/README.md).\n`,
    );
    return 1;
  }
  const m = machineInfo();
  process.stdout.write(`Benchmark gate on node ${m.node}, ${m.cpu}, ${m.cores} cores; baseline of ${base.date.slice(0, 10)} on node ${base.node}, ${base.cpu}, ${base.cores} cores\n`);
  if (base.cpu !== m.cpu || base.node.split('.')[0] !== m.node.split('.')[0] || base.cores !== m.cores) {
    process.stdout.write('note: machine or node major version differs from the baseline\'s: the ratios are normalised for speed, but not for every architectural difference\n');
  }
  const gated = plan().filter((p) => p.gated || args.all);
  const verdicts: Verdict[] = [];
  for (const p of gated) {
    const first = await measure(p);
    const b = base.cases[p.name];
    verdicts.push({ name: p.name, kind: p.kind, base: b, first, pass: b !== undefined && change(first, b) <= THRESHOLD[p.kind] });
  }
  process.stdout.write('\n' + gateTable(verdicts, 'first') + '\n');
  const over = verdicts.filter((v) => !v.pass && v.base);
  if (over.length > 0 && args.retry) {
    process.stdout.write(`\n${over.length} case(s) over the threshold: measuring them once more\n`);
    const planned = new Map(gated.map((p) => [p.name, p]));
    for (const v of over) {
      const p = planned.get(v.name);
      if (!p) continue;
      v.retry = await measure(p);
      v.pass = change(v.retry, v.base as BaselineCase) <= THRESHOLD[v.kind];
    }
    process.stdout.write('\nAfter the re-run:\n' + gateTable(verdicts, 'final') + '\n');
  }
  for (const v of verdicts) {
    if (!v.base) process.stdout.write(`\n${v.name}: no baseline entry: run \`npm run bench:check -- --add-missing\` and commit bench/baseline.json\n`);
    else if (change(v.retry ?? v.first, v.base) < -THRESHOLD[v.kind]) {
      process.stdout.write(`\nnote: ${v.name} is ${fmtPct(-change(v.retry ?? v.first, v.base))} faster than its baseline: if that is a real improvement, refresh the baseline (bench/README.md) so later regressions are caught\n`);
    }
  }
  const stale = Object.keys(base.cases).filter((n) => !plan().some((p) => p.name === n));
  if (stale.length) process.stdout.write(`\nnote: baseline entries with no case any more: ${stale.join('; ')}\n`);
  if (args.json) writeFileSync(args.json, JSON.stringify({ machine: m, thresholds: THRESHOLD, verdicts }, null, 2) + '\n');
  const failed = verdicts.filter((v) => !v.pass);
  process.stdout.write(
    failed.length === 0
      ? `\nbench:check PASS (${verdicts.length} case(s))\n`
      : `\nbench:check FAIL: ${failed.map((v) => v.name).join('; ')}\n`,
  );
  return failed.length === 0 ? 0 : 1;
}

async function main(): Promise<number> {
  const t0 = performance.now();
  const args = parseArgs(process.argv.slice(2));
  const checksum = referenceWorkload();
  const rc = args.writeBaseline || args.addMissing ? await writeBaseline(args, checksum) : await gate(args, checksum);
  process.stdout.write(`(${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
  return rc;
}

main().then(
  (rc) => process.exit(rc),
  (e: unknown) => {
    process.stderr.write(`bench:check: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
