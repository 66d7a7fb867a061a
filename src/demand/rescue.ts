/**
 * Rescue outcome of one event (docs/model.md §4.3): trapped people need extraction
 * within 72 h. A 10-person unit works `dutyHoursPerDay` of every 24 and needs
 * rescueTeamHours/trapped hours per extraction (4 h collapse, 1 h flood, from
 * the hazards).
 *
 * Mutual aid (docs/model.md §5.2), the one rule for evaluation and for the team
 * MILP (plan/teams.ts): the units stationed in township j (township and
 * village teams) serve every township within `aidTravelHours` of road travel
 * of j, county lines ignored, j itself included (the neighbourhood of
 * region/travel.ts). They split among those townships in proportion to their
 * workload W (unit-hours): township i gets U_j·W_i/H_j units from j, where
 * H_j = Σ W_k over j's neighbourhood, arriving after the travel time τ_ij
 * and working until the deadline D, so the travel time counts against it.
 * County-level teams have no base in the data: they split over their own
 * county's townships in proportion to workload and start at once.
 *
 * So township i's share of its work done per elapsed hour, from the units
 * of j, is φ_j = U_j·duty/H_j from τ_ij on (duty = dutyHoursPerDay/24), and
 * φ_0 = K_c·duty/H_c from the county's K_c units: the work is done by D when
 *
 *   Σ_j φ_j·(D − τ_ij)⁺ + φ_0·D ≥ 1,
 *
 * which is linear in the units for a given event: the MILP's row. Extractions
 * run at N_i·Σ φ (over the units arrived) per hour; a person extracted at
 * hour t survives with the probability S(t) below.
 *
 * A fixed dispatch rule rather than the best assignment of teams: it is what
 * a bureau can state in advance, it is exact in the MILP, and it costs
 * O(townships with trapped people × neighbours) per event.
 */
import type { ParamTable } from '../core/params.js';
import { IMPACT, IMPACT_FIELDS } from '../impact/types.js';
import { aidNeighbourhood, type AidNeighbourhood } from '../region/travel.js';
import type { Region } from '../region/types.js';

/** Most entries of RescueEvaluator's complement rows (n² − pairs in reach; 64 MiB): beyond it (a region of thousands of townships) they are not built. */
export const MAX_OUTSIDE_ENTRIES = 2 ** 24;

export const RESCUE_PARAMS = {
  dutyHoursPerDay: { value: 16, unit: 'h/day', description: 'hours a rescue unit works per day, in shifts', source: 'assumption (docs/model.md §4.3)', confidence: 'assumption', min: 0, minExclusive: true, max: 24 },
  // range: 1–720 h (30 days)
  deadlineHours: { value: 72, unit: 'h', description: 'extraction deadline ("golden 72 hours")', source: 'docs/model.md §4.3', confidence: 'M', min: 1, max: 720 },
  survivalByDay: {
    value: [0.81, 0.34, 0.25, 0.16, 0.07],
    unit: 'probability',
    description: 'survival of a trapped person extracted on day 1, 2, 3, 4, 5 (days 3–4 interpolated linearly between the day-2 and day-5 values)',
    source: 'Toronto HUSAR: 0.81, 0.34, 0.07 on days 1, 2, 5 (docs/model.md §2.3; M)',
    confidence: 'M',
    min: 0,
    max: 1,
    length: 5,
  },
  // range: 0–72 h
  aidTravelHours: {
    value: 2,
    unit: 'h',
    description:
      'mutual aid: township and village teams help townships within this road travel time, across county lines, the travel counted against the deadline (travel by docs/model.md §5.1: 1.3 × great circle at 40 km/h, the planning defaults roadFactor and truckSpeedKmh)',
    source: 'assumption (docs/model.md §5.2)',
    confidence: 'assumption',
    min: 0,
    max: 72,
  },
} satisfies ParamTable;

export type RescueParams = { [K in keyof typeof RESCUE_PARAMS]: (typeof RESCUE_PARAMS)[K]['value'] };

/** ∫₀^T S(t) dt for the day-wise survival step function (S = last value after day 5). */
function survivalIntegral(T: number, byDay: readonly number[]): number {
  let total = 0;
  for (let d = 0; d < byDay.length && T > d * 24; d++) total += byDay[d] * (Math.min(T, (d + 1) * 24) - d * 24);
  if (T > byDay.length * 24) total += byDay[byDay.length - 1] * (T - byDay.length * 24);
  return total;
}

export interface RescueOutcome {
  /** Expected survivors among those extracted by the deadline. */
  survivors: number;
  /** Trapped people not yet extracted at the deadline. */
  unmet: number;
}

/** Σ φ_j·∫₀^τ S over a neighbourhood row. */
function weighted(rate: Float64Array, index: Int32Array, at: Float64Array, s: number, end: number): number {
  let sum = 0;
  for (let e = s; e < end; e++) sum += rate[index[e]] * at[e];
  return sum;
}

/** The aid neighbourhood the rescue rule uses for a region (shared with the team MILP). */
export function rescueAid(region: Pick<Region, 'n' | 'lat' | 'lon'>, p: RescueParams): AidNeighbourhood {
  return aidNeighbourhood(region, p.aidTravelHours);
}

/**
 * Evaluates events for one region and parameter set. Built once (the neighbourhood and the
 * survival integral at each arrival time are precomputed); `outcome` allocates nothing.
 */
export class RescueEvaluator {
  readonly aid: AidNeighbourhood;
  /** ∫₀^τ S(t) dt at each neighbourhood entry's travel time τ. */
  private readonly survivalAtArrival: Float64Array;
  /** Scratch: workload within reach of each township's teams (H_j) and by county (H_c), φ_j, and the townships with work. */
  private readonly load: Float64Array;
  private readonly countyLoad: Float64Array;
  private readonly rate: Float64Array;
  private readonly busy: Int32Array;
  /** The complement of the neighbourhood: per township, the townships beyond reach (compressed rows). */
  private readonly outside: { start: Int32Array; index: Int32Array } | null;

  constructor(
    private readonly region: Pick<Region, 'n' | 'lat' | 'lon' | 'countyIndex' | 'counties'>,
    private readonly p: RescueParams,
  ) {
    this.aid = rescueAid(region, p);
    this.survivalAtArrival = Float64Array.from(this.aid.hours, (h) => survivalIntegral(h, p.survivalByDay));
    this.load = new Float64Array(region.n);
    this.countyLoad = new Float64Array(region.counties.length);
    this.rate = new Float64Array(region.n);
    this.busy = new Int32Array(region.n);
    const n = region.n;
    const { start, index } = this.aid;
    // the complement rows are n² − pairs in reach: kept only where that is small (a large region's
    // events take the direct paths below, which need no complement)
    if (n * n - start[n] > MAX_OUTSIDE_ENTRIES) {
      this.outside = null;
      return;
    }
    const os = new Int32Array(n + 1);
    const oi = new Int32Array(n * n - start[n]);
    const inReach = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      inReach.fill(0);
      for (let e = start[i]; e < start[i + 1]; e++) inReach[index[e]] = 1;
      os[i + 1] = os[i];
      for (let j = 0; j < n; j++) if (!inReach[j]) oi[os[i + 1]++] = j;
    }
    this.outside = { start: os, index: oi };
  }

  /**
   * Rescue outcome of an event summed over townships, with `units` (10-person units stationed per
   * township) and `countyUnits` (per county).
   */
  outcome(imp: Float64Array, units: Float64Array, countyUnits: Float64Array, out: RescueOutcome): void {
    const { start, index, hours } = this.aid;
    const survivalAtArrival = this.survivalAtArrival;
    const n = this.region.n;
    const countyIndex = this.region.countyIndex;
    const load = this.load;
    const countyLoad = this.countyLoad;
    const rate = this.rate;
    const busy = this.busy;
    const byDay = this.p.survivalByDay;
    out.survivors = 0;
    out.unmet = 0;
    let nBusy = 0;
    let inside = 0;
    for (let i = 0; i < n; i++) {
      if (imp[i * IMPACT_FIELDS + IMPACT.rescueTeamHours] > 0) {
        busy[nBusy++] = i;
        inside += start[i + 1] - start[i];
      }
    }
    if (nBusy === 0) return;
    load.fill(0);
    countyLoad.fill(0);
    // H_j and H_c. Travel is symmetric, so each township's work is scattered over the townships that
    // reach it; where those are most of the region (Weihai: 55 of 73 within 2 h), cheaper over the
    // ones that do not, from the total (rounding then differs from the direct sum by ~1e-16 of the
    // event's total workload: visible only for townships whose own work is that small).
    const outside = this.outside;
    const cs = outside?.start;
    const ci = outside?.index;
    if (cs && ci && n * nBusy - inside + n < inside) {
      let total = 0;
      for (let k = 0; k < nBusy; k++) {
        const i = busy[k];
        const w = imp[i * IMPACT_FIELDS + IMPACT.rescueTeamHours];
        countyLoad[countyIndex[i]] += w;
        total += w;
        for (let e = cs[i], end = cs[i + 1]; e < end; e++) load[ci[e]] -= w;
      }
      for (let j = 0; j < n; j++) load[j] += total;
    } else {
      for (let k = 0; k < nBusy; k++) {
        const i = busy[k];
        const w = imp[i * IMPACT_FIELDS + IMPACT.rescueTeamHours];
        countyLoad[countyIndex[i]] += w;
        for (let e = start[i], end = start[i + 1]; e < end; e++) load[index[e]] += w;
      }
    }
    const duty = this.p.dutyHoursPerDay / 24;
    const D = this.p.deadlineHours;
    const s1 = byDay[0];
    // φ_j: share of the work of any township it serves that j's units do per hour
    let rateTotal = 0;
    for (let j = 0; j < n; j++) rateTotal += rate[j] = load[j] > 0 && units[j] > 0 ? (units[j] * duty) / load[j] : 0;
    const day1 = Math.min(24, D);
    for (let k = 0; k < nBusy; k++) {
      const i = busy[k];
      const trapped = imp[i * IMPACT_FIELDS + IMPACT.trapped];
      if (!(trapped > 0)) continue;
      const c = countyIndex[i];
      // Φ: share of the work done per hour by the units arrived so far; G = Σ φτ, GF = Σ φ·∫₀^τ S
      const phi0 = countyUnits[c] > 0 ? (countyUnits[c] * duty) / countyLoad[c] : 0;
      const s = start[i];
      const end = start[i + 1];
      if (cs && ci && cs[i + 1] - cs[i] < end - s) {
        // Work certainly done on day 1 needs no travel times: everyone extracted survives with S(day 1).
        // Φ over all units within reach from the shorter complement row; G ≤ τmax·(Φ − φ₀), and the
        // finish is at most (1 + G)/Φ (arrivals after it only make it earlier).
        let beyond = 0;
        for (let e = cs[i], ce = cs[i + 1]; e < ce; e++) beyond += rate[ci[e]];
        const phiAll = phi0 + (rateTotal - beyond);
        if (phiAll > 0 && 1 + hours[end - 1] * (phiAll - phi0) <= day1 * phiAll) {
          out.survivors += trapped * s1;
          continue;
        }
      }
      // All units within reach, in one branch-free pass: exact when the work is not done before the
      // last of them arrives, the usual case for any real workload.
      const lastArrival = hours[end - 1];
      let phi = phi0;
      let g = 0;
      for (let e = s; e < end; e++) {
        const f = rate[index[e]];
        phi += f;
        g += f * hours[e];
      }
      let gf: number;
      if (phi > 0 && 1 + g >= phi * lastArrival && lastArrival < D) gf = lastArrival <= 24 ? s1 * g : weighted(rate, index, survivalAtArrival, s, end);
      else {
        // done before the farthest units arrive (or some cannot arrive by the deadline):
        // arrivals in order of travel time, until the work is done before the next arrival
        phi = phi0;
        g = 0;
        gf = 0;
        for (let e = s; e < end; e++) {
          const f = rate[index[e]];
          if (f === 0) continue;
          const tau = hours[e];
          if (tau >= D || (phi > 0 && 1 + g <= phi * tau)) break;
          phi += f;
          g += f * tau;
          gf += f * survivalAtArrival[e];
        }
      }
      if (!(phi > 0)) {
        out.unmet += trapped;
        continue;
      }
      let tEnd = (1 + g) / phi;
      if (tEnd > D) {
        tEnd = D;
        out.unmet += trapped * (1 - (phi * D - g));
      }
      out.survivors += trapped * (phi * survivalIntegral(tEnd, byDay) - gf);
    }
  }
}
