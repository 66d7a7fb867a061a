/**
 * Where each statistic lives in the accumulators, built from names once per
 * run: the people metrics, the metrics the registered hazards declare, the
 * rescue metrics; per item the peak-event demand; per declared event
 * classification its classes; events and people metrics per hazard entry;
 * then one block per observer. Township metrics: annual totals of the people
 * metrics per township. Code reads slots through these names, never by
 * position.
 */
import type { Item } from '../demand/catalogue.js';
import { hazardEventClasses, hazardMetrics } from '../hazard/registry.js';
import type { TrialObserver } from './observer.js';
import { InputError } from '../core/errors.js';
import { maxTownshipMetrics, quantileError, townshipLayoutFor, type HistogramLayout } from '../stats/histogram.js';

export const PEOPLE_METRICS = ['evacuated', 'displaced', 'sheltered', 'deaths', 'injured', 'trapped'] as const;
export type PeopleMetric = (typeof PEOPLE_METRICS)[number];
/** Index of each people metric in a township's vector (and the first N_PEOPLE of the event vector). */
export const PEOPLE = Object.fromEntries(PEOPLE_METRICS.map((m, k) => [m, k])) as Readonly<Record<PeopleMetric, number>>;
/** Rescue workload and outcome (docs/model.md §4.3): computed for every hazard from the trapped. */
export const RESCUE_METRICS = ['rescueTeamHours', 'unmetExtractions72h', 'rescueSurvivors'] as const;
export const N_PEOPLE = PEOPLE_METRICS.length;
export const SHELTER_CLASSES = ['I', 'II', 'III'] as const;

/** Every per-event metric, in output order: people, hazards' quantities, rescue, hazards' cross-checks and breakdowns. */
export function metricNames(): string[] {
  return [...PEOPLE_METRICS, ...hazardMetrics('quantity').map((m) => m.name), ...RESCUE_METRICS, ...hazardMetrics('crossCheck').map((m) => m.name), ...hazardMetrics('breakdown').map((m) => m.name)];
}

export interface ClassesBlock {
  hazard: string;
  /** Index of the classified metric in `metrics`. */
  metric: number;
  bounds: readonly number[];
  labels: readonly string[];
  note: string;
  base: number;
}

export interface ObserverBlock {
  name: string;
  base: number;
  width: number;
}

export interface MetricLayout {
  /** Per-event metric names and their index: annual + index, peak + index. */
  metrics: readonly string[];
  metric: Readonly<Record<string, number>>;
  nMetrics: number;
  nItems: number;
  nHazards: number;
  annual: number;
  peak: number;
  demandTotal: number;
  demandPhase1: number;
  shelterClass: number;
  classes: readonly ClassesBlock[];
  events: number;
  /** byHazardAnnual + h·N_PEOPLE + k */
  byHazardAnnual: number;
  byHazardPeak: number;
  observers: readonly ObserverBlock[];
  /** Region metrics [0, nHistogrammed) may have histograms (see `histogram`); the rest have moments only. */
  nHistogrammed: number;
  /** Per region metric: 1 where it gets a histogram. */
  histogram: Uint8Array;
  /** Region metrics in all. */
  nRegion: number;
  nTownships: number;
  /** Township metrics in all (N_PEOPLE per township). */
  nTownship: number;
}

/** Region slot of a metric's annual total or peak-event value, by name. */
export function slot(l: MetricLayout, which: 'annual' | 'peak', name: string): number {
  const k = l.metric[name];
  if (k === undefined) throw new Error(`internal: no metric "${name}"`);
  return (which === 'annual' ? l.annual : l.peak) + k;
}

/** The block of the observer named `name`. */
export function observerBlock(l: MetricLayout, name: string): ObserverBlock {
  const b = l.observers.find((o) => o.name === name);
  if (!b) throw new Error(`internal: no observer "${name}" in this run`);
  return b;
}

export function metricLayout(items: readonly Item[], nHazards: number, nTownships: number, observers: readonly Pick<TrialObserver, 'name' | 'width' | 'histogram'>[] = []): MetricLayout {
  const metrics = metricNames();
  const metric: Record<string, number> = {};
  metrics.forEach((m, k) => (metric[m] = k));
  const nMetrics = metrics.length;
  const nItems = items.length;
  let at = 0;
  const take = (width: number) => {
    const base = at;
    at += width;
    return base;
  };
  const annual = take(nMetrics);
  const peak = take(nMetrics);
  const demandTotal = take(nItems);
  const demandPhase1 = take(nItems);
  const shelterClass = take(SHELTER_CLASSES.length);
  const classes = hazardEventClasses().map((c) => ({ hazard: c.hazard, metric: metric[c.metric], bounds: c.bounds, labels: c.labels, note: c.note, base: take(c.labels.length) }));
  const events = take(nHazards);
  const byHazardAnnual = take(nHazards * N_PEOPLE);
  const byHazardPeak = take(nHazards * N_PEOPLE);
  const own = at;
  const blocks = observers.map((o) => ({ name: o.name, base: take(o.width), width: o.width }));
  const nRegion = at;
  const histogram = new Uint8Array(nRegion);
  histogram.fill(1, 0, own);
  observers.forEach((o, k) => histogram.set(o.histogram, blocks[k].base));
  let nHistogrammed = nRegion;
  while (nHistogrammed > 0 && !histogram[nHistogrammed - 1]) nHistogrammed--;
  return {
    metrics,
    metric,
    nMetrics,
    nItems,
    nHazards,
    annual,
    peak,
    demandTotal,
    demandPhase1,
    shelterClass,
    classes,
    events,
    byHazardAnnual,
    byHazardPeak,
    observers: blocks,
    nHistogrammed,
    histogram,
    nRegion,
    nTownships,
    nTownship: nTownships * N_PEOPLE,
  };
}

/** Most townships a region may have: their histograms must fit TOWNSHIP_BANK_BUDGET at the coarsest township layout. */
export const MAX_TOWNSHIPS = Math.floor(maxTownshipMetrics() / N_PEOPLE);

/**
 * The layout of a region's township histograms (the same in every thread: it depends on the township
 * count only). Regions too large for TOWNSHIP_LAYOUT get coarser bins; beyond MAX_TOWNSHIPS, an InputError.
 */
export function townshipLayout(nTownships: number): HistogramLayout {
  const l = townshipLayoutFor(nTownships * N_PEOPLE);
  if (!l) {
    throw new InputError(
      `region has ${nTownships.toLocaleString('en-US')} townships; at most ${MAX_TOWNSHIPS.toLocaleString('en-US')} are supported: the per-township histograms (township p95s) would not fit in memory even at their coarsest (±${(100 * quantileError({ logMin: -3, binsPerDecade: 10, decades: 10 })).toFixed(0)} %) bins. Split the region, or aggregate villages into townships.`,
    );
  }
  return l;
}
