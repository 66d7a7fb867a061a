/**
 * Flood impacts at one township from its flood-plain depth (docs/model.md §2.2).
 * Flood-plain population P = population × share (hazard.csv flood_plain_share,
 * else floodPlainShareCoastal / floodPlainShareInland; assumption):
 *   evacuated = evacuatedShare·P (0.8, "果断转移", assumption)
 *   displaced = P·JRC(h), shelter class III below 1 m, II 1–2 m, I above 2 m (assumption)
 *   trapped   = (P − evacuated)·trappedShare where h > 1 m (0.1, assumption)
 *   deaths    = (P − evacuated)·F_Jonkman(h) (remaining zone, h in m; M)
 *   injured   = 0: docs/model.md gives no flood injury rate and none is invented here
 *   rescueTeamHours = trapped × 1 h (docs/model.md §4.3, assumption)
 * As docs/model.md words it, displaced counts the whole flood-plain population
 * (evacuated or not), and the demand stage takes evacuated and displaced as
 * disjoint, so evacuated + displaced can exceed P (by up to 0.8·P).
 */
import type { IntensityField } from '../intensity/types.js';
import type { Region } from '../region/types.js';
import { jonkmanMortality } from './jonkman.js';
import { jrcAsiaResidential } from './jrc-flood.js';
import { clearTownship, IMPACT, IMPACT_FIELDS, type ImpactModel, type RowList } from './types.js';

/** The flood parameters the impact formulas use. */
export interface FloodImpactParams {
  evacuatedShare: number;
  trappedShare: number;
  trappedAboveDepthM: number;
  shelterClassIIFromM: number;
  shelterClassIAboveM: number;
  rescueHoursPerTrapped: number;
  jonkmanMu: number;
  jonkmanSigma: number;
}

/** The exposure: share of each township's population in the flood plain. */
export interface FloodExposureParams {
  floodPlainShareCoastal: number;
  floodPlainShareInland: number;
}

/** Region attribute key of the flood-plain share (declared by the flood hazard). */
export const FLOOD_PLAIN_SHARE = 'floodPlainShare';

/** Flood-plain population per township: the dataset's share where given, else the coastal or inland default. */
export function floodPlainPopulation(region: Region, p: FloodExposureParams): Float64Array {
  const share = region.attributes[FLOOD_PLAIN_SHARE];
  const out = new Float64Array(region.n);
  for (let i = 0; i < region.n; i++) {
    const ds = share ? share[i] : NaN;
    out[i] = region.population[i] * (Number.isNaN(ds) ? (region.coastal[i] ? p.floodPlainShareCoastal : p.floodPlainShareInland) : ds);
  }
  return out;
}

/** Flood impacts of one township (row cleared first) from its flood-plain depth and flood-plain population. Allocates nothing. */
export function writeFloodImpacts(out: Float64Array, township: number, depthM: number, floodPlainPopulation: number, p: FloodImpactParams): void {
  clearTownship(out, township);
  if (!(depthM > 0)) return;
  const o = township * IMPACT_FIELDS;
  const P = floodPlainPopulation;
  const evacuated = P * p.evacuatedShare;
  const remaining = P - evacuated;
  out[o + IMPACT.evacuated] = evacuated;
  const cls = depthM > p.shelterClassIAboveM ? IMPACT.displacedI : depthM >= p.shelterClassIIFromM ? IMPACT.displacedII : IMPACT.displacedIII;
  out[o + cls] = P * jrcAsiaResidential(depthM);
  const trapped = depthM > p.trappedAboveDepthM ? remaining * p.trappedShare : 0;
  out[o + IMPACT.trapped] = trapped;
  out[o + IMPACT.rescueTeamHours] = trapped * p.rescueHoursPerTrapped;
  out[o + IMPACT.deaths] = remaining * jonkmanMortality(depthM, p.jonkmanMu, p.jonkmanSigma);
  // IMPACT.injured stays 0: docs/model.md §2.2 gives no flood injury rate (none invented here).
}

/** Flood impacts of every township from the depth measure `depthMeasure` of a field. */
export class FloodImpact implements ImpactModel {
  readonly floodPlainPopulation: Float64Array;
  /** The flooded townships of the last write (dry rows are all +0). */
  readonly nonZeroRows: RowList;
  /** Rows of `rowsOf` known to be all +0 (dry): a dry township's row is then not rewritten (issue 13). */
  private readonly zeroRow: Uint8Array;
  private rowsOf: Float64Array | null = null;

  constructor(
    region: Region,
    private readonly p: FloodImpactParams & FloodExposureParams,
    private readonly depthMeasure = 0,
  ) {
    this.floodPlainPopulation = floodPlainPopulation(region, p);
    this.nonZeroRows = { rows: new Int32Array(region.n), count: 0 };
    this.zeroRow = new Uint8Array(region.n);
  }

  write(field: IntensityField, out: Float64Array): void {
    const n = field.nSites;
    const d = field.values;
    const o = this.depthMeasure * n;
    const zero = this.zeroRow;
    if (out !== this.rowsOf) {
      zero.fill(0);
      this.rowsOf = out;
    }
    const list = this.nonZeroRows;
    let count = 0;
    for (let i = 0; i < n; i++) {
      const depth = d[o + i];
      const wet = depth > 0;
      if (!wet && zero[i] === 1) continue;
      writeFloodImpacts(out, i, depth, this.floodPlainPopulation[i], this.p);
      zero[i] = wet ? 0 : 1;
      if (wet) list.rows[count++] = i;
    }
    list.count = count;
  }
}
