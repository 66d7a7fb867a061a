/** The typhoon paragraph of report.md: houses wind destroys. Text: ./messages.ts. */
import { fmt } from '../../core/format.js';
import { tr } from '../../core/i18n.js';
import type { HazardReportContext } from '../types.js';
import { TYPHOON_MSG as M } from './messages.js';

export function typhoonReport(c: HazardReportContext): string[] {
  const h = c.annual.housesDestroyed;
  if (!h) return [];
  const value = c.deterministic
    ? tr(c.lang, M.forEvent, { n: fmt(h.mean) })
    : tr(c.lang, M.stats, { mean: fmt(h.mean), per: tr(c.lang, c.annualMode ? M.perYear : M.perRealisation), p95: fmt(h.p95) });
  return [tr(c.lang, M.head), '', tr(c.lang, M.text, { value }), '', tr(c.lang, M.windDeaths), ''];
}
