/**
 * Mean and spread of a sample, computed so that magnitudes from 1e-150 to 1e150 neither overflow nor underflow:
 * deviations are scaled by their largest absolute value before squaring.
 */
import { sampleMoments } from '../descriptive/moments.js';

/** The arithmetic mean (NaN for an empty sample). */
export function mean(values: ArrayLike<number>): number {
  return sampleMoments(values instanceof Float64Array ? values : Float64Array.from(values)).mean;
}

/**
 * The square root of the sum of squared deviations from `center`, i.e. sqrt(Σ (x − center)²), without overflow:
 * the two-pass form numpy uses for `var`, which keeps full precision when the spread is small next to the mean.
 */
export function deviationNorm(values: ArrayLike<number>, center: number): number {
  let scale = 0;
  for (let i = 0; i < values.length; i++) scale = Math.max(scale, Math.abs(values[i]! - center));
  if (scale === 0 || !Number.isFinite(scale)) return scale;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const d = (values[i]! - center) / scale;
    sum += d * d;
  }
  return scale * Math.sqrt(sum);
}
