/**
 * What a plan costs (docs/model.md §5), with the unit costs the LPs minimise.
 *
 * Annual: the steady-state cost of keeping the plan. Stock is replaced when it
 * expires, so a unit held costs unit cost / shelf life a year, plus its floor
 * area at the storage cost; contracted capacity costs its retainer; a team
 * member costs the upkeep; shelter places cost their construction spread over
 * the shelter's life. Purchases are thereby spread over the shelf life with no
 * discounting (rate 0: assumption), which is how the budget, a bound on the
 * added annual cost, sees them.
 *
 * One-off: the cash needed now to reach the plan from the current holdings:
 * purchases of added stock, moves of current stock (basis relocate),
 * construction of added shelter places, recruitment and training of new team
 * members. Nothing is refunded for holdings a greenfield plan leaves out.
 */
import type { Item } from '../demand/catalogue.js';
import type { PlanParams } from './params.js';
import { holdingCostPerUnit, transferCost, type StockMove } from './stockpile.js';
import { SHELTER_CLASS_NAMES, type Plan } from './types.js';

/** Annual cost of holding a plan, ¥ a year, by part. */
export interface PlanCost {
  stockpiles: number;
  contracts: number;
  teams: number;
  shelters: number;
  total: number;
}

export interface CostPair {
  oneOff: number;
  annual: number;
}

export const COST_PARTS = ['stockpiles', 'contracts', 'teams', 'shelters'] as const;
export type CostPart = (typeof COST_PARTS)[number];

/** A plan's cost against the current holdings: current, what the plan adds, and the total, each one-off and annual. */
export interface PlanCostSplit {
  current: CostPair;
  added: CostPair;
  total: CostPair;
  byPart: Record<CostPart, { current: CostPair; added: CostPair; total: CostPair }>;
}

export function teamMembers(teams: Plan['teams']): number {
  let members = 0;
  for (const m of Object.values(teams.county)) members += m;
  for (const n of Object.values(teams.township)) members += 30 * n;
  for (const n of Object.values(teams.village)) members += 10 * n;
  return members;
}

export function planCost(plan: Plan, items: Item[], p: PlanParams, areaPerPersonM2: number): PlanCost {
  const byId = new Map(items.map((it) => [it.id, it]));
  let stockpiles = 0;
  for (const byItem of Object.values(plan.stock)) for (const [id, q] of Object.entries(byItem)) stockpiles += q * holdingCostPerUnit(byId.get(id)!, p);
  let contracts = 0;
  for (const [id, q] of Object.entries(plan.contracted)) contracts += q * p.contractRetainerShare * byId.get(id)!.unitCostCny;
  const teams = teamMembers(plan.teams) * p.teamMemberCostPerYear;
  let shelters = 0;
  for (const byClass of Object.values(plan.shelters)) {
    SHELTER_CLASS_NAMES.forEach((k, j) => {
      const cap = byClass[k]?.capacity ?? 0;
      shelters += (cap * areaPerPersonM2 * p.shelterCostPerM2[j]) / p.shelterLifeYears;
    });
  }
  return { stockpiles, contracts, teams, shelters, total: stockpiles + contracts + teams + shelters };
}

/**
 * What must be bought at each depot (depot id → item id → units): the plan's stock less what stays
 * there and what is moved in (basis relocate), never negative.
 */
export function boughtStock(plan: Plan, current: Plan, moves: readonly StockMove[] = []): Record<string, Record<string, number>> {
  const net = new Map<string, number>();
  const key = (d: string, i: string) => `${d}\u0000${i}`;
  for (const m of moves) {
    net.set(key(m.to, m.item), (net.get(key(m.to, m.item)) ?? 0) + m.quantity);
    net.set(key(m.from, m.item), (net.get(key(m.from, m.item)) ?? 0) - m.quantity);
  }
  const out: Record<string, Record<string, number>> = {};
  for (const [depot, byItem] of Object.entries(plan.stock)) {
    for (const [id, q] of Object.entries(byItem)) {
      const buy = q - (current.stock[depot]?.[id] ?? 0) - (net.get(key(depot, id)) ?? 0);
      if (buy > 0) (out[depot] ??= {})[id] = buy;
    }
  }
  return out;
}

/** One-off cost of going from `current` to `plan`, by part: what is added is bought (or moved), built or recruited. */
export function oneOffCost(plan: Plan, current: Plan, items: Item[], p: PlanParams, areaPerPersonM2: number, moves: readonly StockMove[] = []): Record<CostPart, number> {
  const byId = new Map(items.map((it) => [it.id, it]));
  let stockpiles = 0;
  for (const byItem of Object.values(boughtStock(plan, current, moves))) for (const [id, q] of Object.entries(byItem)) stockpiles += q * byId.get(id)!.unitCostCny;
  for (const m of moves) stockpiles += m.quantity * transferCost(byId.get(m.item)!.volumeM3, m.roadKm, p);
  // members recruited where a unit grows (a greenfield plan that drops a team elsewhere still recruits here)
  let newMembers = 0;
  for (const [c, m] of Object.entries(plan.teams.county)) newMembers += Math.max(0, m - (current.teams.county[c] ?? 0));
  const towns = new Set([...Object.keys(plan.teams.township), ...Object.keys(plan.teams.village)]);
  for (const t of towns) {
    const add = 30 * ((plan.teams.township[t] ?? 0) - (current.teams.township[t] ?? 0)) + 10 * ((plan.teams.village[t] ?? 0) - (current.teams.village[t] ?? 0));
    newMembers += Math.max(0, add);
  }
  let shelters = 0;
  for (const [county, byClass] of Object.entries(plan.shelters)) {
    SHELTER_CLASS_NAMES.forEach((k, j) => {
      const add = (byClass[k]?.capacity ?? 0) - (current.shelters[county]?.[k]?.capacity ?? 0);
      shelters += Math.max(0, add) * areaPerPersonM2 * p.shelterCostPerM2[j];
    });
  }
  return { stockpiles, contracts: 0, teams: newMembers * p.teamMemberTrainingCost, shelters };
}

export function planCostSplit(plan: Plan, current: Plan, items: Item[], p: PlanParams, areaPerPersonM2: number, moves: readonly StockMove[] = []): PlanCostSplit {
  const now = planCost(current, items, p, areaPerPersonM2);
  const then = planCost(plan, items, p, areaPerPersonM2);
  const once = oneOffCost(plan, current, items, p, areaPerPersonM2, moves);
  const byPart = {} as PlanCostSplit['byPart'];
  const sum = { current: { oneOff: 0, annual: 0 }, added: { oneOff: 0, annual: 0 }, total: { oneOff: 0, annual: 0 } };
  for (const k of COST_PARTS) {
    // holding what is already there needs no cash now
    const part = { current: { oneOff: 0, annual: now[k] }, added: { oneOff: once[k], annual: then[k] - now[k] }, total: { oneOff: once[k], annual: then[k] } };
    byPart[k] = part;
    for (const w of ['current', 'added', 'total'] as const) {
      sum[w].oneOff += part[w].oneOff;
      sum[w].annual += part[w].annual;
    }
  }
  return { ...sum, byPart };
}
