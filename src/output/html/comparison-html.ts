/**
 * comparison.html for `sim compare`: the cost–shortfall frontier and the paired differences against
 * the baseline with their error bars, as one self-contained page. Pure: the comparison in, a string out.
 */
import { DEFAULT_LANG, tr, type Lang, type Msg } from '../../core/i18n.js';
import { fmt, pct } from '../../core/format.js';
import type { Item } from '../../demand/catalogue.js';
import type { ComparedPlan, PlanRanking } from '../../plan/compare.js';
import { HTML as M } from '../i18n/html.js';
import { unitName } from '../report.js';
import { COLOURS, compact, errorBarOption, renderSvg, Z95 } from './charts.js';
import { esc, figure, htmlTable, page } from './page.js';
import type * as echarts from 'echarts';

export interface ComparisonHtmlScenario {
  name: string;
  trials: number;
  seed: string;
  region: string;
  regionZh: string;
}

/** One point of the frontier chart: the plan's added annual cost and P(a year short) with its 95 % interval. */
export interface FrontierPoint {
  name: string;
  cost: number;
  p: number;
  lo: number;
  hi: number;
  frontier: boolean;
}

export function frontierPoints(plans: ComparedPlan[], ranking: PlanRanking): FrontierPoint[] {
  return plans.map((p, q) => {
    const e = p.evaluation.pAnyShortfall;
    return { name: p.name, cost: p.cost.added.annual, p: e.p, lo: Math.max(0, e.p - Z95 * e.se), hi: Math.min(1, e.p + Z95 * e.se), frontier: ranking.frontier[q] };
  });
}

function frontierOption(points: FrontierPoint[], lang: Lang): echarts.EChartsCoreOption {
  const line = points.filter((p) => p.frontier).sort((a, b) => a.cost - b.cost);
  const bar = (p: FrontierPoint) => [p.cost, p.lo, p.hi];
  const errorBars = {
    type: 'custom',
    name: 'interval',
    silent: true,
    z: 2,
    encode: { x: 0, y: [1, 2] },
    data: points.map(bar),
    renderItem: (params: { dataIndex: number }, api: { value: (k: number) => number; coord: (v: number[]) => number[] }) => {
      const a = api.coord([api.value(0), api.value(1)]);
      const b = api.coord([api.value(0), api.value(2)]);
      const colour = points[params.dataIndex].frontier ? COLOURS.frontier : COLOURS.other;
      const style = { stroke: colour, lineWidth: 1.5 };
      return {
        type: 'group',
        children: [
          { type: 'line', shape: { x1: a[0], y1: a[1], x2: b[0], y2: b[1] }, style },
          { type: 'line', shape: { x1: a[0] - 5, y1: a[1], x2: a[0] + 5, y2: a[1] }, style },
          { type: 'line', shape: { x1: b[0] - 5, y1: b[1], x2: b[0] + 5, y2: b[1] }, style },
        ],
      };
    },
  };
  const label = { show: true, position: 'right', formatter: (x: { data: { name: string } }) => x.data.name, fontSize: 11, color: '#222', textBorderColor: '#fff', textBorderWidth: 2 };
  const pMax = Math.max(...points.map((p) => p.hi), 0.01);
  return {
    grid: { left: 76, right: 150, top: 40, bottom: 56 },
    legend: { top: 6, data: [tr(lang, M.onFrontier), tr(lang, M.offFrontier)] },
    xAxis: { type: 'value', name: tr(lang, M.axisAddedAnnual), nameLocation: 'middle', nameGap: 32, axisLabel: { formatter: (v: number) => compact(v) }, splitLine: { lineStyle: { color: '#eeeeee' } } },
    yAxis: { type: 'value', name: tr(lang, M.axisPShort), nameLocation: 'middle', nameGap: 52, min: 0, max: Math.min(1, pMax * 1.15), axisLabel: { formatter: (v: number) => `${Number((100 * v).toPrecision(3))} %` }, splitLine: { lineStyle: { color: '#e4e4e4' } } },
    series: [
      errorBars,
      { type: 'line', name: tr(lang, M.onFrontier), color: COLOURS.frontier, z: 3, symbol: 'none', lineStyle: { color: COLOURS.frontier, width: 1.5, type: 'dashed' }, data: line.map((p) => [p.cost, p.p]) },
      { type: 'scatter', name: tr(lang, M.onFrontier), color: COLOURS.frontier, z: 4, symbolSize: 11, itemStyle: { color: COLOURS.frontier }, label, data: points.filter((p) => p.frontier).map((p) => ({ name: p.name, value: [p.cost, p.p] })) },
      { type: 'scatter', name: tr(lang, M.offFrontier), color: COLOURS.other, z: 4, symbolSize: 9, symbol: 'diamond', itemStyle: { color: COLOURS.other }, label, data: points.filter((p) => !p.frontier).map((p) => ({ name: p.name, value: [p.cost, p.p] })) },
    ],
  };
}

/** The paired differences shown as charts: P(a year short) in percentage points, unmet phase-1 demand by item, class III overflow, trapped at 72 h. */
function diffKeys(items: Item[], lang: Lang): { key: string; title: string; scale: number }[] {
  return [
    { key: 'pAnyShortfall', title: tr(lang, M.diffPShort), scale: 100 },
    ...items.map((it) => ({ key: `unmetPhase1.${it.id}`, title: tr(lang, M.diffUnmet, { item: lang === 'zh' ? it.nameZh : it.nameEn, unit: unitName(it.unit, lang) }), scale: 1 })),
    { key: 'shelterOverflow.III', title: tr(lang, M.diffOverflow), scale: 1 },
    { key: 'unmetExtractions72h', title: tr(lang, M.diffTrapped), scale: 1 },
  ];
}

/**
 * A paired difference and its standard error at one precision: two significant digits of the error,
 * the same decimals for the difference (-0.490 ± 0.049, -15.0 ± 1.5, -15,530 ± 359), never an exponent.
 */
export function diffText(mean: number, se: number, scale = 1): string {
  const m = mean * scale;
  const e = se * scale;
  const decimals = e > 0 ? Math.min(6, Math.max(0, 1 - Math.floor(Math.log10(e)))) : Math.abs(m) >= 10 || m === 0 ? 0 : 2;
  const f = (v: number) => v.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  return `${f(m)} ± ${f(e)}`;
}

/** A vsBaseline key as words (pAnyShortfall, unmetPhase1.<item>, …); an unknown key as itself. */
function keyLabel(k: string, items: Item[], lang: Lang): string {
  const [head, rest] = k.split('.');
  const it = items.find((x) => x.id === rest);
  const item = it ? { item: lang === 'zh' ? it.nameZh : it.nameEn, unit: unitName(it.unit, lang) } : undefined;
  if (k === 'pAnyShortfall') return tr(lang, M.keyPShort);
  if (head === 'unmetPhase1' && item) return tr(lang, M.keyUnmetPhase1, item);
  if (head === 'unmetLater' && item) return tr(lang, M.keyUnmetLater, item);
  if (k === 'shelterOverflow.III') return tr(lang, M.keyOverflowIII);
  if (k === 'unmetExtractions72h') return tr(lang, M.keyTrapped72);
  if (k === 'rescueSurvivors') return tr(lang, M.keySurvivors);
  return k;
}

export function buildComparisonHtml(sc: ComparisonHtmlScenario, plans: ComparedPlan[], ranking: PlanRanking, items: Item[], baseline: string, lang: Lang = DEFAULT_LANG): string {
  const t = (m: Msg, v: Record<string, string | number> = {}) => esc(tr(lang, m, v));
  const title = tr(lang, M.cmpTitle, { name: sc.name });
  const L: string[] = [`<h1>${esc(title)}</h1>`];
  L.push(
    '<dl class="meta">',
    `<dt>${t(M.region)}</dt><dd>${esc(`${sc.regionZh} ${sc.region}`)}</dd>`,
    `<dt>${t(M.trials)}</dt><dd>${esc(fmt(sc.trials))}</dd>`,
    `<dt>${t(M.seed)}</dt><dd>${esc(sc.seed)}</dd>`,
    '</dl>',
    `<p class="lead">${t(M.cmpLead, { baseline })}</p>`,
  );
  // frontier
  const pts = frontierPoints(plans, ranking);
  L.push(`<h2>${t(M.frontierHeading)}</h2>`, `<p>${t(M.frontierLead)}</p>`, figure('frontier', renderSvg(frontierOption(pts, lang), 900, 440, 'frontier'), t(M.frontierCaption, { n: plans.length })));
  // ranked table
  L.push(
    `<h2>${t(M.rankedHeading)}</h2>`,
    htmlTable(
      [t(M.colRank), t(M.colPlan), t(M.colAddedOnce), t(M.colAddedAnnual), t(M.colPShort), t(M.colReliability), t(M.colOverflow), t(M.colTrapped72), t(M.colFrontier)],
      ranking.order.map((q, r) => {
        const p = plans[q];
        const e = p.evaluation;
        return [String(r + 1), esc(p.name) + (q === 0 ? ` <small>(${t(M.baselineMark)})</small>` : ''), esc(fmt(p.cost.added.oneOff)), esc(fmt(p.cost.added.annual)), esc(`${pct(e.pAnyShortfall.p)} ± ${pct(e.pAnyShortfall.se)}`), esc(pct(e.reliability)), esc(pct(e.shelterOverflow.pAny)), esc(fmt(e.unmetExtractions72h.mean)), ranking.frontier[q] ? t(M.yes) : ''];
      }),
      [true, false, true, true, true, true, true, true, false],
    ),
  );
  // paired differences
  L.push(`<h2>${t(M.diffHeading, { baseline })}</h2>`);
  const others = ranking.order.filter((q) => q !== 0);
  if (others.length === 0) L.push(`<p>${t(M.onlyBaseline)}</p>`);
  else {
    L.push(`<p>${t(M.diffLead)}</p>`);
    const figs = diffKeys(items, lang)
      .filter(({ key }) => others.some((q) => plans[q].vsBaseline[key] !== undefined))
      .map(({ key, title: ttl, scale }, j) => {
        const points = others.map((q) => {
          const d = plans[q].vsBaseline[key] ?? { mean: 0, se: 0 };
          return { v: scale * d.mean, lo: scale * (d.mean - Z95 * d.se), hi: scale * (d.mean + Z95 * d.se), colour: ranking.frontier[q] ? COLOURS.frontier : COLOURS.other };
        });
        const height = 70 + 34 * others.length;
        return `<div><h3>${esc(ttl)}</h3>${figure(`diff-${j}`, renderSvg(errorBarOption(others.map((q) => plans[q].name), points, { x: tr(lang, M.diffAxis) }), 500, height, `diff${j}`), esc(ttl))}</div>`;
      });
    L.push(`<div class="figures">${figs.join('\n')}</div>`);
    // every difference, as in comparison.md
    const keys = ['pAnyShortfall', ...items.map((it) => `unmetPhase1.${it.id}`), ...items.map((it) => `unmetLater.${it.id}`), 'shelterOverflow.III', 'unmetExtractions72h', 'rescueSurvivors'];
    L.push(
      `<h3>${t(M.diffTableHeading)}</h3>`,
      htmlTable(
        [t(M.colMetric), ...others.map((q) => esc(plans[q].name))],
        keys.map((k) => [
          esc(k === 'pAnyShortfall' ? tr(lang, M.diffPShort) : keyLabel(k, items, lang)),
          ...others.map((q) => {
            const d = plans[q].vsBaseline[k];
            if (!d) return '–';
            if (d.mean === 0 && d.se === 0) return '0';
            return esc(diffText(d.mean, d.se, k === 'pAnyShortfall' ? 100 : 1)) + (d.distinguishable ? ` <strong>${t(M.yes)}</strong>` : '');
          }),
        ]),
        [false, ...others.map(() => true)],
      ),
    );
  }
  L.push(`<footer>${t(M.cmpFooterFiles)} ${t(M.footer)}</footer>`);
  return page(lang, title, L.join('\n'));
}
