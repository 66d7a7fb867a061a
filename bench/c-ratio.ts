/**
 * `npm run bench:c`: sim's sampling core against the C reference kernel (issue 13), in one run.
 *
 * Compiles bench/reference/typhoon.c with `gcc -O2` into a temporary folder (skips, exit 0, with
 * a message when there is no C compiler), writes its input from the scenario (default: the
 * chain-less Weihai typhoon, bench/scenarios/typhoon-no-chain.yaml), then takes rounds of, in
 * alternating order:
 *   C, pow       typhoon.c as sim computes the vortex (Math.pow ↔ pow)
 *   C, sqrt      the same with sqrt() for the 0.5 exponent (what pow costs)
 *   C, cut-off   sqrt, and no vortex beyond the cut-off distance: sim's own shortcuts (issue 13), like for like
 *   sim h+i      TyphoonKernel.sampleTrial + TyphoonImpact.write, the work typhoon.c does
 *   sim core     TrialKernel.runBlocks: hazard + impact + every accumulator
 * each over the same trials (same seed, same work every round). Time is CPU time: the C binary
 * times its trial loop (CLOCK_PROCESS_CPUTIME_ID, start-up and input excluded); JS uses
 * process.cpuUsage (user + system of the whole process, so GC and JIT threads count).
 * Prints the median trials per CPU-second of each and the median per-round ratios sim ÷ C.
 * Informational: not part of the gate (bench:check).
 *
 *   npm run build && npm run bench:c -- [--scenario FILE] [--rounds 7] [--blocks 128] [--json FILE]
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { BLOCK_SIZE } from '../src/core/random.js';
import { fmtInt, formatTable, machineInfo, median, quantile, ROOT } from './harness.js';
import { meanAndSe, prepareC, runC, simCore, simHazardImpact, zScore, type KernelResult } from './reference/c-kernel.js';
import { REFERENCE_SCENARIO, referenceSpec } from './reference/export.js';

interface Options {
  scenario: string;
  rounds: number;
  blocks: number;
  json?: string;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { scenario: REFERENCE_SCENARIO, rounds: 7, blocks: 128 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a}: expected a value`);
      return v;
    };
    if (a === '--scenario') o.scenario = next();
    else if (a === '--rounds') o.rounds = Number(next());
    else if (a === '--blocks') o.blocks = Number(next());
    else if (a === '--json') o.json = next();
    else throw new Error(`unknown flag ${a}; expected --scenario, --rounds, --blocks, --json`);
  }
  if (!(Number.isInteger(o.rounds) && o.rounds >= 5)) throw new Error(`--rounds: expected an integer ≥ 5, found ${o.rounds}`);
  if (!(Number.isInteger(o.blocks) && o.blocks >= 1)) throw new Error(`--blocks: expected a positive integer, found ${o.blocks}`);
  return o;
}

const NAMES = ['C, pow', 'C, sqrt', 'C, cut-off', 'sim hazard + impact', 'sim core (all accumulators)'] as const;
type Name = (typeof NAMES)[number];

function main(): void {
  const opt = parseArgs(process.argv.slice(2));
  const scenarioFile = resolve(ROOT, opt.scenario);
  const spec = referenceSpec(scenarioFile);
  const trials = opt.blocks * BLOCK_SIZE;
  const m = machineInfo();
  console.log(`C reference vs sim: ${opt.scenario} (${spec.region.n} townships), ${fmtInt(trials)} trials per measurement, ${opt.rounds} rounds`);
  console.log(`${m.cpu}, ${m.cores} cores, node ${m.node}, ${m.platform}`);
  const c = prepareC(spec);
  if ('missing' in c) {
    console.log(`SKIPPED: ${c.missing}. The C reference kernel (bench/reference/typhoon.c) is optional; nothing measured.`);
    return;
  }
  try {
    console.log(`compiler: ${c.compiler} (-O2 -std=c99 -lm)`);
    const hi = simHazardImpact(spec);
    const core = simCore(spec);
    const seed = 20240308;
    const work: Record<Name, () => KernelResult> = {
      'C, pow': () => runC(c, trials, seed, 'pow'),
      'C, sqrt': () => runC(c, trials, seed, 'sqrt'),
      'C, cut-off': () => runC(c, trials, seed, 'cutoff'),
      'sim hazard + impact': () => hi(trials),
      'sim core (all accumulators)': () => core(trials),
    };
    // JIT warm-up of the JS side (and the file cache of the C side)
    for (let i = 0; i < 3; i++) for (const n of NAMES) work[n]();
    const rate: Record<Name, number[]> = { 'C, pow': [], 'C, sqrt': [], 'C, cut-off': [], 'sim hazard + impact': [], 'sim core (all accumulators)': [] };
    const last = {} as Record<Name, KernelResult>;
    for (let r = 0; r < opt.rounds; r++) {
      const order = r % 2 === 0 ? NAMES : [...NAMES].reverse();
      for (const n of order) {
        const res = work[n]();
        if (res.trials !== trials) throw new Error(`${n}: ran ${res.trials} trials, expected ${trials}`);
        rate[n].push(res.trials / res.cpuSeconds);
        last[n] = res;
      }
    }
    const perRound = (a: Name, b: Name) => rate[a].map((x, i) => x / rate[b][i]);
    const spread = (xs: number[]) => (quantile(xs, 0.75) - quantile(xs, 0.25)) / median(xs);
    console.log('');
    console.log(
      formatTable(
        ['kernel', 'trials/CPU-s (median)', 'spread', 'sim ÷ C pow', 'sim ÷ C sqrt', 'sim ÷ C cut-off'],
        NAMES.map((n) => [
          n,
          fmtInt(median(rate[n])),
          `${(spread(rate[n]) * 100).toFixed(1)} %`,
          n.startsWith('sim') ? median(perRound(n, 'C, pow')).toFixed(3) + '×' : '',
          n.startsWith('sim') ? median(perRound(n, 'C, sqrt')).toFixed(3) + '×' : '',
          n.startsWith('sim') ? median(perRound(n, 'C, cut-off')).toFixed(3) + '×' : '',
        ]),
      ),
    );
    console.log('');
    console.log('ratio = sim trials/CPU-s ÷ C trials/CPU-s, median over rounds (each round measures all five). spread = interquartile range ÷ median.');
    // Same model: the means per trial of C and sim agree within Monte Carlo error (test/c-reference.test.ts checks it at 204,800 trials).
    const parity = (['storms', 'evacuated', 'displaced'] as const).map((k) => {
      const a = meanAndSe(last['C, pow'][k], trials);
      const b = meanAndSe(last['sim core (all accumulators)'][k], trials);
      return `${k} C ${a.mean.toPrecision(4)} / sim ${b.mean.toPrecision(4)} (z ${zScore(last['C, pow'], last['sim core (all accumulators)'], k).toFixed(1)})`;
    });
    console.log(`means per trial: ${parity.join('; ')}`);
    if (opt.json) {
      writeFileSync(opt.json, JSON.stringify({ date: new Date().toISOString(), machine: m, compiler: c.compiler, scenario: opt.scenario, trials, rounds: opt.rounds, trialsPerCpuSecond: rate }, null, 2) + '\n');
      console.log(`wrote ${opt.json}`);
    }
  } finally {
    c.dispose();
  }
}

main();
