/**
 * Observers: what else a run computes from every event, beyond the
 * simulation's own statistics (e.g. evaluating plans, src/plan/observer.ts).
 * The kernel knows them only through this interface: each owns a block of
 * region metrics in every trial's vector, fills it event by event, and the
 * engine accumulates it like any other metric (moments, and histograms where
 * asked). Observers are built from the spec in every worker, so a plug-in
 * names a worker file that builds them too.
 */
import type { RunSpec } from './spec.js';

export interface TrialObserver {
  /** Name of its block in the layout (MetricLayout.observers). */
  readonly name: string;
  /** Region metric slots it owns. */
  readonly width: number;
  /** Per slot: 1 where quantiles are wanted (a histogram), 0 for moments only. */
  readonly histogram: Uint8Array;
  /** One event's township impacts: write this event's contribution into trial[base …]. Allocates nothing. */
  onEvent(impacts: Float64Array, anyTrapped: boolean, trial: Float64Array, base: number): void;
  /** After the trial's last event (only in trials with events), before the trial is accumulated. */
  onTrialEnd?(trial: Float64Array, base: number): void;
}

/** Builds a run's observers from its spec (plain data); the same in every thread. */
export type ObserverFactory = (spec: RunSpec) => TrialObserver[];

/** Observers for a run: the factory, and a worker file whose default export is makeWorker(factory) (engine/worker.ts). */
export interface ObserverPlugin {
  create: ObserverFactory;
  /** URL or path of the compiled worker module. */
  workerFile: string | URL;
}
