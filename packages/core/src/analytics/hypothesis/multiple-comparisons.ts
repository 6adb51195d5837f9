/** Adjusting p-values for multiple comparisons (family-wise error rate): Holm–Bonferroni and Bonferroni. */
import { RunlensError } from '../../errors.js';

/** How p-values of a family of tests are adjusted; `'none'` leaves them as they are. */
export type PValueCorrection = 'holm' | 'bonferroni' | 'none';

/**
 * Holm–Bonferroni step-down adjusted p-values, in input order, as statsmodels'
 * `multipletests(p, method='holm')`: the i-th smallest p becomes max over j ≤ i of (m − j + 1)·p_(j), capped at 1,
 * so adjusted values never decrease as raw ones increase.
 *
 * NaN entries (tests that could not be computed) stay NaN and are not counted in the family size m: an undefined
 * test cannot reject anything. Values outside [0, 1] throw: they are not p-values.
 *
 * @example holmAdjust([0.01, 0.04, 0.03]) // [0.03, 0.06, 0.06]
 */
export function holmAdjust(pValues: ArrayLike<number>): number[] {
  const out = checkedCopy(pValues);
  const order: number[] = [];
  for (let i = 0; i < out.length; i++) if (!Number.isNaN(out[i])) order.push(i);
  order.sort((i, j) => out[i]! - out[j]!);
  const m = order.length;
  let running = 0;
  for (let k = 0; k < m; k++) {
    const i = order[k]!;
    running = Math.max(running, Math.min(1, (m - k) * out[i]!));
    out[i] = running;
  }
  return out;
}

/**
 * Bonferroni adjusted p-values: each p times the number of (non-NaN) tests, capped at 1. NaN stays NaN.
 *
 * @example bonferroniAdjust([0.01, 0.04]) // [0.02, 0.08]
 */
export function bonferroniAdjust(pValues: ArrayLike<number>): number[] {
  const out = checkedCopy(pValues);
  let m = 0;
  for (const p of out) if (!Number.isNaN(p)) m++;
  return out.map((p) => Math.min(1, p * m));
}

const ADJUSTERS: Record<PValueCorrection, (pValues: ArrayLike<number>) => number[]> = {
  holm: holmAdjust,
  bonferroni: bonferroniAdjust,
  none: checkedCopy,
};

/**
 * Adjusts a family of p-values with the named method (default `'holm'`).
 *
 * @example adjustPValues(pairs.map((p) => p.pValue), 'bonferroni')
 */
export function adjustPValues(pValues: ArrayLike<number>, method: PValueCorrection = 'holm'): number[] {
  const adjust = Object.hasOwn(ADJUSTERS, method) ? ADJUSTERS[method] : undefined;
  if (adjust === undefined) {
    throw new RunlensError('VALIDATION', `invalid correction: ${String(method)} (expected holm, bonferroni or none)`);
  }
  return adjust(pValues);
}

function checkedCopy(pValues: ArrayLike<number>): number[] {
  const out = Array.from(pValues);
  out.forEach((p, i) => {
    if (!(p >= 0 && p <= 1) && !Number.isNaN(p)) {
      throw new RunlensError('VALIDATION', `invalid p-value at index ${i}: ${p} (expected between 0 and 1, or NaN)`);
    }
  });
  return out;
}
