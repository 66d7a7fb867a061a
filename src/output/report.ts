/** report.md: what a planner reads. What was simulated, the headline numbers with their uncertainty, the policy indicators, the assumptions. */
import type { UsedParam } from '../core/params.js';
import { PEOPLE_METRICS } from '../engine/layout.js';
import type { Region } from '../region/types.js';
import type { MetricSummary } from '../stats/describe.js';
import { fmt, pct, table } from './format.js';
import { DEFAULT_LANG, tr, txt, type Lang, type Msg } from '../core/i18n.js';
import { COMMON, HAZARD, UNIT } from './i18n/common.js';
import { EVENT_FIELD, PARAM_UNIT, PEOPLE_LABEL, REPORT as R } from './i18n/report.js';
import type { HazardReportDeclarations } from '../hazard/registry.js';
import type { EventClassSummary, Indicator, Summary, TownshipStats } from './summary.js';

const NOT_MODELLED = COMMON.notModelled;

function label(m: string, lang: Lang): string {
  return PEOPLE_LABEL[m] ? tr(lang, PEOPLE_LABEL[m]) : m;
}

/** A hazard key of summary.json (`flood`, `flood#2`) in `lang`. */
export function hazardName(key: string, lang: Lang): string {
  const [type, n] = key.split('#');
  const name = HAZARD[type] ? tr(lang, HAZARD[type]) : type;
  return lang === 'en' ? key : n ? `${name}#${n}` : name;
}

function row(lbl: string, m: MetricSummary | null, lang: Lang): string[] {
  if (m === null) return [lbl, tr(lang, NOT_MODELLED), '', '', '', '', ''];
  return [lbl, `${fmt(m.mean)} ± ${fmt(m.se)}`, `${fmt(m.p50)}`, `${fmt(m.p95)} [${fmt(m.quantileCi95.p95[0])}–${fmt(m.quantileCi95.p95[1])}]`, `${fmt(m.p99)} [${fmt(m.quantileCi95.p99[0])}–${fmt(m.quantileCi95.p99[1])}]`, fmt(m.cvar95), pct(m.pNonzero)];
}

const head = (lang: Lang) => ['', ...[R.meanSe, R.p50, R.p95Ci, R.p99Ci, R.cvar, R.pNonzero].map((m) => tr(lang, m))];

/**
 * A drill: a scenario whose trials all give the same numbers (every event field fixed, no residuals).
 * It is reported as values, without intervals, CVaR or P(> 0), which would only describe float noise.
 */
export function isDeterministic(s: Summary): boolean {
  if (!s.scenario.hazards.every((h) => h.mode === 'scenario')) return false;
  const same = (m: MetricSummary | null) => m === null || m.sd <= 1e-6 * Math.abs(m.mean) + 1e-9;
  return Object.values(s.annual).every(same) && Object.values(s.demand).every((d) => same(d) && same(d.phase1));
}

/** A drill's value: whole numbers from 10 up, two significant digits below, 0 as 0. */
function value(v: number): string {
  if (v === 0) return '0';
  return Math.abs(v) >= 10 ? fmt(Math.round(v)) : String(Number(v.toPrecision(2)));
}

/** The people table; `markdown`: report.md (labelled rows), else the terminal (metric names in English, labels otherwise). */
export function peopleTable(s: Summary, which: 'annual' | 'peakEvent', markdown: boolean, lang: Lang = 'en'): string {
  const lbl = (m: string) => (markdown || lang !== 'en' ? label(m, lang) : m);
  if (isDeterministic(s)) return table(['', tr(lang, R.value)], PEOPLE_METRICS.map((m) => [lbl(m), s[which][m] === null ? tr(lang, NOT_MODELLED) : value(s[which][m]!.mean)]), markdown);
  return table(head(lang), PEOPLE_METRICS.map((m) => row(lbl(m), s[which][m], lang)), markdown);
}

/** The not-modelled reasons in the report's language (hazard/coverage.ts metricCoverage(…, lang)); default: summary.json's English. */
export interface CoverageText {
  notModelled: Record<string, string>;
  partial: Record<string, string>;
}

/** One line per people metric that is not modelled (or modelled for some hazards only), with why. */
export function coverageNotes(s: Summary, lang: Lang = 'en', cov: CoverageText = { notModelled: s.notModelled, partial: s.partiallyModelled }): string[] {
  const out: string[] = [];
  for (const m of PEOPLE_METRICS) {
    if (cov.notModelled[m]) out.push(tr(lang, R.notModelledLine, { label: label(m, lang), reason: cov.notModelled[m] }));
    else if (cov.partial[m]) out.push(tr(lang, R.partialLine, { label: label(m, lang), reason: cov.partial[m] }));
  }
  return out;
}

function itemName(d: { nameZh: string; nameEn: string }, lang: Lang): string {
  return lang === 'zh' ? d.nameZh : `${d.nameZh} ${d.nameEn}`;
}

/** The scenario's name and description in the report's language: name_zh / description_zh in Chinese where the file gives them. */
export function scenarioText(s: Summary, lang: Lang): { name: string; description: string } {
  const zh = lang === 'zh';
  return { name: (zh && s.scenario.nameZh) || s.scenario.name, description: (zh && s.scenario.descriptionZh) || s.scenario.description };
}

/** An item's unit in the report's language (kit → 套). */
export function unitName(u: string, lang: Lang): string {
  return UNIT[u] ? tr(lang, UNIT[u]) : u;
}

export function demandTable(s: Summary, markdown: boolean, lang: Lang = 'en'): string {
  const name = (id: string, d: { nameZh: string; nameEn: string }) => (markdown ? itemName(d, lang) : lang === 'en' ? id : d.nameZh);
  if (isDeterministic(s)) {
    return table(
      [R.item, R.unit, R.value, R.phase1].map((m) => tr(lang, m)),
      Object.entries(s.demand).map(([id, d]) => [name(id, d), unitName(d.unit, lang), value(d.mean), value(d.phase1.mean)]),
      markdown,
    );
  }
  return table(
    [R.item, R.unit, R.meanSe, R.p95Ci, R.p99, R.phase1P95].map((m) => tr(lang, m)),
    Object.entries(s.demand).map(([id, d]) => [
      name(id, d),
      unitName(d.unit, lang),
      `${fmt(d.mean)} ± ${fmt(d.se)}`,
      `${fmt(d.p95)} [${fmt(d.quantileCi95.p95[0])}–${fmt(d.quantileCi95.p95[1])}]`,
      fmt(d.p99),
      fmt(d.phase1.p95),
    ]),
    markdown,
  );
}

/**
 * `d`: the hazards' report declarations (hazard registry: hazardReportDeclarations()). `cov`: the
 * not-modelled reasons in `lang` (metricCoverage(hazards, lang)); default summary.json's (English).
 */
export function buildReport(s: Summary, region: Region, towns: TownshipStats[], d: HazardReportDeclarations, lang: Lang = DEFAULT_LANG, cov?: CoverageText): string {
  const annual = s.scenario.hazards.every((h) => h.mode === 'annual');
  const given = cov ?? { notModelled: s.notModelled, partial: s.partiallyModelled };
  const refs = (r: Record<string, string>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, docRefs(v)]));
  const c: Ctx = { s, lang, t: (m, v) => tr(lang, m, v), cov: { notModelled: refs(given.notModelled), partial: refs(given.partial) } };
  const t = c.t;
  return [
    ...whatWasSimulated(c, region, annual),
    ...headlines(c, annual),
    ...rescueSection(c, d, region),
    ...hazardSections(c, d, annual),
    ...demandSection(c, annual),
    ...indicatorSection(c),
    ...townshipSection(c, region, towns),
    ...assumptionSection(c),
    ...(isDeterministic(s) ? [t(R.howDrillHead), '', t(R.howDrill1), t(R.howDrill2), ''] : [t(R.howHead), '', t(R.how1), t(R.how2), t(R.how3), '']),
  ].join('\n');
}

/** "docs/model.md §x" in data texts (summary.json keeps them as they are) as the repository path the report can resolve. */
export function docRefs(text: string): string {
  return text.replace(/(?<![\w/])model\.md\b/g, 'docs/model.md');
}

interface Ctx {
  s: Summary;
  lang: Lang;
  t: (m: Msg, v?: Record<string, string | number>) => string;
  cov: CoverageText;
}

function whatWasSimulated({ s, lang, t }: Ctx, region: Region, annual: boolean): string[] {
  const L: string[] = [];
  const { name, description } = scenarioText(s, lang);
  L.push(`# ${name}`, '');
  if (description) L.push(description, '');
  L.push(t(R.simulatedHead), '');
  L.push(t(R.region, { nameZh: s.scenario.region.nameZh, name: s.scenario.region.name, townships: s.scenario.region.townships, population: fmt(s.scenario.region.population) }));
  for (const h of s.scenario.hazards) {
    const field = (k: string) => (lang === 'zh' && EVENT_FIELD[k] ? `${tr(lang, EVENT_FIELD[k])} ${k}` : k);
    const event = h.event ? t(R.hazardEvent, { fields: Object.entries(h.event).map(([k, v]) => `${field(k)} = ${v}`).join(lang === 'zh' ? '，' : ', ') }) : '';
    const mode = h.mode === 'annual' ? R.modeAnnual : h.mode === 'scenario' ? R.modeScenario : null;
    L.push(t(R.hazardLine, { hazard: lang === 'en' ? h.type : hazardName(h.type, lang), mode: mode ? t(mode) : h.mode, event }));
  }
  L.push(t(R.trials, { trials: fmt(s.scenario.trials), meaning: t(annual ? R.trialYear : R.trialEvent), seed: s.scenario.seed }));
  for (const [k, e] of Object.entries(s.events)) {
    const key = hazardName(k, lang);
    if (isDeterministic(s)) L.push(t(R.eventsFixed, { key, n: e.meanPerTrial }));
    else L.push(t(R.events, { key, mean: fmt(e.meanPerTrial, 3), se: fmt(e.se, 3), p: pct(e.pAtLeastOne) }));
  }
  const f = s.scenario.region.dataFlags;
  L.push(t(R.caveats, { estimated: f.populationEstimated, n: region.n, coords: f.coordinatesFilled, coast: f.coastDistFilled, region: regionFolder(region) }));
  L.push('');
  return L;
}

/** The region's folder under datasets/ (where its SOURCES.md is). */
function regionFolder(region: Region): string {
  return region.dir.split(/[\\/]/).filter(Boolean).pop() ?? region.name.toLowerCase();
}

function headlines({ s, lang, t, cov }: Ctx, annual: boolean): string[] {
  const L: string[] = [];
  L.push(t(annual ? R.headlineHeadAnnual : R.headlineHead), '');
  const drill = !annual && isDeterministic(s);
  L.push(t(annual ? R.headlineAnnual : drill ? R.headlineDrill : R.headlineEvent), '');
  L.push(peopleTable(s, 'annual', true, lang), '');
  const notes = coverageNotes(s, lang, cov);
  if (notes.length) L.push(t(R.notModelledLead), '', ...notes, '');
  if (annual) {
    L.push(t(R.largestHead), '', t(R.largestText), '');
    L.push(peopleTable(s, 'peakEvent', true, lang), '');
  }
  if (Object.keys(s.byHazard).length > 1) {
    L.push(t(R.byHazardHead), '');
    L.push(
      table(
        [t(R.hazard), ...PEOPLE_METRICS.map((m) => label(m, lang))],
        Object.entries(s.byHazard).map(([k, h]) => [hazardName(k, lang), ...PEOPLE_METRICS.map((m) => { const x = h.annual[m]; return x ? `${fmt(x.mean)} (p95 ${fmt(x.p95)})` : t(NOT_MODELLED); })]),
        true,
      ),
      '',
    );
  }
  return L;
}

function rescueSection({ s, lang, t }: Ctx, d: HazardReportDeclarations, region: Region): string[] {
  const L: string[] = [];
  const x = s.annual;
  const rescueRows = d.rescueRows.filter((r) => x[r.metric]);
  if (!x.trapped || !x.rescueTeamHours || !x.rescueSurvivors || !x.unmetExtractions72h) return L;
  if (x.trapped.mean > 0 || rescueRows.some((r) => x[r.metric]!.mean > 0)) {
    L.push(t(R.rescueHead), '');
    // no teams.csv: say so, rather than print 0 units as if counted
    L.push(region.tables?.holdings.teams === null ? t(R.rescueTeamsMissing) : t(R.rescueTeams, { township: fmt(s.rescue.unitsInTownships), county: fmt(s.rescue.unitsInCountyTeams) }), '');
    const rows: [string, MetricSummary][] = [
      ...rescueRows.map((r): [string, MetricSummary] => [txt(lang, r.label), x[r.metric]!]),
      [t(R.rescueTrapped), x.trapped],
      [t(R.rescueHours), x.rescueTeamHours],
      [t(R.rescueSurvivors), x.rescueSurvivors],
      [t(R.rescueUnmet), x.unmetExtractions72h],
    ];
    const drill = isDeterministic(s);
    L.push(
      drill
        ? table([t(R.forEvent), t(R.value)], rows.map(([lbl, m]) => [lbl, value(m.mean)]), true)
        : table([t(R.perYear), t(R.meanSe), t(R.p95), t(R.p99)], rows.map(([lbl, m]) => [lbl, `${fmt(m.mean)} ± ${fmt(m.se)}`, fmt(m.p95), fmt(m.p99)]), true),
      '',
    );
  }
  return L;
}

function hazardSections({ s, lang }: Ctx, d: HazardReportDeclarations, annual: boolean): string[] {
  const L: string[] = [];
  const x = s.annual;
  // each hazard's own paragraphs, for the hazards in this scenario
  for (const sec of d.sections) {
    const entries = Object.entries(s.byHazard).filter(([k]) => k === sec.type || k.startsWith(`${sec.type}#`));
    if (entries.length === 0) continue;
    const classes = sec.classesKey ? (s[sec.classesKey] as EventClassSummary | null) : null;
    L.push(...sec.render({ lang, annualMode: annual, deterministic: isDeterministic(s), annual: modelledOnly(x), byEntry: entries.map(([, h]) => modelledOnly(h.annual)), classes: classes?.classes ?? null, note: sec.note }));
  }
  return L;
}

function modelledOnly(x: Record<string, MetricSummary | null>): Record<string, MetricSummary> {
  return Object.fromEntries(Object.entries(x).filter((e): e is [string, MetricSummary] => e[1] !== null));
}

function demandSection({ s, lang, t }: Ctx, annual: boolean): string[] {
  const L: string[] = [];
  L.push(t(R.demandHead), '', t(R.demandText), '');
  L.push(demandTable(s, true, lang), '');
  const cls = (c: string) => t(R.classN, { c });
  if (isDeterministic(s)) {
    L.push(t(R.shelterAreaDrill, { area: s.shelter.areaPerPersonM2, value: fmt(s.shelter.peakAreaM2.p95) }), '');
    L.push(table([t(R.shelterClass), t(R.people)], Object.entries(s.shelter.peakEventByClass).map(([c, m]) => [cls(c), value(m.mean)]), true), '');
  } else {
    L.push(t(R.shelterArea, { area: s.shelter.areaPerPersonM2, p95: fmt(s.shelter.peakAreaM2.p95), p99: fmt(s.shelter.peakAreaM2.p99) }), '');
    L.push(table([t(R.shelterClass), t(R.mean), t(R.p95), t(R.p99)], Object.entries(s.shelter.peakEventByClass).map(([c, m]) => [cls(c), fmt(m.mean), fmt(m.p95), fmt(m.p99)]), true), '');
  }
  if (annual) {
    const rp = s.peakEvent.sheltered?.returnPeriods ?? [];
    L.push(t(R.rpHead), '');
    L.push(table([t(R.rp), t(R.people)], rp.map((p) => [t(R.rpYears, { years: p.years }), p.value === null ? t(R.rpUnsupported, { note: lang === 'en' ? (p.note ?? '') : rpNote(p.note) }) : fmt(p.value)]), true), '');
  }
  return L;
}

/** The reason a return period is not given (stats/describe.ts), in Chinese where it is the known one. */
function rpNote(note: string | undefined): string {
  const m = /needs at least (\d+) trials \(have (\d+)\)/.exec(note ?? '');
  return m ? `至少需要 ${m[1]} 次试验，现有 ${m[2]} 次` : '试验次数不足';
}

function indicatorSection({ s, lang, t, cov }: Ctx): string[] {
  const L: string[] = [];
  if (s.indicators) {
    L.push(t(R.indicatorsHead), '');
    const ind = s.indicators;
    L.push(
      table(
        [R.indicator, R.valueSe, R.target, R.meets].map((m) => t(m)),
        [indicatorRow(t(R.deathsPerMillion), ind.deathsPerMillionPerYear, 3, lang), indicatorRow(t(R.affectedPer100k), ind.affectedPer100kPerYear, 1, lang)],
        true,
      ),
      '',
    );
    L.push(lang === 'en' ? `"Affected" here: ${ind.affectedPer100kPerYear.definition}.` : t(R.affectedDef), '');
    if (cov.notModelled.deaths) L.push(t(R.deathsNotModelled, { reason: cov.notModelled.deaths }), '');
    else if (cov.partial.deaths) L.push(t(R.deathsPartial, { reason: cov.partial.deaths }), '');
  }
  return L;
}

function indicatorRow(lbl: string, x: Indicator, digits: number, lang: Lang): string[] {
  const target = `< ${x.target < 1000 ? x.target : fmt(x.target)}`;
  if (x.value === null) return [lbl, tr(lang, NOT_MODELLED), target, tr(lang, R.cannotSay)];
  return [lbl, `${fmt(x.value, digits)} ± ${fmt(x.se ?? 0, digits)}`, target, tr(lang, x.meets ? R.yes : R.no)];
}

function townshipSection({ lang, t }: Ctx, region: Region, towns: TownshipStats[]): string[] {
  const L: string[] = [];
  L.push(t(R.townsHead), '');
  const top = towns
    .map((tw, i) => ({ tw, i }))
    .sort((a, b) => b.tw.mean.sheltered - a.tw.mean.sheltered)
    .slice(0, 10);
  L.push(
    table(
      [R.township, R.county, R.population, R.evacuated, R.displaced, R.shelterMean, R.shelterP95].map((m) => t(m)),
      top.map(({ tw, i }) => [lang === 'zh' ? region.nameZhList[i] : `${region.nameZhList[i]} ${region.nameEn[i]}`, region.countyZh[i], fmt(region.population[i]), fmt(tw.mean.evacuated), fmt(tw.mean.displaced), fmt(tw.mean.sheltered), fmt(tw.p95.sheltered)]),
      true,
    ),
    '',
    t(R.allTowns),
    '',
  );
  return L;
}

function assumptionSection({ s, lang, t }: Ctx): string[] {
  const L: string[] = [];
  L.push(t(R.assumptionsHead), '', t(R.assumptionsText), '');
  const assumptions: string[][] = [];
  const addAssumptions = (group: string, used: Record<string, UsedParam>) => {
    for (const [k, u] of Object.entries(used)) {
      if (u.confidence === 'assumption' || u.overridden) {
        const unit = lang === 'en' || !PARAM_UNIT[u.unit] ? u.unit : tr(lang, PARAM_UNIT[u.unit]);
        assumptions.push([`${group}.${k}`, JSON.stringify(u.value), unit, u.overridden ? t(R.overridden) : lang === 'en' ? docRefs(u.description) : t(R.assumptionParam)]);
      }
    }
  };
  s.parameters.hazards.forEach((u, i) => addAssumptions(`${s.scenario.hazards[i].type}`, u));
  addAssumptions('demand', s.parameters.demand);
  addAssumptions('rescue', s.parameters.rescue);
  L.push(table([R.parameter, R.value, R.unit, R.meaning].map((m) => t(m)), assumptions, true), '');
  L.push(t(R.allParams), '');
  return L;
}
