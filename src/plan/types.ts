/**
 * A plan: what is held where. Physical stock by depot and item, contracted
 * capacity by item (协议储备), rescue teams, shelter capacity by class.
 * `Plan` is the editable form (plan files, LP output); `CompiledPlan` is the
 * typed-array form the evaluator reads in the per-event path.
 */
import { SHELTER_CLASSES } from '../engine/layout.js';

/** Shelter classes I, II, III (GB 21734-2008): the engine's, under the name the plan files use. */
export const SHELTER_CLASS_NAMES = SHELTER_CLASSES;
export type ShelterClass = (typeof SHELTER_CLASS_NAMES)[number];

export interface Plan {
  name: string;
  /** Region name the plan was made for (checked when it is loaded). */
  region: string;
  /** Physical stock: depot id → item id → quantity (item units). */
  stock: Record<string, Record<string, number>>;
  /** Contracted capacity: item id → quantity deliverable within the contract lead time. */
  contracted: Record<string, number>;
  teams: {
    /** Members of county-level teams, by county code. */
    county: Record<string, number>;
    /** 30-person township teams, by township code. */
    township: Record<string, number>;
    /** 10-person village teams, by township code (the villages of that township). */
    village: Record<string, number>;
  };
  /** Shelters by county code and class: count and capacity in persons. */
  shelters: Record<string, Partial<Record<ShelterClass, { count: number; capacity: number }>>>;
  /** Where the plan came from, for the reader. */
  note?: string;
}

/** A depot of the region (holdings/depots.csv): location and capacity. */
export interface Depot {
  id: string;
  nameZh: string;
  nameEn: string;
  /** village: the village points of one township (serve that township first, like its station). */
  tier: 'city' | 'county' | 'township' | 'village';
  countyCode: string;
  townshipCode: string;
  lat: number;
  lon: number;
  floorAreaM2: number;
  usableVolumeM3: number;
}

export interface CompiledPlan {
  name: string;
  nItems: number;
  /** Township stations' stock, township-major (T × I). */
  townStock: Float64Array;
  /** County warehouses' stock (C × I). */
  countyStock: Float64Array;
  /** City warehouses' stock (I). */
  cityStock: Float64Array;
  /** Contracted capacity (I): serves the later phase only. */
  contracted: Float64Array;
  /** 1 where the county's warehouse reaches the township within the phase-1 window. */
  countyReach: Uint8Array;
  /** 1 where the city warehouse reaches the township within the phase-1 window. */
  cityReach: Uint8Array;
  /** Rescue units (10-person) stationed in each township, and in county teams. */
  rescueUnits: Float64Array;
  countyRescueUnits: Float64Array;
  /** Shelter capacity in persons (C × 3: class I, II, III). */
  shelterCapacity: Float64Array;
}
