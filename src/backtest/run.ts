/**
 * `sim backtest`: every bundled historical event through the models, predicted
 * against observed. Earthquakes: intensity zones → PAGER China, the empirical
 * model as the simulation's headline deaths use it, and beside it the
 * semi-empirical model with the province's census building mix and with
 * PAGER's national mix (the old default). Typhoons and floods: their drill
 * scenario through the engine. The earthquake predictions are PAGER's, not
 * calibrated: nothing is fitted to these events. The model's calibration
 * (EARTHQUAKE_PARAMS.empiricalScale) is the geometric-mean ratio over these
 * events; its column here is leave-one-out: each event's empirical deaths
 * scaled by the factor of the *other* events, so every ratio is out of sample.
 */
import { compileScenario } from '../scenario/compile.js';
import { runSimulation } from '../engine/run.js';
import { N_PEOPLE, PEOPLE_METRICS, slot } from '../engine/layout.js';
import { metricCoverage } from '../hazard/coverage.js';
import { PAGER_CHINA_INVENTORY } from '../impact/pager-china.js';
import { EARTHQUAKE_PARAMS } from '../hazard/earthquake/params.js';
import { quantileWithCi } from '../stats/describe.js';
import type { BuildingMix } from '../region/types.js';
import { pagerInterval, predictEarthquake, PAGER_TYPES } from './earthquake.js';
import { loadBacktestEvents, type DrillEvent, type EarthquakeEvent } from './events.js';
import { ratio, score, type Score } from './score.js';

export interface BacktestRow {
  id: string;
  name: string;
  hazard: string;
  metric: string;
  observed: number;
  observedUnit: string;
  observedSource: string;
  /** Central prediction (median), or null when the model cannot give one (see note). */
  predicted: number | null;
  low: number | null;
  high: number | null;
  ratio: number | null;
  inInterval: boolean | null;
  /** Earthquakes: the semi-empirical model with the census mix, and with PAGER's national mix (the old default). */
  semiEmpirical: number | null;
  nationalMix: number | null;
  /** Earthquakes: the prediction scaled by the leave-one-out calibration factor (not applied to the model). */
  looCalibrated: number | null;
  note: string;
  scored: boolean;
}

export interface BacktestResult {
  rows: BacktestRow[];
  scores: Record<string, Score>;
  /** Earthquakes: each PAGER type's share of the predicted deaths, summed over the scored events. */
  deathsByType: Record<string, number>;
  /** Earthquake deaths: the calibration factor on all scored events (what EARTHQUAKE_PARAMS.empiricalScale should hold). */
  deathsCalibrationFactor: number | null;
}

export interface BacktestOptions {
  dir: string;
  /** The census building mix of a province (impact/census-mix.ts). */
  mixFor: (province: string) => BuildingMix;
  trials: number;
}

/** Observation names → the model's metric (houses: the model counts collapsed and severely damaged together). */
const MODEL_METRIC: Record<string, string> = { collapsedHouses: 'housesDestroyed' };

const INJURED_PER_DEATH = EARTHQUAKE_PARAMS.injuredPerDeath.value as number;

function earthquakeRows(e: EarthquakeEvent, mixFor: (p: string) => BuildingMix, byType: number[]): BacktestRow[] {
  const rows: BacktestRow[] = [];
  const base = { id: e.id, name: e.name, hazard: 'earthquake' };
  const ok = e.unscored === null;
  const mix = mixFor(e.provinces[0]);
  const p = ok ? predictEarthquake({ hourBeijing: e.hourBeijing, epicentreLon: e.epicentre.lon, zones: e.zones, urbanShare: e.urbanShare }, mix) : null;
  const national = ok ? predictEarthquake({ hourBeijing: e.hourBeijing, epicentreLon: e.epicentre.lon, zones: e.zones, urbanShare: e.urbanShare }, PAGER_CHINA_INVENTORY) : null;
  if (p) p.deathsByType.forEach((d, k) => (byType[k] += d));
  const period = p ? `local time ${p.localHour.toFixed(1)} h (${p.period}), ${Math.round(p.exposed).toLocaleString('en')} people in intensity ≥ VI zones, ${e.provinces[0]} census mix` : '';
  for (const [metric, pred, semi, nat] of [
    ['deaths', p?.deathsEmpirical, p?.deaths, national?.deaths],
    ['injured', p ? p.deathsEmpirical * INJURED_PER_DEATH : undefined, p ? p.deaths * INJURED_PER_DEATH : undefined, national ? national.deaths * INJURED_PER_DEATH : undefined],
  ] as const) {
    const o = e.observed[metric];
    if (!o) continue;
    const [low, high] = pred !== undefined ? pagerInterval(pred) : [null, null];
    rows.push({
      ...base,
      metric,
      observed: o.value,
      observedUnit: o.unit ?? 'people',
      observedSource: o.source,
      predicted: pred ?? null,
      low,
      high,
      ratio: pred !== undefined ? ratio(pred, o.value) : null,
      inInterval: pred !== undefined ? o.value >= low! && o.value <= high! : null,
      semiEmpirical: semi ?? null,
      nationalMix: nat ?? null,
      looCalibrated: null,
      note: ok ? (metric === 'injured' ? `${INJURED_PER_DEATH} × deaths; ${period}` : period) : `not scored: ${e.unscored}`,
      scored: ok,
    });
  }
  return rows;
}

async function drillRows(e: DrillEvent, trials: number): Promise<BacktestRow[]> {
  const c = compileScenario(e.scenario, { trials });
  const result = await runSimulation(c.spec, { workers: 0 });
  const coverage = metricCoverage(c.scenario.hazards);
  const region = c.region;
  const inArea = (i: number) => e.counties === null || e.counties.includes(region.countyZh[i]);
  const n = result.acc.trials;
  const rows: BacktestRow[] = [];
  for (const [observedMetric, o] of Object.entries(e.observed)) {
    const metric = MODEL_METRIC[observedMetric] ?? observedMetric;
    const base = { id: e.id, name: e.name, hazard: e.hazard, metric, observed: o.value, observedUnit: o.unit ?? 'people', observedSource: o.source, semiEmpirical: null, nationalMix: null, looCalibrated: null };
    const known = result.layout.metric[metric] !== undefined;
    const why = !known ? `the model has no "${metric}"` : coverage.notModelled[metric];
    if (why) {
      rows.push({ ...base, predicted: null, low: null, high: null, ratio: null, inInterval: null, note: `not modelled: ${why}`, scored: false });
      continue;
    }
    const k = slot(result.layout, 'annual', metric);
    const regionMean = result.acc.sum(k) / n;
    let mean = regionMean;
    let note = 'whole region';
    if (e.counties !== null) {
      const pk = (PEOPLE_METRICS as readonly string[]).indexOf(metric);
      if (pk < 0) {
        rows.push({ ...base, predicted: null, low: null, high: null, ratio: null, inInterval: null, note: `not scored: "${metric}" is kept for the whole region only, and the observation covers ${e.counties.join(', ')}`, scored: false });
        continue;
      }
      // township annual totals sit after the region metrics, N_PEOPLE per township
      mean = 0;
      for (let i = 0; i < region.n; i++) if (inArea(i)) mean += result.acc.sum(result.layout.nRegion + i * N_PEOPLE + pk) / n;
      note = `townships of ${e.counties.join(', ')}; interval scaled from the region's`;
    }
    // median and 90 % interval from the region's trial distribution (scaled to the area's share of the mean)
    const scale = regionMean > 0 ? mean / regionMean : 0;
    const h = result.acc.region.view(k);
    const med = quantileWithCi(h, n, 0.5).value * scale;
    const low = quantileWithCi(h, n, 0.05).value * scale;
    const high = quantileWithCi(h, n, 0.95).value * scale;
    rows.push({ ...base, predicted: med, low, high, ratio: ratio(med, o.value), inInterval: o.value >= low && o.value <= high, note: `${e.unscored ? `not scored: ${e.unscored}; ` : ''}${note}; mean ${mean.toPrecision(3)} over ${n} trials`, scored: e.unscored === null });
  }
  return rows;
}

/** The geometric-mean ratio (observed + 1)/(predicted + 1) of rows: the factor a calibration on them would apply. */
export function calibrationFactor(rows: readonly { observed: number; predicted: number | null }[]): number {
  return Math.exp(rows.reduce((a, r) => a + Math.log((r.observed + 1) / (r.predicted! + 1)), 0) / rows.length);
}

/** Each row's prediction × the geometric-mean ratio (observed + 1)/(predicted + 1) of the other rows. */
function leaveOneOut(rows: BacktestRow[]): void {
  if (rows.length < 3) return;
  const logs = rows.map((r) => Math.log((r.observed + 1) / (r.predicted! + 1)));
  const sum = logs.reduce((a, b) => a + b, 0);
  rows.forEach((r, i) => {
    const factor = Math.exp((sum - logs[i]) / (rows.length - 1));
    r.looCalibrated = r.predicted! * factor;
    r.note += `; leave-one-out factor ${factor.toPrecision(3)}`;
  });
}

export async function runBacktest(o: BacktestOptions): Promise<BacktestResult> {
  const { earthquakes, drills } = loadBacktestEvents(o.dir);
  const byType = new Array<number>(PAGER_TYPES.length).fill(0);
  const rows: BacktestRow[] = earthquakes.flatMap((e) => earthquakeRows(e, o.mixFor, byType));
  for (const d of drills) rows.push(...(await drillRows(d, o.trials)));
  const eqScored = (m: string) => rows.filter((r) => r.hazard === 'earthquake' && r.metric === m && r.scored && r.predicted !== null);
  leaveOneOut(eqScored('deaths'));
  // injured follow the calibrated deaths (injured = 6.5 × deaths, as in the model)
  for (const r of eqScored('injured')) {
    const d = eqScored('deaths').find((x) => x.id === r.id);
    if (d?.looCalibrated != null) r.looCalibrated = d.looCalibrated * INJURED_PER_DEATH;
  }
  // `value`: score another model's column (no interval); by default the prediction, with its interval
  const scored = (f: (r: BacktestRow) => boolean, value?: (r: BacktestRow) => number | null) =>
    score(
      rows
        .filter((r) => r.scored && f(r) && (value ? value(r) : r.predicted) !== null)
        .map((r) => ({ ratio: value ? ratio(value(r)!, r.observed) : r.ratio!, inInterval: value ? null : r.inInterval })),
    );
  const eqDeaths = (r: BacktestRow) => r.hazard === 'earthquake' && r.metric === 'deaths';
  const total = byType.reduce((a, b) => a + b, 0);
  return {
    rows,
    scores: {
      'earthquake deaths, PAGER empirical (uncalibrated)': scored(eqDeaths),
      'earthquake deaths, semi-empirical (census mix)': scored(eqDeaths, (r) => r.semiEmpirical),
      'earthquake deaths, semi-empirical (PAGER national mix, the old default)': scored(eqDeaths, (r) => r.nationalMix),
      'earthquake deaths, calibrated as the model is (leave-one-out)': scored(eqDeaths, (r) => r.looCalibrated),
      'earthquake injured, calibrated as the model is (leave-one-out)': scored((r) => r.hazard === 'earthquake' && r.metric === 'injured', (r) => r.looCalibrated),
      'earthquake injured, uncalibrated': scored((r) => r.hazard === 'earthquake' && r.metric === 'injured'),
      'typhoon and flood': scored((r) => r.hazard !== 'earthquake'),
    },
    deathsCalibrationFactor: eqScored('deaths').length >= 3 ? calibrationFactor(eqScored('deaths')) : null,
    deathsByType: Object.fromEntries(PAGER_TYPES.map((t, k) => [t, total > 0 ? byType[k] / total : 0])),
  };
}
