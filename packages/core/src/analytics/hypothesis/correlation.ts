/**
 * Correlation coefficients with p-values: Pearson's r, the point-biserial r (Pearson's r against a 0/1 variable)
 * and Spearman's rho (Pearson's r of average ranks), as `scipy.stats.pearsonr`, `pointbiserialr` and `spearmanr`.
 */
import { RunlensError } from '../../errors.js';
import { type Alternative, checkAlternative, tPValue } from './p-value.js';
import { averageRanks } from './ranks.js';
import { deviationNorm, mean } from './sample-moments.js';

/** Options of the correlation functions. */
export interface CorrelationOptions {
  /** `'greater'`: a positive association, `'less'`: a negative one. Default `'two-sided'`. */
  readonly alternative?: Alternative;
}

/** A correlation coefficient, its p-value, and what was left out to compute it. */
export interface CorrelationResult {
  /** r or rho, in [−1, 1]; NaN when undefined (see `warnings`). */
  readonly coefficient: number;
  readonly pValue: number;
  /** Pairs used, after dropping those with a NaN on either side. */
  readonly n: number;
  readonly nanDropped: number;
  readonly alternative: Alternative;
  readonly warnings: readonly string[];
}

/**
 * Pearson's product-moment correlation with the p-value of the t-test of r = 0 (n − 2 degrees of freedom), as
 * `scipy.stats.pearsonr`. Pairs with NaN on either side are dropped and counted.
 *
 * NaN with a warning when fewer than 2 pairs remain, a value is ±Infinity, or either variable is constant. With
 * exactly 2 pairs r is ±1 and p = 1 (SciPy's convention), with a warning. A nearly constant variable (spread below
 * 1e-13 of its mean) gets a warning that r may be inaccurate.
 *
 * @example pearsonCorrelation(lrs, finalLoss).coefficient
 */
export function pearsonCorrelation(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  options: CorrelationOptions = {},
): CorrelationResult {
  const alternative = checkAlternative(options.alternative ?? 'two-sided');
  const warnings: string[] = [];
  const pairs = completePairs(x, y, warnings);
  return pearsonOfPairs(pairs.x, pairs.y, pairs.nanDropped, alternative, warnings);
}

/**
 * The point-biserial correlation between a dichotomous variable (booleans, or numbers 0 and 1; NaN means missing)
 * and a numeric one: Pearson's r with the dichotomy coded 0/1, as `scipy.stats.pointbiserialr`. Positive when
 * the values are larger where `binary` is true. Anything else in `binary` throws.
 *
 * @example pointBiserialCorrelation(runs.map((r) => r.status === 'failed'), runs.map((r) => r.params.lr))
 */
export function pointBiserialCorrelation(
  binary: ArrayLike<number | boolean>,
  values: ArrayLike<number>,
  options: CorrelationOptions = {},
): CorrelationResult {
  const coded = Float64Array.from({ length: binary.length }, (_, i) => {
    const v = binary[i]!;
    if (typeof v === 'boolean') return v ? 1 : 0;
    if (v === 0 || v === 1 || Number.isNaN(v)) return v;
    throw new RunlensError('VALIDATION', `invalid dichotomous value at index ${i}: ${v} (expected 0, 1 or a boolean)`);
  });
  return pearsonCorrelation(coded, values, options);
}

/**
 * Spearman's rank correlation: Pearson's r of the average ranks (ties share the mean of their ranks), with the
 * p-value of t = rho · sqrt((n − 2) / (1 − rho²)) on n − 2 degrees of freedom, as `scipy.stats.spearmanr`.
 * Pairs with NaN are dropped and counted; ±Infinity ranks like any value.
 *
 * NaN with a warning when fewer than 2 pairs remain or either variable is constant. With exactly 2 pairs rho is ±1
 * but has no degrees of freedom left: p = NaN, with a warning.
 *
 * @example spearmanCorrelation(batchSizes, throughput).coefficient
 */
export function spearmanCorrelation(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  options: CorrelationOptions = {},
): CorrelationResult {
  const alternative = checkAlternative(options.alternative ?? 'two-sided');
  const warnings: string[] = [];
  const pairs = completePairs(x, y, warnings);
  const n = pairs.x.length;
  const base = { n, nanDropped: pairs.nanDropped, alternative, warnings };
  if (n < 2) {
    warnings.push(`${n} complete pair${n === 1 ? '' : 's'}: a correlation needs at least 2`);
    return { coefficient: Number.NaN, pValue: Number.NaN, ...base };
  }
  if (constantWarning(pairs.x, pairs.y, warnings)) return { coefficient: Number.NaN, pValue: Number.NaN, ...base };
  const coefficient = clampedR(averageRanks(pairs.x).ranks, averageRanks(pairs.y).ranks);
  const df = n - 2;
  if (df === 0) {
    warnings.push('with 2 pairs the rank correlation is always ±1 and has no degrees of freedom: p is undefined');
    return { coefficient, pValue: Number.NaN, ...base };
  }
  const t = coefficient * Math.sqrt(Math.max(0, df / ((coefficient + 1) * (1 - coefficient))));
  return { coefficient, pValue: tPValue(t, df, alternative), ...base };
}

interface Pairs {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly nanDropped: number;
}

function completePairs(x: ArrayLike<number>, y: ArrayLike<number>, warnings: string[]): Pairs {
  if (x.length !== y.length) {
    throw new RunlensError('VALIDATION', `x and y must have the same length (got ${x.length} and ${y.length})`);
  }
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    const yi = y[i]!;
    if (Number.isNaN(xi) || Number.isNaN(yi)) continue;
    xs.push(xi);
    ys.push(yi);
  }
  const nanDropped = x.length - xs.length;
  if (nanDropped > 0) warnings.push(`${nanDropped} pair${nanDropped === 1 ? '' : 's'} with NaN dropped`);
  return { x: Float64Array.from(xs), y: Float64Array.from(ys), nanDropped };
}

function constantWarning(x: Float64Array, y: Float64Array, warnings: string[]): boolean {
  const constant = [x.every((v) => v === x[0]) ? 'x' : '', y.every((v) => v === y[0]) ? 'y' : ''].filter(Boolean);
  if (constant.length === 0) return false;
  const verb = constant.length > 1 ? 'are' : 'is';
  warnings.push(`${constant.join(' and ')} ${verb} constant: the correlation is undefined`);
  return true;
}

function pearsonOfPairs(
  x: Float64Array,
  y: Float64Array,
  nanDropped: number,
  alternative: Alternative,
  warnings: string[],
): CorrelationResult {
  const n = x.length;
  const base = { n, nanDropped, alternative, warnings };
  if (n < 2) {
    warnings.push(`${n} complete pair${n === 1 ? '' : 's'}: a correlation needs at least 2`);
    return { coefficient: Number.NaN, pValue: Number.NaN, ...base };
  }
  if (!x.every(Number.isFinite) || !y.every(Number.isFinite)) {
    warnings.push("a value is ±Infinity: Pearson's r is undefined (Spearman's rho can rank it)");
    return { coefficient: Number.NaN, pValue: Number.NaN, ...base };
  }
  if (constantWarning(x, y, warnings)) return { coefficient: Number.NaN, pValue: Number.NaN, ...base };
  if (n === 2) {
    warnings.push('with 2 pairs the correlation is always ±1 (p = 1)');
    return { coefficient: Math.sign(x[1]! - x[0]!) * Math.sign(y[1]! - y[0]!), pValue: 1, ...base };
  }
  const mx = mean(x);
  const my = mean(y);
  if (deviationNorm(x, mx) < 1e-13 * Math.abs(mx) || deviationNorm(y, my) < 1e-13 * Math.abs(my)) {
    warnings.push('a variable is nearly constant (spread below 1e-13 of its mean): r may be inaccurate');
  }
  const coefficient = clampedR(x, y, mx, my);
  const df = n - 2;
  // t = r·sqrt(df / (1 − r²)); its t distribution is the beta distribution of r SciPy uses, so the p-values agree.
  const t = coefficient * Math.sqrt(df / ((1 - coefficient) * (1 + coefficient)));
  return { coefficient, pValue: tPValue(t, df, alternative), ...base };
}

/** Pearson's r of non-constant finite data: centred vectors normalised before the dot product, clamped to [−1, 1]. */
function clampedR(x: ArrayLike<number>, y: ArrayLike<number>, mx = mean(x), my = mean(y)): number {
  const nx = deviationNorm(x, mx);
  const ny = deviationNorm(y, my);
  let dot = 0;
  for (let i = 0; i < x.length; i++) dot += ((x[i]! - mx) / nx) * ((y[i]! - my) / ny);
  return Math.max(-1, Math.min(1, dot));
}
