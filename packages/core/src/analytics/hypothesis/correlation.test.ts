import { describe, expect, it } from 'vitest';
import { RunlensError } from '../../errors.js';
import { createSeededRandom } from '../../random/seeded-random.js';
import { pearsonCorrelation, pointBiserialCorrelation, spearmanCorrelation } from './correlation.js';

const rng = createSeededRandom(9);
const X = Array.from({ length: 25 }, () => rng.normal());
const Y = X.map((x) => x + rng.normal());

describe('pearsonCorrelation', () => {
  it('is exactly ±1 with p = 0 for a perfect line', () => {
    const r = pearsonCorrelation([1, 2, 3, 4], [3, 5, 7, 9]);
    expect(r.coefficient).toBeCloseTo(1, 15);
    expect(r.pValue).toBeLessThan(1e-7);
    expect(pearsonCorrelation([1, 2, 3, 4], [8, 6, 4, 2]).coefficient).toBeCloseTo(-1, 15);
  });

  it('returns NaN with a warning for a constant variable', () => {
    const r = pearsonCorrelation([1, 2, 3], [5, 5, 5]);
    expect(r.coefficient).toBeNaN();
    expect(r.pValue).toBeNaN();
    expect(r.warnings.join(' ')).toMatch(/y is constant/);
  });

  it('follows SciPy for two pairs (r = ±1, p = 1) and says why', () => {
    const r = pearsonCorrelation([1, 2], [5, 3]);
    expect(r).toMatchObject({ coefficient: -1, pValue: 1, n: 2 });
    expect(r.warnings.join(' ')).toMatch(/2 pairs/);
  });

  it('returns NaN with a warning below two pairs', () => {
    expect(pearsonCorrelation([], []).warnings.join(' ')).toMatch(/0 complete pairs/);
    expect(pearsonCorrelation([1], [2]).pValue).toBeNaN();
  });

  it('drops pairs with NaN on either side and counts them', () => {
    const r = pearsonCorrelation([...X, Number.NaN, 1], [...Y, 2, Number.NaN]);
    expect(r.n).toBe(25);
    expect(r.nanDropped).toBe(2);
    expect(r.coefficient).toBe(pearsonCorrelation(X, Y).coefficient);
  });

  it('returns NaN with a warning for infinities, which Spearman ranks instead', () => {
    expect(pearsonCorrelation([1, 2, Infinity], [1, 2, 3]).warnings.join(' ')).toMatch(/Infinity/);
    expect(spearmanCorrelation([1, 2, Infinity], [1, 2, 3]).coefficient).toBeCloseTo(1, 15);
  });

  it('warns about a nearly constant variable', () => {
    const r = pearsonCorrelation([1e15, 1e15 + 0.125, 1e15 + 0.25], [1, 3, 2]);
    expect(r.warnings.join(' ')).toMatch(/nearly constant/);
  });

  it('throws a RunlensError for arrays of different lengths', () => {
    expect(() => pearsonCorrelation([1, 2], [1, 2, 3])).toThrow(RunlensError);
  });

  it('splits the two-sided p-value into one-sided ones', () => {
    const two = pearsonCorrelation(X, Y).pValue;
    const greater = pearsonCorrelation(X, Y, { alternative: 'greater' }).pValue;
    expect(greater).toBeCloseTo(two / 2, 15);
    expect(pearsonCorrelation(X, Y, { alternative: 'less' }).pValue).toBeCloseTo(1 - greater, 14);
  });
});

describe('pointBiserialCorrelation', () => {
  it('is Pearson with booleans coded 0/1', () => {
    const failed = X.map((x) => x > 0.3);
    const r = pointBiserialCorrelation(failed, Y);
    const coded = pearsonCorrelation(
      failed.map((f) => (f ? 1 : 0)),
      Y,
    );
    expect(r.coefficient).toBe(coded.coefficient);
    expect(r.pValue).toBe(coded.pValue);
    expect(r.coefficient).toBeGreaterThan(0);
  });

  it('returns NaN with a warning when only one group is present', () => {
    expect(pointBiserialCorrelation([true, true, true], [1, 2, 3]).warnings.join(' ')).toMatch(/x is constant/);
  });

  it('throws a RunlensError for values other than 0, 1 and booleans', () => {
    expect(() => pointBiserialCorrelation([0, 2, 1], [1, 2, 3])).toThrow(/invalid dichotomous value at index 1/);
  });
});

describe('spearmanCorrelation', () => {
  it('is unchanged by monotone transformations', () => {
    const base = spearmanCorrelation(X, Y);
    const transformed = spearmanCorrelation(X.map(Math.exp), Y.map((y) => y ** 3));
    expect(transformed.coefficient).toBeCloseTo(base.coefficient, 14);
    expect(transformed.pValue).toBeCloseTo(base.pValue, 14);
  });

  it('uses average ranks for ties', () => {
    // Ranks of x: [1.5, 1.5, 3, 4]; y is already ranked.
    const r = spearmanCorrelation([1, 1, 2, 3], [1, 2, 3, 4]);
    expect(r.coefficient).toBeCloseTo(pearsonCorrelation([1.5, 1.5, 3, 4], [1, 2, 3, 4]).coefficient, 15);
  });

  it('has no p-value for two pairs, and none for a constant variable', () => {
    const two = spearmanCorrelation([1, 2], [3, 4]);
    expect(two.coefficient).toBeCloseTo(1, 15);
    expect(two.pValue).toBeNaN();
    expect(two.warnings.join(' ')).toMatch(/no degrees of freedom/);
    const constant = spearmanCorrelation([1, 1, 1], [1, 2, 3]);
    expect(constant.coefficient).toBeNaN();
    expect(constant.warnings.join(' ')).toMatch(/x is constant/);
  });
});
