/** The earthquake paragraph of report.md: semi-empirical deaths against PAGER's empirical cross-check. */
import { fmt } from '../../core/format.js';
import type { HazardReportContext } from '../types.js';

export function earthquakeReport(c: HazardReportContext): string[] {
  const emp = c.annual.deathsCrossCheck.mean;
  if (!(emp > 0)) return [];
  const semi = c.byEntry.reduce((a, h) => a + h.deaths.mean, 0);
  return [
    '## Earthquake deaths: two models',
    '',
    `Deaths are estimated with PAGER's semi-empirical model for China (collapse by building type and time of day). PAGER's empirical model for China, fitted to past death tolls by intensity alone, gives a cross-check on the same events: mean ${fmt(semi, 1)} ${c.annualMode ? 'a year' : 'per realisation'} (semi-empirical, used) against ${fmt(emp, 1)} (empirical), a ratio of ${(semi / emp).toFixed(2)}. A ratio far from 1 points at the building mix (building-mix.csv: PAGER's national, adobe-heavy mix unless replaced by local data).`,
    '',
  ];
}
