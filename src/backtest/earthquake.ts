/**
 * An earthquake back-test: a historical event given as its official intensity
 * map (the area of each intensity zone) and the people in each zone, run
 * through the same PAGER China models the region simulation uses
 * (impact/pager-china.ts), with the province's census building mix.
 *
 * Time of day as PAGER takes it: local apparent time from the epicentre's
 * longitude (UTC + lon/15 h; usgs/pager semimodel.py get_time_of_day), from
 * Beijing time (UTC + 8 h).
 *
 * Uncertainty: PAGER's own for China. PAGER treats its expected loss as the
 * median of a lognormal with log-standard deviation G, 2.013134 for China
 * (losspager/data/fatality.xml, gnormvalue), and 1.7613 where the expected loss
 * is below 1 (losspager/utils/probs.py calcEmpiricalProbFromRange). The 90 %
 * interval is median × exp(±1.645 G).
 */
import type { BuildingMix } from '../region/types.js';
import { PAGER_CHINA_EMPIRICAL, PAGER_TYPES, pagerEmpiricalBinnedRate, pagerRateTable, periodIndex, N_TYPES } from '../impact/pager-china.js';

export interface EarthquakeZone {
  /** Intensity of the zone (Chinese scale, taken as MMI, as PAGER's China models do). */
  intensity: number;
  areaKm2: number | null;
  population: number;
  /** How the population was obtained: given, or area × density. */
  populationFrom: 'given' | 'density';
}

export interface EarthquakeInputs {
  /** Beijing time of the event, hours (e.g. 16.5 for 16:30). */
  hourBeijing: number;
  epicentreLon: number;
  zones: EarthquakeZone[];
  /** Share of the zones' people living in cities (PAGER's urban rows). */
  urbanShare: number;
}

export interface EarthquakePrediction {
  localHour: number;
  period: 'day' | 'transit' | 'night';
  exposed: number;
  deaths: number;
  /** PAGER's empirical model on the same exposure. */
  deathsEmpirical: number;
  collapsedOccupants: number;
  /** Semi-empirical deaths by PAGER type, in PAGER_TYPES order. */
  deathsByType: number[];
}

/** PAGER's log-standard deviation of the fatality estimate for China (fatality.xml gnormvalue), and its value below one expected death (probs.py). */
export const PAGER_CHINA_G = PAGER_CHINA_EMPIRICAL.gNorm;
export const PAGER_G_BELOW_ONE = 1.7613;
const Z90 = 1.6448536269514722;

/** The 90 % interval PAGER's uncertainty gives around an expected loss. */
export function pagerInterval(expected: number): [number, number] {
  const g = expected < 1 && PAGER_CHINA_G > 1.7 ? PAGER_G_BELOW_ONE : PAGER_CHINA_G;
  return [expected * Math.exp(-Z90 * g), expected * Math.exp(Z90 * g)];
}

/** Local apparent hour (PAGER) from Beijing time and the epicentre's longitude, in [0, 24). */
export function localApparentHour(hourBeijing: number, lon: number): number {
  const h = hourBeijing - 8 + lon / 15;
  return ((h % 24) + 24) % 24;
}

export function predictEarthquake(e: EarthquakeInputs, mix: BuildingMix): EarthquakePrediction {
  const localHour = localApparentHour(e.hourBeijing, e.epicentreLon);
  const p = periodIndex(Math.floor(localHour));
  const t = pagerRateTable(mix);
  let deaths = 0;
  let collapsed = 0;
  let empirical = 0;
  let exposed = 0;
  const byType = new Array<number>(N_TYPES).fill(0);
  for (const z of e.zones) {
    exposed += z.population;
    empirical += z.population * pagerEmpiricalBinnedRate(z.intensity);
    for (const [urban, share] of [[true, e.urbanShare], [false, 1 - e.urbanShare]] as const) {
      const pop = z.population * share;
      const j = t.lookup(z.intensity, urban, p);
      if (j < 0 || pop === 0) continue;
      deaths += pop * t.deaths[j];
      collapsed += pop * t.collapse[j];
      for (let k = 0; k < N_TYPES; k++) byType[k] += pop * t.deathsByType[j * N_TYPES + k];
    }
  }
  return { localHour, period: (['day', 'transit', 'night'] as const)[p], exposed, deaths, deathsEmpirical: empirical, collapsedOccupants: collapsed, deathsByType: byType };
}

export { PAGER_TYPES };
