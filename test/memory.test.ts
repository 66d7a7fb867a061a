/**
 * Memory flat in the trial count (issue 11): partials that come back out of order leave only their
 * moments behind, the pool gets a bounded window of tasks, and township histograms fit a budget
 * whatever the region's size. Small and timing-free: nothing here measures RSS.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/core/errors.js';
import { BLOCK_SIZE } from '../src/core/random.js';
import { MAX_TOWNSHIPS, metricLayout, N_PEOPLE, townshipLayout } from '../src/engine/layout.js';
import { RunAccumulator, type PartialData } from '../src/engine/merge.js';
import { planTasks, runSimulation, tasksInFlight } from '../src/engine/run.js';
import { runTask } from '../src/engine/worker.js';
import { IMPACT_FIELDS } from '../src/impact/types.js';
import { binCount, TOWNSHIP_BANK_BUDGET, TOWNSHIP_LAYOUT } from '../src/stats/histogram.js';
import { sortedEntries } from '../src/stats/reservoir.js';
import { specFromScenario } from './helpers.js';
import { checkReservoirSize } from '../src/scenario/compile.js';
import { withoutTrialVectors } from '../src/engine/spec.js';

const BLOCKS = 12;
const PER_TASK = 2;
const spec = specFromScenario('scenarios/typhoon.yaml', { trials: BLOCKS * BLOCK_SIZE });

function partials(): PartialData[] {
  const out: PartialData[] = [];
  for (let b = 0; b < BLOCKS; b += PER_TASK) out.push(runTask({ spec, firstBlock: b, nBlocks: PER_TASK }));
  return out;
}

/** An accumulator for the spec's run without observers, laid out as runSimulation lays it out. */
function accumulator(): RunAccumulator {
  return new RunAccumulator(metricLayout(spec.items, spec.hazards.length, spec.region.n), spec.region.n * IMPACT_FIELDS, spec.reservoir);
}

/** Everything a run reads from the accumulator, as comparable arrays. */
function state(acc: RunAccumulator) {
  return {
    trials: acc.trials,
    moments: Array.from(acc.moments),
    region: [Array.from(acc.region.counts), Array.from(acc.region.nonzero), Array.from(acc.region.minPos), Array.from(acc.region.max)],
    township: [Array.from(acc.township.counts), Array.from(acc.township.nonzero), Array.from(acc.township.minPos), Array.from(acc.township.max)],
    uniform: sortedEntries(acc.uniform).map((e) => [e.trial, e.key, ...e.vector]),
    tail: sortedEntries(acc.tail).map((e) => [e.trial, e.key, ...e.vector]),
  };
}

/** Adds every partial but the first (all of them early: they wait for block 0); returns the first and weak references to the others' arrays. */
function addAllButFirst(acc: RunAccumulator) {
  const ps = partials();
  const first = ps.shift()!;
  const refs = ps.map((p) => ({ moments: new WeakRef(p.moments), big: [p.region.counts, p.township.counts, p.uniform.vectors, p.tail.vectors].map((a) => new WeakRef(a)) }));
  for (const p of ps) acc.add(p);
  return { first, refs };
}

describe('RunAccumulator: out-of-order partials', () => {
  const inOrder = accumulator();
  for (const p of partials()) inOrder.add(p);

  it('gives the in-order result, bit for bit, for partials in reverse order, keeping only their moments meanwhile', () => {
    const acc = accumulator();
    const ps = partials().reverse();
    for (const p of ps) {
      acc.add(p);
      // a waiting partial's histograms and reservoirs are merged already: scribbling on them changes nothing
      p.region.counts.fill(12345);
      p.township.counts.fill(12345);
      p.region.max.fill(1e300);
      p.uniform.vectors.fill(-1);
      p.tail.vectors.fill(-1);
      p.uniform.size = 0;
      p.tail.size = 0;
    }
    expect(acc.complete).toBe(true);
    expect(acc.maxPending).toBe(ps.length - 1);
    expect(state(acc)).toEqual(state(inOrder));
    // the moments are folded in block order: the same bits, not just close
    expect(Buffer.from(acc.moments.buffer).equals(Buffer.from(inOrder.moments.buffer))).toBe(true);
  });

  it('does not hold on to a waiting partial’s histograms or reservoirs (only its moments)', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const acc = accumulator();
    // in a plain function, so no stale local of the async test's frame keeps a partial alive
    const { first, refs } = addAllButFirst(acc);
    expect(acc.pendingCount).toBe(BLOCKS / PER_TASK - 1);
    await new Promise((r) => setImmediate(r));
    gc();
    for (const r of refs) {
      expect(r.moments.deref()).toBeDefined(); // waiting for the ordered fold
      for (const b of r.big) expect(b.deref()).toBeUndefined(); // already merged, not kept
    }
    acc.add(first);
    expect(acc.complete).toBe(true);
    expect(Buffer.from(acc.moments.buffer).equals(Buffer.from(inOrder.moments.buffer))).toBe(true);
  });

  it('refuses a partial merged twice', () => {
    const acc = accumulator();
    const [a] = partials();
    acc.add(a);
    expect(() => acc.add(runTask({ spec, firstBlock: 0, nBlocks: PER_TASK }))).toThrow(/merged twice/);
  });
});

describe('the pool: a bounded window of tasks', () => {
  it('keeps at most tasksInFlight − 1 partials waiting, and the result equals the in-process run', async () => {
    const s = specFromScenario('scenarios/typhoon.yaml', { trials: 60 * BLOCK_SIZE });
    const tasks = planTasks(s.trials, 2);
    expect(tasks.length).toBeGreaterThan(tasksInFlight(2));
    const pooled = await runSimulation(s, { workers: 2 });
    const local = await runSimulation(s, { workers: 0 });
    expect(pooled.engine.maxPendingPartials).toBeLessThan(tasksInFlight(2));
    expect(state(pooled.acc)).toEqual(state(local.acc));
  });

  it('gives large regions fewer blocks a task, so one task’s moments stay bounded', () => {
    const perBlock = 8 * 2 * 200_000 * N_PEOPLE; // township moments of 200k townships: 19 MB a block
    const tasks = planTasks(10_000_000, 2, perBlock);
    expect(Math.max(...tasks.map((t) => t.nBlocks)) * perBlock).toBeLessThanOrEqual(64 * 1024 * 1024);
    expect(tasks.reduce((a, t) => a + t.nBlocks, 0)).toBe(Math.ceil(10_000_000 / BLOCK_SIZE));
  });
});

describe('township histograms by region size', () => {
  it('keeps the fine layout for the bundled regions (outputs unchanged)', () => {
    expect(townshipLayout(73)).toBe(TOWNSHIP_LAYOUT);
    expect(townshipLayout(2000)).toBe(TOWNSHIP_LAYOUT);
  });

  it('uses coarser bins for a 200k-township region, within the budget (a bank of 4 GiB or more cannot cross threads)', () => {
    const l = townshipLayout(200_000);
    expect(l.binsPerDecade).toBeLessThan(TOWNSHIP_LAYOUT.binsPerDecade);
    const bytes = 200_000 * N_PEOPLE * binCount(l) * 4;
    expect(bytes).toBeLessThanOrEqual(TOWNSHIP_BANK_BUDGET);
    expect(bytes).toBeLessThan(2 ** 32);
    // every layout's bins per decade is a whole number: powers of 10 stay bin edges (exceedance counts exact)
    expect(Number.isInteger(l.binsPerDecade)).toBe(true);
  });

  it('refuses a region over the limit up front, naming the limit', () => {
    expect(MAX_TOWNSHIPS).toBeGreaterThanOrEqual(200_000);
    expect(() => townshipLayout(MAX_TOWNSHIPS)).not.toThrow();
    expect(() => townshipLayout(MAX_TOWNSHIPS + 1)).toThrow(InputError);
    expect(() => townshipLayout(MAX_TOWNSHIPS + 1)).toThrow(new RegExp(`at most ${MAX_TOWNSHIPS.toLocaleString('en-US')}`));
  });
});

describe('reservoirs: trial vectors only where sizing reads them', () => {
  it('without vectors keeps the same trials with the same keys, and the same statistics', async () => {
    const s = specFromScenario('scenarios/typhoon.yaml', { trials: 6 * BLOCK_SIZE });
    const full = await runSimulation(s, { workers: 0 });
    const lean = await runSimulation(withoutTrialVectors(s), { workers: 0 });
    expect(lean.acc.uniform.vectors.length).toBe(0);
    expect(full.acc.uniform.size).toBeGreaterThan(0);
    const kept = (acc: RunAccumulator) => [acc.uniform, acc.tail].map((r) => sortedEntries(r).map((e) => [e.trial, e.key]));
    expect(kept(lean.acc)).toEqual(kept(full.acc));
    expect(Array.from(lean.acc.moments)).toEqual(Array.from(full.acc.moments));
    expect(Array.from(lean.acc.region.counts)).toEqual(Array.from(full.acc.region.counts));
  });

  it('optimize: on a huge region refuses the default reservoirs up front, naming how many trials fit', () => {
    expect(() => checkReservoirSize({ uniform: 1000, tail: 200 }, 73)).not.toThrow();
    expect(() => checkReservoirSize({ uniform: 1000, tail: 200 }, 200_000)).toThrow(InputError);
    expect(() => checkReservoirSize({ uniform: 1000, tail: 200 }, 200_000)).toThrow(/at most 167 trials/);
    expect(() => checkReservoirSize({ uniform: 100, tail: 67 }, 200_000)).not.toThrow();
  });
});
