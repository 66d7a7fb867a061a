/** Load and validate a region dataset folder (datasets/<region>/). */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { InputError } from '../core/errors.js';
import { cellNumber, cellText, readCsv, readText } from '../io/csv.js';
import { loadBuildingMix, loadHazardAttributes, loadRescueTeams } from './hazard-attributes.js';
import { toLocalKm, type Region, type RegionAttribute } from './types.js';

const TOWNSHIP_COLUMNS = ['code', 'name_zh', 'name_en', 'urban', 'county_code', 'population', 'lat', 'lon', 'coast_dist_km', 'coastal'] as const;

interface RegionMeta {
  name?: string;
  name_zh?: string;
  files?: { townships?: string; items?: string; holdings?: string; hazard?: string; building_mix?: string };
  reference_point?: { lat?: number; lon?: number };
}

/** Load a region with the per-township attributes the hazards declared (hazard registry: regionAttributes()). */
export function loadRegion(dirIn: string, attributes: readonly RegionAttribute[]): Region {
  const dir = resolve(dirIn);
  if (!existsSync(dir)) throw new InputError(`${dirIn}: region dataset folder not found`);
  if (!statSync(dir).isDirectory()) throw new InputError(`${dirIn}: expected a region dataset folder, found a file`);
  const metaFile = join(dir, 'region.yaml');
  let meta: RegionMeta = {};
  if (existsSync(metaFile)) {
    try {
      meta = (parseYaml(readText(metaFile, 'region description')) ?? {}) as RegionMeta;
    } catch (e) {
      throw new InputError(`${metaFile}: malformed YAML: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  const file = join(dir, meta.files?.townships ?? 'townships.csv');
  const t = readCsv(file, 'township table', TOWNSHIP_COLUMNS);
  const n = t.rows.length;
  const r: Region = {
    name: meta.name ?? dirIn,
    nameZh: meta.name_zh ?? '',
    dir,
    n,
    code: [],
    nameZhList: [],
    nameEn: [],
    countyCode: [],
    countyZh: [],
    countyEn: [],
    urban: new Uint8Array(n),
    population: new Float64Array(n),
    lat: new Float64Array(n),
    lon: new Float64Array(n),
    coastal: new Uint8Array(n),
    coastDistKm: new Float64Array(n),
    xKm: new Float64Array(n),
    yKm: new Float64Array(n),
    refLat: 0,
    refLon: 0,
    villageCommittees: new Float64Array(n),
    villages: new Float64Array(n),
    attributes: {},
    buildingMix: null,
    countyIndex: new Int32Array(n),
    counties: [],
    rescueUnits: new Float64Array(n),
    countyRescueUnits: new Float64Array(0),
    flags: { populationEstimated: 0, coordinatesFilled: 0, coastDistFilled: 0, coastalFilled: 0 },
    itemsFile: resolve(dir, meta.files?.items ?? '../items.csv'),
    holdingsDir: resolve(dir, meta.files?.holdings ?? 'holdings'),
  };
  const seen = new Map<string, number>();
  t.rows.forEach((row, i) => {
    const code = cellText(t, row, 'code');
    const prev = seen.get(code);
    if (prev !== undefined) {
      throw new InputError(`${file}:${row.line}: field "code": expected a unique township code, found ${code} again (first at line ${prev})`);
    }
    seen.set(code, row.line);
    r.code.push(code);
    r.nameZhList.push(cellText(t, row, 'name_zh'));
    r.nameEn.push(row.values['name_en'] ?? '');
    r.countyCode.push(cellText(t, row, 'county_code'));
    r.countyZh.push(row.values['county_zh'] ?? '');
    r.countyEn.push(row.values['county_en'] ?? '');
    r.urban[i] = cellNumber(t, row, 'urban', { expected: '0 or 1', min: 0, max: 1, integer: true });
    r.population[i] = cellNumber(t, row, 'population', { min: 0, expected: 'a population (number ≥ 0)' });
    r.lat[i] = cellNumber(t, row, 'lat', { min: -90, max: 90, expected: 'a latitude in degrees within [-90, 90]' });
    r.lon[i] = cellNumber(t, row, 'lon', { min: -180, max: 180, expected: 'a longitude in degrees within [-180, 180]' });
    r.coastDistKm[i] = cellNumber(t, row, 'coast_dist_km', { min: 0, expected: 'a distance to the coast in km (≥ 0)' });
    r.coastal[i] = cellNumber(t, row, 'coastal', { expected: '0 or 1', min: 0, max: 1, integer: true });
    if (t.columns.includes('n_village_committees')) r.villageCommittees[i] = cellNumber(t, row, 'n_village_committees', { min: 0, integer: true });
    if (t.columns.includes('n_villages_total')) r.villages[i] = cellNumber(t, row, 'n_villages_total', { min: 0, integer: true });
    if ((row.values['population_flag'] ?? '').startsWith('estimate')) r.flags.populationEstimated++;
    if ((row.values['coord_flag'] ?? '').startsWith('filled')) r.flags.coordinatesFilled++;
    if ((row.values['coast_dist_flag'] ?? '').startsWith('filled')) r.flags.coastDistFilled++;
    if ((row.values['coastal_flag'] ?? '').startsWith('filled')) r.flags.coastalFilled++;
  });
  const totalPop = r.population.reduce((a, b) => a + b, 0);
  if (!(totalPop > 0)) throw new InputError(`${file}: expected a positive total population, found ${totalPop}`);
  // The reference point (the region's "centre" for the storm-track geometry): from region.yaml, else population-weighted.
  let refLat = meta.reference_point?.lat;
  let refLon = meta.reference_point?.lon;
  if (typeof refLat !== 'number' || typeof refLon !== 'number') {
    refLat = 0;
    refLon = 0;
    for (let i = 0; i < n; i++) {
      refLat += (r.lat[i] * r.population[i]) / totalPop;
      refLon += (r.lon[i] * r.population[i]) / totalPop;
    }
  }
  r.refLat = refLat;
  r.refLon = refLon;
  for (let i = 0; i < n; i++) {
    const [x, y] = toLocalKm(r.lat[i], r.lon[i], refLat, refLon);
    r.xKm[i] = x;
    r.yKm[i] = y;
  }
  r.counties = [...new Set(r.countyCode)];
  r.countyCode.forEach((c, i) => (r.countyIndex[i] = r.counties.indexOf(c)));
  r.countyRescueUnits = new Float64Array(r.counties.length);
  loadHazardAttributes(r, join(dir, meta.files?.hazard ?? 'hazard.csv'), attributes);
  r.buildingMix = loadBuildingMix(join(dir, meta.files?.building_mix ?? 'building-mix.csv'));
  loadRescueTeams(r, r.holdingsDir);
  return r;
}
