/** Chi-square test of independence and Cramér's V for r×c contingency tables. */
import { type ContingencyTable, emptyMarginsWarning, tableMargins } from './contingency-table.js';
import { chiSquareSurvival } from './p-value.js';

/** Options of {@link chiSquareTest}. */
export interface ChiSquareTestOptions {
  /** Yates' continuity correction when the table has one degree of freedom (2×2). Default `true`, as SciPy. */
  readonly correction?: boolean;
}

/** The outcome of {@link chiSquareTest}. */
export interface ChiSquareTestResult {
  /** Pearson's chi-square statistic (Yates-corrected when `correctionApplied`). */
  readonly statistic: number;
  /** (rows − 1) · (columns − 1). */
  readonly df: number;
  readonly pValue: number;
  /** Expected counts under independence. */
  readonly expected: readonly (readonly number[])[];
  readonly correctionApplied: boolean;
  /** Total count of the table. */
  readonly n: number;
  readonly warnings: readonly string[];
}

/**
 * Pearson's chi-square test of independence of rows and columns, as `scipy.stats.chi2_contingency(table,
 * correction)`. Counts may be fractional (weights); negative, non-finite or ragged input throws.
 *
 * Where SciPy raises, runlens returns NaN with a warning: an empty table, or an empty row or column (an expected
 * count of 0). A table with a single row or column has nothing to test: statistic 0, p = 1, with a warning.
 * Also warns, without changing the result, when the approximation is doubtful (Cochran: more than 20% of expected
 * counts below 5, or any below 1).
 *
 * The p-value is the upper tail of the chi-square distribution, taken as the regularized upper incomplete gamma
 * function (not 1 − CDF), so it keeps full relative precision however small: a 3×3 table with p ≈ 1e-231 gets
 * that p, as SciPy does, not 0.
 *
 * @example chiSquareTest([[12, 5], [7, 15]]).pValue // 0.0376...
 */
export function chiSquareTest(table: ContingencyTable, options: ChiSquareTestOptions = {}): ChiSquareTestResult {
  const margins = tableMargins(table);
  const { rows, columns, expected, total } = margins;
  const warnings: string[] = [];
  const df = Math.max(0, (rows - 1) * (columns - 1));
  const undefinedResult = (): ChiSquareTestResult => ({
    statistic: Number.NaN,
    df,
    pValue: Number.NaN,
    expected,
    correctionApplied: false,
    n: total,
    warnings,
  });
  if (rows === 0 || columns === 0 || total === 0) {
    warnings.push('the table has no observations: the chi-square test is undefined');
    return undefinedResult();
  }
  const empty = emptyMarginsWarning(margins);
  if (empty !== undefined) {
    warnings.push(`${empty}: expected counts of 0 make the chi-square test undefined; drop them first`);
    return undefinedResult();
  }
  if (df === 0) {
    warnings.push('a table with a single row or column has nothing to test (p = 1)');
    return { statistic: 0, df, pValue: 1, expected, correctionApplied: false, n: total, warnings };
  }

  const correctionApplied = df === 1 && (options.correction ?? true);
  let statistic = 0;
  let small = 0;
  let tiny = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      const e = expected[r]![c]!;
      let diff = Math.abs(table[r]![c]! - e);
      // Yates: move each observed count up to 1/2 toward its expected count.
      if (correctionApplied) diff -= Math.min(0.5, diff);
      statistic += (diff * diff) / e;
      if (e < 5) small++;
      if (e < 1) tiny++;
    }
  }
  if (small > 0.2 * rows * columns || tiny > 0) {
    warnings.push(
      `${small} of ${rows * columns} expected counts are below 5: the chi-square approximation may be poor` +
        (rows === 2 && columns === 2 ? " (Fisher's exact test suits small 2x2 tables)" : ''),
    );
  }
  const pValue = chiSquareSurvival(statistic, df);
  return { statistic, df, pValue, expected, correctionApplied, n: total, warnings };
}

/** Cramér's V with the warnings that explain a NaN. */
export interface CramersV {
  /** In [0, 1]: 0 for independence, 1 for a perfect association. */
  readonly value: number;
  readonly warnings: readonly string[];
}

/**
 * Cramér's V = sqrt(χ² / (n · (min(rows, columns) − 1))) from the uncorrected chi-square statistic, without bias
 * correction, as `scipy.stats.contingency.association(table, method='cramer')`. NaN with a warning where the
 * chi-square test is undefined or the table has a single row or column.
 *
 * @example cramersV([[10, 0], [0, 10]]).value // 1
 */
export function cramersV(table: ContingencyTable): CramersV {
  const chi = chiSquareTest(table, { correction: false });
  const warnings = [...chi.warnings];
  const rows = table.length;
  const columns = rows === 0 ? 0 : table[0]!.length;
  const k = Math.min(rows, columns) - 1;
  if (k < 1) {
    if (chi.n > 0) warnings.push("Cramér's V needs at least 2 rows and 2 columns");
    return { value: Number.NaN, warnings };
  }
  return { value: Math.sqrt(chi.statistic / chi.n / k), warnings };
}
