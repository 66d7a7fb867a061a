/**
 * What a plan asks a bureau to do, line by line, against its current
 * holdings: stock to buy at each depot, teams to form in each township,
 * shelter places to build in each county; each line with its one-off and
 * annual cost (cost.ts's rules). Under topUp nothing is negative; under
 * greenfield a negative quantity is stock, teams or places the plan does
 * without.
 */
import type { Item } from '../demand/catalogue.js';
import type { Region } from '../region/types.js';
import type { PlanParams } from './params.js';
import { holdingCostPerUnit, transferCost, type StockMove } from './stockpile.js';
import { SHELTER_CLASS_NAMES, type Depot, type Plan, type ShelterClass } from './types.js';

const TIER_ORDER: Record<Depot['tier'] | 'contract', number> = { city: 0, county: 1, township: 2, village: 3, contract: 4 };

export interface PurchaseLine {
  countyCode: string;
  countyZh: string;
  tier: Depot['tier'] | 'contract';
  depotId: string;
  depotZh: string;
  depotEn: string;
  item: Item;
  current: number;
  add: number;
  /** ¥ per unit: the purchase price (stock) or the yearly retainer (contracted capacity). */
  unitCost: number;
  oneOff: number;
  annual: number;
}

export interface TeamLine {
  level: 'county' | 'township';
  code: string;
  nameZh: string;
  countyZh: string;
  /** Townships: 30-person township teams and 10-person village teams; null on a county team's line (members only). */
  currentTownshipTeams: number | null;
  addTownshipTeams: number | null;
  currentVillageTeams: number | null;
  addVillageTeams: number | null;
  currentMembers: number;
  addMembers: number;
  oneOff: number;
  annual: number;
}

export interface ShelterLine {
  countyCode: string;
  countyZh: string;
  shelterClass: ShelterClass;
  currentCount: number;
  addCount: number;
  currentPlaces: number;
  addPlaces: number;
  addM2: number;
  oneOff: number;
  annual: number;
}

function countyZh(region: Region, code: string): string {
  const k = region.countyCode.indexOf(code);
  return k >= 0 ? region.countyZh[k] : '';
}

/**
 * Stock and contracts to add, by county, tier, depot and item (lines that change nothing left out):
 * what is bought, net of current stock that stays or is moved in (basis relocate).
 */
export function purchaseLines(plan: Plan, current: Plan, region: Region, depots: Depot[], items: Item[], p: PlanParams, moves: readonly StockMove[] = []): PurchaseLine[] {
  const out: PurchaseLine[] = [];
  const movedIn = new Map<string, number>();
  for (const m of moves) {
    movedIn.set(`${m.to}|${m.item}`, (movedIn.get(`${m.to}|${m.item}`) ?? 0) + m.quantity);
    movedIn.set(`${m.from}|${m.item}`, (movedIn.get(`${m.from}|${m.item}`) ?? 0) - m.quantity);
  }
  for (const d of depots) {
    for (const it of items) {
      const cur = current.stock[d.id]?.[it.id] ?? 0;
      const add = (plan.stock[d.id]?.[it.id] ?? 0) - cur - (movedIn.get(`${d.id}|${it.id}`) ?? 0);
      if (add === 0) continue;
      out.push({
        countyCode: d.countyCode,
        countyZh: countyZh(region, d.countyCode),
        tier: d.tier,
        depotId: d.id,
        depotZh: d.nameZh,
        depotEn: d.nameEn,
        item: it,
        current: cur,
        add,
        unitCost: it.unitCostCny,
        oneOff: Math.max(0, add) * it.unitCostCny,
        annual: add * holdingCostPerUnit(it, p),
      });
    }
  }
  for (const it of items) {
    const cur = current.contracted[it.id] ?? 0;
    const add = (plan.contracted[it.id] ?? 0) - cur;
    if (add === 0) continue;
    const retainer = p.contractRetainerShare * it.unitCostCny;
    out.push({ countyCode: '', countyZh: '', tier: 'contract', depotId: 'contracted', depotZh: '协议储备', depotEn: 'contracted reserve', item: it, current: cur, add, unitCost: retainer, oneOff: 0, annual: add * retainer });
  }
  const itemOrder = new Map(items.map((it, k) => [it.id, k]));
  return out.sort((a, b) => (a.countyCode === b.countyCode ? 0 : a.countyCode === '' ? 1 : b.countyCode === '' ? -1 : a.countyCode < b.countyCode ? -1 : 1) || TIER_ORDER[a.tier] - TIER_ORDER[b.tier] || (a.depotId < b.depotId ? -1 : a.depotId > b.depotId ? 1 : 0) || itemOrder.get(a.item.id)! - itemOrder.get(b.item.id)!);
}

export interface MoveLine {
  countyZh: string;
  fromId: string;
  fromZh: string;
  toId: string;
  toZh: string;
  item: Item;
  quantity: number;
  roadKm: number;
  /** ¥ once: the transfer (stockpile.ts transferCost). */
  oneOff: number;
}

/** Moves of current stock (basis relocate), with their one-off cost. */
export function moveLines(moves: readonly StockMove[], region: Region, depots: Depot[], items: Item[], p: PlanParams): MoveLine[] {
  const byId = new Map(depots.map((d) => [d.id, d]));
  const item = new Map(items.map((it) => [it.id, it]));
  return moves.map((m) => {
    const from = byId.get(m.from)!;
    const it = item.get(m.item)!;
    return { countyZh: countyZh(region, from.countyCode), fromId: m.from, fromZh: from.nameZh, toId: m.to, toZh: byId.get(m.to)!.nameZh, item: it, quantity: m.quantity, roadKm: m.roadKm, oneOff: m.quantity * transferCost(it.volumeM3, m.roadKm, p) };
  });
}

/** Teams to form: county teams by county, township and village teams by township. */
export function teamLines(plan: Plan, current: Plan, region: Region, p: PlanParams): TeamLine[] {
  const out: TeamLine[] = [];
  const line = (l: Omit<TeamLine, 'oneOff' | 'annual'>): TeamLine => ({ ...l, oneOff: Math.max(0, l.addMembers) * p.teamMemberTrainingCost, annual: l.addMembers * p.teamMemberCostPerYear });
  for (const c of region.counties) {
    const cur = current.teams.county[c] ?? 0;
    const add = (plan.teams.county[c] ?? 0) - cur;
    if (cur === 0 && add === 0) continue;
    out.push(line({ level: 'county', code: c, nameZh: countyZh(region, c), countyZh: countyZh(region, c), currentTownshipTeams: null, addTownshipTeams: null, currentVillageTeams: null, addVillageTeams: null, currentMembers: cur, addMembers: add }));
  }
  region.code.forEach((code, t) => {
    const ct = current.teams.township[code] ?? 0;
    const cv = current.teams.village[code] ?? 0;
    const at = (plan.teams.township[code] ?? 0) - ct;
    const av = (plan.teams.village[code] ?? 0) - cv;
    if (ct === 0 && cv === 0 && at === 0 && av === 0) return;
    out.push(line({ level: 'township', code, nameZh: region.nameZhList[t], countyZh: region.countyZh[t], currentTownshipTeams: ct, addTownshipTeams: at, currentVillageTeams: cv, addVillageTeams: av, currentMembers: 30 * ct + 10 * cv, addMembers: 30 * at + 10 * av }));
  });
  return out;
}

/** Shelter places to build, by county and class. */
export function shelterLines(plan: Plan, current: Plan, region: Region, p: PlanParams, areaPerPersonM2: number): ShelterLine[] {
  const out: ShelterLine[] = [];
  for (const c of region.counties) {
    SHELTER_CLASS_NAMES.forEach((k, j) => {
      const cur = current.shelters[c]?.[k] ?? { count: 0, capacity: 0 };
      const planned = plan.shelters[c]?.[k] ?? { count: 0, capacity: 0 };
      const addPlaces = planned.capacity - cur.capacity;
      const addM2 = addPlaces * areaPerPersonM2;
      out.push({
        countyCode: c,
        countyZh: countyZh(region, c),
        shelterClass: k,
        currentCount: cur.count,
        addCount: planned.count - cur.count,
        currentPlaces: cur.capacity,
        addPlaces,
        addM2,
        oneOff: Math.max(0, addM2) * p.shelterCostPerM2[j],
        annual: (addM2 * p.shelterCostPerM2[j]) / p.shelterLifeYears,
      });
    });
  }
  return out;
}
