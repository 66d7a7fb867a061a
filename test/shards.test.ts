/**
 * Issue 14: a run split into N shards and merged writes exactly what the single-process run writes.
 * For every bundled scenario and N = 1, 3, 4, 7 (7,500 trials: 8 blocks, the last of 332 trials, so
 * shards are uneven), summary.json is byte-identical outside `engine`, and every other output file
 * byte for byte (report.md outside the solver's wall time). A scenario with optimize: goes the whole
 * two-phase way: shards simulate → merge → sim plan → shards evaluate → merge.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tmp } from './helpers.js';
import { runCommand } from '../src/cli/run-command.js';
import { mergeCommand, MERGED_SIMULATION } from '../src/cli/merge-command.js';
import { evaluateCommand, planCommand, SIZING_FILE } from '../src/cli/plan-command.js';
import { compareCommand } from '../src/cli/compare-command.js';
import { compileScenario } from '../src/scenario/compile.js';
import { outputsOf, withoutEngine } from './output-files.js';

const TRIALS = 7500;
const SPLITS = [1, 3, 4, 7];

const base = { workers: 0, quiet: true };

async function single(file: string, out: string, eventTables = false): Promise<void> {
  await runCommand({ ...base, scenario: file, trials: TRIALS, out, eventTables });
}

/** The sharded way for N shards, each shard a separate command as on a cluster. */
async function sharded(file: string, n: number, dir: string, eventTables = false): Promise<string> {
  const optimize = compileScenario(file).scenario.optimize !== undefined;
  for (let i = 0; i < n; i++) await runCommand({ ...base, scenario: file, trials: TRIALS, shard: { index: i, count: n }, out: join(dir, 'sim-shards'), eventTables });
  const out = join(dir, 'out');
  if (!optimize) {
    await mergeCommand({ ...base, parts: [join(dir, 'sim-shards')], out });
    return out;
  }
  await mergeCommand({ ...base, parts: [join(dir, 'sim-shards')], out: join(dir, 'merged') });
  await planCommand({ ...base, simulation: join(dir, 'merged', MERGED_SIMULATION), out: join(dir, 'plan') });
  for (let i = 0; i < n; i++) await evaluateCommand({ ...base, plan: join(dir, 'plan', SIZING_FILE), shard: { index: i, count: n }, out: join(dir, 'eval-shards') });
  await mergeCommand({ ...base, parts: readdirSync(join(dir, 'eval-shards')).map((f) => join(dir, 'eval-shards', f)), out });
  return out;
}

describe('merged shards equal the single run, every bundled scenario', () => {
  const scenarios = readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.yaml')).sort();
  for (const name of scenarios) {
    it(`${name}: N = ${SPLITS.join(', ')}`, async () => {
      const file = join('scenarios', name);
      const dir = tmp();
      await single(file, join(dir, 'single'));
      const want = outputsOf(join(dir, 'single'));
      expect(Object.keys(want)).toContain('summary.json');
      for (const n of SPLITS) {
        const got = outputsOf(await sharded(file, n, join(dir, `n${n}`)));
        expect(Object.keys(got), `N = ${n}`).toEqual(Object.keys(want));
        for (const f of Object.keys(want)) expect(got[f], `${name} N = ${n}: ${f}`).toBe(want[f]);
      }
    }, 240_000);
  }
});

describe('with --event-tables: ylt.csv and elt.csv through the shards', () => {
  // typhoon (two phases: the rows travel in the merged simulation file) at one split, to keep CI short
  for (const [name, splits] of [['flood.yaml', [3, 7]], ['typhoon.yaml', [4]]] as const) {
    it(`${name}: N = ${splits.join(', ')}`, async () => {
      const file = join('scenarios', name);
      const dir = tmp();
      await single(file, join(dir, 'single'), true);
      const want = outputsOf(join(dir, 'single'));
      expect(Object.keys(want)).toEqual(expect.arrayContaining(['ylt.csv', 'elt.csv']));
      for (const n of splits) {
        const got = outputsOf(await sharded(file, n, join(dir, `n${n}`), true));
        expect(Object.keys(got), `N = ${n}`).toEqual(Object.keys(want));
        for (const f of Object.keys(want)) expect(got[f], `${name} N = ${n}: ${f}`).toBe(want[f]);
      }
    }, 240_000);
  }
});

describe('the two phases split differently', () => {
  it('typhoon: simulated in 3 shards, evaluated in 2 (and in 5): the single run', async () => {
    const file = 'scenarios/typhoon.yaml';
    const dir = tmp();
    const t = { ...base, scenario: file, trials: 5000 };
    await runCommand({ ...t, out: join(dir, 'single') });
    for (let i = 0; i < 3; i++) await runCommand({ ...t, shard: { index: i, count: 3 }, out: join(dir, 'sim') });
    await mergeCommand({ ...base, parts: [join(dir, 'sim')], out: join(dir, 'merged') });
    await planCommand({ ...base, simulation: join(dir, 'merged', MERGED_SIMULATION), out: join(dir, 'plan') });
    const want = outputsOf(join(dir, 'single'));
    for (const n of [2, 5]) {
      for (let i = 0; i < n; i++) await evaluateCommand({ ...base, plan: join(dir, 'plan', SIZING_FILE), shard: { index: i, count: n }, out: join(dir, `eval${n}`) });
      await mergeCommand({ ...base, parts: [join(dir, `eval${n}`)], out: join(dir, `out${n}`) });
      expect(outputsOf(join(dir, `out${n}`)), `evaluated in ${n}`).toEqual(want);
    }
  }, 240_000);
});

describe('sharded comparison', () => {
  it('sim compare --shard i/N, merged, writes the single comparison (N = 3 and 7)', async () => {
    const plans = ['plans/weihai-current.yaml', 'plans/weihai-more-county.yaml', 'plans/weihai-more-village.yaml'];
    const args = { ...base, scenario: 'scenarios/typhoon.yaml', plans, baseline: 'plans/weihai-more-village.yaml', trials: 5000 };
    const dir = tmp();
    await compareCommand({ ...args, out: join(dir, 'single') });
    const want = outputsOf(join(dir, 'single'));
    for (const n of [3, 7]) {
      for (let i = 0; i < n; i++) await compareCommand({ ...args, shard: { index: i, count: n }, out: join(dir, `parts${n}`) });
      await mergeCommand({ ...base, parts: [join(dir, `parts${n}`)], out: join(dir, `merged${n}`) });
      const got = outputsOf(join(dir, `merged${n}`));
      expect(Object.keys(got)).toEqual(Object.keys(want));
      for (const f of Object.keys(want)) expect(got[f], `N = ${n}: ${f}`).toBe(want[f]);
    }
  }, 120_000);
});

describe('withoutEngine', () => {
  it('cuts the engine block and nothing else', () => {
    const a = JSON.stringify({ x: 1, engine: { a: 1, b: { c: 2 } }, y: [1, 2] }, null, 2);
    expect(withoutEngine(a)).toBe(JSON.stringify({ x: 1, y: [1, 2] }, null, 2));
    const b = JSON.stringify({ x: 1, engine: { a: 1 } }, null, 2);
    expect(withoutEngine(b)).toBe(JSON.stringify({ x: 1 }, null, 2));
  });
});
