/**
 * Stockpile sizing LP (docs/model.md §5.1). Decisions: physical stock x at the
 * township stations, county warehouses and city warehouse, and contracted
 * capacity z (协议储备), per item. For each kept scenario s and item i:
 *
 *   phase 1 (10 h):  u[s,t] ≥ D1[s,t] − x_town[t]                 (what the township station cannot cover)
 *                    v[s,c] ≥ Σ_{t∈c, county reaches t} u[s,t] − x_county[c]
 *                    short1[s] ≥ Σ_c v[s,c] + Σ_{t: only the city reaches} u[s,t] − x_city
 *   later phase:     short2[s] ≥ D1tot[s] + D2tot[s] − Σ x − z − short1[s]
 *
 * which is exact for nested reach sets (township ⊂ county ⊂ city), as the
 * evaluator's bottom-up allocation is. Objective: annual holding cost (unit
 * cost / shelf life + floor area at the storage cost) + contract retainer, plus
 * in penalty mode the expected shortage penalty; in reliability mode the
 * shortages of the required scenarios are fixed at zero. Warehouse volume and
 * an optional budget bound the stock. Costs in thousands of ¥ a year.
 */
import type { Item } from '../demand/catalogue.js';
import type { Region } from '../region/types.js';
import type { LpScenario } from './scenarios.js';
import { LpBuilder } from './lp-builder.js';
import type { PlanParams } from './params.js';
import { roadKm } from '../region/travel.js';
import { phase1Reach } from './holdings.js';
import type { Depot, Plan } from './types.js';
import type { LpModel } from './solver/types.js';

/** Penalty per unit of slack in the elastic (diagnostic) model, k¥: far above any real cost. */
const ELASTIC_PENALTY = 1e7;

export interface StockpileInput {
  region: Region;
  depots: Depot[];
  items: Item[];
  scenarios: LpScenario[];
  mode: 'reliability' | 'penalty';
  params: PlanParams;
  /** Annual budget for what the plan adds to stock and contracts, ¥ (undefined: none). */
  budget?: number;
  /** topUp: current stock and contracts, kept as lower bounds (the plan adds to them); undefined: from zero. */
  keep?: Pick<Plan, 'stock' | 'contracted'>;
  /**
   * relocate: with `keep`, current stock may move to another depot of its county, or between the
   * city and county warehouses, at `transferCostPerM3Km` a m³·km of road (a one-off cost, spread
   * over the item's shelf life like a purchase); `kept` stock must then stay somewhere.
   */
  relocate?: boolean;
}

/** A move of current stock from one depot to another (basis: relocate). */
export interface StockMove {
  from: string;
  to: string;
  item: string;
  quantity: number;
  roadKm: number;
}

/** One-off cost of moving a unit of `volumeM3` over `roadKm` (basis relocate), ¥. */
export function transferCost(volumeM3: number, roadKm: number, p: PlanParams): number {
  return volumeM3 * (p.transferHandlingPerM3 + p.transferCostPerM3Km * roadKm);
}

/** Depot pairs stock may move between: within a county, or between the city and county warehouses. */
export function movePairs(depots: Depot[], p: PlanParams): { from: Depot; to: Depot; roadKm: number }[] {
  const out: { from: Depot; to: Depot; roadKm: number }[] = [];
  const upper = (d: Depot) => d.tier === 'city' || d.tier === 'county';
  for (const a of depots) {
    for (const b of depots) {
      if (a === b || !(a.countyCode === b.countyCode || (upper(a) && upper(b)))) continue;
      out.push({ from: a, to: b, roadKm: roadKm(a.lat, a.lon, b.lat, b.lon, p) });
    }
  }
  return out;
}

/** Where each decision sits, so a solution can be read back and an infeasibility explained. */
export interface StockpileModel {
  model: LpModel;
  /** Per item: var index of the stock at each depot (depot id → index). */
  stockVars: Map<string, number>[];
  contractVars: number[];
  /** Elastic slacks: var index → what it relaxes. */
  slacks: Map<number, { kind: 'budget' | 'warehouse' | 'shortage'; what: string; unit: string }>;
  /** Township stations, county warehouses and the city warehouse used, and townships nothing reaches in time. */
  unreachable: string[];
  /** relocate: var index of each possible move. */
  moveVars: { from: string; to: string; item: string; roadKm: number; v: number }[];
}

export function holdingCostPerUnit(it: Item, p: PlanParams): number {
  return it.unitCostCny / it.shelfLifeYears + (it.volumeM3 / p.stackHeightM) * p.storageCostPerM2Year;
}

export function buildStockpileModel(inp: StockpileInput, elastic = false): StockpileModel {
  const { region, depots, items, scenarios, mode, params: p } = inp;
  const T = region.n;
  const I = items.length;
  const b = new LpBuilder(`stockpile-${mode}${elastic ? '-elastic' : ''}`);
  const slacks: StockpileModel['slacks'] = new Map();
  const { local, county, city, countyReach, cityReach, unreachable } = phase1Reach(region, depots, p);
  const stockVars: Map<string, number>[] = [];
  const contractVars: number[] = [];
  const costTerms: [number, number][] = [];
  // annual cost of what is kept: the budget bounds what the plan adds on top of it
  let keptCost = 0;
  for (let i = 0; i < I; i++) {
    const it = items[i];
    const h = holdingCostPerUnit(it, p) / 1000;
    const m = new Map<string, number>();
    const retainer = (p.contractRetainerShare * it.unitCostCny) / 1000;
    for (const d of depots) {
      const held = inp.keep?.stock[d.id]?.[it.id] ?? 0;
      // relocate: the bound becomes a row below, as the depot may send stock away
      m.set(d.id, b.v(`x[${d.id},${it.id}]`, h, inp.relocate ? 0 : held));
      keptCost += held * h;
    }
    stockVars.push(m);
    const contracted = inp.keep?.contracted[it.id] ?? 0;
    contractVars.push(b.v(`z[${it.id}]`, retainer, contracted));
    keptCost += contracted * retainer;
    for (const v of m.values()) costTerms.push([v, h]);
    costTerms.push([contractVars[i], retainer]);
  }
  const shortage = (name: string, weight: number, unitCost: number, what: string, unit: string): number | undefined => {
    if (mode === 'penalty') return b.v(name, (weight * p.shortagePenaltyFactor * unitCost) / 1000);
    if (!elastic) return undefined;
    const s = b.v(name, ELASTIC_PENALTY);
    slacks.set(s, { kind: 'shortage', what, unit });
    return s;
  };
  // the rows' stock terms are the same in every scenario: built once per item (same terms, same order)
  const localTerms = stockVars.map((xs) => local.map((ds) => ds.map((d) => [xs.get(d.id)!, 1] as [number, number])));
  const countyTerms0 = stockVars.map((xs) => county.map((ds) => ds.map((d) => [xs.get(d.id)!, 1] as [number, number])));
  const cityTerms0 = stockVars.map((xs) => city.map((d) => [xs.get(d.id)!, -1] as [number, number]));
  const allStockTerms = stockVars.map((xs) => [...xs.values()].map((x) => [x, 1] as [number, number]));
  scenarios.forEach((sc, si) => {
    for (let i = 0; i < I; i++) {
      const it = items[i];
      const countyTerms: [number, number][][] = region.counties.map(() => []);
      const cityTerms: [number, number][] = [];
      let d1tot = 0;
      let d2tot = 0;
      const lost: [number, number][] = []; // phase-1 needs no depot can meet in time
      for (let t = 0; t < T; t++) {
        const d1 = sc.phase1[t * I + i];
        d1tot += d1;
        d2tot += sc.later[t * I + i];
        if (!(d1 > 0)) continue;
        const u = b.v(`u[${si},${region.code[t]},${it.id}]`, 0);
        b.ge(`town[${si},${region.code[t]},${it.id}]`, [[u, 1], ...localTerms[i][t]], d1);
        if (countyReach[t]) countyTerms[region.countyIndex[t]].push([u, 1]);
        else if (cityReach[t]) cityTerms.push([u, 1]);
        else lost.push([u, 1]);
      }
      if (d1tot + d2tot <= 0) continue;
      region.counties.forEach((c, k) => {
        if (countyTerms[k].length === 0) return;
        const v = b.v(`v[${si},${c},${it.id}]`, 0);
        b.ge(`county[${si},${c},${it.id}]`, [[v, 1], ...countyTerms0[i][k], ...countyTerms[k].map(([x]) => [x, -1] as [number, number])], 0);
        cityTerms.push([v, 1]);
      });
      const what = `trial ${sc.trial}, ${it.id}`;
      const s1 = shortage(`short1[${si},${it.id}]`, sc.weight, it.unitCostCny, `phase-1 ${what}`, it.unit);
      // city: Σ remaining − x_city − short1 ≤ 0. Needs no depot reaches in time are short in full:
      // they go through y (what the city leaves) so that surplus city stock cannot cover them.
      const cityRow: [number, number][] = [...cityTerms, ...cityTerms0[i]];
      const shortRow: [number, number][] = s1 !== undefined ? [[s1, -1]] : [];
      if (lost.length === 0) {
        if (cityTerms.length > 0) b.le(`city[${si},${it.id}]`, [...cityRow, ...shortRow], 0);
      } else {
        const y = b.v(`y[${si},${it.id}]`, 0);
        if (cityTerms.length > 0) b.le(`city[${si},${it.id}]`, [...cityRow, [y, -1]], 0);
        b.le(`short1[${si},${it.id}]`, [[y, 1], ...lost, ...shortRow], 0);
      }
      const s2 = shortage(`short2[${si},${it.id}]`, sc.weight, it.unitCostCny, `later-phase ${what}`, it.unit);
      const later: [number, number][] = [...allStockTerms[i], [contractVars[i], 1]];
      if (s1 !== undefined) later.push([s1, 1]);
      if (s2 !== undefined) later.push([s2, 1]);
      b.ge(`total[${si},${it.id}]`, later, d1tot + d2tot);
    }
  });
  const moveVars = inp.relocate && inp.keep ? addMoves(b, inp, inp.keep, stockVars, costTerms) : [];
  for (const d of depots) {
    const terms: [number, number][] = items.map((it, i) => [stockVars[i].get(d.id)!, it.volumeM3]);
    if (elastic) {
      const s = b.v(`extraVolume[${d.id}]`, ELASTIC_PENALTY);
      slacks.set(s, { kind: 'warehouse', what: `${d.id} ${d.nameZh} (usable ${d.usableVolumeM3} m³)`, unit: 'm³' });
      terms.push([s, -1]);
    }
    b.le(`volume[${d.id}]`, terms, d.usableVolumeM3);
  }
  if (inp.budget !== undefined) {
    const terms = [...costTerms];
    if (elastic) {
      const s = b.v('extraBudget', ELASTIC_PENALTY);
      slacks.set(s, { kind: 'budget', what: `annual budget for added stock ¥${inp.budget.toLocaleString('en-US')}`, unit: 'k¥' });
      terms.push([s, -1]);
    }
    b.le('budget', terms, inp.budget / 1000 + keptCost);
  }
  return { model: b.model, stockVars, contractVars, slacks, unreachable, moveVars };
}

/**
 * relocate: a variable per possible move of current stock (from depots that hold the item), costed
 * by the m³·km spread over the shelf life; what stays plus what arrives is kept at every depot, and
 * no depot sends more than it holds.
 */
function addMoves(b: LpBuilder, inp: StockpileInput, keep: NonNullable<StockpileInput['keep']>, stockVars: Map<string, number>[], costTerms: [number, number][]): StockpileModel['moveVars'] {
  const { depots, items, params: p } = inp;
  const moveVars: StockpileModel['moveVars'] = [];
  const pairs = movePairs(depots, p);
  for (let i = 0; i < items.length; i++) {
    const it = items[i];
    const out = new Map<string, [number, number][]>();
    const into = new Map<string, [number, number][]>();
    for (const { from, to, roadKm } of pairs) {
      if (!((keep.stock[from.id]?.[it.id] ?? 0) > 0)) continue;
      // one-off, spread over the shelf life like a purchase (cost.ts), k¥ a year
      const cost = (transferCost(it.volumeM3, roadKm, p)) / it.shelfLifeYears / 1000;
      const v = b.v(`move[${from.id}>${to.id},${it.id}]`, cost);
      moveVars.push({ from: from.id, to: to.id, item: it.id, roadKm, v });
      costTerms.push([v, cost]);
      (out.get(from.id) ?? out.set(from.id, []).get(from.id)!).push([v, 1]);
      (into.get(to.id) ?? into.set(to.id, []).get(to.id)!).push([v, 1]);
    }
    for (const d of depots) {
      const held = keep.stock[d.id]?.[it.id] ?? 0;
      const o = out.get(d.id) ?? [];
      const n = into.get(d.id) ?? [];
      // what stays plus what arrives is kept (x = held − out + in + bought, bought ≥ 0); nothing moves that is not there
      b.ge(`kept[${d.id},${it.id}]`, [[stockVars[i].get(d.id)!, 1], ...o, ...n.map(([v]) => [v, -1] as [number, number])], held);
      if (o.length > 0) b.le(`send[${d.id},${it.id}]`, o, held);
    }
  }
  return moveVars;
}
