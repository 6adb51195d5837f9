import { RunlensError } from '../../errors.js';
import { checkConfidence } from './check-confidence.js';
import { sampleMoments } from './moments.js';
import { applyNanPolicy, describeNonFinite, type NanPolicy } from './nan-policy.js';
import { medianOfSorted, percentileOfSorted } from './sorted-quantiles.js';
import { studentTInterval } from './t-interval.js';

/** Options of {@link describeSample}. */
export interface DescribeOptions {
  /** What to do with NaN and ±Infinity; see {@link NanPolicy}. Default `'omit'`. */
  readonly nanPolicy?: NanPolicy;
  /** Level of the t confidence interval for the mean, in (0, 1). Default `0.95`. */
  readonly confidence?: number;
  /** Percentiles to report, each in [0, 100], by NumPy's default 'linear' method. Default `[5, 25, 50, 75, 95]`. */
  readonly percentiles?: readonly number[];
}

/** A confidence interval for the mean. */
export interface MeanTInterval {
  /** The confidence level it was computed at, e.g. 0.95. */
  readonly level: number;
  readonly low: number;
  readonly high: number;
  /** `'t'`: Student t interval, mean ± t(1 − α/2, n − 1) · SEM. */
  readonly method: 't';
}

/** What {@link describeSample} reports. Statistics that a sample cannot support are NaN, with a warning saying why. */
export interface SampleDescription {
  /** Values the statistics were computed over: finite values under `omit`, every value under `propagate`. */
  readonly count: number;
  /** NaN values seen in the input (left out under `omit`). */
  readonly nanCount: number;
  /** ±Infinity values seen in the input (left out under `omit`). */
  readonly infCount: number;
  readonly nanPolicy: NanPolicy;
  readonly mean: number;
  readonly median: number;
  /** Sample standard deviation (ddof = 1); NaN for n < 2. */
  readonly std: number;
  /** Sample variance (ddof = 1); NaN for n < 2. */
  readonly variance: number;
  readonly min: number;
  readonly max: number;
  /** Keyed by `String(p)`: `"5"`, `"2.5"`, `"97.5"`. */
  readonly percentiles: Record<string, number>;
  /** Standard error of the mean, std / √n (as `scipy.stats.sem`). */
  readonly sem: number;
  /** NaN bounds for n < 2. */
  readonly ci: MeanTInterval;
  /** Everything a reader should know before trusting the numbers: values left out, n too small, zero spread. */
  readonly warnings: string[];
}

const DEFAULT_PERCENTILES: readonly number[] = [5, 25, 50, 75, 95];

/**
 * Descriptive statistics of one sample: count, mean, median, std, variance, min, max, percentiles, SEM and a
 * Student t confidence interval for the mean. Matches NumPy and SciPy (`np.mean`, `np.median`, `np.std(ddof=1)`,
 * `np.percentile`, `scipy.stats.sem`, `scipy.stats.t.interval`) and is more accurate than them where they lose
 * digits (huge means with small spreads, 1e-300- or 1e300-scale values).
 *
 * Never throws for awkward data: an empty sample, one value, or nothing but NaN give NaN statistics and a warning.
 * It throws a VALIDATION {@link RunlensError} only for bad options, or for NaN/Infinity under `nanPolicy: 'raise'`.
 *
 * @example
 * const d = describeSample([0.91, 0.89, 0.93, Number.NaN]);
 * // d.count === 3, d.nanCount === 1, d.mean ≈ 0.91, d.ci.low ≈ 0.86, d.warnings: ['1 NaN value omitted (nanPolicy "omit")']
 */
export function describeSample(values: ArrayLike<number>, options: DescribeOptions = {}): SampleDescription {
  const nanPolicy = options.nanPolicy ?? 'omit';
  const confidence = options.confidence ?? 0.95;
  const percentiles = options.percentiles ?? DEFAULT_PERCENTILES;
  checkConfidence(confidence);
  checkPercentiles(percentiles);

  const policed = applyNanPolicy(values, nanPolicy);
  const { nanCount, infCount } = policed;
  const base = { nanCount, infCount, nanPolicy, confidence, percentiles };
  if (nanPolicy === 'propagate' && nanCount > 0) {
    return undefinedDescription(base, policed.values.length, [
      `${describeNonFinite(nanCount, 0)} present (nanPolicy "propagate"): every statistic is NaN`,
    ]);
  }

  // applyNanPolicy returns a fresh array, so sorting it in place leaves the caller's values alone.
  const sorted = policed.values.sort();
  const n = sorted.length;
  const warnings: string[] = [];
  if (nanPolicy === 'omit' && nanCount + infCount > 0) {
    warnings.push(`${describeNonFinite(nanCount, infCount)} omitted (nanPolicy "omit")`);
  }
  if (n === 0) {
    warnings.push(
      nanCount + infCount > 0 ? 'no finite values left: every statistic is NaN' : 'empty sample: every statistic is NaN',
    );
    return undefinedDescription(base, 0, warnings);
  }
  const order = {
    median: medianOfSorted(sorted),
    min: sorted[0]!,
    max: sorted[n - 1]!,
    percentiles: percentileRecord(sorted, percentiles),
  };
  if (nanPolicy === 'propagate' && infCount > 0) {
    // Order statistics stay meaningful with infinities in the sample; moments do not.
    const mean = sorted[0] === -Infinity && sorted[n - 1] === Infinity ? Number.NaN : infiniteEnd(sorted);
    warnings.push(
      `${describeNonFinite(0, infCount)} kept (nanPolicy "propagate"): mean is ${String(mean)}; ` +
        'std, variance, SEM and CI are NaN',
    );
    return { nanCount, infCount, nanPolicy, count: n, mean, ...order, ...undefinedSpread(confidence), warnings };
  }

  const { mean, variance, std } = sampleMoments(sorted);
  const sem = std / Math.sqrt(n);
  const { low, high } = studentTInterval(mean, sem, n, confidence);
  if (n === 1) warnings.push('n = 1: no spread, so std, variance, SEM and CI are NaN');
  else if (std === 0) warnings.push(`all ${n} values are equal (${String(mean)}): std is 0 and the CI is [mean, mean]`);
  else if (variance === 0) warnings.push('variance is below the float64 range and reads 0; std is accurate');
  else if (variance === Infinity) warnings.push('variance is above the float64 range and reads Infinity; std is accurate');
  return {
    nanCount,
    infCount,
    nanPolicy,
    count: n,
    mean,
    ...order,
    std,
    variance,
    sem,
    ci: { level: confidence, low, high, method: 't' },
    warnings,
  };
}

interface DescriptionBase {
  readonly nanCount: number;
  readonly infCount: number;
  readonly nanPolicy: NanPolicy;
  readonly confidence: number;
  readonly percentiles: readonly number[];
}

function undefinedDescription(base: DescriptionBase, count: number, warnings: string[]): SampleDescription {
  const nan = Number.NaN;
  const percentiles: Record<string, number> = {};
  for (const p of base.percentiles) percentiles[String(p)] = nan;
  return {
    nanCount: base.nanCount,
    infCount: base.infCount,
    nanPolicy: base.nanPolicy,
    count,
    mean: nan,
    median: nan,
    min: nan,
    max: nan,
    percentiles,
    ...undefinedSpread(base.confidence),
    warnings,
  };
}

function undefinedSpread(confidence: number): Pick<SampleDescription, 'std' | 'variance' | 'sem' | 'ci'> {
  const nan = Number.NaN;
  return { std: nan, variance: nan, sem: nan, ci: { level: confidence, low: nan, high: nan, method: 't' } };
}

/** The infinity a sample holds, when it holds infinities of one sign only. */
function infiniteEnd(sorted: Float64Array): number {
  return sorted[0] === -Infinity ? -Infinity : Infinity;
}

function percentileRecord(sorted: Float64Array, percentiles: readonly number[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of percentiles) out[String(p)] = percentileOfSorted(sorted, p);
  return out;
}

function checkPercentiles(percentiles: readonly number[]): void {
  for (const p of percentiles) {
    if (!(typeof p === 'number' && p >= 0 && p <= 100)) {
      throw new RunlensError('VALIDATION', `percentiles must be numbers in [0, 100]; got ${String(p)}`, {
        field: 'percentiles',
      });
    }
  }
}
