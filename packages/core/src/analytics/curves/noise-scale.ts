/** How noisy a curve is, apart from its trend. */
import { medianOfSorted } from '../descriptive/sorted-quantiles.js';

/** 1.4826 makes the median absolute deviation estimate the standard deviation of normal data. */
const MAD_TO_SD = 1.4826;

/**
 * A robust estimate of the standard deviation of the point-to-point noise of `values` (finite): the median
 * absolute deviation of the second differences v[i+1] − 2·v[i] + v[i−1], scaled to a standard deviation and
 * divided by √6 (the second difference of independent noise of variance σ² has variance 6σ²). Second differences
 * cancel any locally linear trend, and the median ignores a few jumps. 0 for fewer than 3 values.
 */
export function noiseScale(values: ArrayLike<number>): number {
  const n = values.length;
  if (n < 3) return 0;
  const second = new Float64Array(n - 2);
  for (let i = 1; i < n - 1; i++) second[i - 1] = values[i + 1]! - 2 * values[i]! + values[i - 1]!;
  second.sort();
  const centre = medianOfSorted(second);
  const deviations = second.map((d) => Math.abs(d - centre)).sort();
  return (MAD_TO_SD * medianOfSorted(deviations)) / Math.sqrt(6);
}

/**
 * The standard deviation left of noise of standard deviation `sigma` after an exponential moving average of
 * weight `w`, in the steady state: sigma · sqrt((1 − w) / (1 + w)).
 */
export function smoothedNoise(sigma: number, w: number): number {
  return sigma * Math.sqrt((1 - w) / (1 + w));
}
