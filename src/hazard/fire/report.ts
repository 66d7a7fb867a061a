/** The forest-fire paragraph of report.md: burned area, firefighting demand and fires by class. */
import { fmt, pct, table } from '../../core/format.js';
import type { HazardReportContext } from '../types.js';

export function fireReport(c: HazardReportContext): string[] {
  const x = c.annual;
  const L = ['## Forest fires', '', `Fire season: ${c.note}. Burned area per year: mean ${fmt(x.burnedHa.mean, 1)} ha, p95 ${fmt(x.burnedHa.p95, 1)} ha; firefighting demand p95 ${fmt(x.fireTeamDays.p95, 1)} team-days (30-person teams) a year.`, ''];
  L.push(table(['fire class (森林防火条例 art. 40)', 'fires per year', 'P(at least one)'], (c.classes ?? []).map((k) => [k.class, fmt(k.meanPerTrial, 3), pct(k.pAtLeastOne)]), true), '');
  return L;
}
