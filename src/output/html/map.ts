/**
 * The township map of report.html: township points in lon/lat (equirectangular, the aspect corrected
 * by cos(latitude)), sized by population and coloured by a risk grade, with the depots by tier.
 * No boundaries: the datasets have no licensed boundary file. Exactly one mark per township
 * (series 0 of the chart), which the browser test counts.
 */
import { tr, type Lang, type Msg } from '../../core/i18n.js';
import type { Depot } from '../../plan/types.js';
import type { Region } from '../../region/types.js';
import { HTML as M } from '../i18n/html.js';
import type { Summary, TownshipStats } from '../summary.js';
import { esc } from './page.js';
import { renderSvg } from './charts.js';
import type * as echarts from 'echarts';

/**
 * Risk grades, per 1,000 residents (a year, or per realisation of the event): ≥ 10 red, 3–10 orange, 1–3 yellow, < 1 blue.
 * Assumption: no standard grades township risk by people evacuated or displaced per 1,000, so these are display
 * thresholds a half-decade apart (1, 3, 10) for telling townships apart at a glance; the page says they are not
 * official warning levels (红橙黄蓝预警 grade events, not places).
 */
export const RISK_BANDS = [
  { min: 10, colour: '#d7301f', msg: M.bandRed },
  { min: 3, colour: '#fc8d29', msg: M.bandOrange },
  { min: 1, colour: '#f6d32d', msg: M.bandYellow },
  { min: -Infinity, colour: '#3a7dc9', msg: M.bandBlue },
] as const;

export function riskColour(perThousand: number): string {
  return RISK_BANDS.find((b) => perThousand >= b.min)!.colour;
}

/**
 * Mean people evacuated or displaced per 1,000 residents, per township, over the metrics the scenario
 * models (a metric not modelled adds nothing; both not modelled: null, no risk to show).
 */
export function townshipRisk(s: Summary, region: Region, towns: TownshipStats[]): (number | null)[] {
  const modelled = (['evacuated', 'displaced'] as const).filter((m) => s.notModelled[m] === undefined);
  return towns.map((t, i) => (modelled.length === 0 ? null : region.population[i] > 0 ? (1000 * modelled.reduce((a, m) => a + (t.mean[m] ?? 0), 0)) / region.population[i] : 0));
}

const TIERS: { tier: Depot['tier']; symbol: string; size: number; colour: string; msg: Msg }[] = [
  // a five-pointed star
  { tier: 'city', symbol: 'path://M0,-10L2.35,-3.24L9.51,-3.09L3.8,1.24L5.88,8.09L0,4L-5.88,8.09L-3.8,1.24L-9.51,-3.09L-2.35,-3.24Z', size: 20, colour: '#111111', msg: M.depotCity },
  { tier: 'county', symbol: 'rect', size: 11, colour: '#111111', msg: M.depotCounty },
  { tier: 'township', symbol: 'triangle', size: 5, colour: '#444444', msg: M.depotTownship },
  { tier: 'village', symbol: 'diamond', size: 10, colour: '#777777', msg: M.depotVillage },
];

export interface MapResult {
  html: string;
  /** Township marks drawn (one per township). */
  townships: number;
}

/** The map figure (SVG with its legend, grades and caveats) as HTML. */
export function townshipMap(s: Summary, region: Region, towns: TownshipStats[], depots: readonly Depot[] | undefined, lang: Lang, annual: boolean): MapResult {
  const risk = townshipRisk(s, region, towns);
  const n = region.n;
  const lons = [...region.lon, ...(depots ?? []).map((d) => d.lon)].filter(Number.isFinite);
  const lats = [...region.lat, ...(depots ?? []).map((d) => d.lat)].filter(Number.isFinite);
  let [lon0, lon1, lat0, lat1] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
  const padLon = Math.max(0.02, (lon1 - lon0) * 0.06);
  const padLat = Math.max(0.02, (lat1 - lat0) * 0.06);
  [lon0, lon1, lat0, lat1] = [lon0 - padLon, lon1 + padLon, lat0 - padLat, lat1 + padLat];
  const k = Math.cos((((lat0 + lat1) / 2) * Math.PI) / 180);
  // the plot area keeps the equirectangular aspect: width / height = Δlon cos φ / Δlat
  const aspect = ((lon1 - lon0) * k) / (lat1 - lat0);
  const maxW = 900;
  const maxH = 620;
  const plotW = Math.min(maxW, maxH * aspect);
  const plotH = plotW / aspect;
  const margin = { left: 64, right: 20, top: 40, bottom: 48 };
  const width = Math.round(plotW + margin.left + margin.right);
  const height = Math.round(plotH + margin.top + margin.bottom);
  const maxPop = Math.max(1, ...region.population);
  const ranked = risk
    .map((r, i) => ({ r: r ?? 0, i }))
    .sort((a, b) => b.r - a.r)
    .slice(0, 5)
    .map((x) => x.i);
  const name = (i: number) => (lang === 'zh' ? region.nameZhList[i] : region.nameEn[i] || region.nameZhList[i]);
  const townData = Array.from({ length: n }, (_, i) => ({
    name: name(i),
    value: [region.lon[i], region.lat[i], region.population[i]],
    symbolSize: 5 + 22 * Math.sqrt(region.population[i] / maxPop),
    itemStyle: { color: risk[i] === null ? '#bbbbbb' : riskColour(risk[i]!), borderColor: '#333', borderWidth: 0.6, opacity: 0.85 },
    label: risk[i] !== null && ranked.includes(i) ? { show: true, formatter: name(i), position: 'right', fontSize: 11, color: '#222', textBorderColor: '#fff', textBorderWidth: 2 } : { show: false },
  }));
  const series: unknown[] = [{ type: 'scatter', name: tr(lang, M.townships), z: 2, color: '#bbbbbb', labelLayout: { hideOverlap: true }, data: townData }];
  for (const t of TIERS) {
    const ds = (depots ?? []).filter((d) => d.tier === t.tier);
    if (ds.length === 0) continue;
    series.push({
      type: 'scatter',
      name: `${tr(lang, t.msg)} (${ds.length})`,
      z: 3,
      symbol: t.symbol,
      symbolSize: t.size,
      itemStyle: { color: t.tier === 'village' ? 'none' : t.colour, borderColor: t.colour, borderWidth: t.tier === 'village' ? 1 : 0.5 },
      data: ds.map((d) => [d.lon, d.lat]),
    });
  }
  const option: echarts.EChartsCoreOption = {
    grid: { left: margin.left, right: margin.right, top: margin.top, bottom: margin.bottom },
    legend: { top: 6, itemWidth: 14, itemHeight: 10 },
    xAxis: { type: 'value', name: tr(lang, M.lon), nameLocation: 'middle', nameGap: 28, min: lon0, max: lon1, axisLabel: { formatter: (v: number) => v.toFixed(1), showMinLabel: false, showMaxLabel: false }, splitLine: { lineStyle: { color: '#f0f0f0' } } },
    yAxis: { type: 'value', name: tr(lang, M.lat), nameLocation: 'middle', nameGap: 44, min: lat0, max: lat1, axisLabel: { formatter: (v: number) => v.toFixed(1), showMinLabel: false, showMaxLabel: false }, splitLine: { lineStyle: { color: '#f0f0f0' } } },
    series,
  };
  const svg = renderSvg(option, width, height, 'map');
  const f = s.scenario.region.dataFlags;
  const caveats = [
    f.populationEstimated > 0 ? tr(lang, M.caveatPopulation, { k: f.populationEstimated, n }) : '',
    f.coordinatesFilled > 0 ? tr(lang, M.caveatCoordinates, { k: f.coordinatesFilled }) : '',
    f.coastDistFilled > 0 ? tr(lang, M.caveatCoast, { k: f.coastDistFilled }) : '',
    depots ? '' : tr(lang, M.caveatNoDepots),
  ].filter(Boolean);
  const bands = RISK_BANDS.map((b, j) => {
    const a = b.min;
    const upper = j > 0 ? RISK_BANDS[j - 1].min : Infinity;
    return `<li><span class="swatch" style="background:${b.colour}"></span>${esc(tr(lang, b.msg, { a, b: upper }))}</li>`;
  });
  const notModelled = risk.every((r) => r === null) ? `<p class="note">${esc(tr(lang, M.mapRiskNotModelled, { reason: s.notModelled.evacuated ?? s.notModelled.displaced ?? '' }))}</p>` : '';
  const html = [
    `<p>${esc(tr(lang, annual ? M.mapLeadAnnual : M.mapLeadScenario))}</p>`,
    notModelled,
    `<figure data-chart="map" data-townships="${n}">`,
    svg,
    `<figcaption>${esc(tr(lang, M.mapCaption, { n }))}</figcaption>`,
    '</figure>',
    `<ul class="legend"><li><strong>${esc(tr(lang, M.riskPerThousand))}</strong></li>${bands.join('')}</ul>`,
    `<p class="note">${esc(tr(lang, M.bandNote))}</p>`,
    caveats.length ? `<h3>${esc(tr(lang, M.caveatsHeading))}</h3>\n<ul class="caveats">${[...caveats, tr(lang, M.caveatSources)].map((c) => `<li>${esc(c)}</li>`).join('')}</ul>` : '',
  ].filter(Boolean);
  return { html: html.join('\n'), townships: n };
}
