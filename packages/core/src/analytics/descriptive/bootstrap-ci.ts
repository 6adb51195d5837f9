import { RunlensError } from '../../errors.js';
import { bcaBounds, type BootstrapBounds, type BootstrapDistribution } from './bca-interval.js';
import { checkConfidence } from './check-confidence.js';
import { applyNanPolicy, describeNonFinite, type NanPolicy } from './nan-policy.js';
import { resampleStatistics } from './resample-statistics.js';
import { percentileOfSorted } from './sorted-quantiles.js';

/** How the interval is read off the bootstrap distribution. */
export type BootstrapMethod = 'percentile' | 'bca';

/** Options of {@link bootstrapCi}. */
export interface BootstrapOptions {
  /** Number of resamples. Default `10_000`. */
  readonly resamples?: number;
  /** Confidence level in (0, 1). Default `0.95`. */
  readonly confidence?: number;
  /** Seed of the resampling generator; the same seed gives the same interval. Default `0`. */
  readonly seed?: number;
  /** `'percentile'` (default) or `'bca'` (bias-corrected and accelerated, better for skewed statistics). */
  readonly method?: BootstrapMethod;
  /** What to do with NaN and ±Infinity in `values`; see {@link NanPolicy}. Default `'omit'`. */
  readonly nanPolicy?: NanPolicy;
}

/** A bootstrap confidence interval, with what it was computed from. */
export interface BootstrapInterval {
  readonly level: number;
  readonly low: number;
  readonly high: number;
  readonly method: BootstrapMethod;
  /** The statistic of the whole sample (NaN for an empty one). */
  readonly estimate: number;
  /** Values resampled (after the NaN policy). */
  readonly count: number;
  readonly nanCount: number;
  readonly infCount: number;
  readonly resamples: number;
  readonly seed: number;
  /** BCa's bias correction z0 and acceleration a (method `'bca'` only). */
  readonly bca?: { readonly biasCorrection: number; readonly acceleration: number };
  readonly warnings: string[];
}

const INTERVALS: Readonly<Record<BootstrapMethod, (dist: BootstrapDistribution) => BootstrapBounds>> = {
  percentile: ({ sorted, confidence }) => {
    // (1 - c) / 2 and the ×100 exactly as scipy.stats.bootstrap, so the same resamples give the same bounds.
    const alpha = (1 - confidence) / 2;
    return {
      low: percentileOfSorted(sorted, alpha * 100),
      high: percentileOfSorted(sorted, (1 - alpha) * 100),
      warnings: [],
    };
  },
  bca: bcaBounds,
};

/** Below this many values the bootstrap distribution is too coarse: its intervals are systematically too narrow. */
const SMALL_SAMPLE = 10;
const FEW_RESAMPLES = 1000;

/**
 * A seeded, deterministic bootstrap confidence interval for any statistic of one sample: `resamples` samples of
 * size n are drawn with replacement by runlens' seeded generator (`createSeededRandom`), `statistic` is computed on each, and the interval
 * is read off their distribution by `method`. The same values, statistic and options always give the same interval.
 *
 * `statistic` receives a buffer that is reused between calls: it may sort or overwrite it, but must copy it to
 * keep it. Resamples on which it returns NaN are left out, with a warning.
 *
 * Never throws for awkward data (fewer than 2 values: NaN bounds and a warning); throws a VALIDATION
 * {@link RunlensError} for bad options, or for NaN/Infinity under `nanPolicy: 'raise'`.
 *
 * @example
 * const mean = (xs: Float64Array) => xs.reduce((s, x) => s + x, 0) / xs.length;
 * bootstrapCi([0.81, 0.84, 0.79, 0.88, 0.83], mean, { seed: 1, method: 'bca' })
 * // { low: 0.806, high: 0.858, warnings: ['n = 5: bootstrap intervals of samples this small are too narrow; ...'], ... }
 */
export function bootstrapCi(
  values: ArrayLike<number>,
  statistic: (xs: Float64Array) => number,
  options: BootstrapOptions = {},
): BootstrapInterval {
  const resamples = options.resamples ?? 10_000;
  const confidence = options.confidence ?? 0.95;
  const seed = options.seed ?? 0;
  const method = options.method ?? 'percentile';
  const nanPolicy = options.nanPolicy ?? 'omit';
  checkConfidence(confidence);
  checkOptions(resamples, seed, method);

  const policed = applyNanPolicy(values, nanPolicy);
  const sample = policed.values;
  const n = sample.length;
  const base = { level: confidence, method, count: n, nanCount: policed.nanCount, infCount: policed.infCount, resamples, seed };
  const warnings: string[] = [];
  if (nanPolicy === 'omit' && policed.nanCount + policed.infCount > 0) {
    warnings.push(`${describeNonFinite(policed.nanCount, policed.infCount)} omitted (nanPolicy "omit")`);
  }
  if (nanPolicy === 'propagate' && policed.nanCount > 0) {
    warnings.push(`${describeNonFinite(policed.nanCount, 0)} present (nanPolicy "propagate"): the interval is NaN`);
    return { ...base, estimate: Number.NaN, low: Number.NaN, high: Number.NaN, warnings };
  }
  if (n < 2) {
    warnings.push(`n = ${n}: at least 2 values are needed to bootstrap; the interval is NaN`);
    const estimate = n === 0 ? Number.NaN : statistic(sample.slice());
    return { ...base, estimate, low: Number.NaN, high: Number.NaN, warnings };
  }
  if (n < SMALL_SAMPLE) {
    warnings.push(`n = ${n}: bootstrap intervals of samples this small are too narrow; prefer the t interval`);
  }
  if (resamples < FEW_RESAMPLES) {
    warnings.push(`only ${resamples} resamples: the bounds are noisy; use at least ${FEW_RESAMPLES}`);
  }

  const estimate = statistic(sample.slice());
  const stats = resampleStatistics(sample, statistic, resamples, seed);
  const sorted = stats.filter((s) => !Number.isNaN(s)).sort();
  const dropped = resamples - sorted.length;
  if (dropped > 0) warnings.push(`the statistic was NaN on ${dropped} of ${resamples} resamples; they are left out`);
  if (sorted.length === 0) return { ...base, estimate, low: Number.NaN, high: Number.NaN, warnings };

  const bounds = INTERVALS[method]({ sorted, estimate, values: sample, statistic, confidence });
  return {
    ...base,
    estimate,
    low: bounds.low,
    high: bounds.high,
    ...(bounds.bca ? { bca: bounds.bca } : {}),
    warnings: [...warnings, ...bounds.warnings],
  };
}

function checkOptions(resamples: number, seed: number, method: BootstrapMethod): void {
  if (!(Number.isInteger(resamples) && resamples >= 1)) {
    throw new RunlensError('VALIDATION', `resamples must be a positive integer; got ${String(resamples)}`, {
      field: 'resamples',
    });
  }
  if (!Number.isInteger(seed)) {
    throw new RunlensError('VALIDATION', `seed must be an integer; got ${String(seed)}`, { field: 'seed' });
  }
  if (!Object.hasOwn(INTERVALS, method)) {
    throw new RunlensError('VALIDATION', `unknown bootstrap method: ${String(method)} (percentile | bca)`, {
      field: 'method',
    });
  }
}
