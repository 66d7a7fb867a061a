/**
 * `npm run bench:memory`: peak memory and wall time of `sim run` as the trial count grows (issue 11).
 * Runs `node bin/sim.js run SCENARIO --trials N --workers W` once per (N, W), one at a time, under
 * `/usr/bin/time -v` (peak RSS of the whole process, worker threads included, and wall time); where
 * that is missing, under a preload that prints process.resourceUsage().maxRSS at exit. Prints a table,
 * with the phases summary.json's `engine` reports (simulation pass, sizing LPs, evaluation pass).
 *
 *   npm run build && npm run bench:memory -- [--scenario FILE] [--trials 100000,1000000] [--workers 2] [--json FILE] [--keep DIR] [--no-time]
 *
 * --no-time: use the fallback even where /usr/bin/time exists (to check it).
 *
 * Defaults: bench/scenarios/typhoon-no-optimize.yaml, trials 100k,1M,3M,10M, 2 workers.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT: string = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'scenarios'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('bench:memory: repository root not found');
    dir = up;
  }
})();

const TIME = '/usr/bin/time';
/** Preload for the fallback: the process's own peak RSS (KiB on Linux) at exit. */
const MAXRSS_PRELOAD = `data:text/javascript,process.on('exit',()=>{const u=process.resourceUsage();process.stderr.write('\\nmaxRSS_KiB '+u.maxRSS+' cpu_us '+(u.userCPUTime+u.systemCPUTime)+'\\n')})`;

interface Phase {
  phase: string;
  wallSeconds: number;
  peakRssMiB: number | null;
}

export interface MemoryRow {
  scenario: string;
  trials: number;
  workers: number;
  /** Peak RSS of the sim process, MiB. */
  peakRssMiB: number;
  wallSeconds: number;
  /** User + system CPU seconds of the process (all threads): steadier than wall time on a busy machine. */
  cpuSeconds: number | null;
  /** How peak RSS was measured. */
  measuredWith: 'time -v' | 'resourceUsage';
  /** engine.maxPendingPartials: partials whose moments waited for a lower block, at most. */
  maxPendingPartials: number | null;
  phases: Phase[];
  status: number;
}

function args(argv: string[]): { scenario: string; trials: number[]; workers: number[]; json?: string; keep?: string } {
  const known = new Set(['--scenario', '--trials', '--workers', '--json', '--keep', '--no-time']);
  argv.forEach((x, i) => {
    if (x.startsWith('--') && !known.has(x)) throw new Error(`bench:memory: unknown flag ${x} (${[...known].join(', ')})`);
    if (x.startsWith('--') && x !== '--no-time' && (argv[i + 1] === undefined || argv[i + 1].startsWith('--'))) throw new Error(`bench:memory: ${x} needs a value`);
  });
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const list = (v: string | undefined, d: number[]) =>
    v === undefined
      ? d
      : v.split(',').map((x) => {
          const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(x.trim());
          if (!m) throw new Error(`bench:memory: expected numbers like 100000, 100k or 1M, found ${JSON.stringify(x)}`);
          return Math.round(Number(m[1]) * (m[2].toLowerCase() === 'k' ? 1e3 : m[2].toLowerCase() === 'm' ? 1e6 : 1));
        });
  return {
    scenario: resolve(get('scenario') ?? join(ROOT, 'bench/scenarios/typhoon-no-optimize.yaml')),
    trials: list(get('trials'), [100_000, 1_000_000, 3_000_000, 10_000_000]),
    workers: list(get('workers'), [2]),
    json: get('json'),
    keep: get('keep'),
  };
}

function measure(scenario: string, trials: number, workers: number, outDir: string, useTime: boolean): MemoryRow {
  const sim = [join(ROOT, 'bin/sim.js'), 'run', scenario, '--trials', String(trials), '--workers', String(workers), '--out', outDir, '--quiet'];
  const t0 = performance.now();
  const r = useTime
    ? spawnSync(TIME, ['-v', process.execPath, ...sim], { encoding: 'utf8', maxBuffer: 1 << 26 })
    : spawnSync(process.execPath, ['--import', MAXRSS_PRELOAD, ...sim], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const wall = (performance.now() - t0) / 1000;
  const err = r.stderr ?? '';
  let peakKiB = NaN;
  let wallSeconds = wall;
  let cpuSeconds: number | null = null;
  if (useTime) {
    const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(err);
    if (m) peakKiB = Number(m[1]);
    const e = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)/.exec(err);
    if (e) wallSeconds = e[1].split(':').reduce((a, x) => a * 60 + Number(x), 0);
    const u = /User time \(seconds\): ([\d.]+)/.exec(err);
    const s = /System time \(seconds\): ([\d.]+)/.exec(err);
    if (u && s) cpuSeconds = Number(u[1]) + Number(s[1]);
  } else {
    const m = /maxRSS_KiB (\d+) cpu_us (\d+)/.exec(err);
    if (m) {
      peakKiB = Number(m[1]);
      cpuSeconds = Number(m[2]) / 1e6;
    }
  }
  if (r.status !== 0) process.stderr.write(`bench:memory: sim exited with ${r.status} at ${trials} trials, ${workers} workers:\n${err.slice(-2000)}\n`);
  let phases: Phase[] = [];
  let maxPending: number | null = null;
  const summaryFile = join(outDir, 'summary.json');
  if (r.status === 0 && existsSync(summaryFile)) {
    const engine = JSON.parse(readFileSync(summaryFile, 'utf8')).engine;
    maxPending = engine.maxPendingPartials ?? null;
    phases = engine.phases ?? [{ phase: 'simulation', wallSeconds: engine.wallSeconds, peakRssMiB: engine.peakRssMiB }];
  }
  return {
    scenario,
    trials,
    workers,
    peakRssMiB: Math.round(peakKiB / 1024),
    wallSeconds: Math.round(wallSeconds * 10) / 10,
    cpuSeconds: cpuSeconds === null ? null : Math.round(cpuSeconds * 10) / 10,
    measuredWith: useTime ? 'time -v' : 'resourceUsage',
    maxPendingPartials: maxPending,
    phases,
    status: r.status ?? -1,
  };
}

function main(): void {
  const a = args(process.argv.slice(2));
  const useTime = existsSync(TIME) && !process.argv.includes('--no-time');
  if (!useTime) process.stderr.write(`bench:memory: ${TIME} ${existsSync(TIME) ? 'not used (--no-time)' : 'not found'}; peak RSS from the child's process.resourceUsage().maxRSS instead\n`);
  const base = a.keep ? resolve(a.keep) : mkdtempSync(join(tmpdir(), 'sim-memory-'));
  const rows: MemoryRow[] = [];
  process.stdout.write(`scenario ${a.scenario}\n\n`);
  const header = 'trials        workers  peak RSS MiB  wall s   CPU s  pending  phases (wall s / peak RSS MiB)';
  process.stdout.write(header + '\n' + '-'.repeat(header.length) + '\n');
  for (const w of a.workers) {
    for (const n of a.trials) {
      const out = join(base, `t${n}-w${w}`);
      const row = measure(a.scenario, n, w, out, useTime);
      rows.push(row);
      const phases = row.phases.map((p) => `${p.phase} ${p.wallSeconds.toFixed(1)}${p.peakRssMiB !== null ? ` / ${p.peakRssMiB}` : ''}`).join(', ');
      process.stdout.write(
        `${n.toLocaleString('en-US').padEnd(14)}${String(w).padEnd(9)}${String(row.peakRssMiB).padStart(12)}${row.wallSeconds.toFixed(1).padStart(8)}${(row.cpuSeconds?.toFixed(1) ?? '-').padStart(8)}${String(row.maxPendingPartials ?? '-').padStart(9)}  ${row.status === 0 ? phases : `FAILED (exit ${row.status})`}\n`,
      );
      if (!a.keep) rmSync(out, { recursive: true, force: true });
    }
  }
  if (!a.keep) rmSync(base, { recursive: true, force: true });
  process.stdout.write(`\npeak RSS: ${useTime ? '/usr/bin/time -v, maximum resident set size' : 'process.resourceUsage().maxRSS'} of the whole sim process (main thread and workers)\n`);
  if (a.json) writeFileSync(a.json, JSON.stringify({ date: new Date().toISOString(), node: process.version, rows }, null, 2) + '\n');
  if (rows.some((r) => r.status !== 0)) process.exitCode = 1;
}

main();
