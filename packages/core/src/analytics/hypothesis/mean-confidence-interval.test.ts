import { describe, expect, it } from 'vitest';
import { RunlensError } from '../../errors.js';
import { meanConfidenceInterval } from './mean-confidence-interval.js';

describe('meanConfidenceInterval', () => {
  it('matches a hand computation', () => {
    // Mean 2, s = 1, n = 3: 2 ± t(0.975, 2) / sqrt(3), with t(0.975, 2) = 4.302652729749464.
    const r = meanConfidenceInterval([1, 2, 3]);
    const half = 4.302652729749464 / Math.sqrt(3);
    expect(r.mean).toBe(2);
    expect(r.standardDeviation).toBe(1);
    expect(r.ci[0]).toBeCloseTo(2 - half, 13);
    expect(r.ci[1]).toBeCloseTo(2 + half, 13);
  });

  it('narrows as the confidence level drops', () => {
    const wide = meanConfidenceInterval([1, 4, 2, 8], { confidenceLevel: 0.99 });
    const narrow = meanConfidenceInterval([1, 4, 2, 8], { confidenceLevel: 0.8 });
    expect(wide.ci[0]).toBeLessThan(narrow.ci[0]);
    expect(wide.ci[1]).toBeGreaterThan(narrow.ci[1]);
  });

  it('gives the mean but a NaN interval, with a warning, for one value; NaN everywhere for none', () => {
    const one = meanConfidenceInterval([5]);
    expect(one.mean).toBe(5);
    expect(one.ci[0]).toBeNaN();
    expect(one.warnings.join(' ')).toMatch(/sample has 1 value/);
    const none = meanConfidenceInterval([Number.NaN], { label: 'group x' });
    expect(none.mean).toBeNaN();
    expect(none.nanDropped).toBe(1);
    expect(none.warnings).toEqual([
      'group x: 1 NaN value dropped',
      'group x has no values: a confidence interval needs at least 2',
    ]);
  });

  it('gives a zero-width interval for equal values', () => {
    expect(meanConfidenceInterval([3, 3, 3]).ci).toEqual([3, 3]);
  });

  it('throws a RunlensError for a confidence level outside (0, 1)', () => {
    expect(() => meanConfidenceInterval([1, 2], { confidenceLevel: 1 })).toThrow(RunlensError);
  });
});
