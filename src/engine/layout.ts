/**
 * Where each statistic lives in the accumulators.
 * Region metrics: annual totals and peak-event values of METRICS; peak-event
 * demand per item (total and phase 1); peak-event shelter population by
 * class; fires per class; events per hazard; and per hazard the annual and
 * peak values of the people metrics. Township metrics: annual totals of the
 * people metrics per township.
 */
import type { Item } from '../demand/catalogue.js';
import type { HazardType } from '../hazard/types.js';
import { planMetricLayout } from '../plan/evaluate.js';

export const PEOPLE_METRICS = ['evacuated', 'displaced', 'sheltered', 'deaths', 'injured', 'trapped'] as const;
/** Other per-event quantities: collapse, fire, rescue workload and outcome. */
export const EXTRA_METRICS = ['collapsedOccupants', 'burnedHa', 'fireTeamDays', 'rescueTeamHours', 'unmetExtractions72h', 'rescueSurvivors', 'deathsCrossCheck'] as const;
export const METRICS = [...PEOPLE_METRICS, ...EXTRA_METRICS] as const;
export type Metric = (typeof METRICS)[number];
export const N_PEOPLE = PEOPLE_METRICS.length;
export const N_METRICS = METRICS.length;
export const SHELTER_CLASSES = ['I', 'II', 'III'] as const;
export const N_FIRE_CLASSES = 4;

export interface MetricLayout {
  nItems: number;
  nHazards: number;
  annual: number;
  peak: number;
  demandTotal: number;
  demandPhase1: number;
  shelterClass: number;
  fireClass: number;
  events: number;
  /** byHazardAnnual + h·N_PEOPLE + k */
  byHazardAnnual: number;
  byHazardPeak: number;
  /** Plans evaluated in the run, and where their metrics start (planBase + p·planWidth + slot). */
  nPlans: number;
  planBase: number;
  planWidth: number;
  /** Paired differences of each plan's metrics against plan 0 (the baseline): moments only, no histogram. */
  diffBase: number;
  /** Region metrics in all. */
  nRegion: number;
  nTownships: number;
  /** Township metrics in all (N_PEOPLE per township). */
  nTownship: number;
}

export function metricLayout(items: readonly Item[], hazards: readonly HazardType[], nTownships: number, nPlans = 0): MetricLayout {
  const nItems = items.length;
  const nHazards = hazards.length;
  const annual = 0;
  const peak = annual + N_METRICS;
  const demandTotal = peak + N_METRICS;
  const demandPhase1 = demandTotal + nItems;
  const shelterClass = demandPhase1 + nItems;
  const fireClass = shelterClass + SHELTER_CLASSES.length;
  const events = fireClass + N_FIRE_CLASSES;
  const byHazardAnnual = events + nHazards;
  const byHazardPeak = byHazardAnnual + nHazards * N_PEOPLE;
  return {
    nItems,
    nHazards,
    annual,
    peak,
    demandTotal,
    demandPhase1,
    shelterClass,
    fireClass,
    events,
    byHazardAnnual,
    byHazardPeak,
    nPlans,
    planBase: byHazardPeak + nHazards * N_PEOPLE,
    planWidth: planMetricLayout(nItems).width,
    diffBase: byHazardPeak + nHazards * N_PEOPLE + nPlans * planMetricLayout(nItems).width,
    nRegion: byHazardPeak + nHazards * N_PEOPLE + 2 * nPlans * planMetricLayout(nItems).width,
    nTownships,
    nTownship: nTownships * N_PEOPLE,
  };
}
