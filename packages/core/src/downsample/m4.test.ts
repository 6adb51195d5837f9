import { describe, expect, it } from 'vitest';
import { downsampleM4 } from './m4.js';
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

const rowsOf = (out: XYColumns): number[] => Array.from(out.steps);

describe('downsampleM4', () => {
  it('keeps first, min, max and last of each bucket, in x order', () => {
    // 2 buckets over [0, 11]: rows 0-5 and 6-11.
    const out = downsampleM4(columns([3, 9, 1, 4, 4, 2, 5, 5, 0, 8, 7, 6]), { points: 8 });
    expect(rowsOf(out)).toEqual([0, 1, 2, 5, 6, 8, 9, 11]);
    expect(Array.from(out.values)).toEqual([3, 9, 1, 2, 5, 0, 8, 6]);
  });

  it('deduplicates when first or last is also the min or max', () => {
    const out = downsampleM4(columns([0, 5, 3, 9, 9, 1, 2, 3, 4, 5]), { points: 8 });
    // Bucket rows 0-4: first = min = 0, max = 3 (first 9), last 4. Rows 5-9: first = min, last = max.
    expect(rowsOf(out)).toEqual([0, 3, 4, 5, 9]);
  });

  it('with fewer than 8 points asked for uses one bucket', () => {
    expect(rowsOf(downsampleM4(columns([4, 2, 7, 3, 5, 6]), { points: 2 }))).toEqual([0, 1, 2, 5]);
    expect(rowsOf(downsampleM4(columns([4, 2, 7, 3, 5, 6]), { points: 5 }))).toEqual([0, 1, 2, 5]);
  });

  it('emits the first NaN of each bucket', () => {
    // Rows 0-4: first 0, NaN 1, max 2, min = last 4; the second NaN (row 3) adds nothing.
    const out = downsampleM4(columns([3, NaN, 5, NaN, 1, 3, 4, 0, 9, 8]), { points: 8 });
    expect(rowsOf(out)).toEqual([0, 1, 2, 4, 5, 7, 8, 9]);
  });

  it('handles empty, one-point, all-NaN and constant input', () => {
    expect(downsampleM4(columns([]), { points: 4 }).xs.length).toBe(0);
    const one = columns([1]);
    expect(downsampleM4(one, { points: 4 })).toBe(one);
    const nan = downsampleM4(columns(new Array<number>(12).fill(NaN)), { points: 8 });
    expect(rowsOf(nan)).toEqual([0, 5, 6, 11]);
    const flat = downsampleM4(columns(new Array<number>(12).fill(2)), { points: 8 });
    expect(rowsOf(flat)).toEqual([0, 5, 6, 11]);
  });

  it('treats ±Infinity as ordinary values and keeps huge magnitudes', () => {
    const out = downsampleM4(columns([0, 1e308, -Infinity, 2, -1e308, Infinity, 3, 4, 5]), { points: 4 });
    expect(rowsOf(out)).toEqual([0, 2, 5, 8]);
  });

  it('returns the range unchanged when it fits and nothing for from > to', () => {
    const data = columns([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(rowsOf(downsampleM4(data, { points: 4, from: 3, to: 6 }))).toEqual([3, 4, 5, 6]);
    expect(downsampleM4(data, { points: 4, from: 6, to: 3 }).xs.length).toBe(0);
  });
});
