/**
 * Demand from impacts (docs/model.md §4.1–4.2). Everything here is linear in the
 * impacts, so region totals are computed from region sums of the impact
 * fields; the same functions apply to one township.
 *
 *   sheltered (public shelter) = evacuated × evacueeShare (class III) + displaced_k × displacedShare (class k)
 *   affected = evacuated + displaced (water and food; the two groups are taken as disjoint, as §4.1 does)
 */
import { IMPACT } from '../impact/types.js';
import type { Basis, Item } from './catalogue.js';
import type { DemandParams } from './params.js';

/** Indices of the demand bases in a basis vector. */
export const BASIS_INDEX: Record<Basis, number> = {
  sheltered: 0,
  sheltered_displaced: 1,
  sheltered_class_I_II: 2,
  displaced: 3,
  evacuated: 4,
  injured: 5,
  affected: 6,
};
export const N_BASES = 7;

/** People in public shelter by class (I, II, III) from impact fields starting at `o`. */
export function shelteredByClass(imp: Float64Array, o: number, p: DemandParams, out: Float64Array): void {
  out[0] = imp[o + IMPACT.displacedI] * p.displacedShelterShare;
  out[1] = imp[o + IMPACT.displacedII] * p.displacedShelterShare;
  out[2] = imp[o + IMPACT.displacedIII] * p.displacedShelterShare + imp[o + IMPACT.evacuated] * p.evacueeShelterShare;
}

/** The demand bases from impact fields starting at `o` (a township row, or a region-sum row). */
export function demandBases(imp: Float64Array, o: number, p: DemandParams, out: Float64Array): void {
  const dI = imp[o + IMPACT.displacedI];
  const dII = imp[o + IMPACT.displacedII];
  const displaced = dI + dII + imp[o + IMPACT.displacedIII];
  const evacuated = imp[o + IMPACT.evacuated];
  const shelteredDisplaced = displaced * p.displacedShelterShare;
  out[0] = shelteredDisplaced + evacuated * p.evacueeShelterShare;
  out[1] = shelteredDisplaced;
  out[2] = (dI + dII) * p.displacedShelterShare;
  out[3] = displaced;
  out[4] = evacuated;
  out[5] = imp[o + IMPACT.injured];
  out[6] = evacuated + displaced;
}

/** Per item: quantity needed in phase 1 (first 10 h) and in the later phase, from a basis vector. */
export function itemDemand(items: readonly Item[], basisIdx: Int32Array, bases: Float64Array, reliefDays: number, phase1: Float64Array, later: Float64Array): void {
  for (let k = 0; k < items.length; k++) {
    const it = items[k];
    const b = bases[basisIdx[k]];
    phase1[k] = b * it.phase1PerPerson;
    later[k] = it.frequency === 'daily' ? b * it.laterPerPerson * (reliefDays - 1) : b * it.laterPerPerson;
  }
}

export function basisIndices(items: readonly Item[]): Int32Array {
  return Int32Array.from(items.map((it) => BASIS_INDEX[it.basis]));
}
