/** A compiled run: everything the workers need, as plain data. */
import { contentHash } from '../core/hash.js';
import type { Item } from '../demand/catalogue.js';
import type { DemandParams } from '../demand/params.js';
import type { RescueParams } from '../demand/rescue.js';
import type { HazardConfig } from '../hazard/types.js';
import type { Region } from '../region/types.js';

export interface ReservoirSpec {
  /** Trials kept as a uniform sample of the trials with any demand. */
  uniform: number;
  /** Trials kept with the largest peak-event shelter population (the tail the reliability LP needs). */
  tail: number;
}

export interface RunSpec {
  /** Identifies the spec in a worker's cache. */
  id: string;
  region: Region;
  hazards: HazardConfig[];
  items: Item[];
  demand: DemandParams;
  rescue: RescueParams;
  seed: string;
  trials: number;
  reservoir: ReservoirSpec;
  /**
   * Whether the reservoirs keep each kept trial's peak-event township impacts (n × IMPACT_FIELDS numbers
   * a trial), which only the sizing step reads; false keeps which trials, not their vectors (same
   * choice of trials, a fraction of the memory). Default true.
   */
  trialVectors?: boolean;
  /** Record the year and event loss tables (engine/event-tables.ts); set by runSimulation from RunOptions.onEventTables. */
  eventTables?: boolean;
  /**
   * The pass adds only its observers' metrics (the plan evaluation after sizing): the simulation's own
   * statistics (their moments and histograms, the township metrics, the reservoirs) are left empty,
   * because an earlier pass over the same trials (same seed, same streams) holds them. Default false.
   */
  observersOnly?: boolean;
  /** Plain data for the run's observers (e.g. the plans to evaluate on every event, docs/model.md §5.4); read by their factory. */
  observe?: unknown;
}

/** Numbers kept per reservoir entry: the peak event's township impacts, or none (spec.trialVectors false). */
export function reservoirWidth(spec: RunSpec, impactFields: number): number {
  return spec.trialVectors === false ? 0 : spec.region.n * impactFields;
}

/** The spec of a pass that needs no trial vectors (no sizing reads its reservoirs), with its own worker-cache id. */
export function withoutTrialVectors(spec: RunSpec): RunSpec {
  return spec.trialVectors === false ? spec : { ...spec, id: `${spec.id}|no-vectors`, trialVectors: false };
}

/**
 * SHA-256 of what a pass computes from: region, hazards, items, parameters, reservoirs, the plans it
 * evaluates; not its cache id, seed or trial count (shard files carry those apart, so a mismatch is
 * named). Two specs with the same hash, seed and trials give the same trials, block for block.
 */
export function specHash(spec: RunSpec): string {
  const { id: _id, seed: _seed, trials: _trials, eventTables: _tables, ...rest } = spec;
  return contentHash(rest);
}
