/**
 * Charts for the HTML outputs: ECharts options built from the summary, rendered on the server to
 * static SVG (ECharts' server-side rendering: no JavaScript and no network when the page is viewed).
 * The series builders are pure and tested on their own (test/html.test.ts).
 */
import * as echarts from 'echarts';
import type { MetricSummary } from '../../stats/describe.js';

/**
 * The page's font stack, also used for the text inside the SVGs (system fonts only). Single quotes:
 * ECharts writes it into double-quoted style attributes.
 */
export const FONT_STACK = "'Noto Sans CJK SC', 'Noto Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif";

/** Two-sided 95 % normal quantile. */
export const Z95 = 1.959963984540054;

/** Colours: colour-blind-safe pairs (Okabe–Ito), readable in grey when printed. */
export const COLOURS = { annual: '#0072B2', event: '#D55E00', current: '#999999', planned: '#0072B2', added: '#E69F00', frontier: '#D55E00', other: '#0072B2' };

/** One point of an exceedance-probability curve: P(X ≥ x) = p, with its 95 % band clipped to [0, 1]. */
export interface EpPoint {
  x: number;
  p: number;
  lo: number;
  hi: number;
}

const clip01 = (v: number) => Math.min(1, Math.max(0, v));

/**
 * The exceedance curve of a metric: one point per threshold of `exceedance` (powers of 10) with
 * p > 0, the band p ± 1.96 se clipped to [0, 1]. Points with p = 0 cannot be drawn on a log axis
 * and say only "no trial reached it": left out. `extra` adds points of the same curve read the other
 * way (a value at a given probability: return periods, quantiles) with the binomial s.e. of p over
 * `trials`, so the line passes through them; the result is sorted by x.
 */
export function epCurve(m: MetricSummary, extra: { x: number; p: number }[] = [], trials = 0): EpPoint[] {
  const band = (x: number, p: number, se: number): EpPoint => ({ x, p, lo: clip01(p - Z95 * se), hi: clip01(p + Z95 * se) });
  const pts = m.exceedance.filter((e) => e.p > 0).map((e) => band(e.threshold, e.p, e.se));
  for (const e of extra) if (e.x > 0 && e.p > 0 && trials > 0 && !pts.some((q) => q.x === e.x)) pts.push(band(e.x, e.p, Math.sqrt((e.p * (1 - e.p)) / trials)));
  return pts.sort((a, b) => a.x - b.x || b.p - a.p);
}

/** Return-period values as points (value, 1/T): only those the trial count supports and that are above 0. */
export function returnPeriodPoints(m: MetricSummary): { x: number; p: number; years: number }[] {
  return (m.returnPeriods ?? []).filter((r): r is { years: number; value: number } => r.value !== null && r.value > 0).map((r) => ({ x: r.value, p: 1 / r.years, years: r.years }));
}

/** Quantiles as points (value, 1 − q) with their 95 % intervals: p90, p95, p99 above 0. */
export function quantilePoints(m: MetricSummary): { x: number; p: number; lo: number; hi: number }[] {
  const qs = [
    [m.p90, 0.1, m.quantileCi95.p90],
    [m.p95, 0.05, m.quantileCi95.p95],
    [m.p99, 0.01, m.quantileCi95.p99],
  ] as const;
  return qs.filter(([v]) => v > 0).map(([v, p, ci]) => ({ x: v, p, lo: ci[0], hi: ci[1] }));
}

/** Render an ECharts option to one SVG string. `id` makes the SVG's internal ids and classes unique within the page. */
export function renderSvg(option: echarts.EChartsCoreOption, width: number, height: number, id: string): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: FONT_STACK }, ...option });
    const svg = chart.renderToSVGString();
    // zrender numbers its instances (zr0, zr1, …) per process: replace with the page-unique id, so that
    // the output is the same whatever ran before, and two charts on one page never share an id
    // zrender's class counter runs across instances too: renumber in order of first appearance
    const cls = new Map<string, number>();
    return svg.replace(/\bzr\d+-/g, `${id}-`).replace(new RegExp(`\\b${id}-cls-(\\d+)`, 'g'), (_w, k: string) => {
      if (!cls.has(k)) cls.set(k, cls.size);
      return `${id}-cls-${cls.get(k)}`;
    });
  } finally {
    chart.dispose();
  }
}

/** A curve to draw on an exceedance chart. */
export interface EpSeries {
  name: string;
  colour: string;
  curve: EpPoint[];
  dashed?: boolean;
  /** Return-period (or quantile) values drawn as markers on the curve. */
  markers: { x: number; p: number }[];
}

/** A number for an axis label: whole numbers with grouping (log axes give 99999.99… for 10⁵), others to 3 digits. */
export function axisNumber(v: number): string {
  const r = Math.round(v);
  if (v >= 1 && Math.abs(v - r) <= 1e-9 * v) return r.toLocaleString('en-US');
  return String(Number(v.toPrecision(3)));
}

/**
 * The exceedance chart: x = value (log), left y = exceedance probability (log), right y = return period
 * in years (1/p, the same positions) when `returnPeriodAxis` is given; each series drawn as its line,
 * its 95 % band (a polygon) and its markers.
 */
export function epChartOption(series: EpSeries[], labels: { x: string; p: string; returnPeriod?: string }): echarts.EChartsCoreOption {
  const ps = series.flatMap((s) => [...s.curve.flatMap((c) => [c.p, c.lo]), ...s.markers.map((m) => m.p)]).filter((p) => p > 0);
  const xs = series.flatMap((s) => [...s.curve.map((c) => c.x), ...s.markers.map((m) => m.x)]).filter((x) => x > 0);
  const pMin = Math.pow(10, Math.floor(Math.log10(Math.min(...ps, 1))));
  const yMin = Math.min(pMin, 0.1);
  const xMin = Math.pow(10, Math.floor(Math.log10(Math.min(...xs))));
  const xMax = Math.pow(10, Math.ceil(Math.log10(Math.max(...xs) * 1.0001)));
  const floor = (p: number) => Math.max(p, yMin);
  const out: unknown[] = [];
  series.forEach((s) => {
    if (s.curve.length > 0) {
      const band = [...s.curve.map((c) => [c.x, floor(c.hi)]), ...[...s.curve].reverse().map((c) => [c.x, floor(c.lo)])];
      out.push({
        type: 'custom',
        name: s.name,
        itemStyle: { color: s.colour },
        silent: true,
        z: 1,
        data: [0],
        renderItem: (_params: unknown, api: { coord: (v: number[]) => number[] }) => ({
          type: 'polygon',
          shape: { points: band.map((v) => api.coord(v)) },
          style: { fill: s.colour, opacity: 0.18, stroke: 'none' },
        }),
      });
      out.push({ type: 'line', name: s.name, color: s.colour, z: 3, symbol: 'circle', symbolSize: 6, lineStyle: { width: 2, color: s.colour, type: s.dashed ? 'dashed' : 'solid' }, itemStyle: { color: s.colour }, data: s.curve.map((c) => [c.x, c.p]) });
    }
    if (s.markers.length > 0) {
      out.push({ type: 'scatter', name: s.name, z: 4, symbol: 'diamond', symbolSize: 9, itemStyle: { color: '#fff', borderColor: s.colour, borderWidth: 1.5 }, data: s.markers.map((m) => [m.x, m.p]) });
    }
  });
  const yAxes: unknown[] = [
    { type: 'log', name: labels.p, nameLocation: 'middle', nameGap: 48, min: yMin, max: 1, axisLabel: { formatter: (v: number) => axisNumber(v) }, splitLine: { lineStyle: { color: '#e4e4e4' } } },
  ];
  if (labels.returnPeriod) {
    yAxes.push({
      type: 'log',
      name: labels.returnPeriod,
      nameLocation: 'middle',
      nameGap: 52,
      min: 1,
      max: 1 / yMin,
      inverse: true,
      position: 'right',
      axisLabel: { formatter: (v: number) => axisNumber(v) },
      splitLine: { show: false },
    });
  }
  return {
    grid: { left: 70, right: labels.returnPeriod ? 78 : 24, top: 34, bottom: 52 },
    legend: { top: 4, data: series.filter((s) => s.curve.length > 0).map((s) => ({ name: s.name, icon: 'roundRect' })) },
    xAxis: { type: 'log', name: labels.x, nameLocation: 'middle', nameGap: 30, min: xMin, max: xMax, axisLabel: { formatter: (v: number) => compact(v) }, splitLine: { lineStyle: { color: '#eeeeee' } } },
    yAxis: yAxes,
    series: out,
  };
}

/** A grouped bar chart: categories on x, one bar per series (optionally stacked by `stack`). */
export function barChartOption(categories: string[], series: { name: string; colour: string; values: number[]; stack?: string }[], labels: { y: string }, opts: { rotate?: number } = {}): echarts.EChartsCoreOption {
  return {
    grid: { left: 76, right: 16, top: 36, bottom: opts.rotate ? 70 : 40 },
    legend: { top: 4 },
    xAxis: { type: 'category', data: categories, axisLabel: { interval: 0, rotate: opts.rotate ?? 0 } },
    yAxis: { type: 'value', name: labels.y, nameLocation: 'middle', nameGap: 58, axisLabel: { formatter: (v: number) => compact(v) }, splitLine: { lineStyle: { color: '#e4e4e4' } } },
    series: series.map((s) => ({ type: 'bar', name: s.name, stack: s.stack, itemStyle: { color: s.colour }, barMaxWidth: 28, data: s.values })),
  };
}

/** Short axis numbers: 12,000 → 12k, 3,400,000 → 3.4M. */
export function compact(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e9) return `${Number((v / 1e9).toPrecision(3))}G`;
  if (a >= 1e6) return `${Number((v / 1e6).toPrecision(3))}M`;
  if (a >= 1e4) return `${Number((v / 1e3).toPrecision(3))}k`;
  return axisNumber(v);
}

/**
 * Points with 95 % error bars on a category axis (one row per category): value `v`, interval [lo, hi].
 * Horizontal: the categories run down the y axis, values along x, with a zero line.
 */
export function errorBarOption(categories: string[], points: { v: number; lo: number; hi: number; colour: string }[], labels: { x: string }): echarts.EChartsCoreOption {
  return {
    grid: { left: 170, right: 30, top: 16, bottom: 46 },
    // no fixed bounds: ECharts picks round ones around the intervals (the custom series' encode) and 0 (the mark line)
    xAxis: { type: 'value', name: labels.x, nameLocation: 'middle', nameGap: 28, axisLabel: { formatter: (v: number) => compact(v) }, splitLine: { lineStyle: { color: '#eeeeee' } } },
    yAxis: { type: 'category', data: categories, inverse: true, axisLabel: { width: 160, overflow: 'truncate' } },
    series: [
      {
        type: 'custom',
        name: 'interval',
        encode: { x: [1, 2], y: 0 },
        data: points.map((p, i) => [i, p.lo, p.hi]),
        renderItem: (params: { dataIndex: number }, api: { value: (k: number) => number; coord: (v: number[]) => number[]; size: (v: number[]) => number[] }) => {
          const i = api.value(0);
          const a = api.coord([api.value(1), i]);
          const b = api.coord([api.value(2), i]);
          const h = 6;
          const colour = points[params.dataIndex].colour;
          const style = { stroke: colour, lineWidth: 2 };
          return {
            type: 'group',
            children: [
              { type: 'line', shape: { x1: a[0], y1: a[1], x2: b[0], y2: b[1] }, style },
              { type: 'line', shape: { x1: a[0], y1: a[1] - h, x2: a[0], y2: a[1] + h }, style },
              { type: 'line', shape: { x1: b[0], y1: b[1] - h, x2: b[0], y2: b[1] + h }, style },
            ],
          };
        },
        z: 2,
      },
      {
        type: 'scatter',
        name: 'estimate',
        symbolSize: 9,
        z: 3,
        data: points.map((p, i) => ({ value: [p.v, i], itemStyle: { color: points[i].colour } })),
        markLine: { silent: true, symbol: 'none', lineStyle: { color: '#333', type: 'dashed' }, label: { show: false }, data: [{ xAxis: 0 }] },
      },
      {
        // keeps 0 inside the axis, whatever the signs of the differences
        type: 'scatter',
        name: 'zero',
        silent: true,
        symbolSize: 0,
        data: [[0, 0]],
      },
    ],
  };
}
