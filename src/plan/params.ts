/** Planning defaults (model.md §5): travel, reserve modes, costs. Override under the scenario's `optimize: parameters:`. */
import type { ParamTable } from '../core/params.js';
import { TRAVEL_PARAMS } from '../region/travel.js';

export const PLAN_PARAMS = {
  // the travel rule (road factor, speed) lives in src/region/travel.ts, below demand and plan, for the rescue model's mutual aid too
  ...TRAVEL_PARAMS,
  loadingHours: { value: 1, unit: 'h', description: 'loading time added to every trip from a city or county warehouse', source: 'assumption (model.md §5.1)', confidence: 'assumption', min: 0 },
  townshipStationHours: { value: 1.5, unit: 'h', description: "time from a township station to its own villages", source: 'assumption (model.md §5.1)', confidence: 'assumption', min: 0 },
  phase1Hours: {
    value: 10,
    unit: 'h',
    description: 'phase-1 window: basic living needs met within this time',
    source: '十四五 national plan target, seed 003 (H)',
    confidence: 'H',
    min: 0,
    minExclusive: true,
  },
  contractLeadHours: { value: 24, unit: 'h', description: 'lead time of contracted stock (协议储备): serves the later phase', source: 'assumption (model.md §5.1)', confidence: 'assumption', min: 0 },
  contractRetainerShare: {
    value: 0.05,
    unit: 'share of unit cost per year',
    description: 'annual retainer paid for a unit of contracted capacity',
    source: 'assumption (model.md §5.1 names a retainer, no figure)',
    confidence: 'assumption',
    min: 0,
  },
  storageCostPerM2Year: {
    value: 300,
    unit: '¥/m²/yr',
    description: 'annual cost of a square metre of warehouse floor',
    source: 'assumption (model.md §5.1 names a storage area cost, no figure)',
    confidence: 'assumption',
    min: 0,
    minExclusive: true,
  },
  stackHeightM: { value: 1.8, unit: 'm³ usable per m² of floor', description: 'usable storage volume per square metre of floor (3 m stacking × 0.6 utilisation)', source: 'assumption (as in the illustrative depots.csv)', confidence: 'assumption', min: 0, minExclusive: true },
  shortagePenaltyFactor: {
    value: 20,
    unit: '× unit cost',
    description: 'penalty-mode cost of one unit short, as a multiple of the unit cost',
    source: 'assumption: sets the critical fractile 1 − h/p of the penalty LP (model.md §7, with net underage cost p − h)',
    confidence: 'assumption',
    min: 0,
    minExclusive: true,
  },
  countyWarehouseMinM2: {
    value: 630,
    unit: 'm²',
    description: 'minimum county relief warehouse building area (policy check)',
    source: 'seed 003; provincial transposition of 建标121-2009 (M)',
    confidence: 'M',
    min: 0,
  },
  teamMemberCostPerYear: {
    value: 3000,
    unit: '¥/member/yr',
    description: 'annual cost of a member of a part-time township or village rescue team (training, equipment, insurance, allowances)',
    source: 'assumption (model.md §5.2)',
    confidence: 'assumption',
    min: 0,
    minExclusive: true,
  },
  townshipTeamCoverage: { value: 0.8, unit: 'share of townships', description: 'townships with a team of ≥ 30', source: 'seed 004 §3.9 (H)', confidence: 'H', min: 0, max: 1 },
  villageTeamCoverage: { value: 0.8, unit: 'share of villages', description: 'villages with a team of ≥ 10', source: 'seed 004 §3.9 (H)', confidence: 'H', min: 0, max: 1 },
  shelterCostPerM2: {
    value: [3000, 1500, 500],
    unit: '¥/m² (class I, II, III)',
    description: 'cost of a square metre of shelter living area by class, annualised over the shelter life below',
    source: 'assumption (model.md §5.3)',
    confidence: 'assumption',
    min: 0,
    minExclusive: true,
    length: 3,
  },
  shelterLifeYears: { value: 20, unit: 'years', description: 'life over which shelter cost is annualised', source: 'assumption', confidence: 'assumption', min: 1 },
  shelterMinimumCounts: { value: [1, 2, 5], unit: 'shelters per county (class I, II, III)', description: 'minimum shelters per county', source: 'seed 003 §2(3) (H)', confidence: 'H', min: 0, length: 3 },
  shelterMinCapacity: { value: [2000, 1000, 200], unit: 'persons', description: 'smallest capacity counted for a shelter of each class when the minimum counts are added', source: 'assumption', confidence: 'assumption', min: 0, length: 3 },
} satisfies ParamTable;

export type PlanParams = { [K in keyof typeof PLAN_PARAMS]: (typeof PLAN_PARAMS)[K]['value'] };
