import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PAGER_TYPES } from '../src/impact/pager-china.js';
import { censusBuildingMix, censusMixDerivation, loadCensusTables, roundShares } from '../src/impact/census-mix.js';
import { loadBuildingMix } from '../src/region/hazard-attributes.js';
import { BUILDING_STOCKS } from '../src/region/types.js';

const root = join(import.meta.dirname, '..');
const censusDir = join(root, 'datasets', 'census');
const tables = loadCensusTables(censusDir);

function row(table: string, province: string, setting: string) {
  const r = tables.rows.find((x) => x.table === table && x.provinceEn === province && x.setting === setting);
  if (!r) throw new Error(`no ${table} row ${province} ${setting}`);
  return r;
}

describe('census-to-PAGER mapping', () => {
  it('has every class for both settings, each row summing to 1, each with a source and a range', () => {
    expect(tables.mapping).toHaveLength(12);
    for (const m of tables.mapping) {
      const sum = PAGER_TYPES.reduce((s, t) => s + m.shares[t], 0);
      expect(sum).toBeCloseTo(1, 12);
      expect(m.source).not.toBe('');
      expect(m.range).not.toBe('');
    }
  });
});

describe('census figures as transcribed from the source tables', () => {
  it('Shandong, 2010 census table 9-1 (all settings, B0901a.htm): households and the 4 load-bearing classes', () => {
    const r = row('census2010', 'Shandong', 'total');
    expect(r.provinceZh).toBe('山东');
    expect([r.households, r.noHousing, r.counts.rc, r.counts.mixed, r.counts.brick_wood, r.counts.other_unsplit]).toEqual([3002389, 541, 532032, 934413, 1461450, 73953]);
    expect(r.noHousing + r.counts.rc! + r.counts.mixed! + r.counts.brick_wood! + r.counts.other_unsplit!).toBe(r.households);
  });
  it('Shandong, 2005 1% survey table 11-3c (乡村): households and the 5 structure classes', () => {
    const r = row('survey2005', 'Shandong', 'rural');
    expect([r.households, r.noHousing, r.counts.rc, r.counts.mixed, r.counts.brick_wood, r.counts.earth_wood, r.counts.other]).toEqual([221171, 62, 5763, 36115, 161437, 2155, 15639]);
    expect(r.noHousing + r.counts.rc! + r.counts.mixed! + r.counts.brick_wood! + r.counts.earth_wood! + r.counts.other!).toBe(r.households);
  });
  it('Hunan, 2006 agricultural census table 5-3-2 (forestry households, the only Hunan row retrieved)', () => {
    const r = row('agcensus2006', 'Hunan', 'rural');
    expect(r.provinceZh).toBe('湖南');
    expect([r.households, r.counts.rc, r.counts.mixed, r.counts.brick_wood, r.counts.earth_wood, r.counts.other]).toEqual([317682, 25491, 95857, 162393, 27744, 6197]);
    expect(r.counts.rc! + r.counts.mixed! + r.counts.brick_wood! + r.counts.earth_wood! + r.counts.other!).toBe(r.households);
  });
  it('the 2006 table columns add up to its national row (全国总计) over the 31 provinces', () => {
    const rows = tables.rows.filter((x) => x.table === 'agcensus2006');
    const nat = rows.find((x) => x.provinceEn === 'China')!;
    const prov = rows.filter((x) => x.provinceEn !== 'China');
    expect(prov).toHaveLength(31);
    expect(prov.reduce((s, x) => s + x.households, 0)).toBe(nat.households);
    for (const c of ['rc', 'mixed', 'brick_wood', 'earth_wood', 'other'] as const) expect(prov.reduce((s, x) => s + x.counts[c]!, 0)).toBe(nat.counts[c]);
  });
  it('2010 national row: classes plus no-housing households equal households', () => {
    const r = row('census2010', 'China', 'total');
    expect(r.households).toBe(39327279);
    expect(r.noHousing + r.counts.rc! + r.counts.mixed! + r.counts.brick_wood! + r.counts.other_unsplit!).toBe(r.households);
  });
});

describe('census building mix', () => {
  it('rounding keeps 5 decimals and makes a row sum to exactly 1', () => {
    const v = roundShares([1 / 3, 1 / 3, 1 / 3]);
    expect(v.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(v.every((x) => Math.abs(x * 1e5 - Math.round(x * 1e5)) < 1e-6)).toBe(true);
  });
  it('every province with a row gives a mix whose rows sum to 1; the derivation names its rows', () => {
    const provinces = [...new Set(tables.rows.map((r) => r.provinceEn))];
    expect(provinces.length).toBe(32);
    for (const p of provinces) {
      const mix = censusBuildingMix(p, 2010, tables);
      for (const s of BUILDING_STOCKS) expect(mix.shares[s].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
      const d = censusMixDerivation(p, 2010, tables);
      expect(d.map((x) => x.stock)).toEqual(['rural_residential', 'urban_residential']);
      for (const x of d) expect(x.rows.length).toBeGreaterThan(0);
    }
  });
  it('refuses 2020 (not transcribed) and unknown provinces', () => {
    expect(() => censusBuildingMix('Shandong', 2020, tables)).toThrow(/2020/);
    expect(() => censusBuildingMix('Atlantis', 2010, tables)).toThrow(/Atlantis/);
  });
});

describe('region building-mix datasets', () => {
  for (const [dir, province] of [['weihai', 'Shandong'], ['yueyang', 'Hunan']] as const) {
    const file = join(root, 'datasets', dir, 'building-mix.csv');
    it(`${dir}: loads with the existing loader; each row sums to exactly 1 at 5 decimals and has a source`, () => {
      const mix = loadBuildingMix(file)!;
      expect(mix.types).toEqual([...PAGER_TYPES]);
      for (const s of BUILDING_STOCKS) {
        const sum = mix.shares[s].reduce((a, b) => a + b, 0);
        expect(Math.round(sum * 1e5)).toBe(1e5);
      }
      const text = readFileSync(file, 'utf8').split('\n');
      expect(text[0].startsWith('# ')).toBe(true);
      expect(text[1].endsWith(',source')).toBe(true);
    });
    it(`${dir}: equals censusBuildingMix('${province}')`, () => {
      const mix = loadBuildingMix(file)!;
      const expected = censusBuildingMix(province, 2010, tables);
      for (const s of BUILDING_STOCKS) expect(mix.shares[s]).toEqual(expected.shares[s]);
    });
  }
});
