/**
 * The benchmark cases: one line per hazard scenario. Each case becomes a
 * single-thread core benchmark (TrialKernel.runBlocks) and end-to-end runs
 * (runSimulation at each worker count in RUN_WORKERS) in `npm run bench`,
 * and is gated by `npm run bench:check` (see check.ts).
 *
 * To add a hazard (flood, earthquake, fire, ...): add one line below, then
 * record its baseline with `npm run build && npm run bench:check -- --add-missing`
 * (see bench/README.md).
 */

export interface BenchCase {
  /** Shown in the tables and used as the key in baseline.json: keep it stable. */
  label: string;
  /** Scenario file, relative to the repository root. */
  scenario: string;
  /** Blocks of BLOCK_SIZE trials per core iteration (default 16 = 16,384 trials); lower it for slow hazards so an iteration stays ~20-100 ms. */
  coreBlocks?: number;
  /** Trials of an end-to-end run (default 100,000). */
  runTrials?: number;
}

export const CASES: readonly BenchCase[] = [
  { label: 'typhoon annual, Weihai', scenario: 'scenarios/typhoon.yaml' },
  // { label: 'flood annual, Weihai', scenario: 'scenarios/flood.yaml' },
];

/** Worker counts of the end-to-end runs. */
export const RUN_WORKERS: readonly number[] = [1, 2];
