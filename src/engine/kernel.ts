/**
 * The sampling core: runs blocks of trials and accumulates them. For each
 * trial, each hazard writes its events' intensity at each site, the hazard's
 * impact model turns it into township impacts (the one impact step), and the
 * kernel turns those into annual totals, peak-event values and peak-event
 * demand, and hands every event to the run's observers. All buffers are
 * allocated when the kernel is built: the per-trial path allocates nothing.
 */
import { BLOCK_SIZE, blockStream } from '../core/random.js';
import { BASIS_INDEX, basisIndices, demandBases, itemDemand, shelteredByClass, N_BASES } from '../demand/compute.js';
import { RescueEvaluator, type RescueOutcome } from '../demand/rescue.js';
import { hazardModule } from '../hazard/registry.js';
import type { HazardKernel } from '../hazard/types.js';
import { IMPACT, IMPACT_FIELDS, newImpactBuffer, type ImpactModel } from '../impact/types.js';
import type { IntensityField } from '../intensity/types.js';
import { HistogramBank, REGION_LAYOUT } from '../stats/histogram.js';
import { hashString, newReservoir, offer, trialKey, type ReservoirData } from '../stats/reservoir.js';
import { metricLayout, N_PEOPLE, PEOPLE, townshipLayout, type MetricLayout } from './layout.js';
import type { ObserverFactory, TrialObserver } from './observer.js';
import { EventTableRecorder, type EventTableRows } from './event-tables.js';
import { reservoirWidth, type RunSpec } from './spec.js';

// recordEvent reads an impact row field by field
if (IMPACT_FIELDS !== 8 || Object.keys(IMPACT).length !== 8) throw new Error('internal: recordEvent expects the 8 impact fields of impact/types.ts');

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
  /** The YLT and ELT rows of these blocks' trials, in trial order (spec.eventTables only). */
  tables?: EventTableRows;
}

export function momentWidth(l: MetricLayout): number {
  return 2 * (l.nRegion + l.nTownship);
}

/** Slots of the per-event metric vector the kernel fills itself (the hazards' own ones come from their impact models). */
interface EventSlots {
  evacuated: number;
  displaced: number;
  sheltered: number;
  deaths: number;
  injured: number;
  trapped: number;
  rescueTeamHours: number;
  unmetExtractions72h: number;
  rescueSurvivors: number;
}

export class TrialKernel {
  readonly layout: MetricLayout;
  private readonly hazards: HazardKernel[];
  private readonly impactModels: ImpactModel[];
  /** One impact buffer per hazard entry: an impact model may keep its rows between events. */
  private readonly impactBuffers: Float64Array[];
  private readonly observers: TrialObserver[];
  private readonly observerBase: Int32Array;
  private readonly n: number;
  private readonly seedHash: number;
  private readonly ev: EventSlots;
  // per-trial and per-event scratch
  private readonly trialRegion: Float64Array;
  private readonly trialTown: Float64Array;
  /** Townships with a non-zero impact row in this trial, once each (touchedMark[i] = 1): only their township metrics can be non-zero. */
  private readonly touched: Int32Array;
  private readonly touchedMark: Uint8Array;
  private nTouched = 0;
  private readonly peakImpacts: Float64Array;
  private readonly eventSum = new Float64Array(IMPACT_FIELDS);
  private readonly bases = new Float64Array(N_BASES);
  private readonly classes = new Float64Array(3);
  private readonly phase1: Float64Array;
  private readonly later: Float64Array;
  private readonly basisIdx: Int32Array;
  /** This event's value of each metric (layout.metrics order). */
  private readonly eventMetrics: Float64Array;
  private readonly rescueEvaluator: RescueEvaluator;
  private readonly rescue: RescueOutcome = { survivors: 0, unmet: 0 };
  private peakSheltered = -1;
  private eventsThisTrial = 0;
  private hazardIndex = 0;
  /** spec.eventTables: the YLT/ELT rows (null otherwise: nothing recorded, nothing allocated). */
  private readonly tables: EventTableRecorder | null;
  private currentTrial = 0;
  private readonly onIntensity: (field: IntensityField) => void;
  /** spec.observersOnly: region slots from here on are accumulated (the observers' blocks); else 0, all of them. */
  private readonly firstAccumulated: number;
  private readonly observersOnly: boolean;

  constructor(
    readonly spec: RunSpec,
    observers: ObserverFactory = () => [],
  ) {
    this.n = spec.region.n;
    this.observers = observers(spec);
    this.layout = metricLayout(spec.items, spec.hazards.length, this.n, this.observers);
    this.observerBase = Int32Array.from(this.layout.observers.map((o) => o.base));
    const m = this.layout.metric;
    this.ev = {
      evacuated: m.evacuated,
      displaced: m.displaced,
      sheltered: m.sheltered,
      deaths: m.deaths,
      injured: m.injured,
      trapped: m.trapped,
      rescueTeamHours: m.rescueTeamHours,
      unmetExtractions72h: m.unmetExtractions72h,
      rescueSurvivors: m.rescueSurvivors,
    };
    this.eventMetrics = new Float64Array(this.layout.nMetrics);
    this.hazards = spec.hazards.map((h) => hazardModule(h.type).createKernel(spec.region, h));
    this.impactModels = spec.hazards.map((h) => hazardModule(h.type).createImpact(spec.region, h, (name) => this.hazardMetricSlot(h.type, name)));
    this.impactBuffers = spec.hazards.map(() => newImpactBuffer(this.n));
    this.seedHash = hashString(spec.seed);
    this.trialRegion = new Float64Array(this.layout.nRegion);
    this.trialTown = new Float64Array(this.layout.nTownship);
    this.touched = new Int32Array(this.n);
    this.touchedMark = new Uint8Array(this.n);
    this.peakImpacts = new Float64Array(this.n * IMPACT_FIELDS);
    this.phase1 = new Float64Array(spec.items.length);
    this.later = new Float64Array(spec.items.length);
    this.basisIdx = basisIndices(spec.items);
    this.rescueEvaluator = new RescueEvaluator(spec.region, spec.rescue);
    this.tables = spec.eventTables ? new EventTableRecorder(spec.hazards, spec.items, BLOCK_SIZE) : null;
    this.observersOnly = spec.observersOnly === true;
    if (this.observersOnly && (this.observers.length === 0 || this.tables)) throw new Error('internal: an observers-only pass needs observers and records no event tables');
    this.firstAccumulated = this.observersOnly ? this.layout.observers[0].base : 0;
    this.onIntensity = (field) => {
      const h = this.hazardIndex;
      const out = this.impactBuffers[h];
      // other hazards' own metrics are 0 for this event; the kernel sets the shared ones below
      this.eventMetrics.fill(0);
      this.impactModels[h].write(field, out, this.eventMetrics);
      this.recordEvent(out);
      // outside recordEvent, so the hot path without the tables is the same code as before them
      if (this.tables !== null) this.tableEvent(field);
    };
  }

  /** A hazard may write only the metrics it declared. */
  private hazardMetricSlot(type: string, name: string): number {
    if (!(hazardModule(type).metrics ?? []).some((x) => x.name === name)) throw new Error(`internal: hazard "${type}" writes metric "${name}" that it does not declare`);
    return this.layout.metric[name];
  }

  newPartial(firstBlock: number, nBlocks: number): Partial {
    const l = this.layout;
    return {
      firstBlock,
      nBlocks,
      trials: 0,
      moments: new Float64Array(nBlocks * momentWidth(l)),
      region: new HistogramBank(l.nHistogrammed, REGION_LAYOUT),
      township: new HistogramBank(l.nTownship, townshipLayout(l.nTownships)),
      uniform: newReservoir(this.spec.reservoir.uniform, reservoirWidth(this.spec, IMPACT_FIELDS), false),
      tail: newReservoir(this.spec.reservoir.tail, reservoirWidth(this.spec, IMPACT_FIELDS), true),
    };
  }

  /** Run blocks [firstBlock, firstBlock + nBlocks) into a fresh partial. */
  runBlocks(firstBlock: number, nBlocks: number): Partial {
    const out = this.newPartial(firstBlock, nBlocks);
    const w = momentWidth(this.layout);
    // runTrial leaves these zeroed; a task that threw half-way through a trial must not leak into the next
    this.trialRegion.fill(0);
    this.trialTown.fill(0);
    this.touchedMark.fill(0);
    this.nTouched = 0;
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
    if (this.tables) out.tables = this.tables.take();
    return out;
  }

  private runTrial(trial: number, out: Partial, momentOffset: number): void {
    const l = this.layout;
    // trialRegion, trialTown and the touched list start zeroed: a trial with events zeroes what it used (most trials have none)
    this.eventsThisTrial = 0;
    this.peakSheltered = -1;
    this.currentTrial = trial; // the event tables' trial index
    for (let h = 0; h < this.hazards.length; h++) {
      this.hazardIndex = h;
      this.hazards[h].sampleTrial(this.onIntensity);
    }
    if (this.tables !== null) this.tableTrial(trial);
    if (this.eventsThisTrial === 0) return; // every metric is zero: nothing to add
    const m = out.moments;
    const tr = this.trialRegion;
    for (let q = 0; q < this.observers.length; q++) this.observers[q].onTrialEnd?.(tr, this.observerBase[q]);
    const hist = l.histogram;
    for (let k = this.firstAccumulated; k < l.nRegion; k++) {
      const v = tr[k];
      if (v === 0) continue;
      m[momentOffset + 2 * k] += v;
      m[momentOffset + 2 * k + 1] += v * v;
      if (hist[k]) out.region.stage(k, v);
    }
    tr.fill(0);
    if (this.observersOnly) {
      // no township metrics, no reservoirs: the first pass has them
      out.region.flush();
      return;
    }
    // Only the touched townships' metrics can be non-zero. Each metric has its own slots, so the order they are visited in changes no result.
    const townBase = momentOffset + 2 * l.nRegion;
    const town = this.trialTown;
    for (let j = 0; j < this.nTouched; j++) {
      const i = this.touched[j];
      this.touchedMark[i] = 0;
      for (let k = i * N_PEOPLE, end = k + N_PEOPLE; k < end; k++) {
        const v = town[k];
        if (v === 0) continue;
        town[k] = 0;
        m[townBase + 2 * k] += v;
        m[townBase + 2 * k + 1] += v * v;
        out.township.stage(k, v);
      }
    }
    this.nTouched = 0;
    out.region.flush();
    out.township.flush();
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
    if (this.observersOnly) {
      this.observeOnly(imp);
      return;
    }
    r[l.events + this.hazardIndex] += 1;
    const s = this.eventSum;
    // One pass over the townships: region sums of the impact fields, and the townships' annual people metrics.
    // The fields are read into locals (IMPACT_FIELDS is 8: checked at load) and summed without a test: the sums
    // start at +0 and adding a zero leaves any sum's bits as they are, as skipping it did.
    const town = this.trialTown;
    const shareE = p.evacueeShelterShare;
    const shareD = p.displacedShelterShare;
    let sEv = 0;
    let sD1 = 0;
    let sD2 = 0;
    let sD3 = 0;
    let sInj = 0;
    let sTrap = 0;
    let sDeath = 0;
    let sHours = 0;
    // Only the rows the impact model says may be non-zero, in township order: the rest are all +0 (they would add nothing).
    const list = this.impactModels[this.hazardIndex].nonZeroRows;
    const listed = list !== undefined && list.count >= 0;
    const nRows = listed ? list.count : this.n;
    for (let j = 0; j < nRows; j++) {
      const i = listed ? list.rows[j] : j;
      const o = i * IMPACT_FIELDS;
      const ev = imp[o + IMPACT.evacuated];
      const d1 = imp[o + IMPACT.displacedI];
      const d2 = imp[o + IMPACT.displacedII];
      const d3 = imp[o + IMPACT.displacedIII];
      const inj = imp[o + IMPACT.injured];
      const trap = imp[o + IMPACT.trapped];
      const death = imp[o + IMPACT.deaths];
      const hours = imp[o + IMPACT.rescueTeamHours];
      sEv += ev;
      sD1 += d1;
      sD2 += d2;
      sD3 += d3;
      sInj += inj;
      sTrap += trap;
      sDeath += death;
      sHours += hours;
      if (ev === 0 && d1 === 0 && d2 === 0 && d3 === 0 && inj === 0 && trap === 0 && death === 0 && hours === 0) continue;
      if (this.touchedMark[i] === 0) {
        this.touchedMark[i] = 1;
        this.touched[this.nTouched++] = i;
      }
      const dis = d1 + d2 + d3;
      const t = i * N_PEOPLE;
      town[t + PEOPLE.evacuated] += ev;
      town[t + PEOPLE.displaced] += dis;
      town[t + PEOPLE.sheltered] += ev * shareE + dis * shareD; // people in public shelter, as shelteredByClass sums them
      town[t + PEOPLE.deaths] += death;
      town[t + PEOPLE.injured] += inj;
      town[t + PEOPLE.trapped] += trap;
    }
    s[IMPACT.evacuated] = sEv;
    s[IMPACT.displacedI] = sD1;
    s[IMPACT.displacedII] = sD2;
    s[IMPACT.displacedIII] = sD3;
    s[IMPACT.injured] = sInj;
    s[IMPACT.trapped] = sTrap;
    s[IMPACT.deaths] = sDeath;
    s[IMPACT.rescueTeamHours] = sHours;
    demandBases(s, 0, p, this.bases);
    const sheltered = this.bases[BASIS_INDEX.sheltered];
    const e = this.eventMetrics;
    const x = this.ev;
    e[x.evacuated] = s[IMPACT.evacuated];
    e[x.displaced] = this.bases[BASIS_INDEX.displaced]; // all classes
    e[x.sheltered] = sheltered;
    e[x.deaths] = s[IMPACT.deaths];
    e[x.injured] = s[IMPACT.injured];
    e[x.trapped] = s[IMPACT.trapped];
    e[x.rescueTeamHours] = s[IMPACT.rescueTeamHours];
    const anyTrapped = e[x.trapped] > 0;
    if (anyTrapped) {
      this.rescueEvaluator.outcome(imp, this.spec.region.rescueUnits, this.spec.region.countyRescueUnits, this.rescue);
      e[x.unmetExtractions72h] = this.rescue.unmet;
      e[x.rescueSurvivors] = this.rescue.survivors;
    } else {
      e[x.unmetExtractions72h] = 0;
      e[x.rescueSurvivors] = 0;
    }
    const hA = l.byHazardAnnual + this.hazardIndex * N_PEOPLE;
    const hP = l.byHazardPeak + this.hazardIndex * N_PEOPLE;
    // the people metrics are the first N_PEOPLE of the event vector (PEOPLE_METRICS order)
    for (let k = 0; k < l.nMetrics; k++) {
      const v = e[k];
      r[l.annual + k] += v;
      if (v > r[l.peak + k]) r[l.peak + k] = v;
      if (k < N_PEOPLE) {
        r[hA + k] += v;
        if (v > r[hP + k]) r[hP + k] = v;
      }
    }
    for (let c = 0; c < l.classes.length; c++) {
      const b = l.classes[c];
      const v = e[b.metric];
      if (v > 0) {
        let k = 0;
        while (k < b.bounds.length && v >= b.bounds[k]) k++;
        r[b.base + k] += 1;
      }
    }
    itemDemand(this.spec.items, this.basisIdx, this.bases, p.reliefDays, this.phase1, this.later);
    for (let k = 0; k < l.nItems; k++) {
      const total = this.phase1[k] + this.later[k];
      if (total > r[l.demandTotal + k]) r[l.demandTotal + k] = total;
      if (this.phase1[k] > r[l.demandPhase1 + k]) r[l.demandPhase1 + k] = this.phase1[k];
    }
    shelteredByClass(s, 0, p, this.classes);
    for (let c = 0; c < 3; c++) if (this.classes[c] > r[l.shelterClass + c]) r[l.shelterClass + c] = this.classes[c];
    for (let q = 0; q < this.observers.length; q++) this.observers[q].onEvent(imp, anyTrapped, r, this.observerBase[q]);
    if (sheltered > this.peakSheltered) {
      this.peakSheltered = sheltered;
      this.peakImpacts.set(imp);
    }
  }

  /** spec.observersOnly: an event goes to the observers only (anyTrapped as recordEvent finds it: some township's trapped > 0). */
  private observeOnly(imp: Float64Array): void {
    let anyTrapped = false;
    for (let i = 0; i < this.n; i++) {
      if (imp[i * IMPACT_FIELDS + IMPACT.trapped] > 0) {
        anyTrapped = true;
        break;
      }
    }
    const r = this.trialRegion;
    for (let q = 0; q < this.observers.length; q++) this.observers[q].onEvent(imp, anyTrapped, r, this.observerBase[q]);
  }

  /** The event just recorded, as an ELT row (spec.eventTables). */
  private tableEvent(field: IntensityField): void {
    this.tables!.event(this.currentTrial, this.eventsThisTrial - 1, this.hazardIndex, this.hazards[this.hazardIndex], field, this.eventMetrics, this.phase1, this.later);
  }

  /** The trial just sampled, as a YLT row (spec.eventTables). */
  private tableTrial(trial: number): void {
    this.tables!.trial(trial, this.eventsThisTrial, this.trialRegion, this.layout.annual, this.layout.demandTotal);
  }
}
