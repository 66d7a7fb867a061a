/**
 * The sampling core: runs blocks of trials and accumulates them. For each
 * trial, each hazard emits its events' township impacts; the kernel turns
 * them into annual totals, peak-event values and peak-event demand, and
 * records them. All buffers are allocated when the kernel is built: the
 * per-trial path allocates nothing.
 */
import { BLOCK_SIZE, blockStream } from '../core/random.js';
import { basisIndices, demandBases, itemDemand, shelteredByClass, N_BASES } from '../demand/compute.js';
import { HistogramBank, REGION_LAYOUT, TOWNSHIP_LAYOUT } from '../stats/histogram.js';
import { IMPACT, IMPACT_FIELDS } from '../impact/types.js';
import { hazardModule } from '../hazard/registry.js';
import type { HazardKernel } from '../hazard/types.js';
import { rescueOutcome, type RescueOutcome } from '../demand/rescue.js';
import { FIRE_CLASS_BOUNDS_HA } from '../hazard/fire/params.js';
import { EventDemand, PlanEvaluator, planMetricLayout } from '../plan/evaluate.js';
import { metricLayout, N_METRICS, N_PEOPLE, type MetricLayout } from './layout.js';
import { hashString, newReservoir, offer, trialKey, type ReservoirData } from '../stats/reservoir.js';
import type { RunSpec } from './spec.js';

/** What a run of blocks produces; merged on the main thread. */
export interface Partial {
  firstBlock: number;
  nBlocks: number;
  trials: number;
  /** Per block, per metric (region then township): sum and sum of squares, so sums can be added in block order. */
  moments: Float64Array;
  region: HistogramBank;
  township: HistogramBank;
  uniform: ReservoirData;
  tail: ReservoirData;
}

export function momentWidth(l: MetricLayout): number {
  return 2 * (l.nRegion + l.nTownship);
}

export class TrialKernel {
  readonly layout: MetricLayout;
  private readonly hazards: HazardKernel[];
  private readonly n: number;
  private readonly seedHash: number;
  // per-trial and per-event scratch
  private readonly trialRegion: Float64Array;
  private readonly trialTown: Float64Array;
  private readonly peakImpacts: Float64Array;
  private readonly eventSum = new Float64Array(IMPACT_FIELDS);
  private readonly bases = new Float64Array(N_BASES);
  private readonly classes = new Float64Array(3);
  private readonly phase1: Float64Array;
  private readonly later: Float64Array;
  private readonly basisIdx: Int32Array;
  /** This event's value of each of METRICS. */
  private readonly eventMetrics = new Float64Array(N_METRICS);
  private readonly countyHours: Float64Array;
  private readonly rescue: RescueOutcome = { survivors: 0, unmet: 0 };
  private readonly evaluators: PlanEvaluator[];
  private readonly eventDemand: EventDemand | undefined;
  private readonly planEvent: Float64Array;
  private readonly planSummed: Uint8Array;
  private readonly histogrammed: Uint8Array;
  private peakSheltered = -1;
  private eventsThisTrial = 0;
  private hazardIndex = 0;
  private readonly onEvent: (impacts: Float64Array) => void;

  constructor(readonly spec: RunSpec) {
    this.n = spec.region.n;
    this.layout = metricLayout(
      spec.items,
      spec.hazards.map((h) => h.type),
      this.n,
      spec.plans?.length ?? 0,
    );
    const planLayout = planMetricLayout(spec.items.length);
    this.evaluators = (spec.plans ?? []).map((pl) => new PlanEvaluator(pl, spec.region, spec.rescue, planLayout));
    this.eventDemand = this.evaluators.length > 0 ? new EventDemand(spec.region, spec.items, spec.demand) : undefined;
    this.planEvent = new Float64Array(planLayout.width);
    this.planSummed = planLayout.summed;
    // Quantiles are wanted for every region metric but the plans' event sums and the paired differences (moments only).
    this.histogrammed = new Uint8Array(this.layout.nRegion);
    for (let k = 0; k < this.layout.diffBase; k++) this.histogrammed[k] = 1;
    for (let q = 0; q < this.layout.nPlans; q++) for (let k = 0; k < planLayout.width; k++) if (planLayout.summed[k]) this.histogrammed[this.layout.planBase + q * planLayout.width + k] = 0;
    this.hazards = spec.hazards.map((h) => hazardModule(h.type).createKernel(spec.region, h));
    this.seedHash = hashString(spec.seed);
    this.trialRegion = new Float64Array(this.layout.nRegion);
    this.trialTown = new Float64Array(this.layout.nTownship);
    this.peakImpacts = new Float64Array(this.n * IMPACT_FIELDS);
    this.phase1 = new Float64Array(spec.items.length);
    this.later = new Float64Array(spec.items.length);
    this.basisIdx = basisIndices(spec.items);
    this.countyHours = new Float64Array(spec.region.counties.length);
    this.onEvent = (imp) => this.recordEvent(imp);
  }

  newPartial(firstBlock: number, nBlocks: number): Partial {
    const l = this.layout;
    return {
      firstBlock,
      nBlocks,
      trials: 0,
      moments: new Float64Array(nBlocks * momentWidth(l)),
      region: new HistogramBank(l.diffBase, REGION_LAYOUT), // the paired differences need moments only
      township: new HistogramBank(l.nTownship, TOWNSHIP_LAYOUT),
      uniform: newReservoir(this.spec.reservoir.uniform, this.n * IMPACT_FIELDS, false),
      tail: newReservoir(this.spec.reservoir.tail, this.n * IMPACT_FIELDS, true),
    };
  }

  /** Run blocks [firstBlock, firstBlock + nBlocks) into a fresh partial. */
  runBlocks(firstBlock: number, nBlocks: number): Partial {
    const out = this.newPartial(firstBlock, nBlocks);
    const w = momentWidth(this.layout);
    for (let b = 0; b < nBlocks; b++) {
      const block = firstBlock + b;
      const start = block * BLOCK_SIZE;
      const end = Math.min(this.spec.trials, start + BLOCK_SIZE);
      if (start >= end) break;
      for (let h = 0; h < this.hazards.length; h++) {
        const key = `hazard${h}`;
        this.hazards[h].beginBlock(blockStream(this.spec.seed, key, block), (name) => blockStream(this.spec.seed, `${key}/${name}`, block));
      }
      for (let t = start; t < end; t++) this.runTrial(t, out, b * w);
      out.trials += end - start;
    }
    return out;
  }

  private runTrial(trial: number, out: Partial, momentOffset: number): void {
    const l = this.layout;
    this.trialRegion.fill(0);
    this.eventsThisTrial = 0;
    this.peakSheltered = -1;
    for (let h = 0; h < this.hazards.length; h++) {
      this.hazardIndex = h;
      this.hazards[h].sampleTrial(this.onEvent);
    }
    if (this.eventsThisTrial === 0) return; // every metric is zero: nothing to add
    const m = out.moments;
    const tr = this.trialRegion;
    // paired differences against plan 0, trial by trial (common random numbers)
    const w = l.planWidth;
    for (let q = 1; q < l.nPlans; q++) for (let k = 0; k < w; k++) tr[l.diffBase + q * w + k] = tr[l.planBase + q * w + k] - tr[l.planBase + k];
    const hist = this.histogrammed;
    for (let k = 0; k < l.nRegion; k++) {
      const v = tr[k];
      if (v === 0) continue;
      m[momentOffset + 2 * k] += v;
      m[momentOffset + 2 * k + 1] += v * v;
      if (hist[k]) out.region.add(k, v);
    }
    const townBase = momentOffset + 2 * l.nRegion;
    for (let k = 0; k < l.nTownship; k++) {
      const v = this.trialTown[k];
      if (v === 0) continue;
      m[townBase + 2 * k] += v;
      m[townBase + 2 * k + 1] += v * v;
      out.township.add(k, v);
    }
    this.trialTown.fill(0);
    if (this.peakSheltered > 0) {
      offer(out.uniform, trialKey(this.seedHash, trial), trial, this.peakImpacts);
      offer(out.tail, this.peakSheltered, trial, this.peakImpacts);
    }
  }

  /** One event's impacts: annual sums, item-by-item peaks, township annual sums, the peak event's township vector. */
  private recordEvent(imp: Float64Array): void {
    const l = this.layout;
    const p = this.spec.demand;
    const r = this.trialRegion;
    this.eventsThisTrial++;
    r[l.events + this.hazardIndex] += 1;
    const s = this.eventSum;
    // One pass over the townships: region sums of the impact fields, and the townships' annual people metrics.
    s.fill(0);
    const town = this.trialTown;
    const shareE = p.evacueeShelterShare;
    const shareD = p.displacedShelterShare;
    for (let i = 0; i < this.n; i++) {
      const o = i * IMPACT_FIELDS;
      let any = false;
      for (let f = 0; f < IMPACT_FIELDS; f++) {
        const v = imp[o + f];
        if (v !== 0) {
          s[f] += v;
          any = true;
        }
      }
      if (!any) continue;
      const ev = imp[o + IMPACT.evacuated];
      const dis = imp[o + IMPACT.displacedI] + imp[o + IMPACT.displacedII] + imp[o + IMPACT.displacedIII];
      const t = i * N_PEOPLE;
      town[t] += ev;
      town[t + 1] += dis;
      town[t + 2] += ev * shareE + dis * shareD; // people in public shelter, as shelteredByClass sums them
      town[t + 3] += imp[o + IMPACT.deaths];
      town[t + 4] += imp[o + IMPACT.injured];
      town[t + 5] += imp[o + IMPACT.trapped];
    }
    demandBases(s, 0, p, this.bases);
    const sheltered = this.bases[0];
    const e = this.eventMetrics;
    // in METRICS order
    e[0] = s[IMPACT.evacuated];
    e[1] = this.bases[3]; // displaced, all classes
    e[2] = sheltered;
    e[3] = s[IMPACT.deaths];
    e[4] = s[IMPACT.injured];
    e[5] = s[IMPACT.trapped];
    e[6] = s[IMPACT.collapsedOccupants];
    e[7] = s[IMPACT.burnedHa];
    e[8] = s[IMPACT.fireTeamDays];
    e[9] = s[IMPACT.rescueTeamHours];
    e[12] = s[IMPACT.deathsCrossCheck];
    if (e[5] > 0) {
      rescueOutcome(imp, this.spec.region, this.spec.region.rescueUnits, this.spec.region.countyRescueUnits, this.spec.rescue, this.countyHours, this.rescue);
      e[10] = this.rescue.unmet;
      e[11] = this.rescue.survivors;
    } else {
      e[10] = 0;
      e[11] = 0;
    }
    const hA = l.byHazardAnnual + this.hazardIndex * N_PEOPLE;
    const hP = l.byHazardPeak + this.hazardIndex * N_PEOPLE;
    for (let k = 0; k < N_METRICS; k++) {
      const v = e[k];
      r[l.annual + k] += v;
      if (v > r[l.peak + k]) r[l.peak + k] = v;
      if (k < N_PEOPLE) {
        r[hA + k] += v;
        if (v > r[hP + k]) r[hP + k] = v;
      }
    }
    if (e[7] > 0) {
      let c = 0;
      while (c < FIRE_CLASS_BOUNDS_HA.length && e[7] >= FIRE_CLASS_BOUNDS_HA[c]) c++;
      r[l.fireClass + c] += 1;
    }
    itemDemand(this.spec.items, this.basisIdx, this.bases, p.reliefDays, this.phase1, this.later);
    for (let k = 0; k < l.nItems; k++) {
      const total = this.phase1[k] + this.later[k];
      if (total > r[l.demandTotal + k]) r[l.demandTotal + k] = total;
      if (this.phase1[k] > r[l.demandPhase1 + k]) r[l.demandPhase1 + k] = this.phase1[k];
    }
    shelteredByClass(s, 0, p, this.classes);
    for (let c = 0; c < 3; c++) if (this.classes[c] > r[l.shelterClass + c]) r[l.shelterClass + c] = this.classes[c];
    if (this.eventDemand) {
      this.eventDemand.compute(imp);
      const w = l.planWidth;
      for (let q = 0; q < this.evaluators.length; q++) {
        this.evaluators[q].evaluate(this.eventDemand, imp, e[5] > 0, this.planEvent, 0);
        const base = l.planBase + q * w;
        for (let k = 0; k < w; k++) {
          const v = this.planEvent[k];
          if (this.planSummed[k]) r[base + k] += v;
          else if (v > r[base + k]) r[base + k] = v;
        }
      }
    }
    if (sheltered > this.peakSheltered) {
      this.peakSheltered = sheltered;
      this.peakImpacts.set(imp);
    }
  }
}

