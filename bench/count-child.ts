/**
 * Child process of the instruction count (count.ts), run under
 * `valgrind --tool=callgrind --instr-atstart=no` with node's `--single-threaded
 * --predictable`. Not meant to be run by hand.
 *
 * 1. Builds the case's core workload (with `countBlocks` blocks an iteration)
 *    and warms it up: callgrind's instrumentation is off, so this runs at
 *    ~1/5 native speed instead of ~1/50, and V8 tiers the kernel up to
 *    TurboFan exactly as in a normal process (--single-threaded: compiled on
 *    the main thread, at the same points every run).
 * 2. Prints `ready` and spins until the parent, having switched
 *    the instrumentation on (`callgrind_control -i on`), creates the go-file.
 * 3. Calls os.uptime() (callgrind `--zero-before=uv_uptime`: the counters
 *    start at zero), runs the window's iterations, each followed by
 *    os.loadavg() (`--dump-before=uv_loadavg`: that iteration's count is
 *    written out and the counters zeroed), and exits.
 * No gc() before the window: a forced full GC made the next iteration cost
 * ~25 % more (feedback and code re-warmed), steady iterations are steadier.
 *
 * kind 'lp': the case's sizing LP (lpWorkload, its first pass simulated in this
 * thread, uninstrumented) instead of its core; `blocks` is unused and an
 * iteration is one sizing step ("trials" 1).
 *
 * argv[2]: JSON { kind, caseIndex, blocks, warmIterations, windowIterations, goFile }.
 */
import { existsSync, readSync } from 'node:fs';
import os from 'node:os';
import { CASES } from './cases.js';
import { coreWorkload, lpWorkload } from './harness.js';

interface ChildArgs {
  kind: 'core' | 'lp';
  caseIndex: number;
  blocks: number;
  warmIterations: number;
  windowIterations: number;
  goFile: string;
}

const a = JSON.parse(process.argv[2] ?? '') as ChildArgs;
const c = CASES[a.caseIndex];
if (!c) throw new Error(`count-child: no case ${a.caseIndex}`);

function waitForGo(trials: number): void {
  process.stdout.write(`ready ${trials}\n`);
  const t0 = Date.now();
  while (!existsSync(a.goFile)) {
    if (Date.now() - t0 > 120_000) throw new Error('count-child: no go from the parent in 120 s');
  }
}

/**
 * The LP's wait: one blocking read of stdin (the parent writes "go"), so nothing allocates for as
 * long as the parent takes, in a process with the LP's large heap. (The cores keep polling a file,
 * as their baseline counts were taken.) The LP's counts still differ by up to 1.5 % from one child
 * to the next, with or without this; two sizings in one child agree within 0.02 %. Cause not found.
 */
function waitOnStdin(trials: number): void {
  process.stdout.write(`ready ${trials}\n`);
  const buf = Buffer.alloc(8);
  for (;;) {
    try {
      if (readSync(0, buf, 0, buf.length, null) > 0) return;
      throw new Error('count-child: stdin closed before the go');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
    }
  }
}

if (a.kind === 'lp') {
  const w = lpWorkload(c, { workers: 0, timeLimitSeconds: 3600 });
  await w.prepare();
  for (let i = 0; i < a.warmIterations; i++) await w.iterate();
  waitOnStdin(w.trials);
  os.uptime(); // zero the counters
  for (let i = 0; i < a.windowIterations; i++) {
    await w.iterate();
    os.loadavg(); // dump this iteration's counts (and zero them)
  }
} else {
  // synchronous, as the counts in baseline.json were taken (no microtask between iterations)
  const w = coreWorkload(c, { blocks: a.blocks });
  for (let i = 0; i < a.warmIterations; i++) w.iterate();
  waitForGo(w.trials);
  os.uptime();
  for (let i = 0; i < a.windowIterations; i++) {
    w.iterate();
    os.loadavg();
  }
}
process.stdout.write('done\n');
