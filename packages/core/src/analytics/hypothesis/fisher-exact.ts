/** Fisher's exact test for 2×2 tables, as `scipy.stats.fisher_exact`. */
import hypergeometricPmf from '@stdlib/stats-base-dists-hypergeometric-pmf';
import { RunlensError } from '../../errors.js';
import { type ContingencyTable, emptyMarginsWarning, tableMargins } from './contingency-table.js';
import { type Alternative, checkAlternative } from './p-value.js';

/**
 * Relative tolerance under which a table counts as "as extreme" as the observed one: probabilities that are equal
 * in exact arithmetic differ in their last bits once computed, and must not be left out of the sum. R's
 * `fisher.test` uses the same 1 + 1e-7; SciPy uses 1 + 1e-14.
 */
const RELATIVE_TOLERANCE = 1 + 1e-7;

/** Options of {@link fisherExactTest}. */
export interface FisherExactOptions {
  /**
   * `'greater'`: the odds ratio exceeds 1 (the top-left count is larger than independence predicts); `'less'`: it is
   * below 1. Default `'two-sided'`.
   */
  readonly alternative?: Alternative;
}

/** The outcome of {@link fisherExactTest}. */
export interface FisherExactResult {
  /** The sample odds ratio (a·d)/(b·c); Infinity when b or c is 0, NaN for a table with an empty row or column. */
  readonly oddsRatio: number;
  readonly pValue: number;
  readonly alternative: Alternative;
  readonly warnings: readonly string[];
}

/**
 * Fisher's exact test of independence in a 2×2 table of counts [[a, b], [c, d]], conditioning on the margins: the
 * top-left count is hypergeometric. The two-sided p-value sums the probabilities of all tables no more likely
 * than the observed one (within a relative tolerance of 1e-7). Matches `scipy.stats.fisher_exact`.
 *
 * A table that is not 2×2 or holds anything other than non-negative integers throws (a programmer error). A table
 * with an empty row or column carries no information: p = 1 and odds ratio NaN, with a warning (SciPy likewise).
 *
 * @example fisherExactTest([[8, 2], [1, 5]]).pValue // 0.03496...
 */
export function fisherExactTest(table: ContingencyTable, options: FisherExactOptions = {}): FisherExactResult {
  const alternative = checkAlternative(options.alternative ?? 'two-sided');
  if (table.length !== 2 || table[0]!.length !== 2) {
    throw new RunlensError('VALIDATION', "Fisher's exact test takes a 2x2 table");
  }
  const margins = tableMargins(table, true);
  const warnings: string[] = [];
  const empty = emptyMarginsWarning(margins);
  if (empty !== undefined) {
    warnings.push(`${empty}: the table carries no information (p = 1)`);
    return { oddsRatio: Number.NaN, pValue: 1, alternative, warnings };
  }
  const [[a, b], [c, d]] = table as readonly [readonly [number, number], readonly [number, number]];
  const oddsRatio = b > 0 && c > 0 ? (a * d) / (b * c) : Infinity;

  // a ~ Hypergeometric(population N, successes = first row total, draws = first column total).
  const population = margins.total;
  const firstRow = margins.rowTotals[0]!;
  const firstColumn = margins.columnTotals[0]!;
  const lo = Math.max(0, firstColumn - (population - firstRow));
  const hi = Math.min(firstColumn, firstRow);
  const pmf = (x: number): number => hypergeometricPmf(x, population, firstRow, firstColumn);

  let pValue: number;
  if (alternative === 'less') {
    pValue = sumPmf(pmf, lo, a, () => true);
  } else if (alternative === 'greater') {
    pValue = sumPmf(pmf, a, hi, () => true);
  } else {
    const limit = pmf(a) * RELATIVE_TOLERANCE;
    pValue = sumPmf(pmf, lo, hi, (p) => p <= limit);
  }
  return { oddsRatio, pValue: Math.min(1, pValue), alternative, warnings };
}

/**
 * Σ pmf(x) for x in [from, to] where `keep(pmf(x))`, adding from both ends inward: the probabilities rise toward
 * the mode, so small terms are added before large ones and are not lost to rounding.
 */
function sumPmf(pmf: (x: number) => number, from: number, to: number, keep: (p: number) => boolean): number {
  if (from > to) return 0;
  let sum = 0;
  let left = from;
  let right = to;
  let pl = pmf(left);
  let pr = pmf(right);
  while (left < right) {
    if (pl <= pr) {
      if (keep(pl)) sum += pl;
      pl = pmf(++left);
    } else {
      if (keep(pr)) sum += pr;
      pr = pmf(--right);
    }
  }
  return keep(pl) ? sum + pl : sum;
}
