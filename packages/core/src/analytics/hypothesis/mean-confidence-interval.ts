/** The mean of a sample with its Student-t confidence interval. */
import { RunlensError } from '../../errors.js';
import { allFinite, cleanSample } from './clean-sample.js';
import { sampleMoments } from '../descriptive/moments.js';
import { studentTInterval } from '../descriptive/t-interval.js';

/** The outcome of {@link meanConfidenceInterval}. */
export interface MeanConfidenceInterval {
  readonly mean: number;
  /** Sample standard deviation (ddof = 1). */
  readonly standardDeviation: number;
  /** [lower, upper]: mean ± t(1/2 + level/2, n − 1) · s / sqrt(n). */
  readonly ci: readonly [number, number];
  readonly confidenceLevel: number;
  readonly n: number;
  readonly nanDropped: number;
  readonly warnings: readonly string[];
}

/** Options of {@link meanConfidenceInterval}. */
export interface MeanConfidenceIntervalOptions {
  /** Default `0.95`. */
  readonly confidenceLevel?: number;
  /** Name of the sample in warnings. Default `'sample'`. */
  readonly label?: string;
}

/**
 * The mean of `values` and its two-sided t confidence interval, as
 * `scipy.stats.t.interval(level, n - 1, loc=mean, scale=sem)`. NaN values are dropped and counted. The interval is
 * NaN (with a warning) below 2 values or with ±Infinity; an empty sample also has a NaN mean.
 *
 * @example meanConfidenceInterval([0.81, 0.83, 0.8], { confidenceLevel: 0.9 }).ci
 */
export function meanConfidenceInterval(
  values: ArrayLike<number>,
  options: MeanConfidenceIntervalOptions = {},
): MeanConfidenceInterval {
  const confidenceLevel = options.confidenceLevel ?? 0.95;
  const label = options.label ?? 'sample';
  if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
    throw new RunlensError('VALIDATION', `invalid confidenceLevel: ${confidenceLevel} (expected between 0 and 1)`);
  }
  const warnings: string[] = [];
  const sample = cleanSample(values, label, warnings);
  const n = sample.values.length;
  const moments = sampleMoments(Float64Array.from(sample.values));
  const m = moments.mean;
  const base = { mean: m, confidenceLevel, n, nanDropped: sample.nanDropped, warnings };
  if (n < 2 || !allFinite(sample.values)) {
    warnings.push(
      n < 2
        ? `${label} has ${n === 0 ? 'no values' : '1 value'}: a confidence interval needs at least 2`
        : `${label} contains ±Infinity: its confidence interval is undefined`,
    );
    return { standardDeviation: Number.NaN, ci: [Number.NaN, Number.NaN], ...base };
  }
  const interval = studentTInterval(m, moments.std / Math.sqrt(n), n, confidenceLevel);
  return { standardDeviation: moments.std, ci: [interval.low, interval.high], ...base };
}
