/**
 * `npm run bench:check`: the benchmark gate run by CI (.ci/run). Two halves (bench/README.md):
 *
 * Timed, in one process: each benchmark interleaved with the reference workload (harness.ts:
 * warm-up, then rounds of reference + case, median of the per-round ratios), the normalised ratio
 * compared with bench/baseline.json. Over its threshold it is measured once more and fails only
 * if the re-run is over too. Gated: each case's core (CPU time, 30 %), the typhoon's whole run at
 * workers=2 (wall time against the 2-thread reference, 60 %), the plan sizing LPs (CPU time,
 * 30 %) and `sim run scenarios/typhoon.yaml` end to end (child CPU time, 25 %). The workers=1 run
 * is recorded in the baseline but only checked with --all.
 *
 * Instruction counts (count.ts), after the timed half: each core's instructions per trial and the
 * sizing LP's instructions per sizing under callgrind (node --single-threaded --predictable,
 * warm-up uninstrumented), repeatable to 0.2 % (the LP's to 1.5 %): fails at +4 %. This is the half
 * that catches a 10 % slowdown of a core; the timed half watches what counts cannot see (caches,
 * memory) with its wider threshold. A timed benchmark over its threshold that the counts show is
 * the host's slowness passes with a note (gate-rules.ts excuseOnCounts).
 *
 * Noise and power, measured (bench/README.md "Noise and power of the gate", `npm run bench:study`).
 *
 * Flags:
 *   --write-baseline   measure every benchmark (cores, runs at all worker counts) and rewrite baseline.json
 *   --add-missing      measure only the benchmarks absent from baseline.json and add them (a new hazard)
 *   --force            write the baseline even though the machine looks busy
 *   --all              also check the runs not gated by default (workers=1)
 *   --only KINDS       measure only these kinds: core,run,lp,e2e,count (with --write-baseline: rewrite only those entries)
 *   --no-count         skip the instruction counts (no valgrind here): the cores are gated on time only
 *   --no-retry         report the first pass only, never re-run (for noise studies)
 *   --json FILE        also write the measurements as JSON to FILE
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CASES, RUN_WORKERS, type BenchCase } from './cases.js';
import { change, COUNT_THRESHOLD, excuseOnCounts, NOISY, THRESHOLD, type GateVerdict, type TimedKind } from './gate-rules.js';
import { COUNT_OPTIONS, countCore, countLp, LP_COUNT_OPTIONS, NODE_FLAGS, pooled, valgrindVersion, type Count, type CountOptions } from './count.js';
import {
  coreName,
  coreWorkload,
  e2eName,
  e2eWorkload,
  INJECTED_SLOWDOWN,
  lpName,
  lpWorkload,
  fmtInt,
  fmtMs,
  fmtPct,
  fmtRatio,
  formatTable,
  machineInfo,
  measureAgainstReference,
  parallelReferenceName,
  parallelSlowdown,
  REFERENCE_NAME,
  referenceFor,
  referenceWorkload,
  ROOT,
  runName,
  runWorkload,
  SAMPLING,
  type Measurement,
  type Workload,
} from './harness.js';

/** Worker counts whose whole run is gated (the baseline records all of RUN_WORKERS). */
const GATED_RUN_WORKERS: readonly number[] = [2];
/** parallelSlowdown above this: another process is using the CPU (idle: ~2 %). */
const BUSY = 0.15;

const BASELINE_FILE = join(ROOT, 'bench', 'baseline.json');

interface BaselineCase {
  kind: TimedKind;
  /** Case ms per trial ÷ reference ms (median of interleaved rounds). */
  ratio: number;
  /** The reference it was normalised by. */
  reference: string;
  trialsPerSecond: number;
  trialsPerIteration: number;
  msPerIteration: number;
  referenceMs: number;
  /** (p75 - p25) / median of the per-round ratios. */
  spread: number;
  rounds: number;
  /** How it was timed (absent in older baselines: wall). */
  clock?: 'wall' | 'cpu';
}

/** One core's (or the sizing LP's) instruction count under callgrind (count.ts). */
interface BaselineCount {
  /** Median over the window's iterations of the instructions of one iteration, ÷ its trials (the LP: per sizing, "trials" 1). */
  instructionsPerTrial: number;
  instructionsPerIteration: number[];
  trialsPerIteration: number;
  /** Blocks an iteration (0 for the LP). */
  blocks: number;
  /** Warm-up and window iterations, when not the header's (the LP's). */
  options?: CountOptions;
}

interface BaselineCounts {
  node: string;
  valgrind: string;
  nodeFlags: string[];
  warmIterations: number;
  windowIterations: number;
  cases: Record<string, BaselineCount>;
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
  /** Instruction counts of the cores (absent when written without valgrind or with --no-count). */
  counts?: BaselineCounts;
}

interface Args {
  writeBaseline: boolean;
  addMissing: boolean;
  force: boolean;
  retry: boolean;
  all: boolean;
  count: boolean;
  only?: Set<string>;
  json?: string;
}

const KINDS = ['core', 'run', 'lp', 'e2e', 'count'];

function parseArgs(argv: string[]): Args {
  const a: Args = { writeBaseline: false, addMissing: false, force: false, retry: true, all: false, count: true };
  for (let i = 0; i < argv.length; i++) {
    const s = argv[i];
    if (s === '--write-baseline') a.writeBaseline = true;
    else if (s === '--add-missing') a.addMissing = true;
    else if (s === '--force') a.force = true;
    else if (s === '--no-retry') a.retry = false;
    else if (s === '--all') a.all = true;
    else if (s === '--no-count') a.count = false;
    else if (s === '--only' && i + 1 < argv.length) {
      a.only = new Set(argv[++i].split(',').map((x) => x.trim()).filter(Boolean));
      for (const k of a.only) if (!KINDS.includes(k)) throw new Error(`--only: unknown kind ${JSON.stringify(k)}; expected a comma-separated list of ${KINDS.join(', ')}`);
    } else if (s === '--json' && i + 1 < argv.length) a.json = argv[++i];
    else throw new Error(`unknown argument ${JSON.stringify(s)}; expected --write-baseline, --add-missing, --force, --all, --no-retry, --no-count, --only KINDS or --json FILE`);
  }
  return a;
}

/** A benchmark to measure; its workload (which loads the scenario) is built only when measured. */
interface Planned {
  name: string;
  kind: TimedKind;
  /** Threads the benchmark runs on: 1 for a core, the worker count for a run. */
  threads: number;
  gated: boolean;
  make: () => Workload & { prepare?: () => Promise<void> };
}

/** Every timed benchmark, in measuring order: the cores, then per `runs: true` case its runs, the sizing LPs and `sim run` end to end. */
function plan(): Planned[] {
  const out: Planned[] = [];
  for (const c of CASES) out.push({ name: coreName(c), kind: 'core', threads: 1, gated: true, make: () => coreWorkload(c) });
  for (const c of CASES) {
    if (!c.runs) continue;
    for (const n of RUN_WORKERS) out.push({ name: runName(c, n), kind: 'run', threads: n, gated: GATED_RUN_WORKERS.includes(n), make: () => runWorkload(c, n) });
    out.push({ name: lpName(c), kind: 'lp', threads: 1, gated: true, make: () => lpWorkload(c) });
    out.push({ name: e2eName(c), kind: 'e2e', threads: 1, gated: true, make: () => e2eWorkload(c) });
  }
  return out;
}

function selected(args: Args, kind: string): boolean {
  return !args.only || args.only.has(kind);
}

function countName(c: BenchCase): string {
  return `count: ${c.label}, instructions/trial`;
}

function lpCountName(c: BenchCase): string {
  return `count: ${lpName(c).slice('lp: '.length)}, instructions/sizing`;
}

/** What the count half counts: every case's core, and the sizing LP of each case with runs (the timed LP's workload). */
interface CountTarget {
  name: string;
  kind: 'core' | 'lp';
  c: BenchCase;
  /** The timed benchmark this count stands behind. */
  timed: string;
}

function countTargets(): CountTarget[] {
  return [
    ...CASES.map((c) => ({ name: countName(c), kind: 'core' as const, c, timed: coreName(c) })),
    ...CASES.filter((c) => c.runs).map((c) => ({ name: lpCountName(c), kind: 'lp' as const, c, timed: lpName(c) })),
  ];
}

function countOf(x: Count, kind: 'core' | 'lp'): BaselineCount {
  const perIteration = x.perIteration;
  const trialsPerIteration = x.trials / x.windowIterations;
  const sorted = [...perIteration].sort((p, q) => p - q);
  const med = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  return {
    instructionsPerTrial: Number((med / trialsPerIteration).toFixed(1)),
    instructionsPerIteration: perIteration,
    trialsPerIteration,
    blocks: x.blocks,
    ...(kind === 'lp' ? { options: LP_COUNT_OPTIONS } : {}),
  };
}

/** Count the targets under callgrind, two children at a time (counts do not depend on the load); the long LP counts start first. */
async function measureCounts(targets: readonly CountTarget[]): Promise<Map<string, BaselineCount>> {
  const t0 = performance.now();
  const lanes = Math.max(1, Math.min(2, machineInfo().cores));
  const ordered = [...targets.filter((t) => t.kind === 'lp'), ...targets.filter((t) => t.kind === 'core')];
  const nLp = ordered.filter((t) => t.kind === 'lp').length;
  process.stderr.write(`  counting instructions of ${ordered.length - nLp} core(s)${nLp ? ` and ${nLp} sizing LP(s)` : ''} under callgrind (${lanes} at a time) ...`);
  const rs = await pooled(
    ordered.map((t) => () => (t.kind === 'lp' ? countLp(CASES.indexOf(t.c), t.c) : countCore(CASES.indexOf(t.c), t.c))),
    lanes,
  );
  process.stderr.write(` ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  return new Map(ordered.map((t, i) => [t.name, countOf(rs[i], t.kind)]));
}

function countsHeader(vg: string, cases: Map<string, BaselineCount>): BaselineCounts {
  return { node: process.version, valgrind: vg, nodeFlags: [...NODE_FLAGS], warmIterations: COUNT_OPTIONS.warmIterations, windowIterations: COUNT_OPTIONS.windowIterations, cases: Object.fromEntries(cases) };
}

async function measure(p: Planned, roundsFactor = 1): Promise<Measurement> {
  const w = p.make();
  if (w.name !== p.name || w.threads !== p.threads) throw new Error(`internal: planned ${p.name}, built ${w.name}`);
  process.stderr.write(`  measuring ${p.name} ...`);
  const t0 = performance.now();
  if (w.prepare) await w.prepare();
  const opt = SAMPLING[p.kind];
  const m = await measureAgainstReference(w, referenceFor(w.threads), { ...opt, rounds: opt.rounds * roundsFactor });
  process.stderr.write(` ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  return m;
}

function referenceOf(threads: number): string {
  return threads <= 1 ? REFERENCE_NAME : parallelReferenceName(threads);
}

/** How busy the machine is, from the parallel reference; undefined on a single core. */
async function busyness(): Promise<number | undefined> {
  const threads = Math.max(...RUN_WORKERS);
  if (threads < 2 || machineInfo().cores < threads) return undefined;
  return parallelSlowdown(threads);
}

function readBaseline(): Baseline | undefined {
  try {
    return JSON.parse(readFileSync(BASELINE_FILE, 'utf8')) as Baseline;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`${BASELINE_FILE}: ${(e as Error).message}`);
  }
}

function sameChecksum(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.abs(b);
}

async function writeBaseline(args: Args, checksum: number): Promise<number> {
  const old = readBaseline();
  if (args.addMissing && old && !sameChecksum(old.reference.checksum, checksum)) {
    throw new Error('the reference workload changed since the baseline was written: use --write-baseline to rewrite every entry');
  }
  // --only limits what is measured; the other entries are kept as they are.
  const rewriteAll = args.writeBaseline && !args.only;
  const planned = plan().filter((p) => selected(args, p.kind) && (args.writeBaseline || !old?.cases[p.name]));
  const countCases = args.count && selected(args, 'count') ? countTargets().filter((t) => args.writeBaseline || !old?.counts?.cases[t.name]) : [];
  const vg = countCases.length > 0 ? valgrindVersion() : undefined;
  if (countCases.length > 0 && !vg) {
    process.stdout.write('valgrind (with callgrind_control) is not installed: the instruction counts cannot be recorded. Install it (apt-get install valgrind) or pass --no-count.\n');
    return 1;
  }
  if (planned.length === 0 && countCases.length === 0) {
    process.stdout.write(`${BASELINE_FILE}: every benchmark already has a baseline; nothing to add\n`);
    return 0;
  }
  // Only the timed benchmarks mind a busy machine; instruction counts do not.
  const busy = planned.length > 0 ? await busyness() : undefined;
  if (busy !== undefined && busy > BUSY) {
    process.stdout.write(
      `The machine looks busy: the reference runs ${fmtPct(busy)} slower on ${Math.max(...RUN_WORKERS)} threads than on one (idle: ~2 %).\n` +
        `A baseline written now would make the whole-run ratios too low. Stop the other processes and retry${args.force ? '' : ', or pass --force'}.\n`,
    );
    if (!args.force) return 1;
  }
  process.stderr.write(`Writing the baseline of ${planned.length} timed benchmark(s) and ${countCases.length} instruction count(s):\n`);
  const ms: { p: Planned; m: Measurement }[] = [];
  // Twice the gate's rounds: the baseline is compared against many times.
  for (const p of planned) ms.push({ p, m: await measure(p, 2) });
  // The same check, during the measurements: the parallel reference must have run about as fast as the single one.
  const singleMs = Math.min(...ms.filter((x) => x.p.threads <= 1 && SAMPLING[x.p.kind].clock !== 'cpu').map((x) => x.m.refMsMedian), ...ms.filter((x) => x.p.threads <= 1).map((x) => x.m.refMsMedian));
  const loaded = ms.filter((x) => x.p.threads > 1 && x.m.refMsMedian > (1 + BUSY) * singleMs);
  if (loaded.length > 0 && !args.force) {
    process.stdout.write(
      `The machine got busy while measuring ${loaded.map((x) => x.p.name).join('; ')} (its ${loaded[0].p.threads}-thread reference took ` +
        `${fmtMs(loaded[0].m.refMsMedian)} ms, the 1-thread one ${fmtMs(singleMs)} ms). Baseline not written: retry on a quiet machine, or pass --force.\n`,
    );
    return 1;
  }
  // After the timed benchmarks: the callgrind children load both cores, counts do not mind.
  const counted = countCases.length > 0 ? await measureCounts(countCases) : new Map<string, BaselineCount>();
  const cases: Record<string, BaselineCase> = rewriteAll ? {} : { ...(old?.cases ?? {}) };
  for (const { p, m } of ms) {
    cases[m.name] = {
      kind: p.kind,
      ratio: Number(m.ratio.toPrecision(5)),
      reference: referenceOf(p.threads),
      trialsPerSecond: Math.round(m.trialsPerSecond),
      trialsPerIteration: m.trials,
      msPerIteration: Number(m.caseMsMedian.toFixed(2)),
      referenceMs: Number(m.refMsMedian.toFixed(2)),
      spread: Number(m.spread.toFixed(4)),
      rounds: m.ratios.length,
      clock: SAMPLING[p.kind].clock ?? 'wall',
    };
  }
  let counts: BaselineCounts | undefined;
  if (counted.size > 0) {
    const keep = rewriteAll || !old?.counts ? {} : old.counts.cases;
    counts = countsHeader(vg ?? '', new Map([...Object.entries(keep), ...counted]));
    if (old?.counts && !rewriteAll && (old.counts.node !== counts.node || old.counts.valgrind !== counts.valgrind)) {
      process.stdout.write(`note: the kept instruction counts were recorded with node ${old.counts.node}, ${old.counts.valgrind}; these with node ${counts.node}, ${counts.valgrind}: rewrite them all (--write-baseline --only count)\n`);
    }
  } else counts = old?.counts; // --no-count (or --only without count) leaves the counts as they are
  const info = machineInfo();
  const single = ms.filter((x) => x.p.threads <= 1).map((x) => x.m.refMsMedian);
  const keepOld = (args.addMissing || !rewriteAll) && old !== undefined;
  const b: Baseline = {
    note: 'Written by `npm run bench:check -- --write-baseline` (bench/README.md). ratio = case ms per trial / reference workload ms (same threads, same clock), median of interleaved rounds. counts: instructions per trial of each core under callgrind (median over the window iterations).',
    date: keepOld ? old.date : new Date().toISOString(),
    node: keepOld ? old.node : info.node,
    cpu: keepOld ? old.cpu : info.cpu,
    cores: keepOld ? old.cores : info.cores,
    platform: keepOld ? old.platform : info.platform,
    reference: keepOld ? old.reference : { name: REFERENCE_NAME, checksum, ms: Number((single.length ? Math.min(...single) : NaN).toFixed(2)) },
    cases,
    ...(counts ? { counts } : {}),
  };
  writeFileSync(BASELINE_FILE, JSON.stringify(b, null, 2) + '\n');
  process.stdout.write(
    formatTable(
      ['benchmark', 'ratio', 'spread', 'trials/s', 'ms/iter', 'ref ms'],
      ms.map(({ m }) => [m.name, fmtRatio(m.ratio), fmtPct(m.spread), fmtInt(m.trialsPerSecond), fmtMs(m.caseMsMedian), fmtMs(m.refMsMedian)]),
    ) +
      (counted.size > 0 ? '\n\n' + formatTable(['instruction count', 'instructions/trial', 'blocks', 'per iteration (M)'], [...counted].map(([n, x]) => [n, fmtInt(x.instructionsPerTrial), String(x.blocks), x.instructionsPerIteration.map((v) => (v / 1e6).toFixed(2)).join(' ')])) : '') +
      `\n\nWrote ${BASELINE_FILE}\n`,
  );
  if (args.json) writeFileSync(args.json, JSON.stringify({ baseline: b, measurements: ms.map((x) => x.m), counts: Object.fromEntries(counted) }, null, 2) + '\n');
  return 0;
}

interface Verdict extends GateVerdict {
  base?: BaselineCase;
  first: Measurement;
  retry?: Measurement;
}

function gateTable(vs: Verdict[], which: 'first' | 'final'): string {
  const rows = vs.map((v) => {
    const m = which === 'final' && v.retry ? v.retry : v.first;
    const thr = THRESHOLD[v.kind];
    // trials/s for the cores and runs; ms (CPU or wall, as timed) per iteration for the LP and sim run
    const speed = (x: { trialsPerSecond: number; ms: number }) => (v.kind === 'lp' || v.kind === 'e2e' ? `${fmtMs(x.ms)} ms` : fmtInt(x.trialsPerSecond));
    const now = speed({ trialsPerSecond: m.trialsPerSecond, ms: m.caseMsMedian });
    if (!v.base) return [v.name, '(none)', fmtRatio(m.ratio), '-', fmtPct(thr), 'FAIL', now, '-', fmtPct(m.spread)];
    const ch = change(m, v.base);
    const status = ch > thr ? 'FAIL' : which === 'final' && v.retry ? 'PASS (re-run)' : 'PASS';
    return [v.name, fmtRatio(v.base.ratio), fmtRatio(m.ratio), fmtPct(ch, true), fmtPct(thr), status, now, speed({ trialsPerSecond: v.base.trialsPerSecond, ms: v.base.msPerIteration }), fmtPct(m.spread)];
  });
  return formatTable(['case', 'baseline ratio', 'current ratio', 'change', 'threshold', 'result', 'trials/s (or ms)', 'baseline', 'spread'], rows);
}

function excused(vs: Verdict[]): string {
  const n = vs.filter((v) => v.excused).length;
  return n ? `; ${n} timed benchmark${n === 1 ? '' : 's'} over ${n === 1 ? 'its' : 'their'} threshold passed on unchanged instruction counts (notes above)` : '';
}

interface CountVerdict {
  name: string;
  base?: BaselineCount;
  now?: BaselineCount;
  change?: number;
  pass: boolean;
  problem?: string;
}

function countTable(vs: CountVerdict[]): string {
  return formatTable(
    ['instruction count (callgrind)', 'baseline instr/trial', 'current instr/trial', 'change', 'threshold', 'result'],
    vs.map((v) => [
      v.name,
      v.base ? fmtInt(v.base.instructionsPerTrial) : '(none)',
      v.now ? fmtInt(v.now.instructionsPerTrial) : '-',
      v.change !== undefined ? fmtPct(v.change, true) : '-',
      fmtPct(COUNT_THRESHOLD),
      v.pass ? 'PASS' : 'FAIL',
    ]),
  );
}

/** The instruction-count half of the gate: every core and sizing LP under callgrind, against baseline.counts. */
async function gateCounts(base: Baseline, notes: string[]): Promise<CountVerdict[]> {
  const vg = valgrindVersion();
  if (!vg) {
    return [{ name: 'instruction counts', pass: false, problem: 'valgrind (with callgrind_control) is not installed: install it (apt-get install valgrind; .ci/run does) or pass --no-count to gate on time only' }];
  }
  const bc = base.counts;
  if (bc && (bc.node !== process.version || bc.valgrind !== vg)) {
    notes.push(`the instruction counts' baseline was recorded with node ${bc.node}, ${bc.valgrind}; this is node ${process.version}, ${vg}: V8's code differs between node versions, so a count change may be node's: rewrite the counts (\`npm run bench:check -- --write-baseline --only count\`)`);
  }
  const targets = countTargets();
  const counted = await measureCounts(targets);
  const out: CountVerdict[] = [];
  for (const { name } of targets) {
    const now = counted.get(name);
    const b = bc?.cases[name];
    if (!b || !now) {
      out.push({ name, now, pass: false, problem: `${name}: no baseline entry: run \`npm run bench:check -- --add-missing\` and commit bench/baseline.json` });
      continue;
    }
    if (b.blocks !== now.blocks || b.trialsPerIteration !== now.trialsPerIteration) {
      out.push({ name, base: b, now, pass: false, problem: `${name}: counted over ${now.blocks} blocks, the baseline over ${b.blocks}: rewrite its entry` });
      continue;
    }
    // the LP's warm-up and window (its own, not the header's): another warm-up counts other code
    if (JSON.stringify(b.options ?? null) !== JSON.stringify(now.options ?? null)) {
      out.push({ name, base: b, now, pass: false, problem: `${name}: counted with ${JSON.stringify(now.options ?? null)}, the baseline with ${JSON.stringify(b.options ?? null)}: rewrite its entry` });
      continue;
    }
    const ch = now.instructionsPerTrial / b.instructionsPerTrial - 1;
    if (ch < -COUNT_THRESHOLD) notes.push(`${name}: ${fmtPct(-ch)} fewer instructions per trial than the baseline: if that is a real improvement, refresh the baseline so later regressions are caught`);
    out.push({ name, base: b, now, change: ch, pass: ch <= COUNT_THRESHOLD });
  }
  return out;
}

async function gate(args: Args, checksum: number): Promise<number> {
  const base = readBaseline();
  if (!base) {
    process.stdout.write(`bench:check FAIL: no baseline at ${BASELINE_FILE}: run \`npm run bench:check -- --write-baseline\` and commit it\n`);
    return 1;
  }
  if (!sameChecksum(base.reference.checksum, checksum)) {
    process.stdout.write(
      `bench:check FAIL: the reference workload's checksum (${checksum}) differs from the baseline's (${base.reference.checksum}):\n` +
        `the reference loop was changed, so the baseline ratios no longer apply. Rewrite the baseline (bench/README.md).\n`,
    );
    return 1;
  }
  const info = machineInfo();
  process.stdout.write(`Benchmark gate on node ${info.node}, ${info.cpu}, ${info.cores} cores\n`);
  process.stdout.write(`baseline of ${base.date.slice(0, 10)} on node ${base.node}, ${base.cpu}, ${base.cores} cores\n`);
  if (base.cpu !== info.cpu || base.node.split('.')[0] !== info.node.split('.')[0] || base.cores !== info.cores) {
    process.stdout.write("note: the machine or node's major version differs from the baseline's: ratios are normalised for speed, not for every architectural difference\n");
  }
  const busy = await busyness();
  if (busy !== undefined && busy > BUSY) {
    process.stdout.write(`note: the machine looks busy (the reference is ${fmtPct(busy)} slower on ${Math.max(...RUN_WORKERS)} threads than on one; idle ~2 %): whole-run ratios are less reliable\n`);
  }
  if (INJECTED_SLOWDOWN > 0) process.stdout.write(`note: BENCH_INJECT_SLOWDOWN=${INJECTED_SLOWDOWN}: every workload does ${fmtPct(INJECTED_SLOWDOWN)} more work per iteration (a power study: the gate should fail)\n`);
  const gated = plan().filter((p) => (p.gated || args.all) && selected(args, p.kind));
  const verdicts: Verdict[] = [];
  for (const p of gated) {
    const first = await measure(p);
    // An entry normalised by another reference, or timed with another clock (older baseline format), is not comparable.
    const entry = base.cases[p.name];
    const b = entry?.reference === referenceOf(p.threads) && (entry.clock ?? 'wall') === (SAMPLING[p.kind].clock ?? 'wall') ? entry : undefined;
    verdicts.push({ name: p.name, kind: p.kind, base: b, first, pass: b !== undefined && change(first, b) <= THRESHOLD[p.kind] });
  }
  process.stdout.write('\n' + gateTable(verdicts, 'first') + '\n');
  const over = verdicts.filter((v) => !v.pass && v.base);
  if (over.length > 0 && args.retry) {
    process.stdout.write(`\n${over.length} benchmark(s) over the threshold: measuring them once more\n`);
    const byName = new Map(gated.map((p) => [p.name, p]));
    for (const v of over) {
      const p = byName.get(v.name);
      if (!p || !v.base) continue;
      v.retry = await measure(p);
      v.pass = change(v.retry, v.base) <= THRESHOLD[v.kind];
    }
    process.stdout.write('\nAfter the re-run:\n' + gateTable(verdicts, 'final') + '\n');
  }
  const notes: string[] = [];
  // Counts last: the callgrind children load both cores (the timed benchmarks are done), counts do not mind.
  const countVerdicts = args.count && selected(args, 'count') ? await gateCounts(base, notes) : [];
  if (countVerdicts.length > 0) process.stdout.write('\n' + countTable(countVerdicts) + '\n');
  for (const v of countVerdicts) if (v.problem) notes.push(v.problem);
  const targets = countTargets();
  excuseOnCounts(verdicts, countVerdicts, (timed) => targets.find((t) => t.timed === timed)?.name, notes);
  if (!args.count) notes.push('--no-count: the instruction counts were not checked (only the timed benchmarks: core threshold 30 %)');
  for (const v of verdicts) {
    const m = v.retry ?? v.first;
    if (!v.base) {
      notes.push(
        base.cases[v.name]
          ? `${v.name}: its baseline entry was normalised by another reference or timed with another clock: rewrite the baseline (\`npm run bench:check -- --write-baseline\`, bench/README.md)`
          : `${v.name}: no baseline entry: run \`npm run bench:check -- --add-missing\` and commit bench/baseline.json`,
      );
    }
    else if (change(m, v.base) < -THRESHOLD[v.kind]) {
      notes.push(`${v.name} is ${fmtPct(-change(m, v.base))} faster than its baseline: if that is a real improvement, refresh the baseline (bench/README.md) so later regressions are caught`);
    }
    if (m.spread > NOISY[v.kind]) notes.push(`${v.name}: noisy measurement (spread ${fmtPct(m.spread)} of its rounds): is something else running?`);
  }
  const known = new Set(plan().map((p) => p.name));
  const stale = [...Object.keys(base.cases).filter((n) => !known.has(n)), ...Object.keys(base.counts?.cases ?? {}).filter((n) => !countTargets().some((t) => t.name === n))];
  if (stale.length) notes.push(`baseline entries with no benchmark any more: ${stale.join('; ')}`);
  for (const n of notes) process.stdout.write(`\nnote: ${n}`);
  if (notes.length) process.stdout.write('\n');
  if (args.json) writeFileSync(args.json, JSON.stringify({ machine: info, busy, injectedSlowdown: INJECTED_SLOWDOWN, thresholds: THRESHOLD, countThreshold: COUNT_THRESHOLD, verdicts, counts: countVerdicts }, null, 2) + '\n');
  const failed = [...verdicts, ...countVerdicts].filter((v) => !v.pass);
  const total = verdicts.length + countVerdicts.length;
  process.stdout.write(
    failed.length === 0 ? `\nbench:check PASS (${total} benchmarks${excused(verdicts)})\n` : `\nbench:check FAIL: ${failed.map((v) => v.name).join('; ')}\n`,
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
