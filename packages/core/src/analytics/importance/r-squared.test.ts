import { describe, expect, it } from 'vitest';
import { rSquared } from './r-squared.js';

describe('rSquared', () => {
  it('is 1 − SS_res / SS_tot', () => {
    // SS_tot = 2, SS_res = 0.01 + 0.01 + 0.04 = 0.06.
    expect(rSquared([1, 2, 3], [1.1, 1.9, 3.2])).toBeCloseTo(0.97, 12);
  });

  it('is 0 for predicting the mean and negative for worse', () => {
    expect(rSquared([1, 2, 3], [2, 2, 2])).toBe(0);
    expect(rSquared([1, 2, 3], [3, 2, 1])).toBe(-3);
  });

  it('leaves out rows without a prediction', () => {
    expect(rSquared([1, 2, 3, 100], [1, 2, 3, Number.NaN])).toBe(1);
  });

  it('is NaN when nothing varies or fewer than 2 rows are scored', () => {
    expect(rSquared([5, 5, 5], [5, 5, 4])).toBeNaN();
    expect(rSquared([1, 2], [1, Number.NaN])).toBeNaN();
  });
});
