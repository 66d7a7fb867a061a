/**
 * The earthquake paragraphs of report.md: deaths by the two PAGER models, which
 * one to trust (from the back-tests, `sim backtest`), and each building type's
 * share of the semi-empirical deaths.
 */
import { fmt } from '../../core/format.js';
import { deathsInType, PAGER_TYPE_NAMES, PAGER_TYPES } from '../../impact/pager-china.js';
import type { HazardReportContext } from '../types.js';

export function earthquakeReport(c: HazardReportContext): string[] {
  const emp = c.annual.deathsCrossCheck?.mean ?? 0;
  const semi = c.byEntry.reduce((a, h) => a + (h.deaths?.mean ?? 0), 0);
  if (!(emp > 0) && !(semi > 0)) return [];
  const per = c.annualMode ? 'a year' : 'per realisation';
  const lo = Math.min(semi, emp);
  const hi = Math.max(semi, emp);
  const L = [
    '## Earthquake deaths: two models',
    '',
    `Deaths (the headline, from PAGER's semi-empirical model for China with the region's building mix): mean ${fmt(semi, 1)} ${per}. PAGER's empirical model for China, fitted to past death tolls by intensity alone, gives ${fmt(emp, 1)} on the same events, so the two models span ${fmt(lo, 1)}–${fmt(hi, 1)}.`,
    '',
    "Which to trust: the semi-empirical model, because it is the one that knows this region's houses (building-mix.csv, from the census) and the hour of the event, and on the bundled historical Chinese earthquakes (`sim backtest`) it is the better of the two; the empirical model knows only intensity and China's national average building stock. Both are uncertain by a factor of several for a single event (PAGER's own uncertainty for China is a log-standard deviation of 2.0).",
    '',
  ];
  const byType = PAGER_TYPES.map((t) => ({ t, d: c.annual[deathsInType(t)]?.mean ?? 0 })).filter((x) => x.d > 0);
  const total = byType.reduce((a, x) => a + x.d, 0);
  if (total > 0) {
    L.push('Semi-empirical deaths by building type (share of the mean):', '');
    L.push('| building type (PAGER) | deaths, mean | share |', '|---|---:|---:|');
    for (const x of byType.sort((a, b) => b.d - a.d)) L.push(`| ${x.t} ${PAGER_TYPE_NAMES[x.t]} | ${fmt(x.d, 1)} | ${((100 * x.d) / total).toFixed(1)} % |`);
    L.push('');
  }
  return L;
}
