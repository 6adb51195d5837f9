/** Testing one param for association with failure. */
import { chiSquareTest, cramersV } from '../hypothesis/contingency.js';
import { pointBiserialCorrelation } from '../hypothesis/correlation.js';
import { fisherExactTest } from '../hypothesis/fisher-exact.js';
import { mannWhitneyU } from '../hypothesis/mann-whitney.js';
import { bestFailureThreshold } from './best-threshold.js';
import type { ParamColumn } from './param-columns.js';
import { paramLevels } from './param-levels.js';
import type { ParamFailureAssociation } from './types.js';

/**
 * Numeric params with at most this many distinct values also get per-value failure rates: a sweep's learning
 * rates are numbers, but a reader thinks of them as a handful of settings.
 */
export const MAX_NUMERIC_LEVELS = 6;

/** A param's test before the correction across params. */
export type UnadjustedAssociation = Omit<ParamFailureAssociation, 'adjustedPValue' | 'significant'>;

/** Why a param was not tested. */
export type SkipReason = 'too-few-runs' | 'constant' | 'one-outcome';

/** The test of a param, or why it was skipped. */
export type ParamTestOutcome =
  | { readonly tested: true; readonly association: UnadjustedAssociation; readonly warnings: readonly string[] }
  | { readonly tested: false; readonly reason: SkipReason; readonly detail: string };

/**
 * Tests `column` for association with failure:
 * - categorical, two values: Fisher's exact test on the 2×2 table (statistic: the odds ratio of failing with the
 *   first value against the second, in level order), effect Cramér's V;
 * - categorical, more values: Pearson's chi-square test of the values × {failed, not failed} table (statistic:
 *   χ²), effect Cramér's V;
 * - numeric: Mann–Whitney U of the failed runs' values against the others' (statistic: U of the failed runs),
 *   effect the point-biserial r (failed = 1, so positive when failed runs have larger values), and the best
 *   threshold (see `bestFailureThreshold`).
 *
 * Skipped (not tested) when fewer than `minRuns` runs have the param, when it has a single value, or when those
 * runs all failed or all did not.
 */
export function testParamAssociation(column: ParamColumn, minRuns: number): ParamTestOutcome {
  const { param, kind, values, failed } = column;
  const runs = values.length;
  if (runs < minRuns) {
    return { tested: false, reason: 'too-few-runs', detail: `${runs} run${runs === 1 ? '' : 's'}` };
  }
  const levels = paramLevels(values, failed);
  if (levels.length < 2) return { tested: false, reason: 'constant', detail: String(levels[0]?.value) };
  const failedCount = failed.filter(Boolean).length;
  if (failedCount === 0 || failedCount === runs) {
    const detail = failedCount === 0 ? `none of its ${runs} runs failed` : `all of its ${runs} runs failed`;
    return { tested: false, reason: 'one-outcome', detail };
  }
  const warnings: string[] = [];
  const base = { param, kind, runs, failed: failedCount };

  if (kind === 'categorical') {
    const table = levels.map((l) => [l.failed, l.runs - l.failed]);
    const effect = { name: 'cramers-v', value: cramersV(table).value } as const;
    if (levels.length === 2) {
      const fisher = fisherExactTest(table);
      warnings.push(...fisher.warnings);
      const association: UnadjustedAssociation = {
        ...base,
        test: 'fisher',
        statistic: fisher.oddsRatio,
        pValue: fisher.pValue,
        effect,
        levels,
      };
      return { tested: true, association, warnings: prefixed(param, warnings) };
    }
    const chi = chiSquareTest(table);
    warnings.push(...chi.warnings);
    const association: UnadjustedAssociation = {
      ...base,
      test: 'chi-square',
      statistic: chi.statistic,
      pValue: chi.pValue,
      effect,
      levels,
    };
    return { tested: true, association, warnings: prefixed(param, warnings) };
  }

  const numbers = values as readonly number[];
  const failedValues = numbers.filter((_, i) => failed[i]);
  const otherValues = numbers.filter((_, i) => !failed[i]);
  const mw = mannWhitneyU(failedValues, otherValues, { labels: ['failed', 'not failed'] });
  const r = pointBiserialCorrelation(failed, numbers);
  const threshold = bestFailureThreshold(numbers, failed);
  warnings.push(...mw.warnings, ...r.warnings);
  const association: UnadjustedAssociation = {
    ...base,
    test: 'mann-whitney',
    statistic: mw.statistic,
    pValue: mw.pValue,
    effect: { name: 'point-biserial-r', value: r.coefficient },
    ...(levels.length <= MAX_NUMERIC_LEVELS ? { levels } : {}),
    ...(threshold === undefined ? {} : { threshold }),
  };
  return { tested: true, association, warnings: prefixed(param, warnings) };
}

function prefixed(param: string, warnings: readonly string[]): string[] {
  return warnings.map((w) => `param ${param}: ${w}`);
}
