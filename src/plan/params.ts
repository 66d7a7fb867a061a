/** Planning defaults (docs/model.md §5): travel, reserve modes, costs. Override under the scenario's `optimize: parameters:`. */
import type { ParamTable } from '../core/params.js';
import { TRAVEL_PARAMS } from '../region/travel.js';

export const PLAN_PARAMS = {
  // the travel rule (road factor, speed) lives in src/region/travel.ts, below demand and plan, for the rescue model's mutual aid too
  // ranges here (src/region/travel.ts leaves them open): road factor 1–5, convoy speed > 0 to 200 km/h
  roadFactor: { ...TRAVEL_PARAMS.roadFactor, max: 5 },
  truckSpeedKmh: { ...TRAVEL_PARAMS.truckSpeedKmh, max: 200 },
  // hours: 0–72
  loadingHours: { value: 1, unit: 'h', description: 'loading time added to every trip from a city or county warehouse', source: 'assumption (docs/model.md §5.1)', confidence: 'assumption', min: 0, max: 72 },
  townshipStationHours: { value: 1.5, unit: 'h', description: "time from a township station to its own villages", source: 'assumption (docs/model.md §5.1)', confidence: 'assumption', min: 0, max: 72 },
  // range: > 0 to 240 h
  phase1Hours: {
    value: 10,
    unit: 'h',
    description: 'phase-1 window: basic living needs met within this time',
    source: '十四五 national plan target, seed 003 (H)',
    confidence: 'H',
    min: 0,
    minExclusive: true,
    max: 240,
  },
  // range: 0–720 h
  contractLeadHours: { value: 24, unit: 'h', description: 'lead time of contracted stock (协议储备): serves the later phase', source: 'assumption (docs/model.md §5.1)', confidence: 'assumption', min: 0, max: 720 },
  // range: 0–1 of the unit cost a year
  contractRetainerShare: {
    value: 0.05,
    unit: 'share of unit cost per year',
    description: 'annual retainer paid for a unit of contracted capacity',
    source: 'assumption (docs/model.md §5.1 names a retainer, no figure)',
    confidence: 'assumption',
    min: 0,
    max: 1,
  },
  // range: > 0 to ¥100,000 a m² a year
  storageCostPerM2Year: {
    value: 300,
    unit: '¥/m²/yr',
    description: 'annual cost of a square metre of warehouse floor',
    source: 'assumption (docs/model.md §5.1 names a storage area cost, no figure)',
    confidence: 'assumption',
    min: 0,
    minExclusive: true,
    max: 100000,
  },
  // range: > 0 to 20 m³ a m²
  stackHeightM: { value: 1.8, unit: 'm³ usable per m² of floor', description: 'usable storage volume per square metre of floor (3 m stacking × 0.6 utilisation)', source: 'assumption (as in the illustrative depots.csv)', confidence: 'assumption', min: 0, minExclusive: true, max: 20 },
  // range: > 0 to 10,000 × unit cost
  shortagePenaltyFactor: {
    value: 20,
    unit: '× unit cost',
    description: 'penalty-mode cost of one unit short, as a multiple of the unit cost',
    source: 'assumption: sets the critical fractile 1 − h/p of the penalty LP (docs/model.md §7, with net underage cost p − h)',
    confidence: 'assumption',
    min: 0,
    minExclusive: true,
    max: 10000,
  },
  // range: ¥0–1000 a m³·km
  transferCostPerM3Km: {
    value: 0.5,
    unit: '¥ per m³·km',
    description: 'cost of moving current stock between depots (basis: relocate), per m³ of goods and km of road',
    source: 'assumption: road freight of a few tenths of a yuan per tonne-km, taken per m³ for light, bulky relief goods',
    confidence: 'assumption',
    min: 0,
    max: 1000,
  },
  // range: ¥0–100,000 a m³
  transferHandlingPerM3: {
    value: 20,
    unit: '¥ per m³ moved',
    description: 'loading and unloading a m³ of stock moved between depots (basis: relocate), whatever the distance',
    source: 'assumption (a move is never free, so the plan moves stock only where it helps)',
    confidence: 'assumption',
    min: 0,
    max: 100000,
  },
  // range: 0–1,000,000 m²
  countyWarehouseMinM2: {
    value: 630,
    unit: 'm²',
    description: 'minimum county relief warehouse building area (policy check)',
    source: 'seed 003; provincial transposition of 建标121-2009 (M)',
    confidence: 'M',
    min: 0,
    max: 1000000,
  },
  // member costs: up to ¥1,000,000
  teamMemberCostPerYear: {
    value: 3000,
    unit: '¥/member/yr',
    description: 'annual cost of a member of a part-time township or village rescue team (training, equipment, insurance, allowances)',
    source: 'assumption (docs/model.md §5.2)',
    confidence: 'assumption',
    min: 0,
    minExclusive: true,
    max: 1000000,
  },
  teamMemberTrainingCost: {
    value: 1500,
    unit: '¥/new member',
    description: 'one-off cost of recruiting, training and equipping a new rescue-team member (initial course and personal protective kit)',
    source: 'assumption (docs/model.md §5.2 prices members by the year only)',
    confidence: 'assumption',
    min: 0,
    max: 1000000,
  },
  townshipTeamCoverage: { value: 0.8, unit: 'share of townships', description: 'townships with a team of ≥ 30', source: 'seed 004 §3.9 (H)', confidence: 'H', min: 0, max: 1 },
  villageTeamCoverage: { value: 0.8, unit: 'share of villages', description: 'villages with a team of ≥ 10', source: 'seed 004 §3.9 (H)', confidence: 'H', min: 0, max: 1 },
  // range: > 0 to ¥1,000,000 a m²
  shelterCostPerM2: {
    value: [3000, 1500, 500],
    unit: '¥/m² (class I, II, III)',
    description: 'cost of a square metre of shelter living area by class, annualised over the shelter life below',
    source: 'assumption (docs/model.md §5.3)',
    confidence: 'assumption',
    min: 0,
    minExclusive: true,
    length: 3,
    max: 1000000,
  },
  // range: 1–200 years
  shelterLifeYears: { value: 20, unit: 'years', description: 'life over which shelter cost is annualised', source: 'assumption', confidence: 'assumption', min: 1, max: 200 },
  // range: 0–1000 shelters a county
  shelterMinimumCounts: { value: [1, 2, 5], unit: 'shelters per county (class I, II, III)', description: 'minimum shelters per county', source: 'seed 003 §2(3) (H)', confidence: 'H', min: 0, length: 3, max: 1000 },
  // range: 0–1,000,000 persons
  shelterMinCapacity: { value: [2000, 1000, 200], unit: 'persons', description: 'smallest capacity counted for a shelter of each class when the minimum counts are added', source: 'assumption', confidence: 'assumption', min: 0, length: 3, max: 1000000 },
} satisfies ParamTable;

export type PlanParams = { [K in keyof typeof PLAN_PARAMS]: (typeof PLAN_PARAMS)[K]['value'] };
