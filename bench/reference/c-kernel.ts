/**
 * Building and running the C reference kernel (typhoon.c), and sim's side of
 * the comparison: the typhoon hazard + impact (TyphoonKernel.sampleTrial and
 * TyphoonImpact.write, what typhoon.c ports) in a plain loop, and the whole
 * sampling core (TrialKernel). Shared by `npm run bench:c` (bench/c-ratio.ts)
 * and test/c-reference.test.ts.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BLOCK_SIZE, blockStream } from '../../src/core/random.js';
import { TrialKernel } from '../../src/engine/kernel.js';
import type { RunSpec } from '../../src/engine/spec.js';
import { hazardModule } from '../../src/hazard/registry.js';
import { IMPACT, IMPACT_FIELDS, newImpactBuffer } from '../../src/impact/types.js';
import type { IntensityField } from '../../src/intensity/types.js';
import { writeReferenceInput } from './export.js';

/** Sums over trials of a per-trial quantity and of its square. */
export type Moments = [sum: number, sumSq: number];

/** What a run of N trials gives, on either side. */
export interface KernelResult {
  trials: number;
  /** CPU seconds of the trial loop (C: CLOCK_PROCESS_CPUTIME_ID; JS: process.cpuUsage, user + system). */
  cpuSeconds: number;
  storms: Moments;
  evacuated: Moments;
  displaced: Moments;
}

/** The C source, found from bench/reference/ and from dist/bench/reference/. */
export function cSource(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const f = join(dir, 'bench', 'reference', 'typhoon.c');
    if (existsSync(f)) return f;
    const here = join(dir, 'typhoon.c');
    if (existsSync(here)) return here;
    const up = dirname(dir);
    if (up === dir) throw new Error('bench/reference/typhoon.c not found');
    dir = up;
  }
}

/** The C compiler to use (CC, else gcc), or null when it is absent. */
export function findGcc(): string | null {
  const cc = process.env.CC || 'gcc';
  const r = spawnSync(cc, ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? cc : null;
}

export interface CReference {
  dir: string;
  binary: string;
  input: string;
  compiler: string;
  /** Removes the temporary folder. */
  dispose(): void;
}

/** Compile typhoon.c with -O2 into a temporary folder and write the spec's input there; null (with the reason) when there is no compiler. */
export function prepareC(spec: RunSpec): CReference | { missing: string } {
  const cc = findGcc();
  if (!cc) return { missing: `no C compiler: ${process.env.CC || 'gcc'} --version failed (install gcc, or set CC)` };
  const dir = mkdtempSync(join(os.tmpdir(), 'sim-cref-'));
  const binary = join(dir, 'typhoon');
  execFileSync(cc, ['-O2', '-std=c99', '-o', binary, cSource(), '-lm'], { stdio: ['ignore', 'inherit', 'inherit'] });
  const input = writeReferenceInput(spec, join(dir, 'input.txt'));
  const version = spawnSync(cc, ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0];
  return { dir, binary, input, compiler: version, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Run the C kernel for `trials` trials (a process of its own; its JSON line gives the CPU time of the trial loop alone). */
export function runC(c: CReference, trials: number, seed: number, vortex: 'pow' | 'sqrt' | 'cutoff' = 'pow'): KernelResult {
  const out = execFileSync(c.binary, [c.input, String(trials), String(seed), vortex], { encoding: 'utf8' });
  const j = JSON.parse(out) as KernelResult;
  return { trials: j.trials, cpuSeconds: j.cpuSeconds, storms: j.storms, evacuated: j.evacuated, displaced: j.displaced };
}

export function cpuSecondsNow(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/**
 * sim's typhoon hazard + impact, the work typhoon.c does: per block the
 * hazard's streams (as TrialKernel.runBlocks), per trial sampleTrial, per
 * event TyphoonImpact.write and the sums of evacuated and displaced over the
 * townships. No accumulators. Returns a function running blocks
 * [0, nBlocks) of the spec's seed.
 */
export function simHazardImpact(spec: RunSpec): (trials: number) => KernelResult {
  if (spec.hazards.length !== 1) throw new Error('simHazardImpact: expected one hazard');
  const h = spec.hazards[0];
  const mod = hazardModule(h.type);
  const kernel = mod.createKernel(spec.region, h);
  // the typhoon declares one metric (housesDestroyed): slot 0 of a one-slot vector, as the kernel would fill it
  const impact = mod.createImpact(spec.region, h, () => 0);
  const out = newImpactBuffer(spec.region.n);
  const metrics = new Float64Array(1);
  const n = spec.region.n;
  let trialEvac = 0;
  let trialDisp = 0;
  let storms = 0;
  const emit = (field: IntensityField): void => {
    metrics[0] = 0;
    impact.write(field, out, metrics);
    let e = 0;
    let d = 0;
    for (let i = 0; i < n; i++) {
      const o = i * IMPACT_FIELDS;
      e += out[o + IMPACT.evacuated];
      d += out[o + IMPACT.displacedI] + out[o + IMPACT.displacedII] + out[o + IMPACT.displacedIII];
    }
    trialEvac += e;
    trialDisp += d;
    storms++;
  };
  return (trials: number) => {
    const res: KernelResult = { trials, cpuSeconds: 0, storms: [0, 0], evacuated: [0, 0], displaced: [0, 0] };
    const t0 = cpuSecondsNow();
    for (let t = 0; t < trials; t++) {
      if (t % BLOCK_SIZE === 0) {
        const block = t / BLOCK_SIZE;
        kernel.beginBlock(blockStream(spec.seed, 'hazard0', block), (name) => blockStream(spec.seed, `hazard0/${name}`, block));
      }
      trialEvac = 0;
      trialDisp = 0;
      storms = 0;
      kernel.sampleTrial(emit);
      res.storms[0] += storms;
      res.storms[1] += storms * storms;
      res.evacuated[0] += trialEvac;
      res.evacuated[1] += trialEvac * trialEvac;
      res.displaced[0] += trialDisp;
      res.displaced[1] += trialDisp * trialDisp;
    }
    res.cpuSeconds = cpuSecondsNow() - t0;
    return res;
  };
}

/**
 * sim's whole sampling core on the spec: TrialKernel.runBlocks over whole blocks
 * (the accumulators included), with the same per-trial moments read back from
 * the partial (annual evacuated, annual displaced, events of the hazard).
 */
export function simCore(spec: RunSpec): (trials: number) => KernelResult {
  const big = { ...spec, trials: Math.max(spec.trials, 1 << 30) };
  const kernel = new TrialKernel(big);
  const l = kernel.layout;
  const w = 2 * (l.nRegion + l.nTownship);
  const slots = { storms: l.events + 0, evacuated: l.annual + l.metric.evacuated, displaced: l.annual + l.metric.displaced };
  return (trials: number) => {
    if (trials % BLOCK_SIZE !== 0) throw new Error(`simCore: trials must be whole blocks of ${BLOCK_SIZE}, got ${trials}`);
    const t0 = cpuSecondsNow();
    const p = kernel.runBlocks(0, trials / BLOCK_SIZE);
    const cpuSeconds = cpuSecondsNow() - t0;
    const m = (k: number): Moments => {
      let s = 0;
      let s2 = 0;
      for (let b = 0; b < p.nBlocks; b++) {
        s += p.moments[b * w + 2 * k];
        s2 += p.moments[b * w + 2 * k + 1];
      }
      return [s, s2];
    };
    return { trials: p.trials, cpuSeconds, storms: m(slots.storms), evacuated: m(slots.evacuated), displaced: m(slots.displaced) };
  };
}

/** Mean per trial and its standard error. */
export function meanAndSe(m: Moments, trials: number): { mean: number; se: number } {
  const mean = m[0] / trials;
  const variance = Math.max(0, m[1] / trials - mean * mean) * (trials / (trials - 1));
  return { mean, se: Math.sqrt(variance / trials) };
}

/** |a − b| in standard errors of the difference of two independent means. */
export function zScore(a: KernelResult, b: KernelResult, key: 'storms' | 'evacuated' | 'displaced'): number {
  const x = meanAndSe(a[key], a.trials);
  const y = meanAndSe(b[key], b.trials);
  const se = Math.sqrt(x.se * x.se + y.se * y.se);
  return se > 0 ? Math.abs(x.mean - y.mean) / se : x.mean === y.mean ? 0 : Infinity;
}
