/**
 * Turning a test statistic into a p-value for the three alternatives, from its null distribution. Upper tails are
 * taken as the lower tail of the negated statistic (the t and normal distributions are symmetric), or for
 * chi-square as the upper incomplete gamma function, never as `1 - cdf`, so tiny p-values keep their relative
 * precision.
 */
import gammainc from '@stdlib/math-base-special-gammainc';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import { RunlensError } from '../../errors.js';

/**
 * Which way the alternative hypothesis points, as in SciPy: `'less'` means the first sample's distribution lies
 * below the second's (for correlations: the coefficient is negative), `'greater'` the opposite, `'two-sided'` either.
 */
export type Alternative = 'two-sided' | 'less' | 'greater';

const ALTERNATIVES: ReadonlySet<string> = new Set<Alternative>(['two-sided', 'less', 'greater']);

/** Throws for an alternative outside the three known ones (a programmer error, e.g. from untyped callers). */
export function checkAlternative(alternative: string): Alternative {
  if (!ALTERNATIVES.has(alternative)) {
    throw new RunlensError('VALIDATION', `invalid alternative: ${alternative} (expected two-sided, less or greater)`);
  }
  return alternative as Alternative;
}

/** P-value of a statistic that follows Student's t with `df` degrees of freedom under the null hypothesis. */
export function tPValue(t: number, df: number, alternative: Alternative): number {
  if (Number.isNaN(t) || Number.isNaN(df)) return Number.NaN;
  if (alternative === 'less') return tCdf(t, df);
  if (alternative === 'greater') return tCdf(-t, df);
  return Math.min(1, 2 * tCdf(-Math.abs(t), df));
}

/** Upper-tail probability P(Z ≥ z) of the standard normal distribution. */
export function normalSurvival(z: number): number {
  return normalCdf(-z, 0, 1);
}

/**
 * Upper-tail probability P(X ≥ x) of the chi-square distribution with `df` degrees of freedom, as
 * `scipy.stats.chi2.sf`: the regularized upper incomplete gamma Q(df/2, x/2), computed directly rather than as
 * `1 - cdf`, so a p-value of 1e-200 is 1e-200 and not 0. NaN for NaN input; 1 for x ≤ 0.
 *
 * @example chiSquareSurvival(107.33, 2) // 4.94e-24
 */
export function chiSquareSurvival(x: number, df: number): number {
  if (Number.isNaN(x) || Number.isNaN(df)) return Number.NaN;
  if (x <= 0) return 1;
  return gammainc(x / 2, df / 2, true, true);
}
