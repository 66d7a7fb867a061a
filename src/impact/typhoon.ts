/**
 * Typhoon wind impacts at one township (model.md §2.1):
 *   evacuated = population × exposed share × clamp((V − 17.2)/(32.7 − 17.2), 0, 1)
 *   displaced = population × f(V) (Emanuel damage ratio taken as the uninhabitable share: assumption), shelter class III.
 * The wind model gives no casualties; deaths, injuries and trapped people come from the flood chain.
 */
import { emanuelDamage } from './emanuel.js';
import { clearTownship, IMPACT, IMPACT_FIELDS } from './types.js';

export interface TyphoonImpactParams {
  vHalfMs: number;
  vThreshMs: number;
  evacuationStartMs: number;
  evacuationFullMs: number;
}

export function writeTyphoonImpacts(out: Float64Array, township: number, windMs: number, population: number, exposedShare: number, p: TyphoonImpactParams): void {
  const o = township * IMPACT_FIELDS;
  clearTownship(out, township);
  const e = (windMs - p.evacuationStartMs) / (p.evacuationFullMs - p.evacuationStartMs);
  out[o + IMPACT.evacuated] = windMs > 0 ? population * exposedShare * (e < 0 ? 0 : e > 1 ? 1 : e) : 0;
  out[o + IMPACT.displacedIII] = population * emanuelDamage(windMs, p.vHalfMs, p.vThreshMs);
}
