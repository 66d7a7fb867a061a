/**
 * The interface every hazard implements (model.md §2): from a random stream,
 * the events of one trial, each written as per-township impacts.
 * New hazards are new modules behind this interface, not forks of the pipeline.
 */
import type { RandomSource } from '../core/random.js';
import type { UsedParam } from '../core/params.js';
import type { Region } from '../region/types.js';

export type HazardType = 'typhoon' | 'flood' | 'earthquake' | 'fire';
export type HazardMode = 'annual' | 'scenario';

/** Receives one event's impacts (township-major, IMPACT_FIELDS per township). The buffer is reused: read it, don't keep it. */
export type EventSink = (impacts: Float64Array) => void;

export interface HazardKernel {
  readonly type: HazardType;
  /**
   * Bind this block's random stream; called once per block of trials.
   * `substream(name)` gives further independent streams of the same block
   * (e.g. for a chained hazard), so optional parts do not shift the main draws.
   */
  beginBlock(source: RandomSource, substream: (name: string) => RandomSource): void;
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
  /** Per-township event values keyed by township code (e.g. flood depths), where a hazard takes them. */
  eventByTownship?: Record<string, number>;
  /** Hazard-specific structured settings (e.g. earthquake source zones, chained hazards), validated by the module. */
  settings?: Record<string, unknown>;
  /** What was used, with sources, for the outputs. */
  used: Record<string, UsedParam>;
}

/** A scenario's hazard entry after the common checks (type and mode valid; parameters and event mappings if present). */
export interface HazardEntry {
  mode: HazardMode;
  parameters?: Record<string, unknown>;
  event?: Record<string, unknown>;
  /** Any further keys the module declared in `extraKeys`. */
  [key: string]: unknown;
}

export interface HazardModule {
  type: HazardType;
  /** Keys of a hazard entry beyond type, mode, name, parameters and event that this hazard accepts. */
  extraKeys?: readonly string[];
  /**
   * Validate the scenario's entry; `where` is its path (e.g. "hazards[1]"). Throw InputError
   * with messages that start with the full field path ("hazards[1].event.magnitude: expected …, found …")
   * so the loader can point at the line.
   */
  configure(raw: HazardEntry, where: string): HazardConfig;
  createKernel(region: Region, config: HazardConfig): HazardKernel;
}
