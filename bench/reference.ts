/**
 * The reference workload: a fixed, deterministic pure-JS typed-array loop
 * that uses no project code (this module imports nothing). Its time
 * normalises the other benchmarks for machine speed.
 *
 * Never change it without rewriting baseline.json: check.ts compares its
 * checksum with the one recorded there and refuses a mismatch.
 */

export const REFERENCE_NAME = 'reference workload';

const REF_N = 1 << 16; // 64k doubles a buffer: 1 MiB in all, about L2-sized
const REF_PASSES = 32; // ~2.1 M inner steps: ~28 ms on the 2-core CI VM
// Both buffers are fully rewritten before being read: reusing them keeps the loop free of GC work.
const refA = new Float64Array(REF_N);
const refB = new Float64Array(REF_N);

/**
 * xorshift32 integer mixing, Float64Array streaming and random reads, sqrt,
 * exp and log: the same kinds of work as the sampling kernel. Returns a
 * checksum (identical on every call and every machine).
 */
export function referenceWorkload(): number {
  let a = refA;
  let b = refB;
  let s = 0x2545f491;
  for (let i = 0; i < REF_N; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    a[i] = (s >>> 0) / 4294967296;
  }
  let acc = 0;
  for (let p = 0; p < REF_PASSES; p++) {
    for (let i = 0; i < REF_N; i++) {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      const r = s >>> 0;
      const u = (r + 0.5) / 4294967296;
      const v = 0.5 * a[i] + 0.25 * a[r & (REF_N - 1)] + 0.25 * Math.sqrt(u);
      b[i] = v;
      acc += u < 0.5 ? Math.exp(-v) : Math.log(1 + v);
    }
    const t = a;
    a = b;
    b = t;
  }
  return acc;
}
