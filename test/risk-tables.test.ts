/**
 * Standard risk outputs (issue 12, items 4 and 5): ep.csv against the analytic Exp(1) case, ylt.csv
 * and elt.csv against summary.json and across worker counts, the GeoJSON layers against RFC 7946
 * (a small schema check), and every CSV sim writes read back by csv-parse to the same numbers.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import seedrandom from 'seedrandom';
import { beforeAll, describe, expect, it } from 'vitest';
import { csvCell, formatNumber, toCsv } from '../src/output/csv.js';
import { EP_HEADER, epRows, type EpMetric } from '../src/output/risk-tables.js';
import { PEOPLE_METRICS } from '../src/engine/layout.js';
import { HistogramBank, REGION_LAYOUT } from '../src/stats/histogram.js';
import { ROOT, sim, tmp } from './helpers.js';

function exp1(n: number) {
  const rng = seedrandom.xor4096('ep-test');
  const bank = new HistogramBank(1, REGION_LAYOUT);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = -Math.log(1 - rng());
    bank.add(0, v);
    sum += v;
  }
  return { view: bank.view(0), mean: sum / n };
}

const col = (name: string) => EP_HEADER.indexOf(name);

describe('ep.csv', () => {
  const n = 200_000;
  const { view, mean } = exp1(n);
  const metric: EpMetric = { name: 'x', kind: 'people', unit: 'persons', aggregate: view, occurrence: view, mean };
  it('Exp(1): the T-year value at annual exceedance 1/T is ln T, within its 95 % interval (plus the bin resolution)', () => {
    const rows = epRows([metric], { trials: n, annual: true, drill: false });
    const aep = rows.filter((r) => r[col('perspective')] === 'AEP');
    expect(aep.map((r) => r[col('return_period_years')])).toEqual([2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000]);
    const res = Math.pow(10, 1 / REGION_LAYOUT.binsPerDecade) - 1;
    for (const r of aep) {
      const T = r[col('return_period_years')] as number;
      expect(r[col('exceedance_probability')]).toBeCloseTo(1 / T, 12);
      const lo = r[col('ci95_low')] as number;
      const hi = r[col('ci95_high')] as number;
      const v = r[col('value')] as number;
      expect(lo).toBeLessThanOrEqual(v);
      expect(hi).toBeGreaterThanOrEqual(v);
      expect(Math.log(T)).toBeGreaterThanOrEqual(lo * (1 - res));
      expect(Math.log(T)).toBeLessThanOrEqual(hi * (1 + res));
    }
    // OEP from the same histogram: the same values
    expect(rows.filter((r) => r[col('perspective')] === 'OEP').map((r) => r[col('value')])).toEqual(aep.map((r) => r[col('value')]));
  });
  it('empty where too few trials are beyond the value (MIN_EXCEEDANCES), and where the metric is not modelled', () => {
    const small = exp1(5000);
    const rows = epRows([{ ...metric, aggregate: small.view, occurrence: small.view }], { trials: 5000, annual: true, drill: false });
    const at = (T: number) => rows.find((r) => r[col('perspective')] === 'AEP' && r[col('return_period_years')] === T)!;
    expect(at(500)[col('value')]).not.toBeNull();
    expect(at(1000)[col('value')]).toBeNull();
    expect(at(1000)[col('note')]).toMatch(/needs at least 10000 trials/);
    const not = epRows([{ ...metric, notModelled: 'no model' }], { trials: n, annual: true, drill: false });
    expect(not.every((r) => r[col('value')] === null && /not modelled: no model/.test(String(r[col('note')])))).toBe(true);
  });
  it('scenario mode: probabilities per realisation, no return periods; a drill: one row per metric', () => {
    const rows = epRows([metric], { trials: n, annual: false, drill: false });
    expect(new Set(rows.map((r) => r[col('perspective')]))).toEqual(new Set(['per realisation, all events', 'per realisation, largest event']));
    expect(rows.every((r) => r[col('return_period_years')] === null)).toBe(true);
    const drill = epRows([metric], { trials: n, annual: false, drill: true });
    expect(drill).toHaveLength(1);
    expect(drill[0][col('perspective')]).toBe('drill');
    expect(drill[0][col('value')]).toBe(mean);
  });
});

describe('CSV numbers', () => {
  it('numbers by column kind; formula escaping for text only; null empty', () => {
    expect(formatNumber(12.6, 'int')).toBe('13');
    expect(formatNumber(1234.5678, 'money')).toBe('1234.57');
    expect(formatNumber(0.123456789)).toBe('0.123457');
    expect(formatNumber(123456.789)).toBe('123456.79');
    expect(formatNumber(0.42, 'count')).toBe('0.42');
    expect(formatNumber(42.4, 'count')).toBe('42');
    expect(formatNumber(-0.0001, 'int')).toBe('0');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell('-3')).toBe("'-3");
    expect(csvCell('+x')).toBe("'+x");
    const text = toCsv(['a', 'people', 'x_cny'], [['=1+1', 12.7, 3.14159], [null, -2, 0.5]], { people: 'int' });
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text).toBe("\uFEFFa,people,x_cny\r\n'=1+1,13,3.14\r\n,-2,0.5\r\n");
  });
});

/** A CSV read back with numbers as numbers. */
function readCsv(file: string): Record<string, string | number>[] {
  return parse(readFileSync(file, 'utf8'), { bom: true, columns: true, cast: (v) => (v !== '' && /^-?\d+(\.\d+)?(e[-+]?\d+)?$/i.test(v) ? Number(v) : v) }) as Record<string, string | number>[];
}

describe('sim run outputs: ylt.csv, elt.csv, GeoJSON, every CSV read back', () => {
  const dir = tmp('sim-risk-tables-');
  const scenario = join(dir, 'multi.yaml');
  const trials = 2000;
  const out = (w: number) => join(dir, `out-w${w}`);
  beforeAll(() => {
    writeFileSync(
      scenario,
      `name: risk tables test\nregion: ${join(ROOT, 'datasets', 'weihai')}\ntrials: ${trials}\nseed: 11\nhazards:\n  - type: typhoon\n    mode: annual\n    chain:\n      flood: {}\n  - type: earthquake\n    mode: annual\n  - type: fire\n    mode: annual\noptimize:\n  mode: penalty\n`,
    );
    for (const w of [1, 2]) {
      const r = sim(['run', scenario, '--out', out(w), '--workers', String(w), '--quiet', '--event-tables']);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    }
  }, 240_000);

  it('ylt.csv and elt.csv are the same bytes for 1 and 2 workers', () => {
    for (const f of ['ylt.csv', 'elt.csv', 'ep.csv', 'townships.geojson']) expect(readFileSync(join(out(2), f), 'utf8')).toBe(readFileSync(join(out(1), f), 'utf8'));
  });

  it("ylt column means are the summary's annual and peak-event demand means; elt events per trial are summary.events", () => {
    const summary = JSON.parse(readFileSync(join(out(1), 'summary.json'), 'utf8'));
    const ylt = readCsv(join(out(1), 'ylt.csv'));
    expect(ylt).toHaveLength(trials);
    expect(ylt.map((r) => r.trial)).toEqual(Array.from({ length: trials }, (_, i) => i));
    const meanOf = (rows: Record<string, string | number>[], c: string) => rows.reduce((a, r) => a + (r[c] === '' ? 0 : (r[c] as number)), 0) / trials;
    for (const m of PEOPLE_METRICS) {
      if (summary.annual[m] === null) {
        expect(ylt.every((r) => r[m] === '')).toBe(true);
        continue;
      }
      const want = summary.annual[m].mean;
      expect(Math.abs(meanOf(ylt, m) - want)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want)));
      expect(summary.averageAnnual[m]).toBe(want);
    }
    for (const [id, d] of Object.entries(summary.demand) as [string, { mean: number }][]) {
      expect(Math.abs(meanOf(ylt, `${id}_peak_event`) - d.mean)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(d.mean)));
    }
    const elt = readCsv(join(out(1), 'elt.csv'));
    expect(elt.length).toBe(ylt.reduce((a, r) => a + (r.events as number), 0));
    for (const [key, e] of Object.entries(summary.events) as [string, { meanPerTrial: number }][]) {
      expect(elt.filter((r) => r.hazard === key).length / trials).toBeCloseTo(e.meanPerTrial, 12);
    }
    // ordered by trial, then event; the event sums per trial add up to the ylt's totals
    for (let k = 1; k < elt.length; k++) {
      const a = elt[k - 1];
      const b = elt[k];
      expect((b.trial as number) > (a.trial as number) || (b.trial === a.trial && b.event === (a.event as number) + 1)).toBe(true);
    }
    const evacByTrial = new Map<number, number>();
    for (const r of elt) evacByTrial.set(r.trial as number, (evacByTrial.get(r.trial as number) ?? 0) + (r.evacuated as number));
    for (const r of ylt) expect(r.evacuated as number).toBeCloseTo(evacByTrial.get(r.trial as number) ?? 0, 6);
    // the hazards' key parameters are there
    const eq = elt.find((r) => r.hazard === 'earthquake');
    if (eq) expect(eq.earthquake_magnitude as number).toBeGreaterThanOrEqual(5);
    const ty = elt.find((r) => r.hazard === 'typhoon')!;
    expect(ty.typhoon_vmax_ms as number).toBeGreaterThan(10);
    // every event carries every key parameter of its own hazard: a reader that lost its field (a renamed
    // kernel property) would leave them empty
    for (const r of elt) {
      const type = String(r.hazard).replace(/[^a-z].*$/, '');
      const own = Object.keys(r).filter((c) => c.startsWith(`${type}_`));
      expect(own.length, `${r.hazard}: parameter columns`).toBeGreaterThan(0);
      for (const c of own) expect(Number.isFinite(r[c]), `${r.hazard} trial ${r.trial} event ${r.event}: ${c} = ${JSON.stringify(r[c])}`).toBe(true);
    }
  });

  it('GeoJSON layers validate against RFC 7946 (a small schema check)', () => {
    for (const f of ['townships.geojson', 'depots.geojson']) {
      const g = JSON.parse(readFileSync(join(out(1), f), 'utf8'));
      expect(g.type).toBe('FeatureCollection');
      expect(g.crs).toBeUndefined();
      expect(Array.isArray(g.features)).toBe(true);
      expect(g.features.length).toBeGreaterThan(0);
      for (const ft of g.features) {
        expect(ft.type).toBe('Feature');
        expect(ft.geometry.type).toBe('Point');
        expect(ft.geometry.coordinates).toHaveLength(2);
        const [lon, lat] = ft.geometry.coordinates;
        expect(Number.isFinite(lon) && lon >= -180 && lon <= 180).toBe(true);
        expect(Number.isFinite(lat) && lat >= -90 && lat <= 90).toBe(true);
        // Weihai: east longitude, north latitude (not swapped)
        expect(lon).toBeGreaterThan(lat);
        expect(typeof ft.properties === 'object' && ft.properties !== null && !Array.isArray(ft.properties)).toBe(true);
      }
    }
    const towns = JSON.parse(readFileSync(join(out(1), 'townships.geojson'), 'utf8'));
    const p = towns.features[0].properties;
    for (const k of ['code', 'name_zh', 'county_zh', 'population', 'population_estimated', 'coordinates_filled', 'evacuated_mean', 'evacuated_p95']) expect(k in p).toBe(true);
    const depots = JSON.parse(readFileSync(join(out(1), 'depots.geojson'), 'utf8'));
    expect(depots.features[0].properties.sized).toBe(true);
  });

  it('every CSV reads back with csv-parse: numbers as numbers, people in townships.csv as whole numbers', () => {
    for (const f of ['townships.csv', 'plan.csv', 'purchases.csv', 'teams-plan.csv', 'shelters-plan.csv', 'ep.csv', 'ylt.csv', 'elt.csv']) {
      const rows = readCsv(join(out(1), f));
      expect(rows.length, f).toBeGreaterThan(0);
      for (const r of rows) for (const v of Object.values(r)) if (typeof v === 'string') expect(v, `${f}: ${v}`).not.toMatch(/^-?\d+(\.\d+)?$/);
    }
    const towns = readCsv(join(out(1), 'townships.csv'));
    for (const r of towns) for (const m of PEOPLE_METRICS) for (const c of [`${m}_mean`, `${m}_p95`]) if (r[c] !== '') expect(Number.isInteger(r[c]), `${c} ${r[c]}`).toBe(true);
    for (const r of readCsv(join(out(1), 'purchases.csv'))) expect(Math.round((r.one_off_cny as number) * 100)).toBeCloseTo((r.one_off_cny as number) * 100, 6);
  });
});

describe('comparison.csv and backtest.csv read back with numbers as numbers', () => {
  const dir = tmp('sim-csv-readback-');
  it('sim compare and sim backtest', () => {
    const c = sim(['compare', '--scenario', 'scenarios/typhoon.yaml', 'plans/', '--trials', '1000', '--out', join(dir, 'c'), '--quiet']);
    expect(c.status, c.stderr).toBe(0);
    const b = sim(['backtest', '--out', join(dir, 'b'), '--trials', '200', '--quiet']);
    expect(b.status, b.stderr).toBe(0);
    for (const f of [join(dir, 'c', 'comparison.csv'), join(dir, 'b', 'backtest.csv')]) {
      const rows = readCsv(f);
      expect(rows.length, f).toBeGreaterThan(0);
      for (const r of rows) for (const v of Object.values(r)) if (typeof v === 'string') expect(v, `${f}: ${v}`).not.toMatch(/^-?\d+(\.\d+)?$/);
    }
    const cmp = readCsv(join(dir, 'c', 'comparison.csv'));
    for (const r of cmp) expect(typeof r.p_any_shortfall).toBe('number');
    const bt = readCsv(join(dir, 'b', 'backtest.csv'));
    for (const r of bt) if (typeof r.predicted_median === 'number' && r.predicted_median >= 10) expect(Number.isInteger(r.predicted_median)).toBe(true);
  }, 120_000);
});

describe('--event-tables limit', () => {
  it('refused above 2,000,000 trials, before simulating, with one line naming the flag', () => {
    const r = sim(['run', 'scenarios/typhoon.yaml', '--trials', '3000000', '--event-tables', '--out', join(tmp('sim-et-limit-'), 'o'), '--quiet']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--event-tables: expected at most 2,000,000 trials/);
  });
});
