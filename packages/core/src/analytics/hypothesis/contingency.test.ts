import { describe, expect, it } from 'vitest';
import { RunlensError } from '../../errors.js';
import { chiSquareTest, cramersV } from './contingency.js';

describe('chiSquareTest', () => {
  it('matches a hand computation on a 2x2 table, with and without Yates', () => {
    // Margins 20/20 and 20/20, so every expected count is 10 and every |O − E| is 5.
    const table = [
      [15, 5],
      [5, 15],
    ];
    const plain = chiSquareTest(table, { correction: false });
    expect(plain.statistic).toBe(10);
    expect(plain.expected).toEqual([
      [10, 10],
      [10, 10],
    ]);
    expect(plain.correctionApplied).toBe(false);
    const yates = chiSquareTest(table);
    expect(yates.statistic).toBe(8.1);
    expect(yates.correctionApplied).toBe(true);
    // df = 1: the chi-square tail equals the two-sided normal tail 2Φ(−√χ²) = erfc(√5) = 0.001565402258002549.
    expect(plain.pValue).toBeCloseTo(0.001565402258002549, 15);
  });

  it('applies Yates only with one degree of freedom', () => {
    const r = chiSquareTest([
      [10, 4, 7],
      [3, 12, 9],
    ]);
    expect(r.df).toBe(2);
    expect(r.correctionApplied).toBe(false);
  });

  it('returns NaN with a warning for a 2x2 table with a zero row (SciPy raises)', () => {
    const r = chiSquareTest([
      [0, 0],
      [4, 6],
    ]);
    expect(r.pValue).toBeNaN();
    expect(r.statistic).toBeNaN();
    expect(r.warnings.join(' ')).toMatch(/no observations in row 0/);
    expect(chiSquareTest([[3, 0], [5, 0]]).warnings.join(' ')).toMatch(/column 1/);
  });

  it('returns NaN with a warning for an empty table', () => {
    for (const table of [[], [[]], [[0, 0], [0, 0]]]) {
      const r = chiSquareTest(table);
      expect(r.pValue).toBeNaN();
      expect(r.warnings.join(' ')).toMatch(/no observations/);
    }
  });

  it('has nothing to test in a single row: statistic 0, p = 1, with a warning', () => {
    const r = chiSquareTest([[4, 5, 6]]);
    expect(r).toMatchObject({ statistic: 0, pValue: 1, df: 0 });
    expect(r.warnings.join(' ')).toMatch(/single row or column/);
  });

  it('warns when expected counts are too small for the approximation', () => {
    const r = chiSquareTest([
      [3, 1],
      [1, 3],
    ]);
    expect(r.warnings.join(' ')).toMatch(/4 of 4 expected counts are below 5.*Fisher/);
    expect(chiSquareTest([[30, 20], [25, 35]]).warnings).toEqual([]);
  });

  it('throws a RunlensError for tables no data could produce', () => {
    expect(() => chiSquareTest([[1, -1], [2, 3]])).toThrow(/invalid count at row 0, column 1: -1/);
    expect(() => chiSquareTest([[1, 2], [3]])).toThrow(/ragged table/);
    expect(() => chiSquareTest([[1, Number.NaN], [2, 3]])).toThrow(RunlensError);
  });
});

describe('cramersV', () => {
  it('is 1 for a perfect association and 0 for independence', () => {
    expect(cramersV([[10, 0], [0, 10]]).value).toBe(1);
    expect(cramersV([[10, 20], [20, 40]]).value).toBe(0);
    expect(cramersV([[10, 0, 0], [0, 10, 0], [0, 0, 10]]).value).toBeCloseTo(1, 15);
  });

  it('is NaN with a warning for a zero row or a single row', () => {
    expect(cramersV([[0, 0], [4, 6]]).warnings.join(' ')).toMatch(/row 0/);
    const single = cramersV([[4, 5, 6]]);
    expect(single.value).toBeNaN();
    expect(single.warnings.join(' ')).toMatch(/at least 2 rows and 2 columns/);
  });
});
