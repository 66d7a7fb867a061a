/** The heap-based reservoir keeps exactly the trials the earlier O(K)-scan reservoir kept (issue 13: same results, bit for bit). */
import { describe, expect, it } from 'vitest';
import { mergeReservoir, newReservoir, offer, sortedEntries } from '../src/stats/reservoir.js';
import { xorshift32 } from './helpers.js';

/** The previous algorithm, verbatim in substance: on every accepted offer once full, scan all K for the worst. */
class ScanReservoir {
  size = 0;
  worst = 0;
  keys: Float64Array;
  trials: Float64Array;
  vectors: Float64Array;
  constructor(
    readonly capacity: number,
    readonly width: number,
    readonly largest: boolean,
  ) {
    this.keys = new Float64Array(capacity);
    this.trials = new Float64Array(capacity);
    this.vectors = new Float64Array(capacity * width);
  }
  private better(ka: number, ta: number, kb: number, tb: number): boolean {
    if (ka !== kb) return this.largest ? ka > kb : ka < kb;
    return ta < tb;
  }
  offer(key: number, trial: number, src: Float64Array, off = 0): boolean {
    let slot: number;
    if (this.size < this.capacity) slot = this.size++;
    else {
      slot = this.worst;
      if (!this.better(key, trial, this.keys[slot], this.trials[slot])) return false;
    }
    this.keys[slot] = key;
    this.trials[slot] = trial;
    for (let k = 0; k < this.width; k++) this.vectors[slot * this.width + k] = src[off + k];
    if (this.size === this.capacity) {
      let w = 0;
      for (let i = 1; i < this.size; i++) if (this.better(this.keys[w], this.trials[w], this.keys[i], this.trials[i])) w = i;
      this.worst = w;
    }
    return true;
  }
  sorted(): number[][] {
    const idx = Array.from({ length: this.size }, (_, i) => i).sort((a, b) => this.trials[a] - this.trials[b]);
    return idx.map((i) => [this.trials[i], this.keys[i], ...this.vectors.slice(i * this.width, (i + 1) * this.width)]);
  }
}

const rng = xorshift32;

const entries = (r: ReturnType<typeof newReservoir>) => sortedEntries(r).map((e) => [e.trial, e.key, ...e.vector]);

describe('heap reservoir', () => {
  it('keeps the same entries as the O(K)-scan reservoir, offer by offer, on random inputs with many ties', () => {
    const u = rng(12345);
    for (let round = 0; round < 300; round++) {
      const capacity = Math.floor(u() * 40);
      const width = Math.floor(u() * 3);
      const largest = u() < 0.5;
      const n = Math.floor(u() * 400);
      // few distinct keys: ties are common and decided by trial index; trials distinct, in random order
      const distinct = 1 + Math.floor(u() * 20);
      const trials = Array.from({ length: n }, (_, i) => i * 3 + (round % 3));
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(u() * (i + 1));
        [trials[i], trials[j]] = [trials[j], trials[i]];
      }
      const heap = newReservoir(capacity, width, largest);
      const scan = new ScanReservoir(capacity, width, largest);
      const v = new Float64Array(width);
      for (const t of trials) {
        const key = u() < 0.1 ? -0 : Math.floor(u() * distinct) / distinct;
        for (let k = 0; k < width; k++) v[k] = t * 10 + k;
        expect(offer(heap, key, t, v)).toBe(scan.offer(key, t, v));
      }
      expect(entries(heap)).toEqual(scan.sorted());
    }
  });

  it('merging heap reservoirs of any split gives the reservoir of the union', () => {
    const u = rng(777);
    for (let round = 0; round < 100; round++) {
      const capacity = 1 + Math.floor(u() * 30);
      const largest = u() < 0.5;
      const n = Math.floor(u() * 300);
      const keys = Array.from({ length: n }, () => Math.floor(u() * 10));
      const whole = newReservoir(capacity, 1, largest);
      keys.forEach((k, t) => offer(whole, k, t, Float64Array.of(t)));
      const parts = [newReservoir(capacity, 1, largest), newReservoir(capacity, 1, largest), newReservoir(capacity, 1, largest)];
      keys.forEach((k, t) => offer(parts[Math.floor(u() * 3)], k, t, Float64Array.of(t)));
      const into = newReservoir(capacity, 1, largest);
      for (const p of [parts[2], parts[0], parts[1]]) mergeReservoir(into, p);
      expect(entries(into)).toEqual(entries(whole));
    }
  });

  it('a reservoir of capacity 0 keeps nothing', () => {
    const r = newReservoir(0, 2, true);
    expect(offer(r, 1, 0, Float64Array.of(1, 2))).toBe(false);
    expect(r.size).toBe(0);
  });
});
