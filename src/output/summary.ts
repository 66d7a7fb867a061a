/**
 * summary.json: the run's statistics in a stable, documented shape.
 * Everything that depends on the machine or the worker count is inside
 * `engine`; everything else is identical for the same scenario and seed.
 */
import type { UsedParam } from '../core/params.js';
import type { Item } from '../demand/catalogue.js';
import type { RunResult } from '../engine/run.js';
import type { PlanSummary, SizedPlan } from '../plan/pipeline.js';
import { N_PEOPLE, PEOPLE_METRICS, SHELTER_CLASSES, slot } from '../engine/layout.js';
import type { MetricCoverage } from '../hazard/coverage.js';
import type { Region } from '../region/types.js';
import type { Scenario } from '../scenario/load.js';
import { describe, MIN_EXCEEDANCES, type MetricSummary } from '../stats/describe.js';
import { REGION_LAYOUT, type HistogramLayout } from '../stats/histogram.js';

/**
 * 2: metrics a scenario does not model are null (with `notModelled`); deathsCrossCheck became deathsSemiEmpirical (issue 10).
 * 3: `averageAnnual` (issue 12): the average annual value of each metric (annual[m].mean, the AAL of
 *    catastrophe models) in annual mode, null in scenario mode (a trial is not a year); the CSVs
 *    beside summary.json round people to whole numbers, and ep.csv, townships.geojson and
 *    depots.geojson are new.
 */
export const SCHEMA_VERSION = 3;

/** Policy targets of the 十四五 national plan (国减发〔2022〕1号; H). */
export const TARGETS = { deathsPerMillionPerYear: 1, affectedPer100kPerYear: 15000 };

export interface Indicator {
  /** null: the metric it is computed from is not modelled in this scenario (see `notModelled`). */
  value: number | null;
  se: number | null;
  target: number;
  meets: boolean | null;
  definition: string;
  source: string;
}

export interface TownshipStats {
  code: string;
  mean: Record<string, number>;
  p95: Record<string, number>;
}

export interface Summary {
  schemaVersion: number;
  scenario: {
    name: string;
    description: string;
    /** The scenario file's name_zh and description_zh, when it gives them. */
    nameZh?: string;
    descriptionZh?: string;
    file: string;
    seed: string;
    trials: number;
    region: { name: string; nameZh: string; townships: number; population: number; dataFlags: Region['flags'] };
    hazards: { type: string; mode: string; event?: Record<string, number> }[];
  };
  /** solverSeconds: wall time of each sizing problem, when the run sized a plan. */
  engine: RunResult['engine'] & { solverSeconds?: Record<string, number> };
  statistics: Record<string, string | number>;
  /**
   * Annual mode: metric → its average annual value (the mean of the year totals, annual[m].mean; the
   * average annual loss of catastrophe models), null where not modelled. Scenario mode: null.
   */
  averageAnnual: Record<string, number | null> | null;
  /** null: a metric no model of this scenario computes (the reason is in `notModelled`). */
  annual: Record<string, MetricSummary | null>;
  peakEvent: Record<string, MetricSummary | null>;
  /** Metric → why it is not modelled in this scenario (its value is null everywhere). */
  notModelled: Record<string, string>;
  /** Metric → which hazards of the scenario it leaves out (the value covers the others). */
  partiallyModelled: Record<string, string>;
  demand: Record<string, MetricSummary & { unit: string; nameZh: string; nameEn: string; phase1: MetricSummary }>;
  shelter: { peakEventByClass: Record<string, MetricSummary>; areaPerPersonM2: number; peakAreaM2: { p95: number; p99: number } };
  events: Record<string, { meanPerTrial: number; se: number; pAtLeastOne: number }>;
  byHazard: Record<string, { annual: Record<string, MetricSummary | null>; peakEvent: Record<string, MetricSummary | null>; notModelled: Record<string, string> }>;
  /** Per hazard that declares event classes (e.g. `fire`), keyed by its type: null when the scenario has none of it. */
  [classes: string]: unknown;
  rescue: { unitsInTownships: number; unitsInCountyTeams: number; note: string };
  indicators: { deathsPerMillionPerYear: Indicator; affectedPer100kPerYear: Indicator } | null;
  reservoir: { uniformKept: number; uniformCapacity: number; tailKept: number; tailCapacity: number; trialsWithDemand: number; note: string };
  parameters: { hazards: Record<string, UsedParam>[]; demand: Record<string, UsedParam>; rescue: Record<string, UsedParam> };
  /** The sized plan, when the scenario has `optimize:`. */
  plan?: PlanSummary;
}

/** A hazard's events by class (declared by the hazard: HazardModule.eventClasses). */
export interface EventClassSummary {
  season: string;
  classes: { class: string; meanPerTrial: number; pAtLeastOne: number }[];
}

/** `coverage`: which metrics the scenario's models compute (hazard/coverage.ts metricCoverage). */
export function buildSummary(s: Scenario, region: Region, items: readonly Item[], r: RunResult, scenarioFileShown: string, coverage: MetricCoverage): Summary {
  const l = r.layout;
  const acc = r.acc;
  const n = acc.trials;
  const annualMode = s.hazards.every((h) => h.mode === 'annual');
  const metric = metricOf(r, annualMode);
  const annual: Record<string, MetricSummary | null> = {};
  const peakEvent: Record<string, MetricSummary | null> = {};
  l.metrics.forEach((m, k) => {
    const modelled = coverage.notModelled[m] === undefined;
    annual[m] = modelled ? metric(l.annual + k, true) : null;
    peakEvent[m] = modelled ? metric(l.peak + k, true) : null;
  });
  const keys = hazardKeys(s.hazards.map((h) => h.type));
  const demand: Summary['demand'] = {};
  items.forEach((it, k) => {
    demand[it.id] = { unit: it.unit, nameZh: it.nameZh, nameEn: it.nameEn, ...metric(l.demandTotal + k, true), phase1: metric(l.demandPhase1 + k, false) };
  });
  const peakEventByClass: Record<string, MetricSummary> = {};
  SHELTER_CLASSES.forEach((c, k) => (peakEventByClass[c] = metric(l.shelterClass + k, true)));
  const events: Summary['events'] = {};
  keys.forEach((key, k) => {
    const m = metric(l.events + k, false);
    events[key] = { meanPerTrial: m.mean, se: m.se, pAtLeastOne: m.pNonzero };
  });
  const population = region.population.reduce((a, b) => a + b, 0);
  const shelteredPeak = metric(slot(l, 'peak', 'sheltered'), false);
  return {
    schemaVersion: SCHEMA_VERSION,
    scenario: {
      name: s.name,
      description: s.description,
      ...(s.nameZh ? { nameZh: s.nameZh } : {}),
      ...(s.descriptionZh ? { descriptionZh: s.descriptionZh } : {}),
      file: scenarioFileShown,
      seed: s.seed,
      trials: n,
      region: { name: region.name, nameZh: region.nameZh, townships: region.n, population, dataFlags: region.flags },
      hazards: s.hazards.map((h) => ({ type: h.type, mode: h.mode, ...(h.event ? { event: h.event } : {}) })),
    },
    engine: r.engine,
    statistics: statisticsNotes(annualMode, r.acc.township.layout),
    averageAnnual: annualMode ? Object.fromEntries(l.metrics.map((m) => [m, annual[m]?.mean ?? null])) : null,
    annual,
    peakEvent,
    notModelled: coverage.notModelled,
    partiallyModelled: coverage.partial,
    demand,
    shelter: {
      peakEventByClass,
      areaPerPersonM2: s.demand.shelterAreaPerPersonM2,
      peakAreaM2: { p95: shelteredPeak.p95 * s.demand.shelterAreaPerPersonM2, p99: shelteredPeak.p99 * s.demand.shelterAreaPerPersonM2 },
    },
    events,
    byHazard: byHazardSection(r, coverage, keys, metric),
    ...eventClassSections(r, s, metric),
    rescue: {
      unitsInTownships: region.rescueUnits.reduce((a, b) => a + b, 0),
      unitsInCountyTeams: region.countyRescueUnits.reduce((a, b) => a + b, 0),
      note: 'current teams from the dataset (holdings/teams.csv), in 10-person units; unmetExtractions72h and rescueSurvivors in annual and peakEvent use them (docs/model.md §4.3)',
    },
    indicators: annualMode ? indicatorsOf(annual, metric(slot(l, 'annual', 'evacuated'), false), metric(slot(l, 'annual', 'displaced'), false), coverage.notModelled, population) : null,
    reservoir: {
      uniformKept: acc.uniform.size,
      uniformCapacity: acc.uniform.capacity,
      tailKept: acc.tail.size,
      tailCapacity: acc.tail.capacity,
      trialsWithDemand: acc.region.nonzero[slot(l, 'peak', 'sheltered')],
      note: 'per-township impacts of the peak event of kept trials: a uniform sample (by a hash of the trial index) of the trials with any shelter demand, and the trials with the largest peak-event shelter population; kept in memory for the sizing step',
    },
    parameters: { hazards: s.hazards.map((h) => h.used), demand: s.demandUsed, rescue: s.rescueUsed },
  };
}

type MetricOf = (k: number, returnPeriods: boolean) => MetricSummary;

/** The statistics of region metric k; return periods only in annual mode. */
function metricOf(r: RunResult, annualMode: boolean): MetricOf {
  const acc = r.acc;
  return (k, rp) => describe({ n: acc.trials, sum: acc.sum(k), sumSq: acc.sumSq(k) }, acc.region.view(k), { returnPeriods: rp && annualMode });
}

function statisticsNotes(annualMode: boolean, township: HistogramLayout): Summary['statistics'] {
  return {
    trialMeaning: annualMode ? 'one simulated year' : 'one realisation of the specified event(s)',
    peakEvent: 'the largest single event of a trial, metric by metric (0 in a trial without events)',
    quantiles: `from log-binned histograms: region metrics ±${(50 * (Math.pow(10, 1 / REGION_LAYOUT.binsPerDecade) - 1)).toFixed(2)} %, townships ±${(50 * (Math.pow(10, 1 / township.binsPerDecade) - 1)).toFixed(1)} %; 95 % intervals from binomial order-statistic ranks`,
    cvar95: 'mean of the worst 5 % of trials',
    exceedance: 'P(X ≥ threshold) at powers of 10, with binomial standard errors',
    returnPeriods: annualMode ? `value exceeded on average once in T years; given only where at least ${MIN_EXCEEDANCES} trials exceed it` : 'not given in scenario mode',
  };
}

/** The people metrics of each hazard entry, annual and peak event. */
function byHazardSection(r: RunResult, coverage: MetricCoverage, keys: string[], metric: MetricOf): Summary['byHazard'] {
  const l = r.layout;
  const byHazard: Summary['byHazard'] = {};
  keys.forEach((key, h) => {
    const not = coverage.byEntry[h];
    const a: Record<string, MetricSummary | null> = {};
    const p: Record<string, MetricSummary | null> = {};
    PEOPLE_METRICS.forEach((m, k) => {
      a[m] = not[m] === undefined ? metric(l.byHazardAnnual + h * N_PEOPLE + k, true) : null;
      p[m] = not[m] === undefined ? metric(l.byHazardPeak + h * N_PEOPLE + k, true) : null;
    });
    byHazard[key] = { annual: a, peakEvent: p, notModelled: not };
  });
  return byHazard;
}

/** Event classes of each hazard that declares them (森林防火条例 fire classes: key "fire", the season as `season`); null without that hazard. */
function eventClassSections(r: RunResult, s: Scenario, metric: MetricOf): Record<string, EventClassSummary | null> {
  const out: Record<string, EventClassSummary | null> = {};
  for (const b of r.layout.classes) {
    out[b.hazard] = s.hazards.some((h) => h.type === b.hazard)
      ? { season: b.note, classes: b.labels.map((label, c) => ({ class: label, ...rate(metric(b.base + c, false)) })) }
      : null;
  }
  return out;
}

function rate(m: MetricSummary): { meanPerTrial: number; pAtLeastOne: number } {
  return { meanPerTrial: m.mean, pAtLeastOne: m.pNonzero };
}

/** The 十四五 indicators from the annual statistics (annual mode only). */
function indicatorsOf(annual: Record<string, MetricSummary | null>, evacuated: MetricSummary, displaced: MetricSummary, notModelled: Record<string, string>, population: number): NonNullable<Summary['indicators']> {
  const deaths = annual.deaths;
  // affected = evacuated + displaced (the people §4.2 supplies); SE from the two SEs assuming full correlation (conservative)
  const affMean = evacuated.mean + displaced.mean;
  const affSe = evacuated.se + displaced.se;
  return {
    deathsPerMillionPerYear: {
      value: deaths ? (deaths.mean / population) * 1e6 : null,
      se: deaths ? (deaths.se / population) * 1e6 : null,
      target: TARGETS.deathsPerMillionPerYear,
      meets: deaths ? (deaths.mean / population) * 1e6 < TARGETS.deathsPerMillionPerYear : null,
      definition: deaths ? 'mean annual deaths per million residents' : `mean annual deaths per million residents: not modelled here (${notModelled.deaths})`,
      source: '十四五 national comprehensive disaster prevention and reduction plan (国减发〔2022〕1号): < 1 (H)',
    },
    affectedPer100kPerYear: {
      value: (affMean / population) * 1e5,
      se: (affSe / population) * 1e5,
      target: TARGETS.affectedPer100kPerYear,
      meets: (affMean / population) * 1e5 < TARGETS.affectedPer100kPerYear,
      definition: 'mean annual people evacuated or displaced per 100,000 residents (a narrower count than 受灾人口, which also counts people whose crops or property were hit)',
      source: '十四五 national comprehensive disaster prevention and reduction plan (国减发〔2022〕1号): < 15,000 (H)',
    },
  };
}

/** Keys for per-hazard outputs: the type, with #2, #3… when a type appears more than once. */
export function hazardKeys(types: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return types.map((t) => {
    const k = (seen.get(t) ?? 0) + 1;
    seen.set(t, k);
    return k === 1 ? t : `${t}#${k}`;
  });
}

export function townshipStats(region: Region, r: RunResult): TownshipStats[] {
  const acc = r.acc;
  const l = r.layout;
  const n = acc.trials;
  const out: TownshipStats[] = [];
  for (let i = 0; i < region.n; i++) {
    const mean: Record<string, number> = {};
    const p95: Record<string, number> = {};
    PEOPLE_METRICS.forEach((m, k) => {
      const idx = i * N_PEOPLE + k;
      const global = l.nRegion + idx;
      const d = describe({ n, sum: acc.sum(global), sumSq: acc.sumSq(global) }, acc.township.view(idx), { returnPeriods: false });
      mean[m] = d.mean;
      p95[m] = d.p95;
    });
    out.push({ code: region.code[i], mean, p95 });
  }
  return out;
}

/** The summary with the sized plan: its section last, and the solvers' wall times with the other machine-dependent figures in `engine`. */
export function withPlan(summary: Summary, sized: SizedPlan): Summary {
  return { ...summary, engine: { ...summary.engine, solverSeconds: sized.solverSeconds }, plan: sized.summary };
}
