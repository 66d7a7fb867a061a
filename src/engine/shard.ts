/**
 * Shards: a run's blocks split into N contiguous shares, so N processes on N machines (a Slurm array,
 * a Kubernetes Indexed Job) each simulate one. Random numbers are keyed by (seed, hazard, block),
 * never by process, so a shard's trials are the single run's trials, and merging the shards' states
 * in block order (merge.ts) gives the single run's numbers bit for bit.
 */
import { InputError } from '../core/errors.js';
import { BLOCK_SIZE } from '../core/random.js';
import type { BlockRange } from './merge.js';

export interface ShardId {
  /** 0-based. */
  index: number;
  count: number;
}

/** Most shards of one run: a bound on what a merge lists and opens (a 100M-trial run has ~98,000 blocks), not a model parameter. */
export const MAX_SHARDS = 100_000;

/** `--shard i/N`: shard i (0 ≤ i < N, 0-based as Slurm array and Kubernetes completion indices are) of N. */
export function parseShard(text: string, flag = '--shard'): ShardId {
  const expected = `i/N: this process's shard i (0-based, 0 ≤ i < N) of N shards, N from 1 to ${MAX_SHARDS.toLocaleString('en-US')}, e.g. 3/8`;
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const shown = JSON.stringify(text.length > 40 ? text.slice(0, 40) + '…' : text);
  if (!m) throw new InputError(`${flag}: expected ${expected}, found ${shown}`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || count > MAX_SHARDS) throw new InputError(`${flag}: expected ${expected}, found ${count} shards in ${shown}`);
  if (index >= count) throw new InputError(`${flag}: expected ${expected}, found shard ${index} of ${count} (the last is ${count - 1}/${count}: shards count from 0)`);
  return { index, count };
}

/** The blocks shard i of N runs: contiguous, as even as whole blocks allow; empty when N exceeds the blocks. */
export function shardBlocks(trials: number, s: ShardId): BlockRange {
  const n = Math.ceil(trials / BLOCK_SIZE);
  const first = Math.floor((s.index * n) / s.count);
  return { first, count: Math.floor(((s.index + 1) * n) / s.count) - first };
}
