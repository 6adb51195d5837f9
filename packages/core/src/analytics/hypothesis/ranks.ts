/** Average ranks with ties, as `scipy.stats.rankdata(method='average')`, shared by the rank-based statistics. */
import { RunlensError } from '../../errors.js';

/** Ranks of a sample and what its ties contribute to rank-test variances. */
export interface AverageRanks {
  /** 1-based ranks in input order; tied values share the mean of the ranks they span. */
  readonly ranks: Float64Array;
  /** Σ (t³ − t) over groups of t tied values: the tie correction term of rank tests (0 without ties). */
  readonly tieTerm: number;
  readonly hasTies: boolean;
}

/**
 * Ranks `values` from 1 (smallest) to n, giving tied values the average of their ranks. ±Infinity ranks first or
 * last; NaN has no place in an order, so callers drop it first (a NaN here throws).
 *
 * @example averageRanks([10, 20, 20, 5]).ranks // [2, 3.5, 3.5, 1]
 */
export function averageRanks(values: ArrayLike<number>): AverageRanks {
  const n = values.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(values[i])) {
      throw new RunlensError('VALIDATION', `cannot rank NaN (at index ${i}); drop NaN first`);
    }
    order[i] = i;
  }
  order.sort((i, j) => {
    const a = values[i]!;
    const b = values[j]!;
    return a < b ? -1 : a > b ? 1 : 0;
  });
  const ranks = new Float64Array(n);
  let tieTerm = 0;
  let start = 0;
  while (start < n) {
    let end = start + 1;
    while (end < n && values[order[end]!] === values[order[start]!]) end++;
    // Positions start..end-1 hold ranks start+1..end, whose average is (start + 1 + end) / 2.
    const rank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k]!] = rank;
    const t = end - start;
    tieTerm += t * t * t - t;
    start = end;
  }
  return { ranks, tieTerm, hasTies: tieTerm > 0 };
}
