/**
 * townships.geojson and depots.geojson: the run's results on a map (QGIS, ArcGIS, geojson.io, Leaflet).
 *
 * RFC 7946: a FeatureCollection of Point features, coordinates [longitude, latitude] in WGS 84 (the
 * only coordinate system RFC 7946 allows; no `crs` member). The datasets' points are township seat
 * points from GeoNames and zh.wikipedia, which publish WGS 84 (not the GCJ-02 of Chinese web maps);
 * a row whose coord_flag starts with `filled_` is a placeholder (the mean of its county's seats), not a
 * location. The foreign member `coordinateNote` says so in every file. Properties are flat (one value
 * a property) so GIS tools can style by them; null where a metric is not modelled.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Item } from '../demand/catalogue.js';
import { PEOPLE_METRICS } from '../engine/layout.js';
import type { Depot, Plan } from '../plan/types.js';
import type { Region } from '../region/types.js';
import type { TownshipStats } from './summary.js';

export const COORDINATE_NOTE =
  'WGS 84 longitude, latitude (RFC 7946): township seat points from GeoNames and zh.wikipedia, not GCJ-02 and not polygon centroids; coord_flag filled_* marks a placeholder (the mean of the county-level unit\'s seat points), not a location';

export interface PointFeature {
  type: 'Feature';
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: Record<string, string | number | boolean | null>;
}

export interface FeatureCollection {
  type: 'FeatureCollection';
  coordinateNote: string;
  features: PointFeature[];
}

/** 5 decimals (about 1 m), as in the datasets. */
function coord(v: number): number {
  return Math.round(v * 1e5) / 1e5;
}

/** Six significant digits (as the CSVs' ratios): small expected values (0.03 deaths) stay visible, no float noise. */
function sig(v: number): number {
  return Number.isFinite(v) ? Number(v.toPrecision(6)) : 0;
}

function point(lon: number, lat: number, properties: PointFeature['properties']): PointFeature {
  return { type: 'Feature', geometry: { type: 'Point', coordinates: [coord(lon), coord(lat)] }, properties };
}

function collection(features: PointFeature[]): string {
  const fc: FeatureCollection = { type: 'FeatureCollection', coordinateNote: COORDINATE_NOTE, features };
  return JSON.stringify(fc) + '\n';
}

/** The per-row data flags of the region's townships.csv (population_flag, coord_flag), by code; empty if unreadable. */
function rowFlags(region: Region): Map<string, { population: string | null; coord: string | null }> {
  const out = new Map<string, { population: string | null; coord: string | null }>();
  try {
    const rows = parse(readFileSync(join(region.dir, 'townships.csv'), 'utf8'), { columns: true, comment: '#', bom: true, skip_empty_lines: true, relax_column_count: true }) as Record<string, string>[];
    for (const r of rows) out.set(r.code, { population: r.population_flag || null, coord: r.coord_flag || null });
  } catch {
    // a region without the file or the columns: the flags are null
  }
  return out;
}

/** townships.geojson: every township, its data flags and the run's mean and p95 of each people metric (the year totals in annual mode). */
export function townshipsGeoJson(region: Region, towns: readonly TownshipStats[], notModelled: Readonly<Record<string, string>>): string {
  const flags = rowFlags(region);
  const features = towns.map((t, i) => {
    const f = flags.get(region.code[i]);
    const props: PointFeature['properties'] = {
      code: region.code[i],
      name_zh: region.nameZhList[i],
      name_en: region.nameEn[i],
      county_code: region.countyCode[i],
      county_zh: region.countyZh[i],
      county_en: region.countyEn[i],
      population: Math.round(region.population[i]),
      population_flag: f?.population ?? null,
      population_estimated: f?.population ? f.population.startsWith('estimate') : null,
      coord_flag: f?.coord ?? null,
      coordinates_filled: f?.coord ? f.coord.startsWith('filled') : null,
    };
    for (const m of PEOPLE_METRICS) {
      const modelled = notModelled[m] === undefined;
      props[`${m}_mean`] = modelled ? sig(t.mean[m]) : null;
      props[`${m}_p95`] = modelled ? sig(t.p95[m]) : null;
    }
    return point(region.lon[i], region.lat[i], props);
  });
  return collection(features);
}

/**
 * depots.geojson: every depot of the region's holdings by tier, with its current stock of each item
 * (`current_<item>`), and with a sized plan its planned stock (`plan_<item>`) and the change
 * (`change_<item>`; without a plan these are left out).
 */
export function depotsGeoJson(depots: readonly Depot[], items: readonly Item[], current: Plan, plan: Plan | null): string {
  const features = depots.map((d) => {
    const props: PointFeature['properties'] = {
      depot_id: d.id,
      name_zh: d.nameZh,
      name_en: d.nameEn,
      tier: d.tier,
      county_code: d.countyCode,
      township_code: d.townshipCode,
      floor_area_m2: d.floorAreaM2,
      usable_volume_m3: sig(d.usableVolumeM3),
      sized: plan !== null,
    };
    for (const it of items) {
      const c = current.stock[d.id]?.[it.id] ?? 0;
      const p = plan ? (plan.stock[d.id]?.[it.id] ?? 0) : null;
      props[`current_${it.id}`] = c;
      if (p !== null) {
        props[`plan_${it.id}`] = p;
        props[`change_${it.id}`] = p - c;
      }
    }
    return point(d.lon, d.lat, props);
  });
  return collection(features);
}

