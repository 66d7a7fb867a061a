/**
 * USGS PAGER earthquake fatality models for China (docs/model.md §2.3).
 *
 * Semi-empirical model (Jaiswal & Wald; usgs/pager losspager/models/semimodel.py):
 * occupants by building use and time of day → share of occupants in each
 * building type (inventory) → collapse probability by type and intensity →
 * deaths per occupant of a collapsed building. Outdoor people do not die.
 * Tables embedded below, with the source line of each CSV:
 *
 *   # USGS PAGER semi-empirical model, China (sheet CN of losspager/data/semi_collapse_mmi.xlsx and
 *   # semi_casualty.xlsx, usgs/pager repository, public domain). Collapse probability by intensity
 *   # (MMI; PAGER rounds to 0.5 and caps at 9.0) and deaths per occupant of a collapsed building
 *   # (day = night for China).
 *   # USGS PAGER China building inventory: share of occupants by building type (semi_inventory.xlsx,
 *   # sheet CN, usgs/pager, public domain). National and adobe-heavy: override with local data where known.
 *   # Share of population indoors by building use and time of day, derived from usgs/pager semimodel.py
 *   # occupancy constants with the China workforce (0.6037 of population; agriculture 0.45, industry 0.24,
 *   # services 0.31). Day 10-17 h, transit 5-10 and 17-22 h, night 22-5 h. Each row sums to 1.
 *
 * (shared/reference/tables/pager-china-{collapse,inventory,occupancy}.csv; H.)
 *
 * Rounding: intensity to the nearest 0.5, half up, and capped at 9.0; nothing
 * collapses below 5.75, so 5.75 ≤ I < 6.25 uses the 6.0 column. PAGER uses
 * numpy's round (half to even) at exact ties, which only differs on a set of
 * measure zero of continuous intensities.
 *
 * Time-of-day windows (PAGER's constants): day 10–17 h, transit 5–10 and
 * 17–22 h, night 22–5 h. PAGER's get_time_of_day compares the whole local hour
 * with `<= 5`, so 05:00–05:59 counts as night there; here night is [22, 5) as
 * docs/model.md and the occupancy table say. The table has no rural transit row:
 * rural townships use the day row outside the night window (docs/model.md §2.3).
 *
 * Low intensities as PAGER does them: semimodel.py rounds MMI to 0.5 and loops
 * over 6.0–9.0 only, so nothing collapses below 5.75 (as here). Two PAGER
 * details are left out: it zeroes, per 30″ population cell and building type,
 * deaths below 1 (that needs gridded population; spreading a township or zone
 * evenly zeroed whole sparse earthquakes in the back-test, docs/backtest.md),
 * and it adjusts population for growth (the census population is used as is).
 *
 * Empirical model (Jaiswal & Wald 2010; losspager/data/fatality.xml line 47,
 * losspager/models/emploss.py): death rate Φ(ln(I/θ)/β), θ 10.328811,
 * β 0.100058 for China (H). PAGER applies it to population binned by whole
 * intensity ([n − ½, n + ½)), using the rates at 5…9 and the rate at 9 for the
 * 10 bin; pagerEmpiricalBinnedRate does the same.
 */
import { InputError } from '../core/errors.js';
import { normalCdf } from '../core/normal.js';
import type { BuildingMix, BuildingStock } from '../region/types.js';

export const PAGER_CHINA_SOURCE = 'USGS PAGER semi-empirical model, China (usgs/pager semi_collapse_mmi.xlsx, semi_casualty.xlsx, semi_inventory.xlsx sheet CN; semimodel.py occupancy; H)';

/** PAGER building types in the China tables. */
export const PAGER_TYPES = ['A', 'UFB1', 'UFB', 'RS', 'UCB', 'C3', 'C1', 'C2', 'S5', 'W'] as const;
export type PagerType = (typeof PAGER_TYPES)[number];
export const N_TYPES = PAGER_TYPES.length;
/** What each type is (pager-china-collapse.csv descriptions). */
export const PAGER_TYPE_NAMES: Readonly<Record<PagerType, string>> = {
  A: 'adobe block (unbaked mud) walls',
  UFB1: 'unreinforced brick in mud mortar without timber posts',
  UFB: 'unreinforced fired-brick masonry',
  RS: 'rubble or field-stone masonry',
  UCB: 'unreinforced concrete-block masonry',
  C3: 'non-ductile RC frame with masonry infill',
  C1: 'ductile RC moment frame',
  C2: 'RC shear walls',
  S5: 'steel frame with unreinforced masonry infill',
  W: 'wood',
};
/** Name of the metric holding the deaths in one PAGER type. */
export function deathsInType(t: PagerType): string {
  return `deathsIn${t}`;
}

/** Intensity columns of the collapse table. */
export const PAGER_MMI_COLUMNS = [6.0, 6.5, 7.0, 7.5, 8.0, 8.5, 9.0] as const;
export const N_COLUMNS = PAGER_MMI_COLUMNS.length;
/** Below this intensity nothing collapses (it would round to 5.5). */
export const COLLAPSE_MIN_MMI = 5.75;

/** Collapse probability by type at MMI 6.0, 6.5, …, 9.0 (pager-china-collapse.csv). */
export const PAGER_CHINA_COLLAPSE: Readonly<Record<PagerType, readonly number[]>> = {
  A: [0, 0.05, 0.1, 0.325, 0.55, 0.7, 0.85], // adobe block (unbaked mud) walls
  UFB1: [0.02, 0.07, 0.12, 0.235, 0.35, 0.525, 0.7], // unreinforced brick in mud mortar without timber posts
  UFB: [0.01, 0.025, 0.04, 0.09, 0.14, 0.245, 0.35], // unreinforced fired-brick masonry
  RS: [0.025, 0.04, 0.055, 0.1, 0.145, 0.2925, 0.44], // rubble or field-stone masonry
  UCB: [0, 0.0025, 0.005, 0.0175, 0.03, 0.065, 0.1], // unreinforced concrete-block masonry
  C3: [0, 0.001, 0.002, 0.011, 0.02, 0.065, 0.11], // non-ductile RC frame with masonry infill
  C1: [0, 0.005, 0.01, 0.015, 0.02, 0.06, 0.1], // ductile RC moment frame
  C2: [0, 0, 0, 0, 0, 0.01, 0.02], // RC shear walls
  S5: [0, 0, 0, 0, 0, 0.0075, 0.015], // steel frame with unreinforced masonry infill
  W: [0, 0, 0, 0.025, 0.05, 0.075, 0.1], // wood
};

/** Deaths per occupant of a collapsed building, by type (day = night for China; pager-china-collapse.csv). */
export const PAGER_CHINA_FATALITY_GIVEN_COLLAPSE: Readonly<Record<PagerType, number>> = {
  A: 0.06,
  UFB1: 0.06,
  UFB: 0.08,
  RS: 0.06,
  UCB: 0.08,
  C3: 0.15,
  C1: 0.15,
  C2: 0.15,
  S5: 0.14,
  W: 0.007,
};

/** Share of occupants by building type for each stock (pager-china-inventory.csv), in PAGER_TYPES order. */
export const PAGER_CHINA_INVENTORY: BuildingMix = {
  types: [...PAGER_TYPES],
  shares: {
    //                   A     UFB1   UFB    RS     UCB   C3    C1    C2    S5    W
    rural_residential: [0.4, 0.35, 0.1, 0.025, 0, 0.03, 0, 0, 0, 0.095],
    urban_residential: [0.04, 0.05, 0.605, 0.015, 0.02, 0.05, 0.12, 0.05, 0, 0.05],
    rural_nonresidential: [0.04, 0.088, 0.75, 0.025, 0, 0.05, 0, 0, 0, 0.05],
    urban_nonresidential: [0, 0.05, 0.55, 0.01, 0.02, 0, 0.2, 0.12, 0.03, 0.02],
  },
  source: 'USGS PAGER China building inventory (semi_inventory.xlsx, sheet CN, usgs/pager, public domain; H). National and adobe-heavy.',
};

export type Period = 'day' | 'transit' | 'night';
export const PERIODS: readonly Period[] = ['day', 'transit', 'night'];

export interface Occupancy {
  residential: number;
  nonresidential: number;
  outdoor: number;
}

/** Share of the population by where they are (pager-china-occupancy.csv). Rural has no transit row: the day row is used. */
export const PAGER_CHINA_OCCUPANCY: Readonly<{ urban: Record<Period, Occupancy>; rural: Record<Period, Occupancy> }> = {
  urban: {
    day: { residential: 0.165, nonresidential: 0.487, outdoor: 0.348 },
    transit: { residential: 0.495, nonresidential: 0.086, outdoor: 0.419 },
    night: { residential: 0.955, nonresidential: 0.041, outdoor: 0.004 },
  },
  rural: {
    day: { residential: 0.178, nonresidential: 0.392, outdoor: 0.43 },
    transit: { residential: 0.178, nonresidential: 0.392, outdoor: 0.43 }, // no rural transit row: the day row (docs/model.md §2.3)
    night: { residential: 0.963, nonresidential: 0.033, outdoor: 0.004 },
  },
};

/** PAGER's time-of-day windows (semimodel.py constants), local hours. */
export const PAGER_HOURS = { dayStart: 10, dayEnd: 17, morningTransitStart: 5, eveningTransitEnd: 22 } as const;

/** Index into PERIODS of a local hour in [0, 24) (0 day, 1 transit, 2 night): night [22, 5), day [10, 17), transit otherwise. */
export function periodIndex(hour: number): number {
  if (hour >= PAGER_HOURS.eveningTransitEnd || hour < PAGER_HOURS.morningTransitStart) return 2;
  if (hour >= PAGER_HOURS.dayStart && hour < PAGER_HOURS.dayEnd) return 0;
  return 1;
}

/** Period of a local hour in [0, 24) (see periodIndex). */
export function pagerPeriod(hour: number): Period {
  return PERIODS[periodIndex(hour)];
}

export function occupancy(urban: boolean, hour: number): Occupancy {
  return PAGER_CHINA_OCCUPANCY[urban ? 'urban' : 'rural'][pagerPeriod(hour)];
}

/**
 * Column of the collapse table for an intensity: −1 below 5.75 (no collapse), else
 * round to 0.5 half up and cap at 9.0 (0 → 6.0, …, 6 → 9.0).
 */
export function collapseColumn(mmi: number): number {
  if (!(mmi >= COLLAPSE_MIN_MMI)) return -1;
  const k = Math.floor((mmi - COLLAPSE_MIN_MMI) * 2);
  return k >= N_COLUMNS ? N_COLUMNS - 1 : k;
}

/** Collapse probability of a building type at an intensity (rounded as PAGER does). */
export function collapseProbability(type: PagerType, mmi: number): number {
  const k = collapseColumn(mmi);
  return k < 0 ? 0 : PAGER_CHINA_COLLAPSE[type][k];
}

/** Indices into PAGER_TYPES of a building mix's types; an InputError for a type the PAGER China tables do not have. */
export function mixTypeIndices(mix: BuildingMix): Int32Array {
  const idx = new Int32Array(mix.types.length);
  mix.types.forEach((t, j) => {
    const k = (PAGER_TYPES as readonly string[]).indexOf(t.trim());
    if (k < 0) {
      throw new InputError(`building mix (${mix.source}): column "${t}": expected a PAGER China building type (one of ${PAGER_TYPES.join(', ')}), found "${t}"`);
    }
    idx[j] = k;
  });
  return idx;
}

/** Per occupant of one stock at one table column: share in collapsed buildings and deaths. */
export function stockRates(mix: BuildingMix, stock: BuildingStock, column: number, types: Int32Array = mixTypeIndices(mix)): { collapse: number; deaths: number; byType: Float64Array } {
  let collapse = 0;
  let deaths = 0;
  const byType = new Float64Array(N_TYPES);
  if (column < 0) return { collapse, deaths, byType };
  const shares = mix.shares[stock];
  for (let j = 0; j < shares.length; j++) {
    const t = PAGER_TYPES[types[j]];
    const c = shares[j] * PAGER_CHINA_COLLAPSE[t][column];
    collapse += c;
    deaths += c * PAGER_CHINA_FATALITY_GIVEN_COLLAPSE[t];
    byType[types[j]] += c * PAGER_CHINA_FATALITY_GIVEN_COLLAPSE[t];
  }
  return { collapse, deaths, byType };
}

/**
 * Per-person collapse and death rates for every (setting, period, column): what a
 * township's impacts need, precomputed once for a building mix.
 * Layout: index ((setting·3 + period)·7 + column), setting 0 rural (镇), 1 urban (街道).
 */
export class PagerRateTable {
  readonly collapse = new Float64Array(2 * 3 * N_COLUMNS);
  readonly deaths = new Float64Array(2 * 3 * N_COLUMNS);
  /** Deaths per person by PAGER type: index (rate index)·N_TYPES + type (PAGER_TYPES order). */
  readonly deathsByType = new Float64Array(2 * 3 * N_COLUMNS * N_TYPES);

  constructor(readonly mix: BuildingMix = PAGER_CHINA_INVENTORY) {
    const types = mixTypeIndices(mix);
    for (let s = 0; s < 2; s++) {
      const setting = s === 1 ? 'urban' : 'rural';
      const res: BuildingStock = s === 1 ? 'urban_residential' : 'rural_residential';
      const nonres: BuildingStock = s === 1 ? 'urban_nonresidential' : 'rural_nonresidential';
      for (let p = 0; p < 3; p++) {
        const occ = PAGER_CHINA_OCCUPANCY[setting][PERIODS[p]];
        for (let k = 0; k < N_COLUMNS; k++) {
          const r = stockRates(mix, res, k, types);
          const n = stockRates(mix, nonres, k, types);
          const i = PagerRateTable.index(s, p, k);
          this.collapse[i] = occ.residential * r.collapse + occ.nonresidential * n.collapse;
          this.deaths[i] = occ.residential * r.deaths + occ.nonresidential * n.deaths;
          for (let t = 0; t < N_TYPES; t++) this.deathsByType[i * N_TYPES + t] = occ.residential * r.byType[t] + occ.nonresidential * n.byType[t];
        }
      }
    }
  }

  static index(setting: number, period: number, column: number): number {
    return (setting * 3 + period) * N_COLUMNS + column;
  }

  /** Index of the rates at an intensity for a setting and period; −1 where nothing collapses. */
  lookup(mmi: number, urban: boolean, period: number): number {
    const col = collapseColumn(mmi);
    return col < 0 ? -1 : PagerRateTable.index(urban ? 1 : 0, period, col);
  }
}

export interface TownshipCollapse {
  /** Share of the population that are occupants of collapsed buildings. */
  collapseShare: number;
  /** Occupants of collapsed buildings (people). */
  collapsedOccupants: number;
  deaths: number;
}

const TABLES = new WeakMap<BuildingMix, PagerRateTable>();

/** The rate table of a building mix, built once per mix. */
export function pagerRateTable(mix: BuildingMix | null): PagerRateTable {
  const m = mix ?? PAGER_CHINA_INVENTORY;
  let t = TABLES.get(m);
  if (!t) TABLES.set(m, (t = new PagerRateTable(m)));
  return t;
}

/**
 * Semi-empirical collapse and deaths of one township: intensity (MMI), population,
 * urban (街道) or not, local hour, building mix (null: PAGER's China inventory).
 * The same table lookup the earthquake impact model makes for every township.
 */
export function townshipCollapse(mmi: number, population: number, urban: boolean, hour: number, mix: BuildingMix | null): TownshipCollapse {
  const t = pagerRateTable(mix);
  const j = t.lookup(mmi, urban, periodIndex(hour));
  if (j < 0) return { collapseShare: 0, collapsedOccupants: 0, deaths: 0 };
  return { collapseShare: t.collapse[j], collapsedOccupants: population * t.collapse[j], deaths: population * t.deaths[j] };
}

/** Share of the population in collapsed buildings (see townshipCollapse). */
export function collapseShare(mmi: number, urban: boolean, hour: number, mix: BuildingMix | null): number {
  return townshipCollapse(mmi, 1, urban, hour, mix).collapseShare;
}

// ------------------------------------------------------------------ empirical model

/** PAGER empirical fatality model, China (losspager/data/fatality.xml line 47; H). */
export const PAGER_CHINA_EMPIRICAL = { theta: 10.328811, beta: 0.100058, gNorm: 2.013134 } as const;

/** Death rate Φ(ln(I/θ)/β) at a continuous intensity. */
export function pagerEmpiricalDeathRate(mmi: number, theta: number = PAGER_CHINA_EMPIRICAL.theta, beta: number = PAGER_CHINA_EMPIRICAL.beta): number {
  if (!(mmi > 0)) return 0;
  return normalCdf(Math.log(mmi / theta) / beta);
}

/**
 * Death rate as PAGER applies it: intensity binned to the nearest whole value ([n − ½, n + ½)),
 * zero below 4.5, the rate at 9 for everything from 8.5 up (PAGER adds the 10 bin to the 9 bin).
 */
export function pagerEmpiricalBinnedRate(mmi: number, theta: number = PAGER_CHINA_EMPIRICAL.theta, beta: number = PAGER_CHINA_EMPIRICAL.beta): number {
  if (!(mmi >= 4.5)) return 0;
  const n = Math.min(9, Math.floor(mmi + 0.5));
  return normalCdf(Math.log(n / theta) / beta);
}

/** PAGER empirical deaths over townships: Σ population × binned rate(intensity). */
export function pagerEmpiricalDeaths(intensity: ArrayLike<number>, population: ArrayLike<number>, theta: number = PAGER_CHINA_EMPIRICAL.theta, beta: number = PAGER_CHINA_EMPIRICAL.beta): number {
  let s = 0;
  for (let i = 0; i < population.length; i++) s += population[i] * pagerEmpiricalBinnedRate(intensity[i], theta, beta);
  return s;
}

