import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../src/output/csv.js';

describe('CSV cells', () => {
  it('a negative number stays a number Excel can add up; text that would run as a formula is neutralised', () => {
    expect(csvCell(-0.01035)).toBe('-0.01035');
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell('-5')).toBe("'-5");
    expect(csvCell('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvCell('@x')).toBe("'@x");
  });
  it('null is an empty cell (not applicable), never a 0; commas and quotes are quoted', () => {
    expect(csvCell(null)).toBe('');
    expect(csvCell('a, "b"')).toBe('"a, ""b"""');
    expect(toCsv(['a', 'b'], [[null, 0]])).toBe('\uFEFFa,b\r\n,0\r\n');
  });
});
