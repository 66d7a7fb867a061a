/** The forest-fire paragraph of report.md: burned area, firefighting demand and fires by class. Text: ./messages.ts. */
import { fmt, pct, table } from '../../core/format.js';
import { tr } from '../../core/i18n.js';
import type { HazardReportContext } from '../types.js';
import { FIRE_CLASSES_ZH, FIRE_MSG as M } from './messages.js';
import { FIRE_CLASSES, FIRE_SEASON } from './params.js';

export function fireReport(c: HazardReportContext): string[] {
  const x = c.annual;
  const zh = c.lang === 'zh';
  const season = zh && c.note === FIRE_SEASON ? tr('zh', M.season) : c.note;
  const className = (k: string) => {
    const i = (FIRE_CLASSES as readonly string[]).indexOf(k);
    return zh && i >= 0 ? FIRE_CLASSES_ZH[i] : k;
  };
  const L = [tr(c.lang, M.head), '', tr(c.lang, M.text, { season, mean: fmt(x.burnedHa.mean, 1), p95: fmt(x.burnedHa.p95, 1), teamDays: fmt(x.fireTeamDays.p95, 1) }), ''];
  L.push(table([M.colClass, M.colPerYear, M.colAtLeastOne].map((m) => tr(c.lang, m)), (c.classes ?? []).map((k) => [className(k.class), fmt(k.meanPerTrial, 3), pct(k.pAtLeastOne)]), true), '');
  return L;
}
