/**
 * The benchmark cases: one line per hazard scenario. Each case is a
 * single-thread core benchmark (TrialKernel.runBlocks over the first
 * `coreBlocks` blocks), gated by `npm run bench:check`. Cases with
 * `runs: true` also get end-to-end runs (runSimulation at each worker count
 * in RUN_WORKERS): the engine path (pool, transfer, merge) does not depend on
 * the hazard, so one such case is enough.
 *
 * To add a hazard: add one line below, then record its baseline with
 * `npm run build && npm run bench:check -- --add-missing` (bench/README.md).
 */

export interface BenchCase {
  /** Shown in the tables and used as the key in baseline.json: keep it stable. */
  label: string;
  /** Scenario file, relative to the repository root. */
  scenario: string;
  /** Blocks of BLOCK_SIZE (1,024) trials per core iteration, default 16: choose it so an iteration takes ~50-150 ms. */
  coreBlocks?: number;
  /** Blocks per iteration of the instruction count under callgrind (count.ts), default coreBlocks / 8 (at least 1). */
  countBlocks?: number;
  /** Also benchmark end-to-end runs of this scenario. */
  runs?: boolean;
  /** Trials of an end-to-end run (default 100,000). */
  runTrials?: number;
}

// Core ms per iteration on the 2-core CI VM, 2026-11-30 (after issue 10: 11 more metrics, earthquake deaths over every shaken township), in brackets.
export const CASES: readonly BenchCase[] = [
  { label: 'typhoon annual, Weihai', scenario: 'scenarios/typhoon.yaml', coreBlocks: 16, runs: true }, // [137]
  { label: 'flood annual, Weihai', scenario: 'scenarios/flood.yaml', coreBlocks: 8 }, // [87]
  { label: 'earthquake annual, Weihai', scenario: 'scenarios/earthquake.yaml', coreBlocks: 128 }, // [58]
  { label: 'forest fire annual, Weihai', scenario: 'scenarios/forest-fire.yaml', coreBlocks: 8 }, // [80]
  { label: 'multi-hazard annual, Weihai', scenario: 'scenarios/multi-hazard.yaml', coreBlocks: 4 }, // [121]
];

/** Worker counts of the end-to-end runs. */
export const RUN_WORKERS: readonly number[] = [1, 2];
