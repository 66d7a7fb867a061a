/** report.md: what a planner reads. What was simulated, the headline numbers with their uncertainty, the policy indicators, the assumptions. */
import type { UsedParam } from '../core/params.js';
import { PEOPLE_METRICS } from '../engine/layout.js';
import type { Region } from '../region/types.js';
import type { MetricSummary } from '../stats/describe.js';
import { fmt, pct, table } from './format.js';
import type { HazardReportDeclarations } from '../hazard/registry.js';
import type { EventClassSummary, Indicator, Summary, TownshipStats } from './summary.js';

const LABEL: Record<string, string> = {
  evacuated: 'Evacuated 转移',
  displaced: 'Displaced 无家可归',
  sheltered: 'In public shelter 集中安置',
  deaths: 'Deaths 死亡',
  injured: 'Injured 受伤',
  trapped: 'Trapped 被困',
};

const NOT_MODELLED = 'not modelled';

function row(label: string, m: MetricSummary | null): string[] {
  if (m === null) return [label, NOT_MODELLED, '', '', '', '', ''];
  return [label, `${fmt(m.mean)} ± ${fmt(m.se)}`, `${fmt(m.p50)}`, `${fmt(m.p95)} [${fmt(m.quantileCi95.p95[0])}–${fmt(m.quantileCi95.p95[1])}]`, `${fmt(m.p99)} [${fmt(m.quantileCi95.p99[0])}–${fmt(m.quantileCi95.p99[1])}]`, fmt(m.cvar95), pct(m.pNonzero)];
}

const HEAD = ['', 'mean ± s.e.', 'p50', 'p95 [95 % CI]', 'p99 [95 % CI]', 'CVaR95', 'P(> 0)'];

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

export function peopleTable(s: Summary, which: 'annual' | 'peakEvent', markdown: boolean): string {
  if (isDeterministic(s)) return table(['', 'value'], PEOPLE_METRICS.map((m) => [markdown ? LABEL[m] : m, s[which][m] === null ? NOT_MODELLED : value(s[which][m]!.mean)]), markdown);
  return table(HEAD, PEOPLE_METRICS.map((m) => row(markdown ? LABEL[m] : m, s[which][m])), markdown);
}

/** One line per people metric that is not modelled (or modelled for some hazards only), with why. */
export function coverageNotes(s: Summary): string[] {
  const out: string[] = [];
  for (const m of PEOPLE_METRICS) {
    if (s.notModelled[m]) out.push(`- ${LABEL[m]}: not modelled — ${s.notModelled[m]}.`);
    else if (s.partiallyModelled[m]) out.push(`- ${LABEL[m]}: ${s.partiallyModelled[m]}.`);
  }
  return out;
}

export function demandTable(s: Summary, markdown: boolean): string {
  if (isDeterministic(s)) {
    return table(
      ['item', 'unit', 'value', 'phase 1 (10 h)'],
      Object.entries(s.demand).map(([id, d]) => [markdown ? `${d.nameZh} ${d.nameEn}` : id, d.unit, value(d.mean), value(d.phase1.mean)]),
      markdown,
    );
  }
  return table(
    ['item', 'unit', 'mean ± s.e.', 'p95 [95 % CI]', 'p99', 'phase 1 (10 h) p95'],
    Object.entries(s.demand).map(([id, d]) => [
      markdown ? `${d.nameZh} ${d.nameEn}` : id,
      d.unit,
      `${fmt(d.mean)} ± ${fmt(d.se)}`,
      `${fmt(d.p95)} [${fmt(d.quantileCi95.p95[0])}–${fmt(d.quantileCi95.p95[1])}]`,
      fmt(d.p99),
      fmt(d.phase1.p95),
    ]),
    markdown,
  );
}

/** `d`: the hazards' report declarations (hazard registry: hazardReportDeclarations()). */
export function buildReport(s: Summary, region: Region, towns: TownshipStats[], d: HazardReportDeclarations): string {
  const annual = s.scenario.hazards.every((h) => h.mode === 'annual');
  return [
    ...whatWasSimulated(s, region, annual),
    ...headlines(s, annual),
    ...rescueSection(s, d),
    ...hazardSections(s, d, annual),
    ...demandSection(s, annual),
    ...indicatorSection(s),
    ...townshipSection(region, towns),
    ...assumptionSection(s),
    ...(isDeterministic(s)
      ? [
          '## How to read the numbers',
          '',
          '- A drill gives one value per quantity: the model\'s central estimate for the specified event, with no sampling spread.',
          '- It does not include the uncertainty of the model itself (the assumptions above, and township populations estimated to ±50 %).',
          '',
        ]
      : [
          '## How to read the uncertainty',
          '',
          '- "± s.e." is the Monte Carlo standard error of the mean: more trials make it smaller.',
          '- Quantile intervals are 95 % confidence intervals from order statistics; they too shrink with more trials.',
          '- None of this includes the uncertainty of the model itself (the assumptions above, and township populations estimated to ±50 %).',
          '',
        ]),
  ].join('\n');
}

function whatWasSimulated(s: Summary, region: Region, annual: boolean): string[] {
  const L: string[] = [];
  L.push(`# ${s.scenario.name}`, '');
  if (s.scenario.description) L.push(s.scenario.description, '');
  L.push('## What was simulated', '');
  L.push(`- Region: ${s.scenario.region.nameZh} ${s.scenario.region.name}, ${s.scenario.region.townships} townships (镇/街道), population ${fmt(s.scenario.region.population)}.`);
  for (const h of s.scenario.hazards) {
    L.push(`- Hazard: ${h.type}, ${h.mode} mode${h.event ? `, event ${Object.entries(h.event).map(([k, v]) => `${k} = ${v}`).join(', ')}` : ''}.`);
  }
  L.push(`- ${fmt(s.scenario.trials)} trials (${annual ? 'each one simulated year' : 'each one realisation of the specified event'}), seed ${s.scenario.seed}. Same scenario and seed give the same numbers on any machine and worker count.`);
  for (const [k, e] of Object.entries(s.events)) {
    if (isDeterministic(s)) L.push(`- Events per trial (${k}): ${e.meanPerTrial}, the same in every trial.`);
    else L.push(`- Events per trial (${k}): ${fmt(e.meanPerTrial, 3)} ± ${fmt(e.se, 3)}; at least one in ${pct(e.pAtLeastOne)} of trials.`);
  }
  const f = s.scenario.region.dataFlags;
  L.push(`- Data caveats: ${f.populationEstimated} of ${region.n} township populations are model estimates (±50 % or more each); ${f.coordinatesFilled} township coordinates and ${f.coastDistFilled} coast distances were filled by a default method (see the dataset's SOURCES.md).`);
  L.push('');
  return L;
}

function headlines(s: Summary, annual: boolean): string[] {
  const L: string[] = [];
  L.push(`## Headline numbers${annual ? ': per year' : ''}`, '');
  const drill = !annual && isDeterministic(s);
  L.push(
    annual
      ? 'Totals over all events of a simulated year.'
      : drill
        ? 'Values for the specified event: a drill, every trial gives the same numbers (every event field is fixed), so there is no spread to report.'
        : 'Totals for the specified event (the parts of it not given in the scenario are sampled, so the trials differ).',
    '',
  );
  L.push(peopleTable(s, 'annual', true), '');
  const notes = coverageNotes(s);
  if (notes.length) L.push('Not modelled is not zero: the model gives no number for these, for the reason given.', '', ...notes, '');
  if (annual) {
    L.push('## Largest single event of the year', '', 'Stockpiles, teams and shelters are sized on the largest event: stock is replenished between events.', '');
    L.push(peopleTable(s, 'peakEvent', true), '');
  }
  if (Object.keys(s.byHazard).length > 1) {
    L.push('## By hazard (mean per trial, and p95)', '');
    L.push(
      table(
        ['hazard', ...PEOPLE_METRICS.map((m) => LABEL[m])],
        Object.entries(s.byHazard).map(([k, h]) => [k, ...PEOPLE_METRICS.map((m) => { const x = h.annual[m]; return x ? `${fmt(x.mean)} (p95 ${fmt(x.p95)})` : NOT_MODELLED; })]),
        true,
      ),
      '',
    );
  }
  return L;
}

function rescueSection(s: Summary, d: HazardReportDeclarations): string[] {
  const L: string[] = [];
  const x = s.annual;
  const rescueRows = d.rescueRows.filter((r) => x[r.metric]);
  if (!x.trapped || !x.rescueTeamHours || !x.rescueSurvivors || !x.unmetExtractions72h) return L;
  if (x.trapped.mean > 0 || rescueRows.some((r) => x[r.metric]!.mean > 0)) {
    L.push('## Rescue (model.md §4.3)', '');
    L.push(`Current teams (dataset holdings/teams.csv): ${fmt(s.rescue.unitsInTownships)} ten-person units stationed in townships and villages, ${fmt(s.rescue.unitsInCountyTeams)} in county teams.`, '');
    const rows: [string, MetricSummary][] = [
      ...rescueRows.map((r): [string, MetricSummary] => [r.label, x[r.metric]!]),
      ['Trapped, needing extraction', x.trapped],
      ['Extraction workload (unit-hours)', x.rescueTeamHours],
      ['Expected survivors among the extracted', x.rescueSurvivors],
      ['Still trapped at 72 h with current teams', x.unmetExtractions72h],
    ];
    const drill = isDeterministic(s);
    L.push(
      drill
        ? table(['for the event', 'value'], rows.map(([label, m]) => [label, value(m.mean)]), true)
        : table(['per year', 'mean ± s.e.', 'p95', 'p99'], rows.map(([label, m]) => [label, `${fmt(m.mean)} ± ${fmt(m.se)}`, fmt(m.p95), fmt(m.p99)]), true),
      '',
    );
  }
  return L;
}

function hazardSections(s: Summary, d: HazardReportDeclarations, annual: boolean): string[] {
  const L: string[] = [];
  const x = s.annual;
  // each hazard's own paragraphs, for the hazards in this scenario
  for (const sec of d.sections) {
    const entries = Object.entries(s.byHazard).filter(([k]) => k === sec.type || k.startsWith(`${sec.type}#`));
    if (entries.length === 0) continue;
    const classes = sec.classesKey ? (s[sec.classesKey] as EventClassSummary | null) : null;
    L.push(...sec.render({ annualMode: annual, deterministic: isDeterministic(s), annual: modelledOnly(x), byEntry: entries.map(([, h]) => modelledOnly(h.annual)), classes: classes?.classes ?? null, note: sec.note }));
  }
  return L;
}

function modelledOnly(x: Record<string, MetricSummary | null>): Record<string, MetricSummary> {
  return Object.fromEntries(Object.entries(x).filter((e): e is [string, MetricSummary] => e[1] !== null));
}

function demandSection(s: Summary, annual: boolean): string[] {
  const L: string[] = [];
  L.push('## Relief demand (largest event)', '', 'Phase 1 is what must arrive within 10 hours (十四五 target: basic living needs met within 10 h): one-off items and the first day of water and food.', '');
  L.push(demandTable(s, true), '');
  if (isDeterministic(s)) {
    L.push(`Shelter area at ${s.shelter.areaPerPersonM2} m² per person (GB 21734-2008): ${fmt(s.shelter.peakAreaM2.p95)} m².`, '');
    L.push(table(['shelter class', 'people'], Object.entries(s.shelter.peakEventByClass).map(([c, m]) => [`class ${c}`, value(m.mean)]), true), '');
  } else {
    L.push(`Shelter area at ${s.shelter.areaPerPersonM2} m² per person (GB 21734-2008): p95 ${fmt(s.shelter.peakAreaM2.p95)} m², p99 ${fmt(s.shelter.peakAreaM2.p99)} m².`, '');
    L.push(table(['shelter class', 'mean', 'p95', 'p99'], Object.entries(s.shelter.peakEventByClass).map(([c, m]) => [`class ${c}`, fmt(m.mean), fmt(m.p95), fmt(m.p99)]), true), '');
  }
  if (annual) {
    const rp = s.peakEvent.sheltered?.returnPeriods ?? [];
    L.push('## Return periods (people in public shelter, largest event of the year)', '');
    L.push(table(['return period', 'people'], rp.map((p) => [`${p.years} years`, p.value === null ? `not supported (${p.note})` : fmt(p.value)]), true), '');
  }
  return L;
}

function indicatorSection(s: Summary): string[] {
  const L: string[] = [];
  if (s.indicators) {
    L.push('## Policy indicators (十四五 national plan)', '');
    const ind = s.indicators;
    L.push(
      table(
        ['indicator', 'value ± s.e.', 'target', 'meets'],
        [
          indicatorRow('Deaths per million residents per year', ind.deathsPerMillionPerYear, 3),
          indicatorRow('Affected per 100,000 residents per year', ind.affectedPer100kPerYear, 1),
        ],
        true,
      ),
      '',
    );
    L.push(`"Affected" here: ${ind.affectedPer100kPerYear.definition}.`, '');
    if (s.notModelled.deaths) L.push(`Deaths are not modelled for this scenario (${s.notModelled.deaths}), so the death indicator cannot be judged.`, '');
    else if (s.partiallyModelled.deaths) L.push(`Deaths: ${s.partiallyModelled.deaths}. Read the death indicator with that in mind.`, '');
  }
  return L;
}

function indicatorRow(label: string, x: Indicator, digits: number): string[] {
  const target = `< ${x.target < 1000 ? x.target : fmt(x.target)}`;
  if (x.value === null) return [label, NOT_MODELLED, target, 'cannot say'];
  return [label, `${fmt(x.value, digits)} ± ${fmt(x.se ?? 0, digits)}`, target, x.meets ? 'yes' : 'no'];
}

function townshipSection(region: Region, towns: TownshipStats[]): string[] {
  const L: string[] = [];
  L.push('## Townships most affected (mean per year, top 10 by people in shelter)', '');
  const top = towns
    .map((t, i) => ({ t, i }))
    .sort((a, b) => b.t.mean.sheltered - a.t.mean.sheltered)
    .slice(0, 10);
  L.push(
    table(
      ['township', 'county', 'population', 'evacuated', 'displaced', 'in shelter (mean)', 'in shelter (p95)'],
      top.map(({ t, i }) => [`${region.nameZhList[i]} ${region.nameEn[i]}`, region.countyZh[i], fmt(region.population[i]), fmt(t.mean.evacuated), fmt(t.mean.displaced), fmt(t.mean.sheltered), fmt(t.p95.sheltered)]),
      true,
    ),
    '',
    'All townships: townships.csv.',
    '',
  );
  return L;
}

function assumptionSection(s: Summary): string[] {
  const L: string[] = [];
  L.push('## Parameters that are assumptions', '', 'These have no published source yet (model.md marks them **assumption**); each can be overridden in the scenario file under `parameters:`.', '');
  const assumptions: string[][] = [];
  const addAssumptions = (group: string, used: Record<string, UsedParam>) => {
    for (const [k, u] of Object.entries(used)) if (u.confidence === 'assumption' || u.overridden) assumptions.push([`${group}.${k}`, JSON.stringify(u.value), u.unit, u.overridden ? 'overridden in the scenario' : u.description]);
  };
  s.parameters.hazards.forEach((u, i) => addAssumptions(`${s.scenario.hazards[i].type}`, u));
  addAssumptions('demand', s.parameters.demand);
  addAssumptions('rescue', s.parameters.rescue);
  L.push(table(['parameter', 'value', 'unit', 'meaning'], assumptions, true), '');
  L.push('All parameters with their sources are in summary.json under `parameters`.', '');
  return L;
}
