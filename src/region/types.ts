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
  /** How many rows rely on an estimate or a filled default, by column. */
  flags: { populationEstimated: number; coordinatesFilled: number; coastDistFilled: number; coastalFilled: number };
  itemsFile: string;
  holdingsDir: string;
}

export const KM_PER_DEG_LAT = 111.195;

export function toLocalKm(lat: number, lon: number, refLat: number, refLon: number): [number, number] {
  return [(lon - refLon) * KM_PER_DEG_LAT * Math.cos((refLat * Math.PI) / 180), (lat - refLat) * KM_PER_DEG_LAT];
}
