import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { percentileOfSorted } from './sorted-quantiles.js';

/** The inputs every bootstrap interval method works from. */
export interface BootstrapDistribution {
  /** The statistic of each resample, ascending, without NaN. */
  readonly sorted: Float64Array;
  /** The statistic of the whole sample. */
  readonly estimate: number;
  /** The sample itself (for the jackknife). */
  readonly values: Float64Array;
  readonly statistic: (xs: Float64Array) => number;
  /** Confidence level in (0, 1). */
  readonly confidence: number;
}

/** Bounds of a bootstrap interval, with BCa's corrections where they apply. */
export interface BootstrapBounds {
  readonly low: number;
  readonly high: number;
  readonly bca?: { readonly biasCorrection: number; readonly acceleration: number };
  readonly warnings: string[];
}

/**
 * Efron's bias-corrected and accelerated interval (Efron & Tibshirani 1993, §14.3; the arithmetic of
 * `scipy.stats.bootstrap(method='BCa')`): percentiles of the bootstrap distribution at
 * Φ(z0 + (z0 + z_α) / (1 − a (z0 + z_α))), with the bias correction z0 from the share of resample statistics below
 * the estimate (ties count half) and the acceleration a from the skewness of the jackknife estimates.
 *
 * Where SciPy returns NaN with a warning we do too, except for jackknife estimates that are all equal (a median
 * with many ties): there the acceleration is 0/0, and we take it as 0 (a plain bias-corrected interval) and warn.
 */
export function bcaBounds(dist: BootstrapDistribution): BootstrapBounds {
  const { sorted, estimate, values, statistic, confidence } = dist;
  const warnings: string[] = [];
  const b = sorted.length;
  let below = 0;
  let atOrBelow = 0;
  for (let i = 0; i < b; i++) {
    if (sorted[i]! < estimate) below++;
    if (sorted[i]! <= estimate) atOrBelow++;
  }
  const biasCorrection = normalQuantile((below + atOrBelow) / (2 * b), 0, 1);
  const jackknife = jackknifeAcceleration(values, statistic);
  if (jackknife.allEqual) {
    warnings.push('BCa: the jackknife estimates are all equal, so the acceleration is taken as 0');
  }
  const acceleration = jackknife.allEqual ? 0 : jackknife.acceleration;
  if (!Number.isFinite(biasCorrection) || !Number.isFinite(acceleration)) {
    warnings.push(
      'BCa interval is undefined: every resample statistic lies on one side of the estimate, or the statistic ' +
        'is not finite on the jackknife samples; use method "percentile"',
    );
    return { low: Number.NaN, high: Number.NaN, bca: { biasCorrection, acceleration }, warnings };
  }
  const zLow = normalQuantile((1 - confidence) / 2, 0, 1);
  const adjusted = (z: number): number => normalCdf(biasCorrection + (biasCorrection + z) / (1 - acceleration * (biasCorrection + z)), 0, 1);
  return {
    low: percentileOfSorted(sorted, adjusted(zLow) * 100),
    high: percentileOfSorted(sorted, adjusted(-zLow) * 100),
    bca: { biasCorrection, acceleration },
    warnings,
  };
}

/** a = Σ(θ̄ − θᵢ)³ / (6 (Σ(θ̄ − θᵢ)²)^1.5) over the leave-one-out estimates θᵢ (0/0 when they are all equal). */
function jackknifeAcceleration(
  values: Float64Array,
  statistic: (xs: Float64Array) => number,
): { acceleration: number; allEqual: boolean } {
  const n = values.length;
  const estimates = new Float64Array(n);
  const buffer = new Float64Array(n - 1);
  for (let i = 0; i < n; i++) {
    buffer.set(values.subarray(0, i), 0);
    buffer.set(values.subarray(i + 1), i);
    estimates[i] = statistic(buffer);
  }
  let mean = 0;
  for (let i = 0; i < n; i++) mean += estimates[i]!;
  mean /= n;
  let cubes = 0;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const d = mean - estimates[i]!;
    squares += d * d;
    cubes += d * d * d;
  }
  return { acceleration: cubes / (6 * squares ** 1.5), allEqual: squares === 0 };
}
