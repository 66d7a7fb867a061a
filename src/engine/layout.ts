/**
 * Where each statistic lives in the accumulators. Region metrics: annual
 * totals, peak-event values, peak-event demand per item (total and phase 1),
 * peak-event shelter population by class, events per hazard. Township
 * metrics: annual totals of the people metrics per township.
 */
import type { Item } from '../demand/catalogue.js';
import type { HazardType } from '../hazard/types.js';

export const PEOPLE_METRICS = ['evacuated', 'displaced', 'sheltered', 'deaths', 'injured', 'trapped'] as const;
export type PeopleMetric = (typeof PEOPLE_METRICS)[number];
export const N_PEOPLE = PEOPLE_METRICS.length;
export const SHELTER_CLASSES = ['I', 'II', 'III'] as const;

export interface MetricLayout {
  nItems: number;
  nHazards: number;
  annual: number;
  peak: number;
  demandTotal: number;
  demandPhase1: number;
  shelterClass: number;
  events: number;
  /** Region metrics in all. */
  nRegion: number;
  nTownships: number;
  /** Township metrics in all (N_PEOPLE per township). */
  nTownship: number;
  /** Peak-tracked region metrics are contiguous: peak .. events-1. */
  nPeakTracked: number;
}

export function metricLayout(items: readonly Item[], hazards: readonly HazardType[], nTownships: number): MetricLayout {
  const nItems = items.length;
  const annual = 0;
  const peak = annual + N_PEOPLE;
  const demandTotal = peak + N_PEOPLE;
  const demandPhase1 = demandTotal + nItems;
  const shelterClass = demandPhase1 + nItems;
  const events = shelterClass + SHELTER_CLASSES.length;
  return {
    nItems,
    nHazards: hazards.length,
    annual,
    peak,
    demandTotal,
    demandPhase1,
    shelterClass,
    events,
    nRegion: events + hazards.length,
    nTownships,
    nTownship: nTownships * N_PEOPLE,
    nPeakTracked: events - peak,
  };
}
