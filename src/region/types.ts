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
  /**
   * Per-township attributes the scenario's hazards declared (RegionAttribute), from hazard.csv,
   * by key; NaN where the dataset has none and the model default applies. A curve of k columns
   * is township-major, k values per township.
   */
  attributes: Record<string, Float64Array>;
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
  flags: RegionFlags;
  itemsFile: string;
  holdingsDir: string;
  /**
   * Names of each county-level unit, by county index (as `counties`): from counties.csv when the
   * region has it, else from the townships' county_zh / county_en (blank when neither gives one).
   */
  countyNames?: { zh: string; en: string }[];
  /** Rows read from the optional tables (null: the file is absent), for `sim validate` and the docs. */
  tables?: { counties: number | null; villages: number | null; hazard: boolean; buildingMix: boolean; holdings: HoldingsFound };
  /**
   * What the region lacks and what a run will do without it (a missing optional file, a county
   * population that does not add up…): printed on stderr by `sim validate` and `sim run`.
   */
  warnings?: RegionWarning[];
}

/** A warning about a region: what it lacks and what a run will do without it. */
export interface RegionWarning {
  message: string;
  /** Hazard types it concerns (a run of other hazards does not print it); absent: every run. */
  hazards?: string[];
}

/** Holdings tables found (null: the file is absent), with their data rows. */
export interface HoldingsFound {
  folder: boolean;
  depots: number | null;
  stock: number | null;
  teams: number | null;
  shelters: number | null;
}

/** Rows that rely on an estimate or a filled default: the township table's, then one per declared attribute that names a flag. */
export type RegionFlags = { populationEstimated: number; coordinatesFilled: number; coastDistFilled: number; coastalFilled: number } & Record<string, number>;

/**
 * A per-township attribute a hazard (or its impact model) reads from the region's
 * hazard.csv, declared by the hazard module. An empty cell (or a missing column or
 * file) means "no local data": the value is NaN and the model default named in
 * `defaultNote` applies; the run counts such townships in dataFlags[flag].
 */
export interface RegionAttribute {
  /** Key in Region.attributes. */
  key: string;
  /** hazard.csv columns: one, or several read as one vector per township (a curve), all given or none. */
  columns: readonly string[];
  unit: string;
  description: string;
  /** What an absent value means: the default the model uses instead, with its source. */
  defaultNote: string;
  min: number;
  max?: number;
  /** Message fragment for a bad cell, e.g. "a share between 0 and 1". */
  expected: string;
  /** For a curve: what a partly filled row should be (e.g. "all five depths of the curve or none"). */
  allOrNone?: string;
  /** For a curve whose values must not decrease along the columns: the message, and a label per column. */
  nonDecreasing?: { expected: string; labels: readonly string[] };
  /** Name of the count of townships without local data in dataFlags, where the run reports one. */
  flag?: string;
}
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
