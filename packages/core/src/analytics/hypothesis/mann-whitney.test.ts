import { describe, expect, it } from 'vitest';
import { RunlensError } from '../../errors.js';
import { createSeededRandom } from '../../random/seeded-random.js';
import { mannWhitneyU } from './mann-whitney.js';
import { mannWhitneyUCdf } from './mann-whitney-exact.js';

/** Exact counts of interleavings by U: the Gaussian binomial coefficient [m + n choose m]_q, in integers. */
function exactCounts(m: number, n: number): bigint[] {
  let poly: bigint[] = [1n];
  for (let j = 1; j <= m; j++) {
    // Multiply by (1 − q^(n+j)), then divide exactly by (1 − q^j).
    const next = [...poly, ...new Array<bigint>(n + j).fill(0n)];
    poly.forEach((c, i) => (next[i + n + j]! -= c));
    for (let i = j; i < next.length; i++) next[i]! += next[i - j]!;
    poly = next.slice(0, m * n + 1);
    while (poly.length < j * n + 1) poly.push(0n);
  }
  return poly;
}

/** num / den as a double, correctly rounded enough for relative comparisons at any magnitude. */
function ratio(num: bigint, den: bigint): number {
  const shift = BigInt(Math.max(0, den.toString(2).length - num.toString(2).length + 64));
  return Number((num << shift) / den) / 2 ** Number(shift);
}

describe('mannWhitneyUCdf (exact distribution)', () => {
  it('matches integer enumeration in both tails, for sizes up to 25 x 40', () => {
    for (const [m, n] of [
      [1, 1],
      [2, 3],
      [4, 4],
      [5, 9],
      [8, 30],
      [12, 12],
      [25, 40],
    ] as const) {
      const counts = exactCounts(m, n);
      const total = counts.reduce((s, c) => s + c, 0n);
      let cumulative = 0n;
      counts.forEach((c, k) => {
        cumulative += c;
        const expected = ratio(cumulative, total);
        const got = mannWhitneyUCdf(k, m, n);
        // The lower tail (where p-values live) is exact to rounding; above the median, 1 − tail is ~1e-15 absolute.
        const allowed = k <= (m * n) / 2 ? 1e-12 * expected : 1e-14;
        expect(Math.abs(got - expected), `m=${m} n=${n} k=${k}`).toBeLessThanOrEqual(allowed);
        expect(mannWhitneyUCdf(k, n, m)).toBe(got);
      });
    }
  });

  it('is 0 below the support and 1 at its top', () => {
    expect(mannWhitneyUCdf(-1, 3, 4)).toBe(0);
    expect(mannWhitneyUCdf(12, 3, 4)).toBe(1);
    expect(mannWhitneyUCdf(0, 3, 3)).toBeCloseTo(1 / 20, 15);
  });
});

describe('mannWhitneyU edge cases', () => {
  it('returns NaN with a warning for an empty sample instead of throwing', () => {
    const r = mannWhitneyU([1, 2], []);
    expect(r.pValue).toBeNaN();
    expect(r.statistic).toBeNaN();
    expect(r.warnings.join(' ')).toMatch(/sample b has no values/);
  });

  it('handles one value per sample exactly', () => {
    const r = mannWhitneyU([2], [1]);
    expect(r).toMatchObject({ statistic: 1, pValue: 1, method: 'exact' });
    expect(mannWhitneyU([2], [1], { alternative: 'greater' }).pValue).toBe(0.5);
  });

  it('gives p = 1 and a warning when every value is tied, and NaN without continuity correction', () => {
    const r = mannWhitneyU([3, 3, 3], [3, 3]);
    expect(r.method).toBe('asymptotic');
    expect(r.statistic).toBe(3);
    expect(r.pValue).toBe(1);
    expect(r.warnings.join(' ')).toMatch(/all values are equal/);
    expect(mannWhitneyU([3, 3, 3], [3, 3], { useContinuity: false }).pValue).toBeNaN();
  });

  it("chooses the method as SciPy's 'auto' does", () => {
    expect(mannWhitneyU([1, 2, 3], [4, 5, 6, 7, 8, 9, 10, 11, 12, 13]).method).toBe('exact');
    expect(mannWhitneyU([1, 2, 3], [3, 4, 5]).method).toBe('asymptotic');
    const nine = Array.from({ length: 9 }, (_, i) => i);
    expect(mannWhitneyU(nine, nine.map((v) => v + 0.5)).method).toBe('asymptotic');
  });

  it('warns that an exact p-value with ties is approximate', () => {
    const r = mannWhitneyU([1, 2, 2], [2, 3, 4], { method: 'exact' });
    expect(r.method).toBe('exact');
    expect(r.warnings.join(' ')).toMatch(/assumes no ties/);
  });

  it('falls back to the normal approximation, with a warning, when the exact distribution is too large', () => {
    const rng = createSeededRandom(11);
    const a = Array.from({ length: 2000 }, () => rng.normal());
    const b = Array.from({ length: 2000 }, () => rng.normal());
    const r = mannWhitneyU(a, b, { method: 'exact' });
    expect(r.method).toBe('asymptotic');
    expect(r.pValue).toBe(mannWhitneyU(a, b, { method: 'asymptotic' }).pValue);
    expect(r.warnings.join(' ')).toMatch(/too large/);
  });

  it('is symmetric in its samples: U of b is n_a·n_b − U of a, with the same two-sided p-value', () => {
    const a = [1.2, 3.4, 0.5, 2.2, 8.1];
    const b = [4.4, 5.1, 2.9, 6.6];
    const ab = mannWhitneyU(a, b);
    const ba = mannWhitneyU(b, a);
    expect(ab.statistic + ba.statistic).toBe(20);
    expect(ab.pValue).toBe(ba.pValue);
    const less = mannWhitneyU(a, b, { alternative: 'less' });
    expect(less.pValue).toBe(mannWhitneyU(b, a, { alternative: 'greater' }).pValue);
  });

  it('ranks ±Infinity like any extreme value and drops NaN with a count', () => {
    const r = mannWhitneyU([Infinity, Number.NaN, 5], [1, 2, -Infinity]);
    expect(r.statistic).toBe(6);
    expect(r.nanDropped).toEqual([1, 0]);
    // Complete separation of 2 and 3 values: 2 · 1/C(5, 2).
    expect(r.pValue).toBeCloseTo(0.2, 15);
  });

  it('throws a RunlensError for an unknown method', () => {
    expect(() => mannWhitneyU([1], [2], { method: 'permutation' as 'exact' })).toThrow(RunlensError);
  });
});
