/**
 * Forest-fire defaults (docs/model.md §2.4), each with its source. Regional (value
 * and source in datasets/<region>/hazard-parameters.yaml): the region's fire
 * count and the median burned area fitted to its province's yearbook figures.
 */
import type { ParamTable, ParamValues } from '../../core/params.js';
import type { NumberSpec } from '../../core/validate.js';
import type { RegionAttribute } from '../types.js';

export const FIRE_PARAMS = {
  // The description still names Weihai: it is echoed in summary.json, which this move must not change.
  // range: 0–1000 fires a year (all of China has a few thousand)
  rate: { regional: true, unit: 'fires/yr', description: 'forest fires per year in the region (Weihai)', min: 0, max: 1000 },
  // range: > 0 to 10,000 ha
  areaMedianHa: { regional: true, unit: 'ha', description: 'median burned area per fire (lognormal)', min: 0, minExclusive: true, max: 10000 },
  // range: 0–5 (ln ha)
  areaSigmaLn: { value: 1.5, unit: 'ln ha', description: 'log standard deviation of burned area', source: 'assumption (docs/model.md §2.4)', confidence: 'assumption', min: 0, max: 5 },
  // range: 0–1,000,000 ha (as the event field areaHa)
  evacuationAreaHa: { value: 100, unit: 'ha', description: 'fires of at least this area cause evacuation', source: 'assumption (docs/model.md §2.4)', confidence: 'assumption', min: 0, max: 1000000 },
  evacuationShare: { value: 0.02, unit: 'share of population', description: 'share of the township population evacuated by a fire of evacuationFullAreaHa or more', source: 'assumption (docs/model.md §2.4)', confidence: 'assumption', min: 0, max: 1 },
  // range: > 0 to 1,000,000 ha
  evacuationFullAreaHa: { value: 1000, unit: 'ha', description: 'area at which the evacuated share reaches evacuationShare (linear below)', source: 'assumption (docs/model.md §2.4)', confidence: 'assumption', min: 0, minExclusive: true, max: 1000000 },
  // range: 0–100 team-days per ha
  teamDaysPerHa: { value: 0.5, unit: 'team-days/ha', description: 'firefighting demand, days of a 30-person team per hectare burned', source: 'assumption (docs/model.md §2.4)', confidence: 'assumption', min: 0, max: 100 },
} satisfies ParamTable;

export type FireParams = ParamValues<typeof FIRE_PARAMS>;

/** Fire classes by burned area (森林防火条例 art. 40; H): general < 1 ha, larger 1–100, major 100–1,000, especially major ≥ 1,000. */
export const FIRE_CLASS_BOUNDS_HA = [1, 100, 1000] as const;
export const FIRE_CLASSES = ['general 一般 (< 1 ha)', 'larger 较大 (1–100 ha)', 'major 重大 (100–1,000 ha)', 'especially major 特别重大 (≥ 1,000 ha)'] as const;
/** Fire season in Shandong (2002–2015; M): reported, no effect on annual sizing. */
export const FIRE_SEASON = 'February–April (Shandong 2002–2015; M)';

export const FIRE_EVENT_FIELDS: Record<string, NumberSpec> = {
  areaHa: { min: 0, minExclusive: true, max: 1e6, expected: 'a burned area in hectares (> 0)' },
};

/** Region attribute key of the forest area. */
export const FOREST_AREA = 'forestAreaHa';

/** What the fire reads from hazard.csv. */
export const FIRE_ATTRIBUTES: readonly RegionAttribute[] = [
  {
    key: FOREST_AREA,
    columns: ['forest_area_ha'],
    unit: 'ha',
    description: 'forest area of the township: fires are allocated in proportion to it',
    defaultNote: 'where no township has a forest area, fires are allocated by village committees (村委会), a proxy for rural land (docs/model.md §2.4)',
    min: 0,
    expected: 'a forest area in hectares (≥ 0)',
    flag: 'forestAreaDefault',
  },
];
