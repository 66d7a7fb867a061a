/**
 * The earthquake paragraphs of report.md: the headline deaths (PAGER's
 * empirical model), the semi-empirical model's value beside them, which one to
 * trust and why (the back-test, docs/backtest.md), and each building type's
 * share of the semi-empirical deaths. Text: ./messages.ts.
 */
import { fmt } from '../../core/format.js';
import { tr } from '../../core/i18n.js';
import { deathsInType, PAGER_TYPE_NAMES, PAGER_TYPES } from '../../impact/pager-china.js';
import type { HazardReportContext } from '../types.js';
import { EARTHQUAKE_MSG as M, PAGER_TYPE_ZH } from './messages.js';

/** Deaths: whole numbers from 100 up, one decimal below. */
function deaths(v: number): string {
  return fmt(v, Math.abs(v) >= 100 ? 0 : 1);
}

export function earthquakeReport(c: HazardReportContext): string[] {
  const t = (m: (typeof M)[keyof typeof M], v?: Record<string, string | number>) => tr(c.lang, m, v);
  const semi = c.annual.deathsSemiEmpirical?.mean ?? 0;
  const emp = c.byEntry.reduce((a, h) => a + (h.deaths?.mean ?? 0), 0);
  if (!(emp > 0) && !(semi > 0)) return [];
  const per = t(c.annualMode ? M.perYear : c.deterministic ? M.perEvent : M.perRealisation);
  const L = [
    t(M.head),
    '',
    t(M.headline, { per, mean: c.deterministic ? '' : t(M.meanWord), deaths: deaths(emp), semi: deaths(semi), low: deaths(Math.min(emp, semi)), high: deaths(Math.max(emp, semi)) }),
    '',
    t(M.trust),
    '',
  ];
  const byType = PAGER_TYPES.map((ty) => ({ ty, d: c.annual[deathsInType(ty)]?.mean ?? 0 })).filter((x) => x.d > 0);
  const total = byType.reduce((a, x) => a + x.d, 0);
  if (total > 0) {
    L.push(t(M.byTypeLead, { share: t(c.deterministic ? M.share : M.shareOfMean) }), '');
    L.push(`| ${t(M.colType)} | ${t(c.deterministic ? M.colDeaths : M.colDeathsMean)} | ${t(M.colShare)} |`, '|---|---:|---:|');
    for (const x of byType.sort((a, b) => b.d - a.d)) L.push(`| ${x.ty} ${c.lang === 'zh' ? PAGER_TYPE_ZH[x.ty] : PAGER_TYPE_NAMES[x.ty]} | ${deaths(x.d)} | ${((100 * x.d) / total).toFixed(1)} % |`);
    L.push('');
  }
  return L;
}
