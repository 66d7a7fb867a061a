/** backtest.csv and backtest.md, and the terminal table: predicted against observed for every bundled historical event. */
import type { BacktestResult, BacktestRow } from '../backtest/run.js';
import type { Score } from '../backtest/score.js';
import { toCsv } from './csv.js';
import { fmt, table } from './format.js';

/** People counts: whole numbers from 10 up, two significant digits below (a prediction of 0.4 deaths is not 0). */
function people(v: number | null): string {
  if (v === null) return '–';
  if (v >= 10 || v === 0) return fmt(Math.round(v));
  return v < 0.01 ? v.toExponential(1) : String(Number(v.toPrecision(2)));
}

function ratioText(r: number | null): string {
  return r === null ? '–' : r >= 10 || r < 0.1 ? r.toPrecision(2) : r.toFixed(2);
}

export function backtestCsv(r: BacktestResult): string {
  return toCsv(
    ['event', 'name', 'hazard', 'metric', 'observed', 'observed_unit', 'predicted_median', 'predicted_p05', 'predicted_p95', 'ratio', 'observed_in_90pct_interval', 'semi_empirical_census_mix', 'semi_empirical_pager_national_mix', 'loo_calibrated', 'scored', 'note', 'observed_source'],
    r.rows.map((x) => [x.id, x.name, x.hazard, x.metric, x.observed, x.observedUnit, x.predicted, x.low, x.high, x.ratio, x.inInterval === null ? null : x.inInterval ? 'yes' : 'no', x.semiEmpirical, x.nationalMix, x.looCalibrated, x.scored ? 'yes' : 'no', x.note, x.observedSource]),
    // people: whole from 10 up, 3 significant digits below (a prediction of 0.4 deaths is not 0)
    Object.fromEntries(['observed', 'predicted_median', 'predicted_p05', 'predicted_p95', 'semi_empirical_census_mix', 'semi_empirical_pager_national_mix', 'loo_calibrated'].map((c) => [c, 'count' as const])),
  );
}

function rowCells(x: BacktestRow): string[] {
  return [
    `${x.id}`,
    x.metric,
    people(x.observed),
    people(x.predicted),
    x.low === null ? '–' : `${people(x.low)}–${people(x.high)}`,
    ratioText(x.ratio),
    x.hazard === 'earthquake' ? people(x.semiEmpirical) : '',
    x.hazard === 'earthquake' ? people(x.nationalMix) : '',
    x.hazard === 'earthquake' ? people(x.looCalibrated) : '',
    x.scored ? '' : x.predicted === null ? x.note : 'not scored',
  ];
}

const HEAD = ['event', 'metric', 'observed', 'predicted (median; PAGER empirical)', '90 % interval', 'ratio', 'semi-empirical', 'semi-emp., national mix (old)', 'calibrated (LOO, as sim run)', ''];

function scoreLines(scores: Record<string, Score>): string[][] {
  return Object.entries(scores).map(([k, s]) => [
    k,
    String(s.events),
    s.geometricMeanRatio === null ? '–' : s.geometricMeanRatio.toFixed(2),
    s.withinFactor3 === null ? '–' : `${Math.round(100 * s.withinFactor3)} %`,
    s.inInterval90 === null ? '–' : `${Math.round(100 * s.inInterval90)} %`,
  ]);
}
const SCORE_HEAD = ['scored rows', 'events', 'geometric-mean ratio', 'within a factor of 3', 'observed in 90 % interval'];

export function backtestText(r: BacktestResult): string {
  return [table(HEAD, r.rows.map(rowCells), false), '', table(SCORE_HEAD, scoreLines(r.scores), false)].join('\n');
}

export function backtestMarkdown(r: BacktestResult): string {
  const L: string[] = [];
  L.push('# Back-test: the models against historical Chinese disasters', '');
  L.push(
    'Every bundled event (datasets/backtest/) run through the models with their default parameters: nothing is fitted to these events, so every ratio is out of sample. Earthquakes: the official intensity map (area of each zone) and the people in each zone, through PAGER\'s empirical model for China as PAGER publishes it (not calibrated); the 90 % interval is PAGER\'s own uncertainty for China (lognormal, G = 2.01). Injured: 6.5 × deaths, as in `sim run`. Typhoons and floods: the event\'s drill scenario, median and 5–95 % of the trials.',
    '',
    'Ratio = (predicted + 1) / (observed + 1), so that events with no deaths can be scored. "Semi-empirical": PAGER\'s semi-empirical model for China with the province\'s census building mix; "national mix (old)": the same with PAGER\'s national inventory, the default before the census mix. "LOO-calibrated": what `sim run` uses, the empirical model × its calibration factor (empiricalScale, the geometric-mean ratio observed/predicted over these events), here leave-one-out: each event scaled by the factor of the other events, so its ratio is out of sample.',
    '',
  );
  L.push(table(HEAD, r.rows.map(rowCells), true), '');
  L.push('## Scores', '', table(SCORE_HEAD, scoreLines(r.scores), true), '');
  const types = Object.entries(r.deathsByType).filter(([, s]) => s > 0).sort((a, b) => b[1] - a[1]);
  if (types.length) {
    L.push('## Predicted earthquake deaths by building type (all scored events)', '');
    L.push(table(['PAGER type', 'share'], types.map(([t, s]) => [t, `${(100 * s).toFixed(1)} %`]), true), '');
  }
  L.push('## Sources of the observations', '');
  for (const x of r.rows) L.push(`- ${x.id} ${x.metric} ${people(x.observed)}: ${x.observedSource}`);
  L.push('', 'Inputs and their sources: the event files in datasets/backtest/.', '');
  return L.join('\n');
}
