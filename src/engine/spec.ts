/** A compiled run: everything the workers need, as plain data. */
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
  /** Plain data for the run's observers (e.g. the plans to evaluate on every event, model.md §5.4); read by their factory. */
  observe?: unknown;
}
