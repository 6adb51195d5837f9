import { describe, expect, it } from 'vitest';
import { RunlensError } from '../../errors.js';
import { createSeededRandom } from '../../random/seeded-random.js';
import { welchTTest } from './welch-t-test.js';

const rng = createSeededRandom(7);
const A = Array.from({ length: 12 }, () => rng.normal());
const B = Array.from({ length: 9 }, () => 0.5 + 2 * rng.normal());

describe('welchTTest edge cases', () => {
  it('returns NaN with a warning for an empty sample instead of throwing', () => {
    const r = welchTTest([], [1, 2, 3]);
    expect(r.pValue).toBeNaN();
    expect(r.statistic).toBeNaN();
    expect(r.n).toEqual([0, 3]);
    expect(r.warnings.join(' ')).toMatch(/sample a has no values/);
  });

  it('returns NaN with a warning for a single value (no variance estimate)', () => {
    const r = welchTTest([1], [1, 2, 3]);
    expect(r.pValue).toBeNaN();
    expect(r.meanDifference).toBe(-1);
    expect(r.warnings.join(' ')).toMatch(/sample a has 1 value/);
  });

  it('gives t = 0 and p = 1 for identical samples', () => {
    const r = welchTTest(A, [...A]);
    expect(r.statistic).toBe(0);
    expect(r.pValue).toBe(1);
    expect(r.ci[0]).toBeLessThan(0);
    expect(r.ci[1]).toBeGreaterThan(0);
  });

  it('says the statistic is undefined when both samples have zero variance (SciPy would say p = 0)', () => {
    for (const [a, b] of [
      [[2, 2, 2], [3, 3]],
      [[2, 2], [2, 2, 2]],
    ]) {
      const r = welchTTest(a!, b!);
      expect(r.pValue).toBeNaN();
      expect(r.statistic).toBeNaN();
      expect(r.warnings.join(' ')).toMatch(/zero variance/);
    }
  });

  it('drops NaN and reports how many per sample', () => {
    const r = welchTTest([...A, Number.NaN, Number.NaN], [Number.NaN, ...B]);
    const clean = welchTTest(A, B);
    expect(r.nanDropped).toEqual([2, 1]);
    expect(r.n).toEqual([12, 9]);
    expect(r.pValue).toBe(clean.pValue);
    expect(r.warnings).toEqual(['sample a: 2 NaN values dropped', 'sample b: 1 NaN value dropped']);
  });

  it('names the samples by their labels in warnings', () => {
    expect(welchTTest([], [1, 2], { labels: ['adam', 'sgd'] }).warnings.join(' ')).toMatch(/sample adam has no values/);
  });

  it('returns NaN with a warning when a value is infinite', () => {
    const r = welchTTest([1, 2, Infinity], [1, 2, 3]);
    expect(r.pValue).toBeNaN();
    expect(r.warnings.join(' ')).toMatch(/Infinity/);
  });

  it('is invariant to scale from 1e-150 to 1e150 (no overflow or underflow in the variances)', () => {
    const base = welchTTest(A, B);
    for (const scale of [1e-150, 1e150]) {
      const r = welchTTest(
        A.map((v) => v * scale),
        B.map((v) => v * scale),
      );
      expect(r.statistic).toBeCloseTo(base.statistic, 12);
      expect(r.df).toBeCloseTo(base.df, 10);
      expect(r.pValue).toBeCloseTo(base.pValue, 12);
    }
  });

  it('orients one-sided alternatives and their confidence bounds', () => {
    const less = welchTTest(A, B, { alternative: 'less' });
    const greater = welchTTest(A, B, { alternative: 'greater' });
    expect(less.pValue + greater.pValue).toBeCloseTo(1, 14);
    expect(less.ci[0]).toBe(-Infinity);
    expect(greater.ci[1]).toBe(Infinity);
    const two = welchTTest(A, B);
    expect(two.ci[0]).toBeLessThan(two.meanDifference);
    expect(two.ci[1]).toBeGreaterThan(two.meanDifference);
    expect(two.pValue).toBeCloseTo(2 * Math.min(less.pValue, greater.pValue), 14);
  });

  it('throws a RunlensError for programmer errors in the options', () => {
    expect(() => welchTTest(A, B, { confidenceLevel: 95 })).toThrow(RunlensError);
    expect(() => welchTTest(A, B, { alternative: 'both' as 'less' })).toThrow(/invalid alternative: both/);
  });
});
