/**
 * A bounded reservoir of per-trial vectors, kept for the sizing LPs (docs/model.md
 * §5.1) without memory growing with the trial count. Keeps the K entries with
 * the best (key, trial) pairs — smallest keys for a uniform sample keyed by a
 * hash of the trial index, largest for the tail — so which trials are kept
 * does not depend on how trials were split among workers, and merging two
 * reservoirs gives the reservoir of the union.
 */
export interface ReservoirData {
  capacity: number;
  width: number;
  largest: boolean;
  size: number;
  /** Slot of the entry that would be replaced next (valid once full). */
  worst: number;
  keys: Float64Array;
  trials: Float64Array;
  vectors: Float64Array;
}

export function newReservoir(capacity: number, width: number, largest: boolean): ReservoirData {
  return {
    capacity,
    width,
    largest,
    size: 0,
    worst: 0,
    keys: new Float64Array(capacity),
    trials: new Float64Array(capacity),
    vectors: new Float64Array(capacity * width),
  };
}

/** Is (ka, ta) preferred over (kb, tb)? Ties broken by trial index so the result is unique. */
function better(r: ReservoirData, ka: number, ta: number, kb: number, tb: number): boolean {
  if (ka !== kb) return r.largest ? ka > kb : ka < kb;
  return ta < tb;
}

function worstIndex(r: ReservoirData): number {
  let w = 0;
  for (let i = 1; i < r.size; i++) if (better(r, r.keys[w], r.trials[w], r.keys[i], r.trials[i])) w = i;
  return w;
}

/** Offer a vector (copied from src at offset); returns whether it was kept. Allocates nothing. */
export function offer(r: ReservoirData, key: number, trial: number, src: Float64Array, srcOffset = 0): boolean {
  let slot: number;
  if (r.size < r.capacity) slot = r.size++;
  else {
    slot = r.worst;
    if (!better(r, key, trial, r.keys[slot], r.trials[slot])) return false;
  }
  r.keys[slot] = key;
  r.trials[slot] = trial;
  const w = r.width;
  const o = slot * w;
  for (let k = 0; k < w; k++) r.vectors[o + k] = src[srcOffset + k];
  if (r.size === r.capacity) r.worst = worstIndex(r);
  return true;
}

export function mergeReservoir(into: ReservoirData, from: ReservoirData): void {
  for (let i = 0; i < from.size; i++) offer(into, from.keys[i], from.trials[i], from.vectors, i * from.width);
}

/** Entries in trial order (a canonical order for outputs). */
export function sortedEntries(r: ReservoirData): { trial: number; key: number; vector: Float64Array }[] {
  const idx = Array.from({ length: r.size }, (_, i) => i).sort((a, b) => r.trials[a] - r.trials[b]);
  return idx.map((i) => ({ trial: r.trials[i], key: r.keys[i], vector: r.vectors.slice(i * r.width, (i + 1) * r.width) }));
}

/** A uniform in [0, 1) from a trial index and a seed hash (murmur3 finaliser): the uniform reservoir's key. */
export function trialKey(seedHash: number, trial: number): number {
  let h = (seedHash ^ Math.imul(trial | 0, 0x9e3779b1)) >>> 0;
  h ^= Math.floor(trial / 4294967296);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/** FNV-1a hash of a string. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
