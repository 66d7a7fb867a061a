/**
 * The year loss table (YLT) and event loss table (ELT) of a run (`sim run --event-tables`): rows
 * recorded by the kernel in the workers, returned with each task's partial as flat Float64Arrays,
 * and handed to the caller in trial order by the engine (run.ts), so the files are the same bytes
 * whatever the worker count, and memory stays bounded by the tasks in flight.
 *
 * YLT row: trial, events, each people metric's trial total (all events), each item's peak-event demand
 * (what summary.json `demand` describes). ELT row: trial, event (index in the trial), hazard entry
 * index, the event's key parameters (columns of every hazard of the run; NaN where another hazard's),
 * each people metric of the event, each item's demand from the event (first days and later).
 *
 * Event parameters are read from the hazard kernels' public state after they emit an event (the
 * kernels are not changed for this): a hazard type without a reader here contributes the event values
 * it declares (HazardModule.eventValues).
 *
 * Nothing here runs or allocates when the option is off (the kernel holds null).
 */
import type { Item } from '../demand/catalogue.js';
import { hazardModule } from '../hazard/registry.js';
import type { HazardConfig, HazardKernel } from '../hazard/types.js';
import type { IntensityField } from '../intensity/types.js';
import { N_PEOPLE, PEOPLE_METRICS } from './layout.js';

/** One event parameter column: its name (prefixed by the hazard type) and how to read it after an event. */
interface ParamReader {
  column: string;
  read(kernel: HazardKernel, field: IntensityField): number;
}

type Loose = Record<string, unknown>;
const num = (v: unknown): number => (typeof v === 'number' ? v : NaN);
const eventOf = (k: HazardKernel): Loose => ((k as unknown as { event?: Loose }).event ?? {});

/** Readers of the built-in hazards' key event parameters. */
const READERS: Record<string, ParamReader[]> = {
  typhoon: [
    { column: 'typhoon_vmax_ms', read: (k) => num(eventOf(k).vmax) },
    { column: 'typhoon_rmax_km', read: (k) => num(eventOf(k).rmaxKm) },
    { column: 'typhoon_heading_deg', read: (k) => num(eventOf(k).headingDeg) },
    { column: 'typhoon_track_offset_km', read: (k) => num(eventOf(k).offsetKm) },
    { column: 'typhoon_rain_flooded', read: (_k, f) => (f.event.length > 0 ? f.event[0] : NaN) },
  ],
  earthquake: [
    { column: 'earthquake_magnitude', read: (k) => num(eventOf(k).magnitude) },
    { column: 'earthquake_lat', read: (k) => num(eventOf(k).lat) },
    { column: 'earthquake_lon', read: (k) => num(eventOf(k).lon) },
    { column: 'earthquake_zone', read: (k) => num(eventOf(k).zone) },
    { column: 'earthquake_hour', read: (k) => num(eventOf(k).hour) },
  ],
  flood: [
    {
      column: 'flood_max_return_period_years',
      read: (k) => {
        const t = (k as unknown as { field?: { returnPeriods?: Float64Array } }).field?.returnPeriods;
        if (!t) return NaN;
        let m = NaN;
        for (let i = 0; i < t.length; i++) if (Number.isFinite(t[i]) && !(t[i] <= m)) m = t[i];
        return m;
      },
    },
    {
      column: 'flood_max_depth_m',
      read: (_k, f) => {
        let m = 0;
        for (let i = 0; i < f.nSites; i++) if (f.values[i] > m) m = f.values[i];
        return m;
      },
    },
  ],
  fire: [
    { column: 'fire_township', read: (_k, f) => (f.event.length > 0 ? f.event[0] : NaN) },
    { column: 'fire_area_ha', read: (_k, f) => (f.event.length > 0 ? f.values[f.event[0]] : NaN) },
  ],
};

function readersOf(type: string): ParamReader[] {
  const own = READERS[type];
  if (own) return own;
  return (hazardModule(type).eventValues ?? []).map((name, j) => ({ column: `${type}_${name}`, read: (_k: HazardKernel, f: IntensityField) => (j < f.event.length ? f.event[j] : NaN) }));
}

export interface EventTableColumns {
  ylt: string[];
  elt: string[];
  /** The ELT's event parameter columns (after trial, event, hazard). */
  params: string[];
  /** ELT columns holding a township index (written as the township's code). */
  townshipColumns: string[];
}

/** Column names of both tables for a run with these hazards and items (the same in every thread). */
export function eventTableColumns(hazards: readonly Pick<HazardConfig, 'type'>[], items: readonly Pick<Item, 'id'>[]): EventTableColumns {
  const params: string[] = [];
  for (const t of new Set(hazards.map((h) => h.type))) for (const r of readersOf(t)) params.push(r.column);
  return {
    ylt: ['trial', 'events', ...PEOPLE_METRICS, ...items.map((it) => `${it.id}_peak_event`)],
    elt: ['trial', 'event', 'hazard', ...params, ...PEOPLE_METRICS, ...items.map((it) => it.id)],
    params,
    townshipColumns: params.filter((c) => c === 'fire_township'),
  };
}

/** Rows of a task, row-major, widths as eventTableColumns' ylt and elt. */
export interface EventTableRows {
  ylt: Float64Array;
  elt: Float64Array;
}

/** A growable row buffer: doubles its capacity when full (a task's rows only). */
class Rows {
  data: Float64Array;
  length = 0;
  constructor(
    readonly width: number,
    rows: number,
  ) {
    this.data = new Float64Array(Math.max(1, rows) * width);
  }
  /** Offset of a new row (its cells are 0). */
  add(): number {
    if (this.length + this.width > this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    const o = this.length;
    this.length += this.width;
    return o;
  }
  take(): Float64Array {
    const out = this.data.slice(0, this.length);
    this.length = 0;
    return out;
  }
}

/** What the kernel calls, per event and per trial, when the run records the tables. */
export class EventTableRecorder {
  private readonly readers: number[][];
  private readonly allReaders: ParamReader[];
  private readonly ylt: Rows;
  private readonly elt: Rows;
  private readonly nItems: number;

  constructor(hazards: readonly HazardConfig[], items: readonly Item[], trialsHint: number) {
    const cols = eventTableColumns(hazards, items);
    this.allReaders = [];
    const at = new Map<string, number>();
    for (const t of new Set(hazards.map((h) => h.type)))
      for (const r of readersOf(t)) {
        at.set(r.column, this.allReaders.length);
        this.allReaders.push(r);
      }
    this.readers = hazards.map((h) => readersOf(h.type).map((r) => at.get(r.column)!));
    this.nItems = items.length;
    this.ylt = new Rows(cols.ylt.length, trialsHint);
    this.elt = new Rows(cols.elt.length, trialsHint);
  }

  /** One event: trial, its index in the trial, the hazard entry, its parameters, its people metrics (event vector's first N_PEOPLE) and item demand. */
  event(trial: number, index: number, hazard: number, kernel: HazardKernel, field: IntensityField, metrics: Float64Array, phase1: Float64Array, later: Float64Array): void {
    const o = this.elt.add();
    const d = this.elt.data;
    d[o] = trial;
    d[o + 1] = index;
    d[o + 2] = hazard;
    const p = o + 3;
    d.fill(NaN, p, p + this.allReaders.length);
    for (const r of this.readers[hazard]) d[p + r] = this.allReaders[r].read(kernel, field);
    const m = p + this.allReaders.length;
    for (let k = 0; k < N_PEOPLE; k++) d[m + k] = metrics[k];
    const it = m + N_PEOPLE;
    for (let k = 0; k < this.nItems; k++) d[it + k] = phase1[k] + later[k];
  }

  /** One trial (every trial, with or without events): its totals from the trial's region vector. */
  trial(trial: number, events: number, region: Float64Array, annual: number, demandTotal: number): void {
    const o = this.ylt.add();
    const d = this.ylt.data;
    d[o] = trial;
    d[o + 1] = events;
    for (let k = 0; k < N_PEOPLE; k++) d[o + 2 + k] = region[annual + k];
    for (let k = 0; k < this.nItems; k++) d[o + 2 + N_PEOPLE + k] = region[demandTotal + k];
  }

  /** The rows recorded since the last take (a task's), and an empty recorder. */
  take(): EventTableRows {
    return { ylt: this.ylt.take(), elt: this.elt.take() };
  }
}
