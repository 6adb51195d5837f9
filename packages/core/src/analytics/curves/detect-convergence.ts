/** Where a curve settles at its final level. */
import { medianOfSorted } from '../descriptive/sorted-quantiles.js';
import { type CurveTrend, NOISE_MULTIPLE } from './curve-trend.js';

/** Runs of points outside the band up to this share of the window are noise, not a departure. */
const EXCURSION_SHARE = 0.2;

/** The tolerance band of convergence: max(tolerance · improvement, NOISE_MULTIPLE · smoothed noise). */
export function convergenceBand(trend: CurveTrend, tolerance: number): number {
  return Math.max(tolerance * trend.improvement, NOISE_MULTIPLE * trend.smoothNoise);
}

/**
 * The index from which the smoothed curve has settled, or null. With D the total improvement, σ the smoothed
 * noise and `band` = max(`tolerance` · D, 3σ):
 *
 * 1. the final level F is the median of the last `window` smoothed values (a still-falling curve ends below it);
 * 2. c is the first index from which every smoothed value lies within `band` of F, except for excursions of at
 *    most a fifth of `window` consecutive points (one unusual minibatch must not undo convergence);
 * 3. while the rest of the curve from c still drifts — the means of its first and second halves differ by more
 *    than max(`tolerance` · D / 2, σ) — c moves on by one point; this is what tells a slow steady decline, which
 *    stays near its final level for a while without settling, from a curve that has flattened;
 * 4. the curve has converged at c if at least `window` points remain from c.
 *
 * Null for a flat curve (it never learned, so nothing converged), and for one still moving at its end.
 */
export function convergenceIndex(trend: CurveTrend, window: number, tolerance: number): number | null {
  const { smooth } = trend;
  const m = smooth.length;
  if (trend.flat || m < window) return null;
  const final = medianOfSorted(smooth.slice(m - window).sort());
  const band = convergenceBand(trend, tolerance);
  const maxExcursion = Math.floor(window * EXCURSION_SHARE);
  let c = m;
  let excursion = 0;
  for (let i = m - 1; i >= 0 && excursion <= maxExcursion; i--) {
    if (Math.abs(smooth[i]! - final) <= band) {
      c = i;
      excursion = 0;
    } else {
      excursion++;
    }
  }

  const prefix = new Float64Array(m + 1);
  for (let i = 0; i < m; i++) prefix[i + 1] = prefix[i]! + smooth[i]!;
  const meanOf = (from: number, to: number): number => (prefix[to]! - prefix[from]!) / (to - from);
  const allowedDrift = Math.max((tolerance * trend.improvement) / 2, trend.smoothNoise);
  while (m - c >= window) {
    const middle = c + Math.floor((m - c) / 2);
    if (Math.abs(meanOf(c, middle) - meanOf(middle, m)) <= allowedDrift) return c;
    c++;
  }
  return null;
}
