/**
 * The exposure: a region's townships as columns of typed arrays, so the
 * hazard kernels read them without touching objects. Plain data only: it is
 * sent to every worker once.
 */
export interface Region {
  name: string;
  nameZh: string;
  dir: string;
  /** Township count. */
  n: number;
  code: string[];
  nameZhList: string[];
  nameEn: string[];
  countyCode: string[];
  countyZh: string[];
  countyEn: string[];
  /** 1 for 街道 (urban subdistrict), 0 for 镇 and others. */
  urban: Uint8Array;
  population: Float64Array;
  lat: Float64Array;
  lon: Float64Array;
  coastal: Uint8Array;
  coastDistKm: Float64Array;
  /** Local east/north coordinates (km) around the reference point, equirectangular. */
  xKm: Float64Array;
  yKm: Float64Array;
  refLat: number;
  refLon: number;
  /** Village committees (村委会) per township: the rural-land proxy used where forest area is unknown. */
  villageCommittees: Float64Array;
  /** Village-level units (村/社区) per township. */
  villages: Float64Array;
  // Hazard attributes from hazard.csv; NaN where the dataset has none and the model default applies.
  /** Share of the population living in the flood plain. */
  floodPlainShare: Float64Array;
  /** Flood protection standard (return period, years). */
  floodProtectionT: Float64Array;
  /** Flood depth (m) in the flood plain at T = 10, 20, 50, 100, 200 years: FLOOD_CURVE_T.length values per township. */
  floodDepthCurve: Float64Array;
  /** Forest area, hectares. */
  forestAreaHa: Float64Array;
  /** Occupant shares by building type for each building stock (earthquake); null: the model's default (PAGER China). */
  buildingMix: BuildingMix | null;
  /** County-level units: index of each township's county in `counties`. */
  countyIndex: Int32Array;
  counties: string[];
  /** Current rescue capacity in 10-person units (a 30-person team is three): stationed in each township (township and village teams). */
  rescueUnits: Float64Array;
  /** County-level teams' units, by county index: they go where the trapped are. */
  countyRescueUnits: Float64Array;
  /** How many rows rely on an estimate or a filled default, by column. */
  flags: { populationEstimated: number; coordinatesFilled: number; coastDistFilled: number; coastalFilled: number; floodPlainDefault: number; floodCurveDefault: number; forestAreaDefault: number };
  itemsFile: string;
  holdingsDir: string;
}

export const FLOOD_CURVE_T = [10, 20, 50, 100, 200] as const;
export const BUILDING_STOCKS = ['rural_residential', 'urban_residential', 'rural_nonresidential', 'urban_nonresidential'] as const;
export type BuildingStock = (typeof BUILDING_STOCKS)[number];

export interface BuildingMix {
  types: string[];
  /** Per stock: share of occupants by type (same order as `types`), summing to 1. */
  shares: Record<BuildingStock, number[]>;
  source: string;
}

export const KM_PER_DEG_LAT = 111.195;

export function toLocalKm(lat: number, lon: number, refLat: number, refLon: number): [number, number] {
  return [(lon - refLon) * KM_PER_DEG_LAT * Math.cos((refLat * Math.PI) / 180), (lat - refLat) * KM_PER_DEG_LAT];
}
