import { describe, expect, it } from 'vitest';
import { emanuelDamage } from '../src/impact/emanuel.js';
import { referenceTable } from './helpers.js';

describe('Emanuel (2011) damage function', () => {
  // CLIMADA test_tc.py values, V_half 74.7 m/s, V_thresh 25.7 m/s (model.md §2.1, §7)
  for (const row of referenceTable('emanuel-verification.csv')) {
    it(`f(${row.wind_ms} m/s) = ${row.damage_ratio}`, () => {
      expect(emanuelDamage(Number(row.wind_ms), Number(row.v_half_ms), 25.7)).toBeCloseTo(Number(row.damage_ratio), 6);
    });
  }
  it('is zero at and below the threshold and one half at V_half', () => {
    expect(emanuelDamage(25.7, 112.8, 25.7)).toBe(0);
    expect(emanuelDamage(10, 112.8, 25.7)).toBe(0);
    expect(emanuelDamage(112.8, 112.8, 25.7)).toBeCloseTo(0.5, 12);
  });
});
