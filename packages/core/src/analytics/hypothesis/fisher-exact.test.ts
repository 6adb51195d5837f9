import { describe, expect, it } from 'vitest';
import { RunlensError } from '../../errors.js';
import { fisherExactTest } from './fisher-exact.js';

describe('fisherExactTest', () => {
  it('sums every table no more likely than the observed one, including its mirror image', () => {
    // N = 8, margins 4/4: P(a = 0..4) = [1, 16, 36, 16, 1] / 70. a = 3 leaves out only the mode.
    const r = fisherExactTest([
      [3, 1],
      [1, 3],
    ]);
    expect(r.pValue).toBeCloseTo(34 / 70, 15);
    expect(r.oddsRatio).toBe(9);
    expect(fisherExactTest([[3, 1], [1, 3]], { alternative: 'greater' }).pValue).toBeCloseTo(17 / 70, 15);
    expect(fisherExactTest([[3, 1], [1, 3]], { alternative: 'less' }).pValue).toBeCloseTo(69 / 70, 15);
  });

  it('gives p = 1 at the mode', () => {
    expect(fisherExactTest([[2, 2], [2, 2]]).pValue).toBe(1);
  });

  it('gives p = 1 and odds ratio NaN, with a warning, for a 2x2 table with a zero row', () => {
    const r = fisherExactTest([
      [0, 0],
      [4, 6],
    ]);
    expect(r.pValue).toBe(1);
    expect(r.oddsRatio).toBeNaN();
    expect(r.warnings.join(' ')).toMatch(/row 0.*no information/);
  });

  it('reports an infinite odds ratio when an off-diagonal count is 0', () => {
    expect(fisherExactTest([[4, 0], [0, 4]]).oddsRatio).toBe(Infinity);
    expect(fisherExactTest([[0, 4], [4, 0]]).oddsRatio).toBe(0);
  });

  it('keeps relative precision for very small p-values', () => {
    // Only a = 0 or a = n are as extreme: 2 / C(40, 20).
    const r = fisherExactTest([
      [20, 0],
      [0, 20],
    ]);
    expect(r.pValue / (2 / 137846528820)).toBeCloseTo(1, 9);
  });

  it('throws a RunlensError for anything but a 2x2 table of non-negative integers', () => {
    expect(() => fisherExactTest([[1, 2, 3], [4, 5, 6]])).toThrow(/2x2/);
    expect(() => fisherExactTest([[1, 2]])).toThrow(RunlensError);
    expect(() => fisherExactTest([[1.5, 2], [3, 4]])).toThrow(/non-negative integer/);
    expect(() => fisherExactTest([[1, -2], [3, 4]])).toThrow(RunlensError);
  });
});
