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
  /**
   * Once full: the slots as a binary heap, the worst entry at heap[0], so an accepted offer costs
   * O(log K) instead of a scan of all K (issue 13). Only which entries are kept matters (a unique
   * set: the K best of a total order), never their slots: outputs list them in trial order.
   */
  heap: Int32Array;
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
    heap: new Int32Array(capacity),
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

/** Is slot a's entry worse than slot b's (nearer the heap's root)? */
function worse(r: ReservoirData, a: number, b: number): boolean {
  return better(r, r.keys[b], r.trials[b], r.keys[a], r.trials[a]);
}

/** Restore the heap below position i after the entry there changed for a better one. */
function siftDown(r: ReservoirData, i: number): void {
  const h = r.heap;
  const n = r.size;
  const slot = h[i];
  for (;;) {
    let c = 2 * i + 1;
    if (c >= n) break;
    if (c + 1 < n && worse(r, h[c + 1], h[c])) c++;
    if (!worse(r, h[c], slot)) break;
    h[i] = h[c];
    i = c;
  }
  h[i] = slot;
}

function buildHeap(r: ReservoirData): void {
  for (let i = 0; i < r.size; i++) r.heap[i] = i;
  for (let i = (r.size >> 1) - 1; i >= 0; i--) siftDown(r, i);
}

/** Offer a vector (copied from src at offset); returns whether it was kept. Allocates nothing. */
export function offer(r: ReservoirData, key: number, trial: number, src: Float64Array, srcOffset = 0): boolean {
  let slot: number;
  const full = r.size === r.capacity;
  if (!full) slot = r.size++;
  else {
    if (r.capacity === 0) return false;
    slot = r.heap[0];
    if (!better(r, key, trial, r.keys[slot], r.trials[slot])) return false;
  }
  r.keys[slot] = key;
  r.trials[slot] = trial;
  const w = r.width;
  const o = slot * w;
  for (let k = 0; k < w; k++) r.vectors[o + k] = src[srcOffset + k];
  if (full) siftDown(r, 0);
  else if (r.size === r.capacity) buildHeap(r);
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
