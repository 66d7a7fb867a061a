/** backtest.csv and backtest.md, and the terminal table: predicted against observed for every bundled historical event. */
import type { BacktestResult, BacktestRow } from '../backtest/run.js';
import type { Score } from '../backtest/score.js';
import { toCsv } from './csv.js';
import { fmt, table } from './format.js';
import { DEFAULT_LANG, tr, type Lang, type Msg } from '../core/i18n.js';
import { METRIC } from './i18n/common.js';
import { BACKTEST as B, BACKTEST_SCORE } from './i18n/report.js';

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

function rowCells(x: BacktestRow, lang: Lang): string[] {
  const note = x.scored ? '' : lang === 'en' ? (x.predicted === null ? x.note : 'not scored') : tr(lang, x.predicted === null && x.note.startsWith('not modelled') ? B.notModelledNote : x.predicted === null ? B.notScoredNote : B.notScored);
  return [
    `${x.id}`,
    lang === 'en' || !METRIC[x.metric] ? x.metric : tr(lang, METRIC[x.metric]),
    people(x.observed),
    people(x.predicted),
    x.low === null ? '–' : `${people(x.low)}–${people(x.high)}`,
    ratioText(x.ratio),
    x.hazard === 'earthquake' ? people(x.semiEmpirical) : '',
    x.hazard === 'earthquake' ? people(x.nationalMix) : '',
    x.hazard === 'earthquake' ? people(x.looCalibrated) : '',
    note,
  ];
}

const head = (lang: Lang) => [...[B.event, B.metric, B.observed, B.predicted, B.interval, B.ratio, B.semi, B.national, B.loo].map((m) => tr(lang, m)), ''];

function scoreLines(scores: Record<string, Score>, lang: Lang): string[][] {
  return Object.entries(scores).map(([k, s]) => [
    BACKTEST_SCORE[k] ? tr(lang, BACKTEST_SCORE[k]) : k,
    String(s.events),
    s.geometricMeanRatio === null ? '–' : s.geometricMeanRatio.toFixed(2),
    s.withinFactor3 === null ? '–' : `${Math.round(100 * s.withinFactor3)} %`,
    s.inInterval90 === null ? '–' : `${Math.round(100 * s.inInterval90)} %`,
  ]);
}
const scoreHead = (lang: Lang) => [B.scoredRows, B.events, B.gmr, B.within3, B.inInterval].map((m) => tr(lang, m));

/** The terminal table: English unless a language is asked for. */
export function backtestText(r: BacktestResult, lang: Lang = 'en'): string {
  return [table(head(lang), r.rows.map((x) => rowCells(x, lang)), false), '', table(scoreHead(lang), scoreLines(r.scores, lang), false)].join('\n');
}

export function backtestMarkdown(r: BacktestResult, lang: Lang = DEFAULT_LANG): string {
  const t = (m: Msg) => tr(lang, m);
  const L: string[] = [];
  L.push(t(B.title), '');
  L.push(t(B.intro1), '', t(B.intro2), '');
  L.push(table(head(lang), r.rows.map((x) => rowCells(x, lang)), true), '');
  L.push(t(B.scoresHead), '', table(scoreHead(lang), scoreLines(r.scores, lang), true), '');
  const types = Object.entries(r.deathsByType).filter(([, s]) => s > 0).sort((a, b) => b[1] - a[1]);
  if (types.length) {
    L.push(t(B.byTypeHead), '');
    L.push(table([t(B.pagerType), t(B.share)], types.map(([ty, s]) => [ty, `${(100 * s).toFixed(1)} %`]), true), '');
  }
  L.push(t(B.sourcesHead), '');
  for (const x of r.rows) L.push(`- ${x.id} ${lang === 'en' || !METRIC[x.metric] ? x.metric : tr(lang, METRIC[x.metric])} ${people(x.observed)}: ${x.observedSource}`);
  L.push('', t(B.inputs), '');
  return L.join('\n');
}
