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
 * argv[2]: JSON { caseIndex, blocks, warmIterations, windowIterations, goFile }.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import { CASES } from './cases.js';
import { coreWorkload } from './harness.js';

interface ChildArgs {
  caseIndex: number;
  blocks: number;
  warmIterations: number;
  windowIterations: number;
  goFile: string;
}

const a = JSON.parse(process.argv[2] ?? '') as ChildArgs;
const c = CASES[a.caseIndex];
if (!c) throw new Error(`count-child: no case ${a.caseIndex}`);
const w = coreWorkload(c, { blocks: a.blocks });
for (let i = 0; i < a.warmIterations; i++) w.iterate();
process.stdout.write(`ready ${w.trials}\n`);
const t0 = Date.now();
while (!existsSync(a.goFile)) {
  if (Date.now() - t0 > 120_000) throw new Error('count-child: no go from the parent in 120 s');
}
os.uptime(); // zero the counters
for (let i = 0; i < a.windowIterations; i++) {
  w.iterate();
  os.loadavg(); // dump this iteration's counts (and zero them)
}
process.stdout.write('done\n');
