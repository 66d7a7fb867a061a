/**
 * Evaluating plans event by event (docs/model.md §5.4). For every event: the
 * township demand of each item in each phase; then, for each plan, bottom-up
 * allocation of its stock (township station → county warehouse → city
 * warehouse), which is exact when each tier's reach sets are nested as they
 * are here; unmet demand by item and phase; shelter overflow by class with
 * higher classes taking lower-class people; extractions still due at 72 h.
 * Stock is replenished between events, so each event starts from the plan.
 */
import type { Item } from '../demand/catalogue.js';
import { basisIndices, demandBases, itemDemand, N_BASES, shelteredByClass } from '../demand/compute.js';
import type { DemandParams } from '../demand/params.js';
import { RescueEvaluator, type RescueOutcome, type RescueParams } from '../demand/rescue.js';
import { IMPACT, IMPACT_FIELDS } from '../impact/types.js';
import type { Region } from '../region/types.js';
import type { CompiledPlan } from './types.js';

/** A shortfall smaller than this (item units or people) is rounding, not a shortfall. */
export const SHORTFALL_TOLERANCE = 0.5;

/** Per-plan metrics, per trial. `max` slots keep the worst event of the trial, `sum` slots add events. */
export interface PlanMetricLayout {
  width: number;
  anyShortfall: number;
  /** Some item short within the phase-1 window. */
  anyShortfallPhase1: number;
  unmetPhase1: number;
  unmetLater: number;
  demandPhase1Sum: number;
  unmetPhase1Sum: number;
  shelterOverflow: number;
  shelterOverflowAny: number;
  rescueUnmet: number;
  rescueSurvivors: number;
  /** 1 for slots summed over the trial's events, 0 for slots that keep the maximum. */
  summed: Uint8Array;
}

export function planMetricLayout(nItems: number): PlanMetricLayout {
  const anyShortfall = 0;
  const anyShortfallPhase1 = 1;
  const unmetPhase1 = 2;
  const unmetLater = unmetPhase1 + nItems;
  const demandPhase1Sum = unmetLater + nItems;
  const unmetPhase1Sum = demandPhase1Sum + nItems;
  const shelterOverflow = unmetPhase1Sum + nItems;
  const shelterOverflowAny = shelterOverflow + 3;
  const rescueUnmet = shelterOverflowAny + 1;
  const rescueSurvivors = rescueUnmet + 1;
  const width = rescueSurvivors + 1;
  const summed = new Uint8Array(width);
  for (let k = demandPhase1Sum; k < shelterOverflow; k++) summed[k] = 1;
  return { width, anyShortfall, anyShortfallPhase1, unmetPhase1, unmetLater, demandPhase1Sum, unmetPhase1Sum, shelterOverflow, shelterOverflowAny, rescueUnmet, rescueSurvivors, summed };
}

/** Per-event demand shared by all plans: computed once per event. Allocates only at construction. */
export class EventDemand {
  /** Phase-1 and later demand, township-major (T × I). */
  readonly phase1: Float64Array;
  readonly later: Float64Array;
  /** People in public shelter by county and class (C × 3). */
  readonly shelter: Float64Array;
  /** Townships with any demand in this event (the first nActive entries), and later-phase totals per item. */
  readonly active: Int32Array;
  nActive = 0;
  readonly laterTotal: Float64Array;
  private readonly bases = new Float64Array(N_BASES);
  private readonly p1: Float64Array;
  private readonly p2: Float64Array;
  private readonly classes = new Float64Array(3);
  private readonly basisIdx: Int32Array;

  constructor(
    private readonly region: Region,
    private readonly items: readonly Item[],
    private readonly demand: DemandParams,
  ) {
    const I = items.length;
    this.phase1 = new Float64Array(region.n * I);
    this.later = new Float64Array(region.n * I);
    this.shelter = new Float64Array(region.counties.length * 3);
    this.active = new Int32Array(region.n);
    this.laterTotal = new Float64Array(I);
    this.p1 = new Float64Array(I);
    this.p2 = new Float64Array(I);
    this.basisIdx = basisIndices(items);
  }

  compute(imp: Float64Array): void {
    const I = this.items.length;
    this.shelter.fill(0);
    this.laterTotal.fill(0);
    this.nActive = 0;
    for (let t = 0; t < this.region.n; t++) {
      const o = t * IMPACT_FIELDS;
      if (imp[o + IMPACT.evacuated] === 0 && imp[o + IMPACT.displacedI] === 0 && imp[o + IMPACT.displacedII] === 0 && imp[o + IMPACT.displacedIII] === 0 && imp[o + IMPACT.injured] === 0) {
        // no demand basis is fed: every item's demand is 0 (per-person rates are ≥ 0) and no one is sheltered,
        // as the formulas below would give; most townships of most events, so they are not evaluated
        for (let i = 0; i < I; i++) {
          this.phase1[t * I + i] = 0;
          this.later[t * I + i] = 0;
        }
        continue;
      }
      demandBases(imp, o, this.demand, this.bases);
      itemDemand(this.items, this.basisIdx, this.bases, this.demand.reliefDays, this.p1, this.p2);
      let any = false;
      for (let i = 0; i < I; i++) {
        this.phase1[t * I + i] = this.p1[i];
        this.later[t * I + i] = this.p2[i];
        this.laterTotal[i] += this.p2[i];
        if (this.p1[i] > 0 || this.p2[i] > 0) any = true;
      }
      if (any) this.active[this.nActive++] = t;
      shelteredByClass(imp, o, this.demand, this.classes);
      const c = this.region.countyIndex[t] * 3;
      this.shelter[c] += this.classes[0];
      this.shelter[c + 1] += this.classes[1];
      this.shelter[c + 2] += this.classes[2];
    }
  }
}

/** Where a township's phase-1 need goes once its own stock is used (PlanEvaluator.route). */
const TO_CITY_VIA_COUNTY = 0; // county stock first, then the city's (or the city's only, when no county depot reaches it)
const TO_COUNTY_ONLY = 1;
const NOWHERE = 2;

/** Evaluates one plan on events; scratch is its own, so several evaluators can share an EventDemand. */
export class PlanEvaluator {
  /** Per county × item (county-major): phase-1 need left for the county tier, then the city; and where the city cannot help. */
  private readonly countyNeed: Float64Array;
  private readonly countyNeedNoCity: Float64Array;
  /** Per item, this event: stock not used in phase 1, phase-1 unmet, phase-1 demand. */
  private readonly leftover: Float64Array;
  private readonly unmet1: Float64Array;
  private readonly demand1: Float64Array;
  /** Per township, from the plan's reach: where its remaining need goes (TO_CITY_VIA_COUNTY …). */
  private readonly route: Uint8Array;
  private readonly rescueEvaluator: RescueEvaluator;
  private readonly rescue: RescueOutcome = { survivors: 0, unmet: 0 };
  /** Per item: all township-level stock (stations and village points), so only townships with demand need a visit. */
  private readonly townStockTotal: Float64Array;

  constructor(
    readonly plan: CompiledPlan,
    private readonly region: Region,
    rescueParams: RescueParams,
    readonly layout: PlanMetricLayout,
  ) {
    const I = plan.nItems;
    this.townStockTotal = new Float64Array(I);
    for (let t = 0; t < region.n; t++) for (let i = 0; i < I; i++) this.townStockTotal[i] += plan.townStock[t * I + i];
    this.countyNeed = new Float64Array(region.counties.length * I);
    this.countyNeedNoCity = new Float64Array(region.counties.length * I);
    this.leftover = new Float64Array(I);
    this.unmet1 = new Float64Array(I);
    this.demand1 = new Float64Array(I);
    // as before this table: a township the city reaches goes through its county's tally even when no county depot
    // reaches it in time, so county stock may serve it (the stockpile LP sends such a township straight to the city)
    this.route = Uint8Array.from(region.code, (_, t) => (plan.cityReach[t] ? TO_CITY_VIA_COUNTY : plan.countyReach[t] ? TO_COUNTY_ONLY : NOWHERE));
    this.rescueEvaluator = new RescueEvaluator(region, rescueParams);
  }

  /** Evaluate one event: writes this event's values of the plan metrics into out[offset …]. */
  evaluate(d: EventDemand, imp: Float64Array, anyTrapped: boolean, out: Float64Array, offset: number): void {
    const L = this.layout;
    const plan = this.plan;
    const r = this.region;
    const I = plan.nItems;
    const C = r.counties.length;
    const nActive = d.nActive;
    const leftover = this.leftover;
    const unmet1 = this.unmet1;
    const demand1 = this.demand1;
    const countyNeed = this.countyNeed;
    const countyNeedNoCity = this.countyNeedNoCity;
    for (let i = 0; i < I; i++) {
      leftover[i] = this.townStockTotal[i];
      unmet1[i] = 0;
      demand1[i] = 0;
    }
    // townships first, items inside: each item's sums run over the townships in the same order as item by item
    for (let j = 0; j < nActive; j++) {
      const t = d.active[j];
      const route = this.route[t];
      const cI = r.countyIndex[t] * I;
      const tI = t * I;
      for (let i = 0; i < I; i++) {
        const need = d.phase1[tI + i];
        demand1[i] += need;
        const s = plan.townStock[tI + i];
        const a = need < s ? need : s;
        leftover[i] -= a;
        const rem = need - a;
        if (rem <= 0) continue;
        if (route === TO_CITY_VIA_COUNTY) countyNeed[cI + i] += rem;
        else if (route === TO_COUNTY_ONLY) countyNeedNoCity[cI + i] += rem;
        else unmet1[i] += rem;
      }
    }
    let any = 0;
    let any1 = 0;
    for (let i = 0; i < I; i++) {
      let cityNeed = 0;
      let left = leftover[i];
      let u1 = unmet1[i];
      for (let c = 0; c < C; c++) {
        const k = c * I + i;
        let cs = plan.countyStock[k];
        // county stock first where the city cannot help; the tallies are zeroed as they are read, for the next event
        const noCity = countyNeedNoCity[k];
        const need = countyNeed[k];
        countyNeedNoCity[k] = 0;
        countyNeed[k] = 0;
        const b0 = noCity < cs ? noCity : cs;
        cs -= b0;
        u1 += noCity - b0;
        const b1 = need < cs ? need : cs;
        cs -= b1;
        cityNeed += need - b1;
        left += cs;
      }
      const cs = plan.cityStock[i];
      const x = cityNeed < cs ? cityNeed : cs;
      left += cs - x;
      u1 += cityNeed - x;
      const avail = left + plan.contracted[i];
      const need2 = d.laterTotal[i];
      const unmet2 = need2 > avail ? need2 - avail : 0;
      out[offset + L.unmetPhase1 + i] = u1;
      out[offset + L.unmetLater + i] = unmet2;
      out[offset + L.demandPhase1Sum + i] = demand1[i];
      out[offset + L.unmetPhase1Sum + i] = u1;
      if (u1 >= SHORTFALL_TOLERANCE) any1 = 1;
      if (u1 >= SHORTFALL_TOLERANCE || unmet2 >= SHORTFALL_TOLERANCE) any = 1;
    }
    out[offset + L.anyShortfall] = any;
    out[offset + L.anyShortfallPhase1] = any1;
    // Shelters: a class I place can take a class II or III person, a class II place a class III person.
    let o1 = 0;
    let o2 = 0;
    let o3 = 0;
    for (let c = 0; c < C; c++) {
      const d1 = d.shelter[c * 3];
      const d2 = d.shelter[c * 3 + 1];
      const d3 = d.shelter[c * 3 + 2];
      const c1 = plan.shelterCapacity[c * 3];
      const c2 = plan.shelterCapacity[c * 3 + 1];
      const c3 = plan.shelterCapacity[c * 3 + 2];
      let spare = c1 - d1;
      if (spare < 0) {
        o1 -= spare;
        spare = 0;
      }
      spare += c2 - d2;
      if (spare < 0) {
        o2 -= spare;
        spare = 0;
      }
      spare += c3 - d3;
      if (spare < 0) o3 -= spare;
    }
    out[offset + L.shelterOverflow] = o1;
    out[offset + L.shelterOverflow + 1] = o2;
    out[offset + L.shelterOverflow + 2] = o3;
    out[offset + L.shelterOverflowAny] = o1 + o2 + o3 >= SHORTFALL_TOLERANCE ? 1 : 0;
    if (anyTrapped) {
      this.rescueEvaluator.outcome(imp, plan.rescueUnits, plan.countyRescueUnits, this.rescue);
      out[offset + L.rescueUnmet] = this.rescue.unmet;
      out[offset + L.rescueSurvivors] = this.rescue.survivors;
    } else {
      out[offset + L.rescueUnmet] = 0;
      out[offset + L.rescueSurvivors] = 0;
    }
  }
}
