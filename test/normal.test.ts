import { describe, expect, it } from 'vitest';
import { normalCdf, normalQuantile } from '../src/core/normal.js';

describe('standard normal', () => {
  // Textbook values of Φ and Φ⁻¹.
  it('Φ matches tabulated values', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 7);
    expect(normalCdf(-2.326347874040841)).toBeCloseTo(0.01, 7);
    expect(normalCdf(3)).toBeCloseTo(0.998650101968370, 7);
  });
  it('Φ⁻¹ matches tabulated values and inverts Φ', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 8);
    expect(normalQuantile(0.99)).toBeCloseTo(2.326347874040841, 8);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306167814, 8);
    for (const p of [1e-6, 0.02, 0.3, 0.5, 0.77, 0.98, 1 - 1e-6]) expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 6);
  });
});
