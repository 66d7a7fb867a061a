/**
 * Flood mortality, Jonkman, Vrijling & Vrouwenvelder (2008), "Methods for the
 * estimation of loss of life due to floods: a literature review and a proposal
 * for a new method", Natural Hazards 46:353–389, "remaining zone" (away from
 * breaches and rapidly rising water): the share of the exposed, non-evacuated
 * population that dies,
 *
 *   F(h) = Φ((ln h − μ) / σ),   μ = 7.60, σ = 2.75   (docs/model.md §2.2; M)
 *
 * Units: h is the water depth in METRES. docs/model.md's formula does not state the
 * unit of h; its conventions (§0) are metres, and Jonkman's remaining-zone
 * function is fitted with h in m. Metres also give the plausible magnitude:
 * F(1 m) ≈ 0.29 %, F(3 m) ≈ 0.90 %, about the 1 % mortality among the exposed
 * seen in historical floods (Jonkman et al. 2009, Katrina), whereas h in cm
 * would give 14 % at 1 m. So: metres, assumed, not read in the primary text.
 *
 * F is a lognormal CDF in h: 0 at h ≤ 0. The function leaves out the breach
 * and rapidly-rising zones (much higher mortality), which sim does not model.
 */
import { normalCdf } from '../core/normal.js';

export const JONKMAN_REMAINING_MU = 7.6;
export const JONKMAN_REMAINING_SIGMA = 2.75;
export const JONKMAN_SOURCE = 'Jonkman, Vrijling & Vrouwenvelder 2008, Nat. Hazards 46:353, remaining zone, h in m (docs/model.md §2.2; M)';

/** Mortality among the exposed (non-evacuated) at water depth `depthM` (metres). Allocates nothing. */
export function jonkmanMortality(depthM: number, mu: number = JONKMAN_REMAINING_MU, sigma: number = JONKMAN_REMAINING_SIGMA): number {
  if (!(depthM > 0)) return 0;
  return normalCdf((Math.log(depthM) - mu) / sigma);
}
