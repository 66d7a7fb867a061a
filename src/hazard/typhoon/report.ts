/** The typhoon paragraph of report.md: houses wind destroys. */
import { fmt } from '../../core/format.js';
import type { HazardReportContext } from '../types.js';

export function typhoonReport(c: HazardReportContext): string[] {
  const h = c.annual.housesDestroyed;
  if (!h) return [];
  return [
    '## Typhoon: houses destroyed by wind',
    '',
    `Houses destroyed or damaged beyond use by wind (collapsed and severely damaged together), counted as households: ${c.deterministic ? `${fmt(h.mean)} for the event` : `mean ${fmt(h.mean)} ${c.annualMode ? 'a year' : 'per realisation'}, p95 ${fmt(h.p95)}`}. They are the people wind displaces (Emanuel's damage ratio applied to the population) divided by the region's persons per household (hazard-parameters.yaml); the damage ratio does not split collapsed from severely damaged houses, so compare with the sum of both in disaster statistics (倒塌和严重损坏房屋).`,
    '',
    "Wind deaths and injuries are not modelled (no sourced rate per wind speed or per destroyed house was found): the typhoon's deaths and trapped people, where shown, come from its rain flood only (chain: { flood: {} }).",
    '',
  ];
}
