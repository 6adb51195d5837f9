/** The Mann–Whitney U test (Wilcoxon rank-sum), as `scipy.stats.mannwhitneyu` (SciPy ≥ 1.7). */
import { RunlensError } from '../../errors.js';
import { cleanSample } from './clean-sample.js';
import { MANN_WHITNEY_EXACT_MAX_WORK, mannWhitneyExactWork, mannWhitneyUCdf } from './mann-whitney-exact.js';
import { type Alternative, checkAlternative, normalSurvival } from './p-value.js';
import { averageRanks } from './ranks.js';

/** How the p-value of {@link mannWhitneyU} is computed. */
export type MannWhitneyMethod = 'auto' | 'exact' | 'asymptotic';

/** Options of {@link mannWhitneyU}. */
export interface MannWhitneyOptions {
  /**
   * `'greater'`: values of `a` tend to be larger than those of `b`; `'less'`: smaller. Default `'two-sided'`.
   */
  readonly alternative?: Alternative;
  /**
   * `'exact'`: the permutation distribution of U (which assumes no ties); `'asymptotic'`: the normal approximation
   * with tie correction; `'auto'` (default): exact when at least one sample has 8 values or fewer and there are no
   * ties, else asymptotic — SciPy's rule.
   */
  readonly method?: MannWhitneyMethod;
  /** Continuity correction of the normal approximation. Default `true`. */
  readonly useContinuity?: boolean;
  /** Names of the two samples in warnings. Default `['a', 'b']`. */
  readonly labels?: readonly [string, string];
}

/** The outcome of {@link mannWhitneyU}. */
export interface MannWhitneyResult {
  /** U of the first sample: the number of pairs (x from a, y from b) with x > y, ties counting one half. */
  readonly statistic: number;
  readonly pValue: number;
  /** The method actually used (`'auto'` resolved). */
  readonly method: 'exact' | 'asymptotic';
  /** The standardised statistic of the normal approximation; NaN for the exact method. */
  readonly z: number;
  readonly alternative: Alternative;
  readonly n: readonly [number, number];
  readonly nanDropped: readonly [number, number];
  readonly warnings: readonly string[];
}

const METHODS: ReadonlySet<string> = new Set<MannWhitneyMethod>(['auto', 'exact', 'asymptotic']);

/**
 * Mann–Whitney U test of whether values of `a` tend to differ from values of `b`. NaN values are dropped and
 * counted; ±Infinity are ordinary (extreme) ranks. Matches SciPy's `mannwhitneyu(a, b, use_continuity,
 * alternative, method)` on the NaN-free data, including its handling of ties under `method: 'exact'` (U is
 * truncated to an integer and the no-ties distribution is used; runlens adds a warning).
 *
 * An empty sample gives NaN with a warning. An exact computation too large to finish quickly (see
 * {@link MANN_WHITNEY_EXACT_MAX_WORK}) falls back to the normal approximation, with a warning.
 *
 * @example mannWhitneyU(lossesA, lossesB, { alternative: 'less' }).pValue
 */
export function mannWhitneyU(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  options: MannWhitneyOptions = {},
): MannWhitneyResult {
  const alternative = checkAlternative(options.alternative ?? 'two-sided');
  const requested = options.method ?? 'auto';
  if (!METHODS.has(requested)) {
    throw new RunlensError('VALIDATION', `invalid method: ${String(requested)} (expected auto, exact or asymptotic)`);
  }
  const useContinuity = options.useContinuity ?? true;
  const [labelA, labelB] = options.labels ?? ['a', 'b'];
  const warnings: string[] = [];
  const sa = cleanSample(a, `sample ${labelA}`, warnings);
  const sb = cleanSample(b, `sample ${labelB}`, warnings);
  const n1 = sa.values.length;
  const n2 = sb.values.length;
  const base = { alternative, n: [n1, n2] as const, nanDropped: [sa.nanDropped, sb.nanDropped] as const, warnings };

  if (n1 === 0 || n2 === 0) {
    const label = n1 === 0 ? labelA : labelB;
    warnings.push(`sample ${label} has no values: the Mann-Whitney U test needs at least 1 in each`);
    const method = requested === 'exact' ? 'exact' : 'asymptotic';
    return { statistic: Number.NaN, pValue: Number.NaN, method, z: Number.NaN, ...base };
  }

  const combined = new Float64Array(n1 + n2);
  combined.set(sa.values);
  combined.set(sb.values, n1);
  const { ranks, tieTerm, hasTies } = averageRanks(combined);
  let rankSum = 0;
  for (let i = 0; i < n1; i++) rankSum += ranks[i]!;
  const u1 = rankSum - (n1 * (n1 + 1)) / 2;
  const u2 = n1 * n2 - u1;
  // The p-value is always an upper tail: of U1 for 'greater', of U2 for 'less', of the larger one (doubled) else.
  const u = alternative === 'greater' ? u1 : alternative === 'less' ? u2 : Math.max(u1, u2);
  const factor = alternative === 'two-sided' ? 2 : 1;

  let method: 'exact' | 'asymptotic' =
    requested === 'auto' ? ((n1 > 8 && n2 > 8) || hasTies ? 'asymptotic' : 'exact') : requested;
  if (method === 'exact' && mannWhitneyExactWork(n1, n2) > MANN_WHITNEY_EXACT_MAX_WORK) {
    warnings.push(
      `samples of ${n1} and ${n2} values are too large for the exact distribution; used the normal approximation`,
    );
    method = 'asymptotic';
  }

  if (method === 'exact') {
    if (hasTies) {
      warnings.push('the exact distribution assumes no ties, but the samples have ties: the p-value is approximate');
    }
    // P(U ≥ u) = P(U ≤ n1·n2 − u) by symmetry; SciPy truncates a tied (half-integer) U the same way.
    const pValue = Math.min(1, factor * mannWhitneyUCdf(n1 * n2 - Math.trunc(u), n1, n2));
    return { statistic: u1, pValue, method, z: Number.NaN, ...base };
  }

  const total = n1 + n2;
  const sd = Math.sqrt(((n1 * n2) / 12) * (total + 1 - tieTerm / (total * (total - 1))));
  // Subtracting 1/2 always moves toward the mean because the p-value is always an upper tail.
  const z = (u - (n1 * n2) / 2 - (useContinuity ? 0.5 : 0)) / sd;
  if (sd === 0) warnings.push('all values are equal: the samples cannot be told apart');
  const pValue = Math.min(1, Math.max(0, factor * normalSurvival(z)));
  return { statistic: u1, pValue, method, z, ...base };
}
