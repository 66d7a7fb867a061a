/**
 * Typhoon wind impacts at one township (docs/model.md §2.1):
 *   evacuated = population × exposed share × clamp((V − 17.2)/(32.7 − 17.2), 0, 1)
 *   displaced = population × f(V) (Emanuel damage ratio taken as the uninhabitable share: assumption), shelter class III.
 *   housesDestroyed = displaced ÷ persons per household: houses (counted as households) destroyed or
 *     damaged beyond use by wind, collapsed and severely damaged together (the Emanuel ratio does not split them).
 * The wind model gives no casualties (not modelled: no sourced rate); deaths and trapped people come from the flood chain.
 *
 * With the rain-flood chain (docs/model.md §2.1, last item) the storm is one event:
 * per township each impact is the larger of wind and flood (people counted
 * once); displaced people keep the shelter classes of the hazard that displaced more.
 */
import type { IntensityField } from '../intensity/types.js';
import type { Region } from '../region/types.js';
import { emanuelDamage } from './emanuel.js';
import { FloodImpact, type FloodExposureParams, type FloodImpactParams } from './flood.js';
import { clearTownship, IMPACT, IMPACT_FIELDS, newImpactBuffer, type ImpactModel, type RowList } from './types.js';

export interface TyphoonImpactParams {
  vHalfMs: number;
  vThreshMs: number;
  evacuationStartMs: number;
  evacuationFullMs: number;
  exposedShareCoastal: number;
  exposedShareInland: number;
  personsPerHousehold: number;
}

export function writeTyphoonImpacts(out: Float64Array, township: number, windMs: number, population: number, exposedShare: number, p: Omit<TyphoonImpactParams, 'exposedShareCoastal' | 'exposedShareInland'>): void {
  const o = township * IMPACT_FIELDS;
  clearTownship(out, township);
  if (windMs > 0) {
    const e = (windMs - p.evacuationStartMs) / (p.evacuationFullMs - p.evacuationStartMs);
    out[o + IMPACT.evacuated] = population * exposedShare * (e < 0 ? 0 : e > 1 ? 1 : e);
  }
  out[o + IMPACT.displacedIII] = population * emanuelDamage(windMs, p.vHalfMs, p.vThreshMs);
}

/** Fields where the chained event takes the larger of wind and flood, township by township. */
const CHAIN_MAX_FIELDS = [IMPACT.evacuated, IMPACT.injured, IMPACT.trapped, IMPACT.deaths, IMPACT.rescueTeamHours] as const;

/** One storm's impacts into `w` (wind impacts already there) combined with its flood's impacts `f`. */
export function combineChainedFlood(w: Float64Array, f: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const o = i * IMPACT_FIELDS;
    const fd = f[o + IMPACT.displacedI] + f[o + IMPACT.displacedII] + f[o + IMPACT.displacedIII];
    const wd = w[o + IMPACT.displacedI] + w[o + IMPACT.displacedII] + w[o + IMPACT.displacedIII];
    if (fd > wd) {
      w[o + IMPACT.displacedI] = f[o + IMPACT.displacedI];
      w[o + IMPACT.displacedII] = f[o + IMPACT.displacedII];
      w[o + IMPACT.displacedIII] = f[o + IMPACT.displacedIII];
    }
    for (let j = 0; j < CHAIN_MAX_FIELDS.length; j++) {
      const k = o + CHAIN_MAX_FIELDS[j];
      if (f[k] > w[k]) w[k] = f[k];
    }
  }
}

/**
 * Wind impacts from measure `windMeasure` (m/s); with a chained flood, the flood's
 * impacts from measure `floodMeasure` (m) when the event value `floodEventValue` is 1.
 */
export class TyphoonImpact implements ImpactModel {
  private readonly exposedShare: Float64Array;
  private readonly flood: FloodImpact | undefined;
  private readonly floodImpacts: Float64Array | undefined;
  private readonly floodEventValue: number = -1;
  /**
   * Rows of `rowsOf` known to hold what a zero wind writes (all +0; `zeroSafe` townships only, where
   * population × 0 is +0): such a row needs no writing for another zero-wind storm, the common case (issue 13).
   * Valid while the caller hands back the same buffer, which the kernel does (one buffer per hazard entry).
   */
  private readonly zeroRow: Uint8Array;
  private readonly zeroSafe: Uint8Array;
  private rowsOf: Float64Array | null = null;
  readonly nonZeroRows: RowList;
  /** The wind's rows, and with the chain the union of the wind's and the flood's. */
  private readonly windRows: Int32Array;
  private readonly unionRows: Int32Array;

  constructor(
    private readonly region: Region,
    private readonly p: TyphoonImpactParams,
    chain: { params: FloodImpactParams & FloodExposureParams; floodMeasure: number; floodEventValue: number } | undefined,
    private readonly windMeasure = 0,
    /** Slot of the housesDestroyed metric, or −1. */
    private readonly housesSlot = -1,
  ) {
    this.exposedShare = new Float64Array(region.n);
    for (let i = 0; i < region.n; i++) this.exposedShare[i] = region.coastal[i] ? p.exposedShareCoastal : p.exposedShareInland;
    this.zeroRow = new Uint8Array(region.n);
    this.windRows = new Int32Array(region.n);
    this.unionRows = new Int32Array(region.n);
    this.nonZeroRows = { rows: this.windRows, count: -1 };
    this.zeroSafe = Uint8Array.from(region.population, (x) => (x >= 0 && x < Infinity ? 1 : 0));
    if (chain) {
      this.flood = new FloodImpact(region, chain.params, chain.floodMeasure);
      this.floodImpacts = newImpactBuffer(region.n);
      this.floodEventValue = chain.floodEventValue;
    }
  }

  write(field: IntensityField, out: Float64Array, metrics: Float64Array): void {
    const n = field.nSites;
    const v = field.values;
    const o = this.windMeasure * n;
    const pop = this.region.population;
    const zero = this.zeroRow;
    if (out !== this.rowsOf) {
      zero.fill(0);
      this.rowsOf = out;
    }
    const list = this.nonZeroRows;
    const rows = this.windRows;
    list.rows = rows;
    let count = 0;
    let windDisplaced = 0;
    for (let i = 0; i < n; i++) {
      const w = v[o + i];
      // a skipped row adds +0 to windDisplaced, which changes no sum
      if (w === 0 && zero[i] === 1) continue;
      writeTyphoonImpacts(out, i, w, pop[i], this.exposedShare[i], this.p);
      windDisplaced += out[i * IMPACT_FIELDS + IMPACT.displacedIII];
      zero[i] = w === 0 ? this.zeroSafe[i] : 0;
      if (zero[i] === 0) rows[count++] = i;
    }
    list.count = count;
    if (this.housesSlot >= 0) metrics[this.housesSlot] = windDisplaced / this.p.personsPerHousehold;
    if (this.flood && field.event[this.floodEventValue] === 1) {
      this.flood.write(field, this.floodImpacts!);
      combineChainedFlood(out, this.floodImpacts!, n);
      // the combination changed flooded rows only (a dry flood row is all +0: it wins no field):
      // they are no longer known zero, and the rows that may be non-zero are the union of both lists, in order
      const f = this.flood.nonZeroRows;
      const u = this.unionRows;
      let a = 0;
      let b = 0;
      let m = 0;
      while (a < count || b < f.count) {
        const x = a < count ? rows[a] : n;
        const y = b < f.count ? f.rows[b] : n;
        if (x <= y) a++;
        if (y <= x) {
          b++;
          zero[y] = 0;
        }
        u[m++] = x < y ? x : y;
      }
      list.rows = u;
      list.count = m;
    }
  }
}
