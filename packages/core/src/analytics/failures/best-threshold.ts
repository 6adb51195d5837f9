/** Scanning the cuts of a numeric param for the one that best separates failed runs from the others. */
import { fisherExactTest } from '../hypothesis/fisher-exact.js';
import { splitTable } from './split-table.js';
import type { FailureThreshold } from './types.js';

/**
 * At most this many cuts are tested per param. Every cut between distinct values is tested when there are fewer;
 * with more (a continuous param over thousands of runs), cuts at evenly spaced ranks, which keeps the scan cheap
 * and loses little: neighbouring cuts of a continuous param give nearly the same table.
 */
export const MAX_THRESHOLD_CANDIDATES = 64;

/**
 * Above this much work (runs × cuts), only the {@link FISHER_FINALISTS} cuts with the largest chi-square statistic
 * get Fisher's exact test: its cost grows with the runs, and for tables this large the two tests rank cuts alike.
 */
const EXHAUSTIVE_WORK = 100_000;
const FISHER_FINALISTS = 3;

/** p-values this close (relatively) count as equal, so rounding in their last bits never picks the cut. */
const P_TIE = 1e-9;

/**
 * The cut of `values` (aligned with `failed`) whose 2×2 table of failures has the smallest two-sided Fisher exact
 * p-value. Ties go to the larger difference of failure rates, then to the lower cut. `undefined` for fewer than 2
 * distinct values. See {@link FailureThreshold} for what the fields mean.
 *
 * @example bestFailureThreshold([0.1, 1, 10, 10], [false, false, true, true]) // { op: '>=', value: 10, ... }
 */
export function bestFailureThreshold(
  values: readonly number[],
  failed: readonly boolean[],
): FailureThreshold | undefined {
  const order = values.map((_, i) => i).sort((i, j) => values[i]! - values[j]!);
  const distinct: number[] = [];
  // runsBefore[c] and failedBefore[c]: runs (and failures) whose value is below distinct[c].
  const runsBefore: number[] = [];
  const failedBefore: number[] = [];
  let failedSoFar = 0;
  order.forEach((i, rank) => {
    if (distinct.length === 0 || values[i]! !== distinct[distinct.length - 1]) {
      distinct.push(values[i]!);
      runsBefore.push(rank);
      failedBefore.push(failedSoFar);
    }
    if (failed[i]) failedSoFar++;
  });
  if (distinct.length < 2) return undefined;
  const n = values.length;
  const totalFailed = failedSoFar;

  const tableAt = (c: number): CutTable => {
    const totalBelow = runsBefore[c]!;
    const failedBelow = failedBefore[c]!;
    return { c, totalBelow, failedBelow, totalAbove: n - totalBelow, failedAbove: totalFailed - failedBelow };
  };
  const candidates = candidateCuts(runsBefore, n).map(tableAt);
  const tested =
    n * candidates.length <= EXHAUSTIVE_WORK
      ? candidates
      : candidates
          .map((t) => ({ t, chi: chiSquare2x2(t, totalFailed) }))
          .sort((x, y) => y.chi - x.chi || x.t.c - y.t.c)
          .slice(0, FISHER_FINALISTS)
          .map(({ t }) => t)
          .sort((x, y) => x.c - y.c);
  let best: (FailureThreshold & { readonly gap: number }) | undefined;
  for (const { c, totalBelow, failedBelow, totalAbove, failedAbove } of tested) {
    const rateAbove = failedAbove / totalAbove;
    const rateBelow = failedBelow / totalBelow;
    const { pValue } = fisherExactTest(splitTable(failedAbove, totalAbove, failedBelow, totalBelow));
    const gap = Math.abs(rateAbove - rateBelow);
    const better =
      best === undefined ||
      pValue < best.pValue * (1 - P_TIE) ||
      (pValue <= best.pValue * (1 + P_TIE) && gap > best.gap);
    if (!better) continue;
    const above = rateAbove >= rateBelow;
    best = {
      op: above ? '>=' : '<=',
      value: above ? distinct[c]! : distinct[c - 1]!,
      failedAbove,
      totalAbove,
      failedBelow,
      totalBelow,
      pValue,
      candidates: candidates.length,
      gap,
    };
  }
  if (best === undefined) return undefined;
  const { gap: _gap, ...threshold } = best;
  return threshold;
}

/** The failures on each side of the cut below distinct value c. */
interface CutTable {
  readonly c: number;
  readonly totalBelow: number;
  readonly failedBelow: number;
  readonly totalAbove: number;
  readonly failedAbove: number;
}

/** Pearson's χ² of the cut's 2×2 table, uncorrected: n·(ad − bc)² over the product of the margins. */
function chiSquare2x2(t: CutTable, totalFailed: number): number {
  const n = t.totalAbove + t.totalBelow;
  const totalOk = n - totalFailed;
  if (totalFailed === 0 || totalOk === 0) return 0;
  const cross = t.failedAbove * (t.totalBelow - t.failedBelow) - (t.totalAbove - t.failedAbove) * t.failedBelow;
  return (n * cross * cross) / (t.totalAbove * t.totalBelow * totalFailed * totalOk);
}

/** Indices c (1 ≤ c < distinct count) of the cuts "below distinct[c]" to test, ascending. */
function candidateCuts(runsBefore: readonly number[], n: number): number[] {
  const k = runsBefore.length;
  if (k - 1 <= MAX_THRESHOLD_CANDIDATES) return Array.from({ length: k - 1 }, (_, i) => i + 1);
  const cuts = new Set<number>();
  let c = 1;
  for (let j = 1; j <= MAX_THRESHOLD_CANDIDATES; j++) {
    const target = (j * n) / (MAX_THRESHOLD_CANDIDATES + 1);
    while (c < k - 1 && runsBefore[c]! < target) c++;
    cuts.add(c);
  }
  return [...cuts];
}
