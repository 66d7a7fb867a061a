/**
 * The interface every hazard implements (model.md §2): from a random stream,
 * the events of one trial, each written as per-township impacts.
 * New hazards are new modules behind this interface, not forks of the pipeline.
 */
import type { RandomSource } from '../core/random.js';
import type { UsedParam } from '../core/params.js';
import type { Region } from '../region/types.js';

export type HazardType = 'typhoon';
export const HAZARD_TYPES: readonly HazardType[] = ['typhoon'];
export type HazardMode = 'annual' | 'scenario';

/** Receives one event's impacts (township-major, IMPACT_FIELDS per township). The buffer is reused: read it, don't keep it. */
export type EventSink = (impacts: Float64Array) => void;

export interface HazardKernel {
  readonly type: HazardType;
  /** Bind this block's random stream; called once per block of trials. */
  beginBlock(source: RandomSource): void;
  /** Sample one trial, calling `emit` once per event. Allocates nothing. */
  sampleTrial(emit: EventSink): void;
}

/** A validated hazard entry of a scenario: plain data, sent to the workers. */
export interface HazardConfig {
  type: HazardType;
  mode: HazardMode;
  /** Resolved parameter values by name. */
  params: Record<string, number | number[]>;
  /** Scenario mode: the given parts of the event (missing parts are sampled). */
  event?: Record<string, number>;
  /** What was used, with sources, for the outputs. */
  used: Record<string, UsedParam>;
}

export interface HazardModule {
  type: HazardType;
  /** Validate the scenario's entry (already checked for type and mode); `where` names the field for errors. */
  configure(raw: { mode: HazardMode; parameters?: Record<string, unknown>; event?: Record<string, unknown> }, where: string): HazardConfig;
  createKernel(region: Region, config: HazardConfig): HazardKernel;
}
