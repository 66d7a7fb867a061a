/**
 * Annual cost of a plan, with the same unit costs the LPs minimise
 * (model.md §5): stock holding (unit cost / shelf life + floor area at the
 * storage cost), contract retainers, team members, shelter area annualised
 * over its life.
 */
import type { Item } from '../demand/catalogue.js';
import type { PlanParams } from './params.js';
import { holdingCostPerUnit } from './stockpile.js';
import { SHELTER_CLASS_NAMES, type Plan } from './types.js';

export interface PlanCost {
  stockpiles: number;
  contracts: number;
  teams: number;
  shelters: number;
  total: number;
}

export function planCost(plan: Plan, items: Item[], p: PlanParams, areaPerPersonM2: number): PlanCost {
  const byId = new Map(items.map((it) => [it.id, it]));
  let stockpiles = 0;
  for (const byItem of Object.values(plan.stock)) for (const [id, q] of Object.entries(byItem)) stockpiles += q * holdingCostPerUnit(byId.get(id)!, p);
  let contracts = 0;
  for (const [id, q] of Object.entries(plan.contracted)) contracts += q * p.contractRetainerShare * byId.get(id)!.unitCostCny;
  let members = 0;
  for (const m of Object.values(plan.teams.county)) members += m;
  for (const n of Object.values(plan.teams.township)) members += 30 * n;
  for (const n of Object.values(plan.teams.village)) members += 10 * n;
  const teams = members * p.teamMemberCostPerYear;
  let shelters = 0;
  for (const byClass of Object.values(plan.shelters)) {
    SHELTER_CLASS_NAMES.forEach((k, j) => {
      const cap = byClass[k]?.capacity ?? 0;
      shelters += (cap * areaPerPersonM2 * p.shelterCostPerM2[j]) / p.shelterLifeYears;
    });
  }
  return { stockpiles, contracts, teams, shelters, total: stockpiles + contracts + teams + shelters };
}
