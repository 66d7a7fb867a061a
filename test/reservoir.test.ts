/** The bounded reservoir (stats/reservoir): which trials it keeps, on cases small enough to work out by hand. */
import { describe, expect, it } from 'vitest';
import { hashString, mergeReservoir, newReservoir, offer, sortedEntries, trialKey } from '../src/stats/reservoir.js';

/** Offer trial t with key keys[t] and the one-number vector [10·t]. */
function fill(capacity: number, largest: boolean, keys: number[], trials = keys.map((_, t) => t)) {
  const r = newReservoir(capacity, 1, largest);
  keys.forEach((k, i) => offer(r, k, trials[i], Float64Array.from([10 * trials[i]])));
  return r;
}

describe('reservoir', () => {
  it('keeps the largest keys for the tail, listed in trial order with their vectors', () => {
    // keys 3, 1, 5, 4 for trials 0–3; the two largest are 5 (trial 2) and 4 (trial 3)
    const r = fill(2, true, [3, 1, 5, 4]);
    expect(sortedEntries(r).map((e) => [e.trial, e.key, e.vector[0]])).toEqual([
      [2, 5, 20],
      [3, 4, 30],
    ]);
  });

  it('keeps the smallest keys for the uniform sample; equal keys go to the lower trial index', () => {
    // keys 3, 1, 5, 1, 2: the two smallest are the two 1s (trials 1 and 3)
    expect(sortedEntries(fill(2, false, [3, 1, 5, 1, 2])).map((e) => e.trial)).toEqual([1, 3]);
    // capacity 1, two trials with key 2 offered in the order 5 then 3: trial 3 wins the tie
    expect(sortedEntries(fill(1, false, [2, 2], [5, 3])).map((e) => e.trial)).toEqual([3]);
  });

  it('merging two reservoirs gives the reservoir of the union', () => {
    const keys = [0.9, 0.1, 0.5, 0.7, 0.3, 0.2];
    const a = fill(3, false, keys.slice(0, 3), [0, 1, 2]);
    const b = fill(3, false, keys.slice(3), [3, 4, 5]);
    mergeReservoir(a, b);
    // the three smallest keys: 0.1 (trial 1), 0.2 (trial 5), 0.3 (trial 4)
    expect(sortedEntries(a).map((e) => e.trial)).toEqual([1, 4, 5]);
  });

  it('hashString is 32-bit FNV-1a (published test vectors)', () => {
    expect(hashString('')).toBe(0x811c9dc5);
    expect(hashString('a')).toBe(0xe40c292c);
    expect(hashString('foobar')).toBe(0xbf9cf968);
  });

  it('trialKey is a uniform in [0, 1): 0 for trial 0 with seed hash 0 (the murmur3 finaliser maps 0 to 0)', () => {
    expect(trialKey(0, 0)).toBe(0);
    for (let t = 1; t < 1000; t++) {
      const k = trialKey(hashString('seed'), t);
      expect(k).toBeGreaterThanOrEqual(0);
      expect(k).toBeLessThan(1);
    }
  });
});
