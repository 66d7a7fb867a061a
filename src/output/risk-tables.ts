/**
 * Standard risk outputs under the names catastrophe-model users know (Oasis LMF, OpenQuake):
 *
 *   ep.csv   exceedance-probability curves: per people metric and relief item, the value exceeded with
 *            probability p = 1/T in a year, for the return periods T of RETURN_PERIODS, with its 95 %
 *            interval from the binomial ranks of the order statistics (as every quantile of summary.json).
 *            AEP (aggregate exceedance probability) reads the year's total of all events (summary.json
 *            `annual`); OEP (occurrence exceedance probability) the year's largest event (`peakEvent`).
 *            Relief items have OEP only: demand is sized for the largest event of a trial.
 *            In scenario mode a trial is one realisation of the given event(s), not a year: the
 *            perspective says so and there are no return periods, only probabilities per realisation.
 *            A drill (every trial the same numbers) has one row per metric, its value, and a note.
 *            Empty cells: too few trials beyond the value (fewer than MIN_EXCEEDANCES expected), or the
 *            metric is not modelled in this scenario (the note says why).
 *   ylt.csv  year loss table (--event-tables): one row per trial, the trial's aggregate of each metric.
 *   elt.csv  event loss table (--event-tables): one row per event, with the parameters its hazard sampled.
 */
import type { Item } from '../demand/catalogue.js';
import type { RunResult } from '../engine/run.js';
import { PEOPLE_METRICS } from '../engine/layout.js';
import type { MetricCoverage } from '../hazard/coverage.js';
import { MIN_EXCEEDANCES, quantileWithCi, RETURN_PERIODS } from '../stats/describe.js';
import type { HistogramView } from '../stats/histogram.js';
import { csvHeader, csvRows, toCsv, type CsvCell, type CsvKinds } from './csv.js';
import type { EventTableColumns, EventTableRows } from '../engine/event-tables.js';
import type { HazardConfig } from '../hazard/types.js';
import type { Region } from '../region/types.js';
import { InputError } from '../core/errors.js';
import { hazardKeys } from './summary.js';

export const EP_HEADER = ['metric', 'metric_kind', 'unit', 'perspective', 'return_period_years', 'exceedance_probability', 'value', 'ci95_low', 'ci95_high', 'trials', 'note'];

export interface EpMetric {
  name: string;
  kind: 'people' | 'relief item';
  unit: string;
  /** Per-trial aggregate (all events): AEP; null where the metric has no such total (relief items). */
  aggregate: HistogramView | null;
  /** Per-trial largest event: OEP. */
  occurrence: HistogramView;
  /** Why the metric is not modelled in this scenario, if it is not. */
  notModelled?: string;
  /** The trials' mean (a drill's single value). */
  mean: number;
}

export interface EpOptions {
  trials: number;
  /** Every hazard in annual mode: a trial is a year. */
  annual: boolean;
  /** A drill: every trial gives the same numbers. */
  drill: boolean;
}

/** The rows of ep.csv (EP_HEADER order). */
export function epRows(metrics: readonly EpMetric[], o: EpOptions): CsvCell[][] {
  const n = o.trials;
  const rows: CsvCell[][] = [];
  for (const m of metrics) {
    if (o.drill) {
      const nm = m.notModelled;
      rows.push([m.name, m.kind, m.unit, 'drill', null, null, nm ? null : m.mean, null, null, n, nm ? `not modelled: ${nm}` : 'a drill: every trial gives the same value, so there is no curve']);
      continue;
    }
    const curves: [string, HistogramView | null][] = o.annual
      ? [
          ['AEP', m.aggregate],
          ['OEP', m.occurrence],
        ]
      : [
          ['per realisation, all events', m.aggregate],
          ['per realisation, largest event', m.occurrence],
        ];
    for (const [perspective, h] of curves) {
      if (!h) continue;
      for (const T of RETURN_PERIODS) {
        const p = 1 / T;
        const head: CsvCell[] = [m.name, m.kind, m.unit, perspective, o.annual ? T : null, p];
        if (m.notModelled !== undefined) {
          rows.push([...head, null, null, null, n, `not modelled: ${m.notModelled}`]);
        } else if (n * p < MIN_EXCEEDANCES) {
          rows.push([...head, null, null, null, n, `needs at least ${MIN_EXCEEDANCES * T} trials (have ${n})`]);
        } else {
          const q = quantileWithCi(h, n, 1 - p);
          rows.push([...head, q.value, q.ci95[0], q.ci95[1], n, null]);
        }
      }
    }
  }
  return rows;
}

/** The metrics of ep.csv from a run: the people metrics, then the relief items. */
export function epMetrics(r: RunResult, items: readonly Item[], coverage: MetricCoverage): EpMetric[] {
  const l = r.layout;
  const acc = r.acc;
  const n = acc.trials;
  const mean = (slot: number) => (n > 0 ? acc.sum(slot) / n : 0);
  const out: EpMetric[] = PEOPLE_METRICS.map((name) => {
    const k = l.metric[name];
    return { name, kind: 'people', unit: 'persons', aggregate: acc.region.view(l.annual + k), occurrence: acc.region.view(l.peak + k), notModelled: coverage.notModelled[name], mean: mean(l.annual + k) };
  });
  items.forEach((it, k) => out.push({ name: it.id, kind: 'relief item', unit: it.unit, aggregate: null, occurrence: acc.region.view(l.demandTotal + k), mean: mean(l.demandTotal + k) }));
  return out;
}

/** ep.csv (see the top of this file). */
export function epCsv(r: RunResult, items: readonly Item[], coverage: MetricCoverage, o: Omit<EpOptions, 'trials'>): string {
  return toCsv(EP_HEADER, epRows(epMetrics(r, items, coverage), { ...o, trials: r.acc.trials }), { trials: 'int', value: 'count', ci95_low: 'count', ci95_high: 'count' });
}

/**
 * Most trials --event-tables accepts: the tables are streamed (memory stays flat), but ylt.csv takes
 * about 100 bytes a trial and elt.csv 200 bytes an event, so 2 million trials are a few hundred MB each.
 */
export const MAX_EVENT_TABLE_TRIALS = 2_000_000;

export function checkEventTableTrials(trials: number): void {
  if (trials > MAX_EVENT_TABLE_TRIALS) {
    throw new InputError(`--event-tables: expected at most ${MAX_EVENT_TABLE_TRIALS.toLocaleString('en-US')} trials (ylt.csv and elt.csv grow by a row a trial and a row an event: several GB beyond that), found ${trials.toLocaleString('en-US')}; lower --trials for the tables`);
  }
}

interface Sink {
  write(text: string): void;
  close(): void;
}

/** ylt.csv and elt.csv written as the rows come (in trial order, from runSimulation's onEventTables). */
export interface EventTableWriter {
  add(rows: EventTableRows): void;
  close(): void;
}

/** `cols`: engine/event-tables.ts eventTableColumns of the run (the engine's row layout). */
export function eventTableWriter(open: (name: string) => Sink, cols: EventTableColumns, hazards: readonly HazardConfig[], region: Pick<Region, 'code'>, notModelled: Readonly<Record<string, string>>): EventTableWriter {
  const keys = hazardKeys(hazards.map((h) => h.type));
  const people = new Set<string>(PEOPLE_METRICS);
  const exact = (names: readonly string[]): CsvKinds => Object.fromEntries(names.filter((c) => people.has(c) || !['trial', 'event', 'events', 'hazard'].includes(c)).map((c) => [c, 'exact' as const]));
  const yltKinds = exact(cols.ylt);
  const eltKinds: CsvKinds = { ...exact(cols.elt), ...Object.fromEntries(cols.params.map((c) => [c, 'auto' as const])) };
  const ylt = open('ylt.csv');
  const elt = open('elt.csv');
  ylt.write(csvHeader(cols.ylt));
  elt.write(csvHeader(cols.elt));
  const yltWidth = cols.ylt.length;
  const eltWidth = cols.elt.length;
  // a metric not modelled in this scenario: an empty cell, never a 0
  const blankY = cols.ylt.map((c) => people.has(c) && notModelled[c] !== undefined);
  const blankE = cols.elt.map((c) => people.has(c) && notModelled[c] !== undefined);
  const township = cols.elt.map((c) => cols.townshipColumns.includes(c));
  const cell = (v: number, blank: boolean): CsvCell => (blank || Number.isNaN(v) ? null : v);
  return {
    add(r) {
      const yr: CsvCell[][] = [];
      for (let o = 0; o < r.ylt.length; o += yltWidth) {
        const row: CsvCell[] = new Array(yltWidth);
        for (let k = 0; k < yltWidth; k++) row[k] = cell(r.ylt[o + k], blankY[k]);
        yr.push(row);
      }
      ylt.write(csvRows(cols.ylt, yr, yltKinds));
      const er: CsvCell[][] = [];
      for (let o = 0; o < r.elt.length; o += eltWidth) {
        const row: CsvCell[] = new Array(eltWidth);
        for (let k = 0; k < eltWidth; k++) {
          const v = r.elt[o + k];
          row[k] = k === 2 ? keys[v] : township[k] && !Number.isNaN(v) ? region.code[v] : cell(v, blankE[k]);
        }
        er.push(row);
      }
      elt.write(csvRows(cols.elt, er, eltKinds));
    },
    close() {
      ylt.close();
      elt.close();
    },
  };
}
