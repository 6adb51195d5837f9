import { describe, expect, it } from 'vitest';
import { fisherExactTest } from '../hypothesis/fisher-exact.js';
import { bestFailureThreshold, MAX_THRESHOLD_CANDIDATES } from './best-threshold.js';

describe('bestFailureThreshold', () => {
  it('tests every cut between distinct values and keeps the one with the smallest Fisher p', () => {
    const values = [1, 1, 2, 2, 3, 3, 4, 4];
    const failed = [false, false, true, false, true, true, true, true];
    const t = bestFailureThreshold(values, failed)!;
    // scipy.stats.fisher_exact: >= 2 gives [[5, 1], [0, 2]], p = 0.107; >= 3 [[4, 0], [1, 3]], p = 0.143.
    expect(t).toMatchObject({ op: '>=', value: 2, failedAbove: 5, totalAbove: 6, failedBelow: 0, totalBelow: 2 });
    expect(t.candidates).toBe(3);
    expect(t.pValue).toBe(fisherExactTest([[5, 1], [0, 2]]).pValue);
    expect(t.pValue).toBeCloseTo(0.10714285714285714, 14);
  });

  it("uses '<=' when the low side fails more", () => {
    const t = bestFailureThreshold([1, 2, 3, 4, 5, 6], [true, true, false, false, false, false])!;
    expect(t).toMatchObject({ op: '<=', value: 2, failedBelow: 2, totalBelow: 2, failedAbove: 0, totalAbove: 4 });
  });

  it('breaks ties in p by the larger difference in failure rates, then by the lower cut', () => {
    // Every cut has p = 1. The cuts below 2 and below 4 share the largest gap in failure rates (1 against 1/3, and
    // 2/3 against 0); the lower one wins, and its low side fails more.
    const t = bestFailureThreshold([1, 2, 3, 4], [true, false, true, false])!;
    expect(t).toMatchObject({ op: '<=', value: 1 });
    expect(t.pValue).toBeCloseTo(1, 12);
    // Without a tie in p, the smaller p wins over a larger gap.
    const u = bestFailureThreshold([1, 2, 3, 4, 5, 6, 7, 8], [true, false, false, false, true, true, true, true])!;
    expect(u).toMatchObject({ op: '>=', value: 5 });
  });

  it('caps the number of cuts for a param with many distinct values', () => {
    const values = Array.from({ length: 1000 }, (_, i) => i / 10);
    const failed = values.map((v) => v >= 80);
    const t = bestFailureThreshold(values, failed)!;
    expect(t.candidates).toBeLessThanOrEqual(MAX_THRESHOLD_CANDIDATES);
    expect(t.op).toBe('>=');
    // The scanned cut nearest 80 at rank-spaced candidates leaves at most a few runs on the wrong side.
    expect(t.failedAbove).toBe(200);
    expect(t.totalAbove - t.failedAbove).toBeLessThanOrEqual(16);
  });

  it('screens the cuts of a large sample by chi-square and still finds the separating one', () => {
    const values = Array.from({ length: 5000 }, (_, i) => (i * 7919) % 5000);
    const failed = values.map((v, i) => (v >= 4000 ? i % 10 !== 0 : i % 10 === 0));
    const t = bestFailureThreshold(values, failed)!;
    expect(t.candidates).toBe(MAX_THRESHOLD_CANDIDATES);
    expect(t.op).toBe('>=');
    expect(t.value).toBeGreaterThan(3900);
    expect(t.value).toBeLessThanOrEqual(4000);
    expect(t.pValue).toBe(
      fisherExactTest([
        [t.failedAbove, t.totalAbove - t.failedAbove],
        [t.failedBelow, t.totalBelow - t.failedBelow],
      ]).pValue,
    );
  });

  it('gives undefined for a constant param', () => {
    expect(bestFailureThreshold([3, 3, 3], [true, false, true])).toBeUndefined();
  });
});
