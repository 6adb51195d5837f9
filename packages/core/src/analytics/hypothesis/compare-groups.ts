/**
 * Comparing several groups of runs on one metric: every pair tested, p-values corrected for the number of pairs,
 * effect sizes, and a ranking with confidence intervals.
 */
import { RunlensError } from '../../errors.js';
import { cleanSample } from './clean-sample.js';
import { type CliffsMagnitude, cliffsDelta, cohensD, hedgesG } from './effect-sizes.js';
import { mannWhitneyU } from './mann-whitney.js';
import { meanConfidenceInterval } from './mean-confidence-interval.js';
import { type PValueCorrection, adjustPValues } from './multiple-comparisons.js';
import { welchTTest } from './welch-t-test.js';

/** Which way a metric improves: `'lower'` for a loss or an error rate, `'higher'` for an accuracy. */
export type BetterDirection = 'lower' | 'higher';

/** The two-sample test run on each pair of groups. */
export type GroupTest = 'welch' | 'mann-whitney';

/** Options of {@link compareGroups}. */
export interface CompareGroupsOptions {
  /** Which way the metric improves. Required: guessing it wrong would turn the ranking upside down. */
  readonly direction: BetterDirection;
  /** Welch's t-test (means) or the Mann–Whitney U test (ranks). Default `'welch'`. */
  readonly test?: GroupTest;
  /** Adjustment of the pairs' p-values for the number of pairs. Default `'holm'`. */
  readonly correction?: PValueCorrection;
  /** Significance level applied to the adjusted p-values. Default `0.05`. */
  readonly alpha?: number;
  /** Level of the groups' mean confidence intervals. Default `0.95`. */
  readonly confidenceLevel?: number;
}

/** One pair of groups. `a` comes before `b` in the input's key order. */
export interface PairComparison {
  readonly a: string;
  readonly b: string;
  /** t for Welch, U of `a` for Mann–Whitney. */
  readonly statistic: number;
  /** Two-sided p-value of the test. */
  readonly pValue: number;
  /** `pValue` after the correction across all pairs (NaN stays NaN). */
  readonly adjustedPValue: number;
  /** adjustedPValue < alpha. */
  readonly significant: boolean;
  /**
   * The better group when the difference is significant: by the sign of the mean difference for Welch, of Cliff's
   * delta for Mann–Whitney (which tests ranks, not means). `undefined` when not significant.
   */
  readonly better: string | undefined;
  /** mean(a) − mean(b). */
  readonly meanDifference: number;
  readonly cohensD: number;
  readonly hedgesG: number;
  readonly cliffsDelta: number;
  readonly cliffsMagnitude: CliffsMagnitude | undefined;
  readonly warnings: readonly string[];
}

/** One group's place in the ranking. */
export interface RankedGroup {
  readonly group: string;
  /** 1 for the best mean; groups without a mean rank last. */
  readonly rank: number;
  /** Values used (NaN dropped). */
  readonly n: number;
  readonly nanDropped: number;
  readonly mean: number;
  readonly standardDeviation: number;
  /** t confidence interval of the mean at `confidenceLevel`; NaN below 2 values. */
  readonly ci: readonly [number, number];
  /** Groups this one beats significantly (after correction). */
  readonly significantlyBetterThan: readonly string[];
}

/** The outcome of {@link compareGroups}. */
export interface CompareGroupsResult {
  /** Group names in input order; the index space of `adjustedPValues`. */
  readonly groups: readonly string[];
  /** Every pair (i < j) in input order. */
  readonly pairs: readonly PairComparison[];
  /** Adjusted p-values as a symmetric groups × groups matrix, NaN on the diagonal: ready for a heatmap. */
  readonly adjustedPValues: readonly (readonly number[])[];
  /** Groups from best to worst mean. */
  readonly ranking: readonly RankedGroup[];
  readonly direction: BetterDirection;
  readonly test: GroupTest;
  readonly correction: PValueCorrection;
  readonly alpha: number;
  readonly confidenceLevel: number;
  /** Problems with groups: NaN dropped, too few values. Problems with one pair are in that pair's `warnings`. */
  readonly warnings: readonly string[];
}

interface PairTestOutcome {
  readonly statistic: number;
  readonly pValue: number;
  readonly warnings: readonly string[];
}

type PairTest = (a: Float64Array, b: Float64Array, labels: readonly [string, string]) => PairTestOutcome;

const PAIR_TESTS: Record<GroupTest, PairTest> = {
  welch: (a, b, labels) => welchTTest(a, b, { labels }),
  'mann-whitney': (a, b, labels) => mannWhitneyU(a, b, { labels }),
};

/**
 * Compares groups of values of one metric (e.g. final validation loss of each seed, grouped by configuration):
 * tests every pair, adjusts the p-values across pairs, adds effect sizes (Cohen's d, Hedges' g, Cliff's delta),
 * and ranks the groups by mean in the better direction, each with a t confidence interval and the groups it is
 * significantly better than.
 *
 * Never throws for data problems: NaN values are dropped (counted in the ranking and warned about), groups with
 * fewer than 2 values get a warning and NaN where a statistic needs more, and a pair of constant groups has
 * p = NaN (Welch) rather than a made-up number. Undefined p-values are left out of the correction's family.
 * Bad options (unknown test or direction, alpha outside (0, 1)) throw a RunlensError.
 *
 * @example
 * const result = compareGroups({ adam: [0.31, 0.29, 0.33], sgd: [0.41, 0.38, 0.44] }, { direction: 'lower' });
 * result.ranking[0].group; // 'adam'
 */
export function compareGroups(
  groups: Readonly<Record<string, ArrayLike<number>>>,
  options: CompareGroupsOptions,
): CompareGroupsResult {
  const { direction } = options;
  const test = options.test ?? 'welch';
  const correction = options.correction ?? 'holm';
  const alpha = options.alpha ?? 0.05;
  const confidenceLevel = options.confidenceLevel ?? 0.95;
  if (direction !== 'lower' && direction !== 'higher') {
    throw new RunlensError('VALIDATION', `invalid direction: ${String(direction)} (expected lower or higher)`);
  }
  const runTest = Object.hasOwn(PAIR_TESTS, test) ? PAIR_TESTS[test] : undefined;
  if (runTest === undefined) {
    throw new RunlensError('VALIDATION', `invalid test: ${String(test)} (expected welch or mann-whitney)`);
  }
  if (!(alpha > 0 && alpha < 1)) {
    throw new RunlensError('VALIDATION', `invalid alpha: ${alpha} (expected between 0 and 1)`);
  }

  const names = Object.keys(groups);
  const warnings: string[] = [];
  if (names.length < 2) warnings.push(`${names.length} group${names.length === 1 ? '' : 's'}: nothing to compare`);
  const samples = names.map((name) => cleanSample(groups[name]!, `group ${name}`, warnings));
  const summaries = names.map((name, i) =>
    meanConfidenceInterval(samples[i]!.values, { confidenceLevel, label: `group ${name}` }),
  );
  summaries.forEach((s) => warnings.push(...s.warnings));

  const raw: Omit<PairComparison, 'adjustedPValue' | 'significant' | 'better'>[] = [];
  const indices: [number, number][] = [];
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const a = samples[i]!.values;
      const b = samples[j]!.values;
      const labels = [names[i]!, names[j]!] as const;
      const outcome = runTest(a, b, labels);
      const d = cohensD(a, b, { labels });
      const g = hedgesG(a, b, { labels });
      const delta = cliffsDelta(a, b, { labels });
      raw.push({
        a: labels[0],
        b: labels[1],
        statistic: outcome.statistic,
        pValue: outcome.pValue,
        meanDifference: summaries[i]!.mean - summaries[j]!.mean,
        cohensD: d.value,
        hedgesG: g.value,
        cliffsDelta: delta.value,
        cliffsMagnitude: delta.magnitude,
        warnings: [...new Set([...outcome.warnings, ...d.warnings, ...g.warnings, ...delta.warnings])],
      });
      indices.push([i, j]);
    }
  }

  const adjusted = adjustPValues(
    raw.map((p) => p.pValue),
    correction,
  );
  const sign = direction === 'lower' ? -1 : 1;
  const adjustedPValues = names.map(() => names.map(() => Number.NaN));
  const beats = names.map((): string[] => []);
  const pairs = raw.map((pair, k): PairComparison => {
    const adjustedPValue = adjusted[k]!;
    const significant = adjustedPValue < alpha;
    // Positive when `a` is the better group.
    const lead = sign * (test === 'welch' ? pair.meanDifference : pair.cliffsDelta);
    const [i, j] = indices[k]!;
    let better: string | undefined;
    if (significant && lead !== 0 && !Number.isNaN(lead)) {
      better = lead > 0 ? pair.a : pair.b;
      if (lead > 0) beats[i]!.push(pair.b);
      else beats[j]!.push(pair.a);
    }
    adjustedPValues[i]![j] = adjustedPValue;
    adjustedPValues[j]![i] = adjustedPValue;
    return { ...pair, adjustedPValue, significant, better };
  });

  const order = names.map((_, i) => i);
  // Stable sort: equal means keep input order; groups without a mean go last.
  order.sort((i, j) => {
    const mi = summaries[i]!.mean;
    const mj = summaries[j]!.mean;
    if (Number.isNaN(mi) || Number.isNaN(mj)) return Number(Number.isNaN(mi)) - Number(Number.isNaN(mj));
    return sign * (mj - mi) || 0;
  });
  const ranking = order.map(
    (i, position): RankedGroup => ({
      group: names[i]!,
      rank: position + 1,
      n: summaries[i]!.n,
      nanDropped: samples[i]!.nanDropped,
      mean: summaries[i]!.mean,
      standardDeviation: summaries[i]!.standardDeviation,
      ci: summaries[i]!.ci,
      significantlyBetterThan: beats[i]!,
    }),
  );

  return {
    groups: names,
    pairs,
    adjustedPValues,
    ranking,
    direction,
    test,
    correction,
    alpha,
    confidenceLevel,
    warnings,
  };
}
