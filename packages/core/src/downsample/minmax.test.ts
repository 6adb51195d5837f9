import { describe, expect, it } from 'vitest';
import { RunlensError } from '../errors.js';
import { downsampleMinMax } from './minmax.js';
import type { XYColumns } from './types.js';

/** Columns with x = the given xs, step = row index and time = 1000 + 10 × row, so rows are easy to trace. */
function columns(values: number[], xs: number[] = values.map((_, i) => i)): XYColumns {
  return {
    xs: Float64Array.from(xs),
    values: Float64Array.from(values),
    steps: Float64Array.from(values, (_, i) => i),
    times: Float64Array.from(values, (_, i) => 1000 + 10 * i),
  };
}

/** The input rows an output came from (steps are row indices). */
const rowsOf = (out: XYColumns): number[] => Array.from(out.steps);

describe('downsampleMinMax', () => {
  it('keeps each bucket’s first-occurring min and max, plus the first and last points', () => {
    // 12 points, 2 buckets over [0, 11]: rows 0-5 and 6-11.
    const out = downsampleMinMax(columns([3, 9, 1, 4, 1, 2, 5, 5, 0, 8, 8, 6]), { points: 4 });
    expect(rowsOf(out)).toEqual([0, 1, 2, 8, 9, 11]);
    expect(Array.from(out.values)).toEqual([3, 9, 1, 0, 8, 6]);
    expect(Array.from(out.xs)).toEqual([0, 1, 2, 8, 9, 11]);
    expect(Array.from(out.times)).toEqual([1000, 1010, 1020, 1080, 1090, 1110]);
  });

  it('returns an empty result for empty input', () => {
    const out = downsampleMinMax(columns([]), { points: 10 });
    expect(out.xs.length + out.values.length + out.steps.length + out.times.length).toBe(0);
  });

  it('returns the input itself when it has at most `points` points', () => {
    const one = columns([7]);
    expect(downsampleMinMax(one, { points: 2 })).toBe(one);
    const two = columns([7, 8]);
    expect(downsampleMinMax(two, { points: 2 })).toBe(two);
    const many = columns([1, 2, 3, 4, 5]);
    expect(downsampleMinMax(many, { points: Infinity })).toBe(many);
  });

  it('returns the selected range unchanged when it has at most `points` points', () => {
    const out = downsampleMinMax(columns([5, 6, 7, 8, 9, 10]), { points: 3, from: 2, to: 4 });
    expect(rowsOf(out)).toEqual([2, 3, 4]);
    expect(Array.from(out.values)).toEqual([7, 8, 9]);
  });

  it('with points = 2 uses one bucket: first, min, max, last', () => {
    const out = downsampleMinMax(columns([4, 2, 7, 3, 5, 6]), { points: 2 });
    expect(rowsOf(out)).toEqual([0, 1, 2, 5]);
  });

  it('emits the first NaN of a bucket, in x order, without letting NaN win min or max', () => {
    const out = downsampleMinMax(columns([1, 2, NaN, NaN, 5, 6, 7, 8, 9, 10]), { points: 4 });
    expect(rowsOf(out)).toEqual([0, 2, 4, 5, 9]);
    expect(Number.isNaN(out.values[1])).toBe(true);
  });

  it('emits a leading NaN of a bucket', () => {
    const out = downsampleMinMax(columns([1, 2, 3, 4, 5, NaN, NaN, 8, 2, 10]), { points: 4 });
    expect(rowsOf(out)).toEqual([0, 4, 5, 8, 9]);
  });

  it('reduces an all-NaN series to the first NaN of each bucket and the last point', () => {
    const out = downsampleMinMax(columns(new Array<number>(10).fill(NaN)), { points: 4 });
    expect(rowsOf(out)).toEqual([0, 5, 9]);
    expect(Array.from(out.values).every(Number.isNaN)).toBe(true);
  });

  it('reduces a constant series to the first point of each bucket and the last point', () => {
    const out = downsampleMinMax(columns(new Array<number>(100).fill(3)), { points: 10 });
    expect(rowsOf(out)).toEqual([0, 20, 40, 60, 80, 99]);
  });

  it('treats ±Infinity as ordinary values, and an Infinity - Infinity sum is not a NaN', () => {
    const out = downsampleMinMax(columns([1, Infinity, -Infinity, 2, 3, Infinity, Infinity, Infinity]), {
      points: 4,
    });
    expect(rowsOf(out)).toEqual([0, 1, 2, 4, 5, 7]);
    expect(Array.from(out.values).some(Number.isNaN)).toBe(false);
  });

  it('keeps extreme magnitudes and buckets x ranges near ±Number.MAX_VALUE', () => {
    const xs = Array.from({ length: 101 }, (_, i) => -1e308 + i * 2e306);
    const values = xs.map((_, i) => (i === 37 ? 1e308 : i === 63 ? -1e308 : 0));
    const out = downsampleMinMax(columns(values, xs), { points: 10 });
    const rows = rowsOf(out);
    expect(rows).toEqual(expect.arrayContaining([0, 37, 63, 100]));
    expect(rows.length).toBeLessThanOrEqual(12);
    expect(Array.from(out.values).every(Number.isFinite)).toBe(true);
    expect(rows).toEqual([...rows].sort((a, b) => a - b));
  });

  it('puts a point whose x is exactly a boundary into the bucket starting there', () => {
    // 2 buckets over [0, 10]: [0, 5) and [5, 10]. Were x = 5 in bucket 0, row 4 would not be bucket 0's max.
    const out = downsampleMinMax(columns([0, 1, 2, 3, 4, 100, 0, 0, 0, 0, -50]), { points: 4 });
    expect(rowsOf(out)).toEqual([0, 4, 5, 10]);
  });

  it('closes the last bucket on the right: a point at x = to belongs to it', () => {
    // Two points at x = 9 = to (rows 9 and 10); row 11 at x = 10 is outside. Buckets: [0, 4.5) and [4.5, 9].
    const xs = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 10];
    const out = downsampleMinMax(columns([9, 1, 2, 3, 4, 5, 6, 7, 8, -1, 7, 99], xs), { points: 4, from: 0, to: 9 });
    // Were x = 9 a bucket of its own, [4.5, 9) would add its minimum, row 5.
    expect(rowsOf(out)).toEqual([0, 1, 8, 9, 10]);
  });

  it('buckets over [from, to] even where it reaches past the data', () => {
    const values = Array.from({ length: 100 }, (_, i) => (i === 50 ? 9 : i === 60 ? -9 : 0));
    // 5 buckets over [-1e9, 1e9]: the whole series falls in the middle one.
    const out = downsampleMinMax(columns(values), { points: 10, from: -1e9, to: 1e9 });
    expect(rowsOf(out)).toEqual([0, 50, 60, 99]);
  });

  it('gives an empty result for a range outside the data or from > to', () => {
    const data = columns([1, 2, 3, 4, 5, 6]);
    expect(downsampleMinMax(data, { points: 2, from: 10, to: 20 }).xs.length).toBe(0);
    expect(downsampleMinMax(data, { points: 2, from: -20, to: -10 }).xs.length).toBe(0);
    expect(downsampleMinMax(data, { points: 2, from: 4, to: 1 }).xs.length).toBe(0);
  });

  it('handles duplicate x values: a run of equal x stays in one bucket, output sorted by x', () => {
    const xs = [0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3];
    const values = [5, 1, 5, 7, 0, 2, 6, 6, 9, 3, 4, 4];
    // 2 buckets over [0, 3]: x < 1.5 (rows 0-5) and x >= 1.5 (rows 6-11).
    const out = downsampleMinMax(columns(values, xs), { points: 4 });
    expect(rowsOf(out)).toEqual([0, 3, 4, 8, 9, 11]);
    expect(Array.from(out.xs)).toEqual([0, 1, 1, 2, 3, 3]);
  });

  it('is deterministic', () => {
    const values = Array.from({ length: 500 }, (_, i) => Math.sin(i * 0.37) * ((i * 7919) % 13));
    const a = downsampleMinMax(columns(values), { points: 40 });
    const b = downsampleMinMax(columns(values), { points: 40 });
    expect(a).toEqual(b);
  });

  it('rejects a NaN or negative target and columns of different lengths', () => {
    const data = columns([1, 2, 3]);
    expect(() => downsampleMinMax(data, { points: Number.NaN })).toThrow(RunlensError);
    expect(() => downsampleMinMax(data, { points: -1 })).toThrow(/invalid points/);
    expect(() => downsampleMinMax({ ...data, times: new Float64Array(2) }, { points: 2 })).toThrow(/differ in length/);
  });
});
