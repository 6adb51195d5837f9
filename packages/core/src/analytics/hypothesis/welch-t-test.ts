/** Welch's unequal-variance t-test, as `scipy.stats.ttest_ind(a, b, equal_var=False)`. */
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { RunlensError } from '../../errors.js';
import { allFinite, cleanSample } from './clean-sample.js';
import { type Alternative, checkAlternative, tPValue } from './p-value.js';
import { sampleMoments } from '../descriptive/moments.js';

/** Options of {@link welchTTest}. */
export interface WelchTTestOptions {
  /** Alternative hypothesis about mean(a) − mean(b). Default `'two-sided'`. */
  readonly alternative?: Alternative;
  /** Confidence level of `ci`. Default `0.95`. */
  readonly confidenceLevel?: number;
  /** Names of the two samples in warnings. Default `['a', 'b']`. */
  readonly labels?: readonly [string, string];
}

/** The outcome of {@link welchTTest}. Undefined quantities are NaN, with a warning saying why. */
export interface WelchTTestResult {
  /** t = (mean(a) − mean(b)) / sqrt(s_a²/n_a + s_b²/n_b). */
  readonly statistic: number;
  /** Welch–Satterthwaite degrees of freedom. */
  readonly df: number;
  readonly pValue: number;
  /** mean(a) − mean(b). */
  readonly meanDifference: number;
  /** Standard error of the difference. */
  readonly standardError: number;
  /**
   * Confidence interval of mean(a) − mean(b) at `confidenceLevel`, one-sided for a one-sided alternative
   * (`[-Infinity, upper]` for `'less'`, `[lower, Infinity]` for `'greater'`), as SciPy ≥ 1.11 reports it.
   */
  readonly ci: readonly [number, number];
  readonly confidenceLevel: number;
  readonly alternative: Alternative;
  /** Sample sizes after dropping NaN. */
  readonly n: readonly [number, number];
  readonly nanDropped: readonly [number, number];
  readonly warnings: readonly string[];
}

/**
 * Welch's t-test of equal means without assuming equal variances. NaN values are dropped (and counted); the
 * statistic, degrees of freedom and p-value match SciPy's `ttest_ind(a, b, equal_var=False)` on the NaN-free data.
 *
 * Data problems give NaN with a warning rather than an exception: an empty sample or one with a single value (no
 * variance estimate), ±Infinity, and two samples that both have zero variance. SciPy reports t = ±inf and p = 0 in
 * that last case; runlens does not, because a test statistic divided by a zero standard error is not evidence.
 *
 * @example
 * const r = welchTTest(baselineAcc, newAcc, { alternative: 'less' });
 * if (r.pValue < 0.05) console.log(`new is better by ${-r.meanDifference}`, r.ci);
 */
export function welchTTest(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  options: WelchTTestOptions = {},
): WelchTTestResult {
  const alternative = checkAlternative(options.alternative ?? 'two-sided');
  const confidenceLevel = options.confidenceLevel ?? 0.95;
  if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
    throw new RunlensError('VALIDATION', `invalid confidenceLevel: ${confidenceLevel} (expected between 0 and 1)`);
  }
  const [labelA, labelB] = options.labels ?? ['a', 'b'];
  const warnings: string[] = [];
  const sa = cleanSample(a, `sample ${labelA}`, warnings);
  const sb = cleanSample(b, `sample ${labelB}`, warnings);
  const n1 = sa.values.length;
  const n2 = sb.values.length;
  const moments1 = sampleMoments(Float64Array.from(sa.values));
  const moments2 = sampleMoments(Float64Array.from(sb.values));
  const m1 = moments1.mean;
  const m2 = moments2.mean;
  const base = {
    confidenceLevel,
    alternative,
    n: [n1, n2] as const,
    nanDropped: [sa.nanDropped, sb.nanDropped] as const,
    warnings,
  };
  const undefinedResult = (): WelchTTestResult => ({
    statistic: Number.NaN,
    df: Number.NaN,
    pValue: Number.NaN,
    meanDifference: m1 - m2,
    standardError: Number.NaN,
    ci: [Number.NaN, Number.NaN],
    ...base,
  });

  for (const [label, n] of [
    [labelA, n1],
    [labelB, n2],
  ] as const) {
    if (n < 2) {
      warnings.push(
        `sample ${label} has ${n === 0 ? 'no values' : '1 value'}: Welch's t-test needs at least 2 in each sample`,
      );
    }
  }
  if (n1 < 2 || n2 < 2) return undefinedResult();
  if (!allFinite(sa.values) || !allFinite(sb.values)) {
    warnings.push('a sample contains ±Infinity: its mean and variance are undefined, so the t-test is too');
    return undefinedResult();
  }

  // Standard errors of each mean; working with these rather than variances keeps huge magnitudes from overflowing.
  const e1 = moments1.std / Math.sqrt(n1);
  const e2 = moments2.std / Math.sqrt(n2);
  const standardError = Math.hypot(e1, e2);
  if (standardError === 0) {
    warnings.push('both samples have zero variance: the t statistic is undefined (p = NaN)');
    return undefinedResult();
  }
  // Welch–Satterthwaite, with each variance of the mean divided by their sum so the powers cannot overflow.
  const w1 = (e1 / standardError) ** 2;
  const w2 = (e2 / standardError) ** 2;
  const df = 1 / ((w1 * w1) / (n1 - 1) + (w2 * w2) / (n2 - 1));
  const meanDifference = m1 - m2;
  const statistic = meanDifference / standardError;
  const pValue = tPValue(statistic, df, alternative);

  let ci: readonly [number, number];
  if (alternative === 'two-sided') {
    const half = tQuantile(0.5 + confidenceLevel / 2, df) * standardError;
    ci = [meanDifference - half, meanDifference + half];
  } else {
    const reach = tQuantile(confidenceLevel, df) * standardError;
    ci = alternative === 'less' ? [-Infinity, meanDifference + reach] : [meanDifference - reach, Infinity];
  }
  return { statistic, df, pValue, meanDifference, standardError, ci, ...base };
}
