/**
 * A test-only hazard (never registered outside the tests): rain-triggered
 * landslides. Its numbers are made up for the test and say so; the point is the
 * shape a new hazard takes (docs/adding-a-hazard.md).
 */
import type { ParamTable, ParamValues } from '../../../src/core/params.js';
import type { RegionAttribute } from '../../../src/region/types.js';

const TEST = 'test value (test/hazards/landslide: not a model)';

export const LANDSLIDE_PARAMS = {
  rate: { value: 0.5, unit: 'events/yr', description: 'landslide-triggering rain events a year', source: TEST, confidence: 'assumption', min: 0 },
  displacedPerIntensity: { value: 0.1, unit: 'share of population', description: 'displaced share at intensity 1 (linear)', source: TEST, confidence: 'assumption', min: 0, max: 1 },
  deathsPerDisplaced: { value: 0.001, unit: 'deaths per displaced person', description: 'deaths per person displaced', source: TEST, confidence: 'assumption', min: 0, max: 1 },
  defaultSusceptibility: { value: 0.01, unit: 'index 0–1', description: 'susceptibility of a township without local data', source: TEST, confidence: 'assumption', min: 0, max: 1 },
} satisfies ParamTable;

export type LandslideParams = ParamValues<typeof LANDSLIDE_PARAMS>;

export const SUSCEPTIBILITY = 'landslideSusceptibility';

export const LANDSLIDE_ATTRIBUTES: readonly RegionAttribute[] = [
  {
    key: SUSCEPTIBILITY,
    columns: ['landslide_susceptibility'],
    unit: 'index 0–1',
    description: 'landslide susceptibility of the township',
    defaultNote: 'defaultSusceptibility (a test value)',
    min: 0,
    max: 1,
    expected: 'a susceptibility index between 0 and 1',
    flag: 'landslideSusceptibilityDefault',
  },
];
