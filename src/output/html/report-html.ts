/**
 * report.html: the planner's report as one self-contained page, charts drawn on the server as SVG.
 * Pure: the summary (and the region, township statistics, depots and the plan's lists) in, a string out.
 */
import { DEFAULT_LANG, tr, type Lang, type Msg } from '../../core/i18n.js';
import { fmt, pct } from '../../core/format.js';
import type { SizedPlan } from '../../plan/pipeline.js';
import type { Depot } from '../../plan/types.js';
import type { Region } from '../../region/types.js';
import type { MetricSummary } from '../../stats/describe.js';
import { COMMON, HAZARD, METRIC } from '../i18n/common.js';
import { HTML as M } from '../i18n/html.js';
import { isDeterministic, scenarioText, unitName } from '../report.js';
import type { Summary, TownshipStats } from '../summary.js';
import { barChartOption, COLOURS, epChartOption, epCurve, quantilePoints, renderSvg, returnPeriodPoints, type EpSeries } from './charts.js';
import { townshipMap } from './map.js';
import { esc, figure, htmlTable, page } from './page.js';

/** What the report shows of a sized plan beyond summary.plan: current holdings, depots and the lists to buy, form and build. */
export type PlanDetail = Pick<SizedPlan, 'current' | 'depots' | 'lists' | 'checksZh'>;

export interface ReportHtmlExtras {
  /** Depots for the map (the sized plan's, or the region's holdings); none: the map shows townships only. */
  depots?: readonly Depot[];
  /** The sized plan's details, when the scenario has optimize:. */
  plan?: PlanDetail;
  /** Why each metric is not modelled, in the page's language (summary.json keeps English): hazard/coverage.ts metricCoverage(hazards, lang). */
  notModelled?: Record<string, string>;
}

/** People metrics drawn as exceedance curves. */
export const EP_METRICS = ['evacuated', 'displaced', 'sheltered', 'deaths'] as const;

const TIER_ORDER = ['city', 'county', 'township', 'village'] as const;
const TIER_MSG: Record<string, Msg> = { city: M.tierCity, county: M.tierCounty, township: M.tierTownship, village: M.tierVillage, contract: M.tierContract };

export function buildReportHtml(s: Summary, region: Region, towns: TownshipStats[], extras: ReportHtmlExtras = {}, lang: Lang = DEFAULT_LANG): string {
  const t = (m: Msg, v: Record<string, string | number> = {}) => esc(tr(lang, m, v));
  const annual = s.scenario.hazards.every((h) => h.mode === 'annual');
  const drill = isDeterministic(s);
  const depots = extras.depots ?? extras.plan?.depots;
  if (extras.notModelled) s = { ...s, notModelled: extras.notModelled };
  const body: string[] = [];
  body.push(...header(s, lang, annual, drill));
  body.push(...headline(s, lang, annual, drill));
  if (!drill) body.push(...exceedanceSection(s, lang, annual));
  body.push(`<h2>${t(M.mapHeading)}</h2>`, townshipMap(s, region, towns, depots, lang, annual).html);
  if (s.plan) body.push(...planSection(s, extras.plan, lang));
  body.push(`<h2>${t(M.readingHeading)}</h2>`, '<ul>', ...(drill ? [] : [`<li>${t(M.readingBand)}</li>`]), `<li>${t(M.readingModel)}</li>`, `<li>${t(M.readingFiles)}</li>`, `<li>${t(M.readingDocs)}</li>`, '</ul>');
  body.push(`<footer>${t(M.footer)}</footer>`);
  return page(lang, tr(lang, M.reportTitle, { name: scenarioText(s, lang).name }), body.join('\n'));
}

function metricName(lang: Lang, m: string): string {
  return METRIC[m] ? tr(lang, METRIC[m]) : m;
}

function header(s: Summary, lang: Lang, annual: boolean, drill: boolean): string[] {
  const t = (m: Msg, v: Record<string, string | number> = {}) => esc(tr(lang, m, v));
  const r = s.scenario.region;
  const hazards = s.scenario.hazards
    .map((h) => {
      const name = HAZARD[h.type] ? tr(lang, HAZARD[h.type]) : h.type;
      const mode = tr(lang, h.mode === 'annual' ? M.modeAnnual : M.modeScenario);
      const event = h.event ? ` — ${Object.entries(h.event).map(([k, v]) => `${k} = ${v}`).join(', ')}` : '';
      return `${name}, ${mode}${event}`;
    })
    .map(esc)
    .join('<br>');
  const { name, description } = scenarioText(s, lang);
  const L = [`<h1>${t(M.reportTitle, { name })}</h1>`];
  if (description) L.push(`<p class="lead">${esc(description)}</p>`);
  L.push(
    '<dl class="meta">',
    `<dt>${t(M.region)}</dt><dd>${t(M.regionValue, { nameZh: r.nameZh, name: r.name, townships: r.townships, population: fmt(r.population) })}</dd>`,
    `<dt>${t(M.hazards)}</dt><dd>${hazards}</dd>`,
    `<dt>${t(M.trials)}</dt><dd>${esc(fmt(s.scenario.trials))}</dd>`,
    `<dt>${t(M.seed)}</dt><dd>${esc(s.scenario.seed)}</dd>`,
    `<dt>${t(M.scenarioFile)}</dt><dd>${esc(s.scenario.file)}</dd>`,
    '</dl>',
  );
  if (drill) L.push(`<p class="note">${t(M.drillNote)}</p>`);
  else if (!annual) L.push(`<p class="lead">${esc(tr(lang, COMMON.perRealisation))}</p>`);
  return L;
}

/** A count: a whole number with grouping. */
function int(v: number): string {
  return Math.round(v).toLocaleString('en-US');
}

/** A drill's value: whole numbers from 10 up, two significant digits below. */
function value(v: number): string {
  if (v === 0) return '0';
  return Math.abs(v) >= 10 ? fmt(Math.round(v)) : String(Number(v.toPrecision(2)));
}

function peopleRows(s: Summary, which: 'annual' | 'peakEvent', lang: Lang, drill: boolean): string[][] {
  const metrics = ['evacuated', 'displaced', 'sheltered', 'deaths', 'injured', 'trapped'];
  return metrics.map((m) => {
    const x = s[which][m];
    const label = esc(metricName(lang, m));
    if (x === null || x === undefined) return [label, esc(tr(lang, COMMON.notModelled)), ...(drill ? [] : ['', '', '', ''])];
    if (drill) return [label, esc(value(x.mean))];
    return [label, esc(`${fmt(x.mean)} ± ${fmt(x.se)}`), esc(`${fmt(x.p95)} [${fmt(x.quantileCi95.p95[0])}–${fmt(x.quantileCi95.p95[1])}]`), esc(`${fmt(x.p99)} [${fmt(x.quantileCi95.p99[0])}–${fmt(x.quantileCi95.p99[1])}]`), esc(fmt(x.cvar95)), esc(pct(x.pNonzero))];
  });
}

function headline(s: Summary, lang: Lang, annual: boolean, drill: boolean): string[] {
  const t = (m: Msg, v: Record<string, string | number> = {}) => esc(tr(lang, m, v));
  const head = drill ? [t(M.colMetric), t(M.colValue)] : [t(M.colMetric), t(M.colMean), t(M.colP95), t(M.colP99), t(M.colCvar), t(M.colPNonzero)];
  const num = head.map((_, i) => i > 0);
  const L = [`<h2>${t(annual ? M.headlineAnnual : drill ? M.headlineDrill : M.headlineScenario)}</h2>`, htmlTable(head, peopleRows(s, 'annual', lang, drill), num)];
  if (annual) L.push(`<h3>${t(M.largestEventTable)}</h3>`, htmlTable(head, peopleRows(s, 'peakEvent', lang, drill), num));
  const notes = ['evacuated', 'displaced', 'sheltered', 'deaths', 'injured', 'trapped'].filter((m) => s.notModelled[m]);
  if (notes.length) L.push(`<p>${t(M.notModelledLead)}</p>`, '<ul>', ...notes.map((m) => `<li>${esc(metricName(lang, m))}: ${t(M.notModelledBecause, { reason: s.notModelled[m] })}</li>`), '</ul>');
  // demand
  const dHead = drill ? [t(M.colItem), t(M.colUnit), t(M.colValue), t(M.colPhase1)] : [t(M.colItem), t(M.colUnit), t(M.colMean), t(M.colP95), t(M.colP99), `${t(M.colPhase1)} p95`];
  const dRows = Object.values(s.demand).map((d) => {
    const name = esc(lang === 'zh' ? d.nameZh : d.nameEn);
    if (drill) return [name, esc(unitName(d.unit, lang)), esc(value(d.mean)), esc(value(d.phase1.mean))];
    return [name, esc(unitName(d.unit, lang)), esc(`${fmt(d.mean)} ± ${fmt(d.se)}`), esc(`${fmt(d.p95)} [${fmt(d.quantileCi95.p95[0])}–${fmt(d.quantileCi95.p95[1])}]`), esc(fmt(d.p99)), esc(fmt(d.phase1.p95))];
  });
  L.push(`<h3>${t(M.epDemand)}</h3>`, htmlTable(dHead, dRows, dHead.map((_, i) => i > 1)));
  return L;
}

/** The series of one metric: annual (AEP) and largest event (OEP) in annual mode, one realisation otherwise. */
function epSeriesOf(s: Summary, m: string, lang: Lang, annual: boolean): EpSeries[] {
  const a = s.annual[m];
  const p = s.peakEvent[m];
  const markers = (x: MetricSummary) => (annual ? returnPeriodPoints(x) : quantilePoints(x));
  const n = s.scenario.trials;
  if (!annual) return a ? [{ name: tr(lang, M.seriesRealisation), colour: COLOURS.annual, curve: epCurve(a, markers(a), n), markers: markers(a) }] : [];
  return [
    ...(a ? [{ name: tr(lang, M.seriesAnnual), colour: COLOURS.annual, curve: epCurve(a, markers(a), n), markers: markers(a) }] : []),
    ...(p ? [{ name: tr(lang, M.seriesLargest), colour: COLOURS.event, dashed: true, curve: epCurve(p, markers(p), n), markers: markers(p) }] : []),
  ];
}

function epFigure(id: string, title: string, unit: string, series: EpSeries[], s: Summary, lang: Lang, annual: boolean): string {
  const t = (m: Msg, v: Record<string, string | number> = {}) => esc(tr(lang, m, v));
  if (series.every((x) => x.curve.length === 0 && x.markers.length === 0)) {
    return `<figure data-chart-empty="${esc(id)}"><h3>${esc(title)}</h3><div class="not-modelled">${t(M.noneExceeded)}</div></figure>`;
  }
  const option = epChartOption(series, { x: tr(lang, M.axisValue, { metric: title, unit }), p: tr(lang, M.axisP), ...(annual ? { returnPeriod: tr(lang, M.axisReturnPeriod) } : {}) });
  return `<div><h3>${esc(title)}</h3>${figure(id, renderSvg(option, 500, 340, id), t(M.epCaption, { metric: title, trials: fmt(s.scenario.trials) }))}</div>`;
}

function exceedanceSection(s: Summary, lang: Lang, annual: boolean): string[] {
  const t = (m: Msg, v: Record<string, string | number> = {}) => esc(tr(lang, m, v));
  const people = EP_METRICS.map((m) => {
    const title = metricName(lang, m);
    if (s.annual[m] === null || s.annual[m] === undefined) {
      return `<figure data-not-modelled="${m}"><h3>${esc(title)}</h3><div class="not-modelled">${t(M.notModelledBecause, { reason: s.notModelled[m] ?? '' })}</div></figure>`;
    }
    return epFigure(`ep-${m}`, title, tr(lang, COMMON.people), epSeriesOf(s, m, lang, annual), s, lang, annual);
  });
  const demand = Object.entries(s.demand)
    .filter(([, d]) => d.mean > 0)
    .map(([id, d]) => {
      const title = lang === 'zh' ? d.nameZh : d.nameEn;
      const markers = annual ? returnPeriodPoints(d) : quantilePoints(d);
      const series: EpSeries[] = [{ name: tr(lang, annual ? M.seriesLargest : M.seriesRealisation), colour: COLOURS.event, curve: epCurve(d, markers, s.scenario.trials), markers }];
      return epFigure(`ep-demand-${id}`, title, unitName(d.unit, lang), series, s, lang, annual);
    });
  return [
    `<h2>${t(M.epHeading)}</h2>`,
    `<p>${t(annual ? M.epLeadAnnual : M.epLeadScenario)}</p>`,
    `<h3>${t(M.epPeople)}</h3>`,
    `<div class="figures">${people.join('\n')}</div>`,
    `<h3>${t(M.epDemand)}</h3>`,
    `<div class="figures">${demand.join('\n')}</div>`,
  ];
}

function statusCell(lang: Lang, status: string, text: string): string {
  const cls = status === 'pass' ? 'pass' : status === 'fail' ? 'fail' : 'nodata';
  const label = tr(lang, status === 'pass' ? M.statusPass : status === 'fail' ? M.statusFail : M.statusNoData);
  const mark = status === 'pass' ? '✔' : status === 'fail' ? '✘' : '–';
  return `<span class="status ${cls}">${mark} ${esc(label)}</span><br>${esc(text)}`;
}

function planSection(s: Summary, detail: PlanDetail | undefined, lang: Lang): string[] {
  const t = (m: Msg, v: Record<string, string | number> = {}) => esc(tr(lang, m, v));
  const p = s.plan!;
  const L: string[] = [`<h2>${t(M.planHeading)}</h2>`];
  const basis = tr(lang, p.basis === 'relocate' ? M.planBasisRelocate : p.basis === 'greenfield' ? M.planBasisGreenfield : M.planBasisTopUp);
  L.push(`<p>${t(M.planLead, { basis, target: p.targetReliability === null ? '–' : pct(p.targetReliability), current: pct(p.evaluation.current.reliability), planned: pct(p.evaluation.sized.reliability) })}</p>`);
  // cost
  const parts = [
    ['stockpiles', M.partStockpiles],
    ['contracts', M.partContracts],
    ['teams', M.partTeams],
    ['shelters', M.partShelters],
  ] as const;
  const c = p.cost;
  L.push(
    `<h3>${t(M.costHeading)}</h3>`,
    htmlTable(
      [t(M.colPart), t(M.colCurrentAnnual), t(M.colAddedOnce), t(M.colAddedAnnual), t(M.colTotalAnnual)],
      [
        ...parts.map(([k, msg]) => [t(msg), esc(fmt(c.byPart[k].current.annual)), esc(fmt(c.byPart[k].added.oneOff)), esc(fmt(c.byPart[k].added.annual)), esc(fmt(c.byPart[k].total.annual))]),
        [`<strong>${t(M.partTotal)}</strong>`, esc(fmt(c.current.annual)), esc(fmt(c.added.oneOff)), esc(fmt(c.added.annual)), esc(fmt(c.total.annual))],
      ],
      [false, true, true, true, true],
    ),
  );
  if (detail) L.push(...stockCharts(s, detail, lang), ...purchaseTotals(detail, lang), ...teamsChart(detail, lang), ...sheltersChart(detail, lang));
  else L.push(`<p class="note">${t(M.planDetailMissing)}</p>`);
  // policy checks
  const n = { pass: 0, fail: 0, noData: 0 };
  const checks = lang === 'zh' && detail?.checksZh ? detail.checksZh : p.policyChecks;
  for (const k of checks) {
    if (k.status === 'pass') n.pass++;
    else if (k.status === 'fail') n.fail++;
    else n.noData++;
  }
  L.push(
    `<h3>${t(M.policyHeading)}</h3>`,
    `<p>${t(M.policyLead, { ...n, total: checks.length })}</p>`,
    `<div data-table="policy">`,
    htmlTable(
      [t(M.colCheck), t(M.colRule), t(M.colCurrent), t(M.colPlanned), t(M.colSource)],
      checks.map((k) => [esc(k.check), esc(k.rule), statusCell(lang, k.currentStatus, k.current), statusCell(lang, k.status, k.planned), `<small>${esc(k.source)}</small>`]),
    ),
    '</div>',
  );
  return L;
}

/** Current and planned stock per item, summed by depot tier, with contracted capacity as its own bar. */
export function stockByTier(s: Summary, d: PlanDetail): { item: string; current: number[]; planned: number[]; tiers: string[] }[] {
  const tierOf = new Map(d.depots.map((x) => [x.id, x.tier]));
  const planned = s.plan!.stockpiles;
  const tiers = [...TIER_ORDER.filter((tr) => d.depots.some((x) => x.tier === tr)), 'contract'];
  return Object.keys(s.demand).map((item) => {
    const sum = (stock: Record<string, Record<string, number>>, tier: string) => Object.entries(stock).reduce((a, [id, q]) => a + (tierOf.get(id) === tier ? (q[item] ?? 0) : 0), 0);
    return {
      item,
      tiers,
      current: tiers.map((tier) => (tier === 'contract' ? (d.current.contracted[item] ?? 0) : sum(d.current.stock, tier))),
      planned: tiers.map((tier) => (tier === 'contract' ? (s.plan!.contracted[item] ?? 0) : sum(planned, tier))),
    };
  });
}

function stockCharts(s: Summary, d: PlanDetail, lang: Lang): string[] {
  const t = (m: Msg, v: Record<string, string | number> = {}) => esc(tr(lang, m, v));
  const figs = stockByTier(s, d).map((x) => {
    const dem = s.demand[x.item];
    const name = lang === 'zh' ? dem.nameZh : dem.nameEn;
    const option = barChartOption(
      x.tiers.map((tier) => tr(lang, TIER_MSG[tier])),
      [
        { name: tr(lang, M.current), colour: COLOURS.current, values: x.current },
        { name: tr(lang, M.planned), colour: COLOURS.planned, values: x.planned },
      ],
      { y: unitName(dem.unit, lang) },
    );
    return figure(`stock-${x.item}`, renderSvg(option, 340, 240, `stock-${x.item}`), t(M.stockCaption, { item: name, unit: unitName(dem.unit, lang) }));
  });
  return [`<h3>${t(M.stockHeading)}</h3>`, `<p>${t(M.stockLead)}</p>`, `<div class="figures" style="grid-template-columns: repeat(auto-fill, minmax(320px, 1fr))">${figs.join('\n')}</div>`];
}

function purchaseTotals(d: PlanDetail, lang: Lang): string[] {
  const t = (m: Msg, v: Record<string, string | number> = {}) => esc(tr(lang, m, v));
  const tiers = [...TIER_ORDER, 'contract'] as const;
  const rows = tiers
    .map((tier) => {
      const lines = d.lists.purchases.filter((p) => p.tier === tier);
      return { tier, n: lines.length, oneOff: lines.reduce((a, p) => a + p.oneOff, 0), annual: lines.reduce((a, p) => a + p.annual, 0) };
    })
    .filter((r) => r.n > 0);
  const total = { n: rows.reduce((a, r) => a + r.n, 0), oneOff: rows.reduce((a, r) => a + r.oneOff, 0), annual: rows.reduce((a, r) => a + r.annual, 0) };
  return [
    `<h3>${t(M.purchaseHeading)}</h3>`,
    htmlTable(
      [t(M.colTier), t(M.colLines), t(M.colOneOff), t(M.colAnnual)],
      [...rows.map((r) => [t(TIER_MSG[r.tier]), esc(int(r.n)), esc(fmt(r.oneOff)), esc(fmt(r.annual))]), [`<strong>${t(M.partTotal)}</strong>`, esc(int(total.n)), esc(fmt(total.oneOff)), esc(fmt(total.annual))]],
      [false, true, true, true],
    ),
  ];
}

function teamsChart(d: PlanDetail, lang: Lang): string[] {
  const t = (m: Msg, v: Record<string, string | number> = {}) => esc(tr(lang, m, v));
  const counties = [...new Set(d.lists.teams.map((l) => l.countyZh))];
  const cur = counties.map((c) => d.lists.teams.filter((l) => l.countyZh === c).reduce((a, l) => a + l.currentMembers, 0));
  const add = counties.map((c) => d.lists.teams.filter((l) => l.countyZh === c).reduce((a, l) => a + l.addMembers, 0));
  const twp = d.lists.teams.reduce((a, l) => a + (l.addTownshipTeams ?? 0), 0);
  const vil = d.lists.teams.reduce((a, l) => a + (l.addVillageTeams ?? 0), 0);
  if (counties.length === 0) return [];
  const option = barChartOption(
    counties,
    [
      { name: tr(lang, M.current), colour: COLOURS.current, values: cur, stack: 'm' },
      { name: tr(lang, M.added), colour: COLOURS.added, values: add, stack: 'm' },
    ],
    { y: tr(lang, M.members) },
    { rotate: counties.length > 6 ? 30 : 0 },
  );
  return [`<h3>${t(M.teamsHeading)}</h3>`, `<p>${t(M.teamsLead, { township: int(twp), village: int(vil) })}</p>`, figure('teams', renderSvg(option, 760, 320, 'teams'), t(M.teamsCaption))];
}

function sheltersChart(d: PlanDetail, lang: Lang): string[] {
  const t = (m: Msg, v: Record<string, string | number> = {}) => esc(tr(lang, m, v));
  const counties = [...new Set(d.lists.shelters.map((l) => l.countyZh))];
  if (counties.length === 0) return [];
  const classes = [...new Set(d.lists.shelters.map((l) => l.shelterClass))];
  const greys = ['#5f5f5f', '#8f8f8f', '#bdbdbd'];
  const oranges = ['#b35806', '#E69F00', '#fdb863'];
  const sum = (c: string, k: string, f: (l: PlanDetail['lists']['shelters'][number]) => number) => d.lists.shelters.filter((l) => l.countyZh === c && l.shelterClass === k).reduce((a, l) => a + f(l), 0);
  const series = [
    ...classes.map((k, j) => ({ name: `${tr(lang, M.current)} ${tr(lang, M.shelterClass, { c: k })}`, colour: greys[j % 3], stack: 'p', values: counties.map((c) => sum(c, k, (l) => l.currentPlaces)) })),
    ...classes.map((k, j) => ({ name: `${tr(lang, M.added)} ${tr(lang, M.shelterClass, { c: k })}`, colour: oranges[j % 3], stack: 'p', values: counties.map((c) => sum(c, k, (l) => l.addPlaces)) })),
  ];
  const option = barChartOption(counties, series, { y: tr(lang, M.places) }, { rotate: counties.length > 6 ? 30 : 0 });
  return [`<h3>${t(M.sheltersHeading)}</h3>`, figure('shelters', renderSvg(option, 760, 340, 'shelters'), t(M.sheltersCaption))];
}
