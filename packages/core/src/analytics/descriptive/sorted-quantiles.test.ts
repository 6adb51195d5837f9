import { describe, expect, it } from 'vitest';
import { medianOfSorted, percentileOfSorted } from './sorted-quantiles.js';

// Expected values from np.percentile / np.median (NumPy 1.24); the data-set comparisons are in describe.test.ts.
describe('percentileOfSorted', () => {
  const xs = Float64Array.of(1, 2, 3, 4);

  it('interpolates linearly between order statistics, as np.percentile', () => {
    expect([0, 25, 50, 75, 100, 10, 2.5].map((p) => percentileOfSorted(xs, p))).toEqual([1, 1.75, 2.5, 3.25, 4, 1.3, 1.075]);
    expect(percentileOfSorted(Float64Array.of(7), 40)).toBe(7);
  });

  it('is NaN for an empty array', () => {
    expect(percentileOfSorted(new Float64Array(0), 50)).toBeNaN();
  });

  it('does not overflow between values of opposite signs near the float64 limit', () => {
    expect(percentileOfSorted(Float64Array.of(-1.5e308, 1.5e308), 50)).toBe(0);
    expect(percentileOfSorted(Float64Array.of(-1.5e308, 1.5e308), 75)).toBe(0.75e308);
  });

  it('keeps equal infinite neighbours', () => {
    expect(percentileOfSorted(Float64Array.of(1, Infinity, Infinity), 75)).toBe(Infinity);
  });
});

describe('medianOfSorted', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    expect(medianOfSorted(Float64Array.of(1, 2, 4))).toBe(2);
    expect(medianOfSorted(Float64Array.of(1, 2, 4, 8))).toBe(3);
    expect(medianOfSorted(new Float64Array(0))).toBeNaN();
  });

  it('does not overflow for two huge middle values', () => {
    expect(medianOfSorted(Float64Array.of(1.7e308, 1.7e308))).toBe(1.7e308);
  });
});
