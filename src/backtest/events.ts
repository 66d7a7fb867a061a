/**
 * The bundled historical events (datasets/backtest/): earthquakes as intensity
 * zones with their people, typhoons and floods as drill scenarios, each with
 * what was observed and where every number comes from. Read and checked here;
 * an event that lacks what the model needs is kept and reported as not
 * scored (with why), never dropped silently.
 */
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { InputError } from '../core/errors.js';
import { isMapping, show } from '../core/validate.js';
import { readYaml, type YamlFile } from '../io/yaml.js';
import type { EarthquakeZone } from './earthquake.js';

export interface Observation {
  value: number;
  unit?: string;
  source: string;
}

export interface EarthquakeEvent {
  kind: 'earthquake';
  file: string;
  id: string;
  name: string;
  date: string;
  hourBeijing: number;
  epicentre: { lat: number; lon: number };
  magnitude: number;
  provinces: string[];
  zones: EarthquakeZone[];
  urbanShare: number;
  urbanShareSource: string;
  observed: Record<string, Observation>;
  /** Why the event cannot be scored (missing inputs), or null. */
  unscored: string | null;
}

export interface DrillEvent {
  kind: 'drill';
  file: string;
  id: string;
  name: string;
  date: string;
  hazard: string;
  scenario: string;
  /** County names (county_zh) the observations cover; null: the whole region. */
  counties: string[] | null;
  areaNote: string;
  observed: Record<string, Observation>;
  unscored: string | null;
}

const DRILL_METRICS = ['evacuated', 'displaced', 'deaths', 'injured', 'trapped', 'collapsedHouses'];

function yamlFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    throw new InputError(`${dir}: expected a folder of back-test events (*.yaml), found none`);
  }
  return names.filter((n) => n.endsWith('.yaml') || n.endsWith('.yml')).sort().map((n) => join(dir, n));
}

class Reader {
  constructor(readonly y: YamlFile) {}
  get(path: (string | number)[]): unknown {
    let v: unknown = this.y.data;
    for (const k of path) v = isMapping(v) || Array.isArray(v) ? (v as Record<string | number, unknown>)[k] : undefined;
    return v;
  }
  fail(path: (string | number)[], expected: string): never {
    throw new InputError(`${this.y.at(path)}: field "${path.join('.')}": expected ${expected}, found ${show(this.get(path))}`);
  }
  text(path: (string | number)[]): string {
    const v = this.get(path);
    if (typeof v !== 'string' || v.trim() === '') this.fail(path, 'text');
    return v as string;
  }
  num(path: (string | number)[], min: number, max: number, required = true): number | null {
    const v = this.get(path);
    if (v === undefined && !required) return null;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) this.fail(path, `a number from ${min} to ${max}`);
    return v as number;
  }
  observed(allowed: readonly string[] | null): Record<string, Observation> {
    const o = this.get(['observed']);
    if (!isMapping(o)) this.fail(['observed'], 'a mapping of observed quantities, each {value, source}');
    const out: Record<string, Observation> = {};
    for (const k of Object.keys(o)) {
      if (allowed && !allowed.includes(k)) this.fail(['observed', k], `one of ${allowed.join(', ')}`);
      const value = this.num(['observed', k, 'value'], 0, 1e9)!;
      const source = this.text(['observed', k, 'source']);
      const unit = this.get(['observed', k, 'unit']);
      out[k] = { value, source, ...(typeof unit === 'string' ? { unit } : {}) };
    }
    return out;
  }
}

function hhmm(r: Reader, path: string[]): number {
  const t = r.text(path);
  const m = /^(\d{1,2}):(\d{2})$/.exec(t.trim());
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) r.fail(path, 'a Beijing time "HH:MM"');
  return Number(m![1]) + Number(m![2]) / 60;
}

export function loadEarthquakeEvent(file: string): EarthquakeEvent {
  const r = new Reader(readYaml(file, 'back-test earthquake'));
  if (!isMapping(r.y.data)) throw new InputError(`${file}: expected a mapping describing one earthquake, found ${show(r.y.data)}`);
  const zonesRaw = r.get(['zones']);
  if (!Array.isArray(zonesRaw)) r.fail(['zones'], 'a list of intensity zones {intensity, areaKm2, population or densityPerKm2, source} (empty if none was found)');
  const areasAre = r.get(['areasAre']) ?? 'ring';
  if (areasAre !== 'ring' && areasAre !== 'cumulative') r.fail(['areasAre'], '"ring" or "cumulative"');
  const missing: string[] = [];
  if ((zonesRaw as unknown[]).length === 0) missing.push('no intensity zones (the intensity map\'s zone areas were not found)');
  // a map with some zones missing would under-count: the file says so, and the event is not scored
  const incomplete = r.get(['zonesIncomplete']);
  if (incomplete !== undefined) {
    if (typeof incomplete !== 'string') r.fail(['zonesIncomplete'], 'text saying which zones are missing');
    missing.push(`zones incomplete: ${incomplete as string}`);
  }
  const zones: EarthquakeZone[] = (zonesRaw as unknown[]).map((_, k) => {
    const intensity = r.num(['zones', k, 'intensity'], 4, 12)!;
    if (!Number.isInteger(intensity)) r.fail(['zones', k, 'intensity'], 'a whole intensity degree (4–12)');
    r.text(['zones', k, 'source']);
    const area = r.num(['zones', k, 'areaKm2'], 0, 1e6, false);
    const pop = r.num(['zones', k, 'population'], 0, 1e9, false);
    const density = r.num(['zones', k, 'densityPerKm2'], 0, 1e5, false);
    if (pop !== null) return { intensity, areaKm2: area, population: pop, populationFrom: 'given' as const };
    if (density !== null && area !== null) return { intensity, areaKm2: area, population: density * area, populationFrom: 'density' as const };
    missing.push(`zone ${intensity}: ${area === null ? 'no area' : 'no population or density'}`);
    return { intensity, areaKm2: area, population: 0, populationFrom: 'given' as const };
  });
  if (areasAre === 'cumulative') {
    // "VII and above" areas: a zone's own area is its figure minus the next higher zone's
    const byI = [...zones].sort((a, b) => b.intensity - a.intensity);
    for (let k = byI.length - 1; k > 0; k--) {
      const own = byI[k].areaKm2 !== null && byI[k - 1].areaKm2 !== null ? byI[k].areaKm2! - byI[k - 1].areaKm2! : null;
      if (byI[k].populationFrom === 'density' && own !== null && byI[k].areaKm2) byI[k].population *= own / byI[k].areaKm2!;
      byI[k].areaKm2 = own;
    }
  }
  const lon = r.num(['epicentre', 'lon'], 73, 136)!;
  const urban = r.num(['urbanShare', 'value'], 0, 1)!;
  const provinces = r.get(['provinces']);
  if (!Array.isArray(provinces) || provinces.length === 0 || !provinces.every((p) => typeof p === 'string')) r.fail(['provinces'], 'a list of province names in English, e.g. [Sichuan]');
  const observed = r.observed(null);
  if (!observed.deaths) missing.push('no observed deaths');
  return {
    kind: 'earthquake',
    file,
    id: r.text(['id']),
    name: r.text(['name']),
    date: String(r.get(['date'])),
    hourBeijing: hhmm(r, ['timeBeijing']),
    epicentre: { lat: r.num(['epicentre', 'lat'], 15, 55)!, lon },
    magnitude: r.num(['magnitude', 'value'], 3, 9.5)!,
    provinces: provinces as string[],
    zones,
    urbanShare: urban,
    urbanShareSource: r.text(['urbanShare', 'source']),
    observed,
    unscored: missing.length ? `inputs missing: ${missing.join('; ')}` : null,
  };
}

export function loadDrillEvent(file: string): DrillEvent {
  const r = new Reader(readYaml(file, 'back-test event'));
  if (!isMapping(r.y.data)) throw new InputError(`${file}: expected a mapping describing one event, found ${show(r.y.data)}`);
  const hazard = r.text(['hazard']);
  const counties = r.get(['area', 'county_zh']);
  const all = r.get(['area', 'all']);
  if (counties === undefined && all !== true) r.fail(['area'], 'either county_zh: [names] or all: true');
  if (counties !== undefined && (!Array.isArray(counties) || !counties.every((c) => typeof c === 'string'))) r.fail(['area', 'county_zh'], 'a list of county names as in townships.csv county_zh');
  const observed = r.observed(DRILL_METRICS);
  // `area.comparable: upper-bound`: the figures cover more than the region (e.g. the whole city for a county region)
  const comparable = r.get(['area', 'comparable']);
  if (comparable !== undefined && comparable !== 'upper-bound') r.fail(['area', 'comparable'], '"upper-bound" (the observations cover a larger area than the region), or nothing');
  const unscored = Object.keys(observed).length === 0 ? 'no observations' : comparable === 'upper-bound' ? 'the observations cover a larger area than the region (an upper bound, not like for like)' : null;
  return {
    kind: 'drill',
    file,
    id: r.text(['id']),
    name: r.text(['name']),
    date: String(r.get(['date']) ?? ''),
    hazard,
    scenario: resolve(dirname(file), r.text(['scenario'])),
    counties: counties === undefined ? null : (counties as string[]),
    areaNote: typeof r.get(['area', 'source']) === 'string' ? (r.get(['area', 'source']) as string) : '',
    observed,
    unscored,
  };
}

/** Every event under a back-test folder: earthquakes/*.yaml and events/*.yaml. */
export function loadBacktestEvents(dir: string): { earthquakes: EarthquakeEvent[]; drills: DrillEvent[] } {
  return {
    earthquakes: yamlFiles(join(dir, 'earthquakes')).map(loadEarthquakeEvent),
    drills: yamlFiles(join(dir, 'events')).map(loadDrillEvent),
  };
}
