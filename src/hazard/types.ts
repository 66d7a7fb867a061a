/**
 * The contract every hazard implements (docs/model.md §2), after CLIMADA's split of
 * hazard, exposure, vulnerability and impact and OpenQuake hazardlib's
 * declared site parameters:
 *
 *   - a hazard **declares** the region attributes it reads (hazard.csv columns,
 *     with units, defaults and sources), the intensity measures it emits at each
 *     site, and the metrics of its own that its impacts add (collapse, burned
 *     area, …): the region loader, the metric layout, summary.json and the
 *     report are built from these declarations;
 *   - its kernel samples events and writes **intensity at each site** into a
 *     preallocated field (HazardKernel);
 *   - its impact model, chosen by the region's data (e.g. the building mix),
 *     turns that field into township impacts (src/impact/, ImpactModel).
 *
 * A new hazard is a folder under src/hazard/ plus one line in registry.ts
 * (docs/adding-a-hazard.md).
 */
import type { Lang, MaybeMsg } from '../core/i18n.js';
import type { RandomSource } from '../core/random.js';
import type { ParamTable, UsedParam } from '../core/params.js';
import type { ImpactModel } from '../impact/types.js';
import type { IntensityField, IntensityMeasure } from '../intensity/types.js';
import type { Region, RegionAttribute } from '../region/types.js';

export type { RegionAttribute } from '../region/types.js';

export type HazardType = string;
export type HazardMode = 'annual' | 'scenario';

/** Receives one event's intensity field. The field is reused: read it, don't keep it. */
export type EventSink = (field: IntensityField) => void;

export interface HazardKernel {
  readonly type: HazardType;
  /**
   * Bind this block's random stream; called once per block of trials.
   * `substream(name)` gives further independent streams of the same block
   * (e.g. for a chained hazard), so optional parts do not shift the main draws.
   */
  beginBlock(source: RandomSource, substream: (name: string) => RandomSource): void;
  /** Sample one trial, calling `emit` once per event with the event's intensity at each site. Allocates nothing. */
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

/**
 * A per-event quantity a hazard's impacts add beyond the people fields every
 * hazard shares (IMPACT). `quantity`: a physical workload or damage measure;
 * `crossCheck`: a second, independent model of a shared quantity, reported
 * beside it and never used for demand; `breakdown`: a part of a shared
 * quantity (e.g. earthquake deaths in one building type), for the report.
 */
export interface HazardMetric {
  name: string;
  unit: string;
  description: string;
  kind: 'quantity' | 'crossCheck' | 'breakdown';
  /** Shown in the report's rescue table with this label (a rescue-relevant quantity): a Msg for both report languages. */
  rescueLabel?: MaybeMsg;
}

/** Events classed by one of the hazard's metrics (e.g. fires by burned area, 森林防火条例 art. 40). */
export interface EventClasses {
  /** The HazardMetric the classes are defined on. */
  metric: string;
  /** Lower bounds of the second, third, … class (a value ≥ bounds[k] is in class k + 1 or above). */
  bounds: readonly number[];
  /** One label per class (bounds.length + 1). */
  labels: readonly string[];
  /** A note printed with the classes (e.g. the season), or ''. */
  note: string;
  source: string;
}

/** What a hazard adds to the report: lines of Markdown from the run's summary, or none. */
export type ReportSection = (s: HazardReportContext) => string[];

/** What a hazard's report section may read: its own and the shared metrics, by name. */
export interface HazardReportContext {
  /** The report's language: a hazard writes its paragraphs as Msg pairs (core/i18n.ts) in its own folder. */
  lang: Lang;
  annualMode: boolean;
  /** A drill: every trial gives the same numbers, so a value is reported, not a mean or quantiles. */
  deterministic: boolean;
  /** Mean, p95, p99 … of every annual metric, by metric name. */
  annual: Record<string, { mean: number; se: number; p95: number; p99: number }>;
  /** Annual people metrics of this hazard's entries (one per entry of this type). */
  byEntry: Record<string, { mean: number }>[];
  /** The classes of `eventClasses`, if declared, with their rates. */
  classes: { class: string; meanPerTrial: number; pAtLeastOne: number }[] | null;
  note: string;
}

/** People fields a hazard may leave out of its model (see HazardModule.notModelled). */
export type ModelledField = 'evacuated' | 'displaced' | 'injured' | 'trapped' | 'deaths';

export interface HazardModule {
  type: HazardType;
  /** Its parameters with their defaults and sources (regional ones take their value from the region's dataset). */
  params: ParamTable;
  /** Keys of a hazard entry beyond type, mode, name, parameters and event that this hazard accepts. */
  extraKeys?: readonly string[];
  /** Region attributes the hazard (or its impact model) reads, loaded by the region loader. */
  attributes?: readonly RegionAttribute[];
  /** Intensity measures its kernel writes at each site, in field order; event-level values in `eventValues`. */
  intensity: readonly IntensityMeasure[];
  eventValues?: readonly string[];
  /** Metrics its impact model writes per event, beyond the shared people fields. */
  metrics?: readonly HazardMetric[];
  eventClasses?: EventClasses;
  /**
   * The shared people fields its model does not compute for this configuration, each with the
   * reason. Outputs show them as "not modelled" (JSON null with the reason), never as 0. A reason is
   * a Msg (both report languages; summary.json takes its English) or a plain string (used as it is).
   */
  notModelled?: (config: HazardConfig) => Partial<Record<ModelledField, MaybeMsg>>;
  /** Hazard-specific paragraphs of the report. */
  report?: ReportSection;
  /**
   * Validate the scenario's entry; `where` is its path (e.g. "hazards[1]"). Throw InputError
   * with messages that start with the full field path ("hazards[1].event.magnitude: expected …, found …")
   * so the loader can point at the line.
   */
  configure(raw: HazardEntry, where: string): HazardConfig;
  /** The event sampler: writes intensity at each site. */
  createKernel(region: Region, config: HazardConfig): HazardKernel;
  /** The impact model for this region (its data selects the vulnerability, e.g. the building mix); `metric(name)` gives a declared metric's slot in the event metric vector. */
  createImpact(region: Region, config: HazardConfig, metric: (name: string) => number): ImpactModel;
}
