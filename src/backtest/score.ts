/**
 * Back-test scores. A ratio is (predicted + 1) / (observed + 1): counts of
 * people include zeros (Pingyuan 2023: no deaths), and adding one person to
 * both keeps such events in the score while barely moving large ones.
 * Scores: the geometric mean of the ratios (1 is unbiased) and the share of
 * events within a factor of 3 (1/3 ≤ ratio ≤ 3).
 */
import { geometricMean } from 'simple-statistics';

export function ratio(predicted: number, observed: number): number {
  return (predicted + 1) / (observed + 1);
}

export interface Score {
  events: number;
  geometricMeanRatio: number | null;
  withinFactor3: number | null;
  /** Share of events whose observation lies in the predicted 90 % interval. */
  inInterval90: number | null;
}

export function score(rows: { ratio: number; inInterval: boolean | null }[]): Score {
  if (rows.length === 0) return { events: 0, geometricMeanRatio: null, withinFactor3: null, inInterval90: null };
  const withI = rows.filter((r) => r.inInterval !== null);
  return {
    events: rows.length,
    geometricMeanRatio: geometricMean(rows.map((r) => r.ratio)),
    withinFactor3: rows.filter((r) => r.ratio >= 1 / 3 && r.ratio <= 3).length / rows.length,
    inInterval90: withI.length ? withI.filter((r) => r.inInterval).length / withI.length : null,
  };
}
