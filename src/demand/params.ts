/** Demand defaults (docs/model.md §4.1–4.2), overridable under the scenario's `demand: parameters:`. */
import type { ParamTable } from '../core/params.js';

export const DEMAND_PARAMS = {
  evacueeShelterShare: {
    value: 0.5,
    unit: 'share',
    description: 'share of evacuated people who need a place in a public shelter (集中安置)',
    source: "assumption (docs/model.md §4.1; Hazus's weights are income-based and do not transfer)",
    confidence: 'assumption',
    min: 0,
    max: 1,
  },
  displacedShelterShare: {
    value: 0.5,
    unit: 'share',
    description: 'share of displaced people who need a place in a public shelter',
    source: 'assumption (docs/model.md §4.1)',
    confidence: 'assumption',
    min: 0,
    max: 1,
  },
  reliefDays: {
    value: 7,
    unit: 'days',
    description: 'days of water and food to supply; day 1 is phase 1 (first 10 hours), the rest the later phase',
    source: 'assumption (docs/model.md §4.2)',
    confidence: 'assumption',
    min: 1,
    max: 365,
  },
  // range: > 0 to 100 m² a person
  shelterAreaPerPersonM2: {
    value: 1.5,
    unit: 'm²/person',
    description: 'minimum shelter living area per person',
    source: 'GB 21734-2008 §5.4 (H)',
    confidence: 'H',
    min: 0,
    minExclusive: true,
    max: 100,
  },
} satisfies ParamTable;

export type DemandParams = { [K in keyof typeof DEMAND_PARAMS]: (typeof DEMAND_PARAMS)[K]['value'] };
