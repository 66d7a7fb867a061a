/**
 * Instruction counts of the sampling cores under callgrind: the deterministic
 * half of the gate (check.ts; bench/README.md "Instruction counts").
 *
 * Each case runs in its own child process (count-child.ts) under
 * `valgrind --tool=callgrind --instr-atstart=no`, node with
 * `--single-threaded --predictable`:
 *   - warm-up uninstrumented (fast), so V8 compiles the kernel with TurboFan
 *     as a normal process does; --single-threaded compiles and collects on
 *     the main thread, --predictable fixes the hash seed and the GC
 *     schedule: the same run gives the same count (measured spread < 0.01 %);
 *   - the parent switches the instrumentation on (`callgrind_control -i on`)
 *     once the child is warm, the child zeroes the counters
 *     (`--zero-before=uv_uptime`), runs the window and dumps
 *     (`--dump-before=uv_loadavg`). The count is of the window only.
 * The load of the machine does not change the count, so children run two at
 * a time. What a count cannot see: cache misses, memory bandwidth, branch
 * mispredictions: the timed half of the gate keeps watching those.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import type { BenchCase } from './cases.js';

/** Blocks an iteration under callgrind, by default: an eighth of the timed core's (~10-20 ms natively, ~0.2 G instructions). */
export function countBlocks(c: BenchCase): number {
  return c.countBlocks ?? Math.max(1, Math.round((c.coreBlocks ?? 16) / 8));
}

export interface CountOptions {
  /** Uninstrumented iterations before the window (JIT warm-up). */
  warmIterations: number;
  /** Counted iterations. */
  windowIterations: number;
}

export const COUNT_OPTIONS: CountOptions = { warmIterations: 15, windowIterations: 3 };
/** The sizing LP's count: an iteration is ~0.6 s natively and ~5.8 G instructions (a child takes ~90 s); 2 warm-up sizings. */
export const LP_COUNT_OPTIONS: CountOptions = { warmIterations: 2, windowIterations: 1 };

export interface Count {
  /** Instructions executed in the window (callgrind Ir). */
  instructions: number;
  /** Trials in the window. */
  trials: number;
  instructionsPerTrial: number;
  /** Instructions of each iteration of the window. */
  perIteration: number[];
  blocks: number;
  windowIterations: number;
  seconds: number;
}

/** valgrind's version string, or undefined when valgrind or callgrind_control is missing. */
export function valgrindVersion(): string | undefined {
  const v = spawnSync('valgrind', ['--version'], { encoding: 'utf8' });
  if (v.status !== 0) return undefined;
  const c = spawnSync('callgrind_control', ['-h'], { encoding: 'utf8' });
  if (c.error) return undefined;
  return v.stdout.trim();
}

/** The node flags of the counted child: recorded in the baseline (a count is only comparable under the same flags). */
export const NODE_FLAGS = ['--single-threaded', '--predictable'] as const;

/** Count the instructions of one case's core window. */
export function countCore(caseIndex: number, c: BenchCase, opt: CountOptions = COUNT_OPTIONS): Promise<Count> {
  return countWindow('core', caseIndex, c, opt);
}

/** Count the instructions of one case's sizing LP (one sizePlan call a window iteration; "trials" 1). */
export function countLp(caseIndex: number, c: BenchCase, opt: CountOptions = LP_COUNT_OPTIONS): Promise<Count> {
  return countWindow('lp', caseIndex, c, opt);
}

function countWindow(kind: 'core' | 'lp', caseIndex: number, c: BenchCase, opt: CountOptions): Promise<Count> {
  const dir = mkdtempSync(join(os.tmpdir(), 'sim-count-'));
  const out = join(dir, 'cg.out');
  const goFile = join(dir, 'go');
  const blocks = kind === 'lp' ? 0 : countBlocks(c);
  const child = new URL('./count-child.js', import.meta.url).pathname;
  const args = [
    '--tool=callgrind',
    '--instr-atstart=no',
    '--zero-before=uv_uptime',
    '--dump-before=uv_loadavg',
    `--callgrind-out-file=${out}`,
    process.execPath,
    ...NODE_FLAGS,
    child,
    JSON.stringify({ kind, caseIndex, blocks, warmIterations: opt.warmIterations, windowIterations: opt.windowIterations, goFile }),
  ];
  const t0 = performance.now();
  return new Promise<Count>((resolveP, reject) => {
    // the LP child waits on its stdin (a blocking read, no allocation while it waits), the cores on a file
    const p = spawn('valgrind', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    if (kind !== 'lp') p.stdin.end();
    let stdout = '';
    let stderr = '';
    let trials = 0;
    let ready = false;
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = /^ready (\d+)$/m.exec(stdout);
      if (m && !ready) {
        ready = true;
        trials = Number(m[1]);
        // Instrumentation on, then let the child go (it spins until the file exists).
        const on = spawn('callgrind_control', ['-i', 'on', String(p.pid)], { stdio: ['ignore', 'pipe', 'pipe'] });
        let ctl = '';
        on.stdout.on('data', (d: Buffer) => (ctl += d.toString()));
        on.stderr.on('data', (d: Buffer) => (ctl += d.toString()));
        on.on('close', (code) => {
          if (code !== 0) {
            p.kill();
            reject(new Error(`callgrind_control -i on ${p.pid} failed (${code}): ${ctl}`));
            return;
          }
          if (kind === 'lp') p.stdin.end('go\n');
          else writeFileSync(goFile, '');
        });
      }
    });
    p.on('error', reject);
    p.on('close', (code) => {
      try {
        if (code !== 0 || !/^done$/m.test(stdout)) throw new Error(`count of ${c.label}: valgrind exited with ${code}\n${stdout}\n${stderr.slice(-2000)}`);
        const perIteration: number[] = [];
        for (let k = 1; k <= opt.windowIterations; k++) {
          const dump = `${out}.${k}`;
          if (!existsSync(dump)) throw new Error(`count of ${c.label}: no callgrind dump ${dump}`);
          const text = readFileSync(dump, 'utf8');
          if (!/^desc: Trigger: --dump-before=uv_loadavg/m.test(text)) throw new Error(`count of ${c.label}: ${dump} is not an iteration's dump`);
          const s = /^summary: (\d+)/m.exec(text);
          if (!s) throw new Error(`count of ${c.label}: no summary in ${dump}`);
          perIteration.push(Number(s[1]));
        }
        const instructions = perIteration.reduce((x, y) => x + y, 0);
        const windowTrials = trials * opt.windowIterations;
        resolveP({ instructions, perIteration, trials: windowTrials, instructionsPerTrial: instructions / windowTrials, blocks, windowIterations: opt.windowIterations, seconds: (performance.now() - t0) / 1000 });
      } catch (e) {
        reject(e as Error);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

/** Run tasks with at most `limit` at a time, keeping the order of the results. */
export async function pooled<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  const lane = async () => {
    while (next < tasks.length) {
      const i = next++;
      out[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, tasks.length)) }, lane));
  return out;
}
