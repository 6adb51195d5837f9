import { describe, expect, it } from 'vitest';
import { downsampleLttb } from './lttb.js';
import type { XYColumns } from './types.js';

function columns(values: number[], xs: number[] = values.map((_, i) => i)): XYColumns {
  return {
    xs: Float64Array.from(xs),
    values: Float64Array.from(values),
    steps: Float64Array.from(values, (_, i) => i),
    times: Float64Array.from(values, (_, i) => 1000 + 10 * i),
  };
}

const rowsOf = (out: XYColumns): number[] => Array.from(out.steps);

/*
 * Worked by hand: 8 points to 4, so every = (8 - 2) / (4 - 2) = 3; buckets are rows 1-3 and 4-6.
 * Bucket 1: a = (0, 0), next average c = rows 4-6 = (5, -1/3). |(ax - cx)(by - ay) - (ax - bx)(cy - ay)|
 *   = |-5 by - bx / 3|: row 1 → 5.33, row 2 → 25.67, row 3 → 11. Row 2 wins.
 * Bucket 2: a = (2, 5), c = row 7 = (7, 0). Area = 5 |7 - by - bx|: row 4 → 5, row 5 → 30, row 6 → 0. Row 5 wins.
 */
const HAND = [0, 1, 5, 2, 2, -4, 1, 0];

describe('downsampleLttb', () => {
  it('matches a hand-computed example', () => {
    const out = downsampleLttb(columns(HAND), { points: 4 });
    expect(rowsOf(out)).toEqual([0, 2, 5, 7]);
    expect(Array.from(out.values)).toEqual([0, 5, -4, 0]);
    expect(Array.from(out.times)).toEqual([1000, 1020, 1050, 1070]);
  });

  it('makes the same choice at magnitudes whose differences overflow', () => {
    const out = downsampleLttb(columns(HAND.map((v) => v * 3e307)), { points: 4 });
    expect(rowsOf(out)).toEqual([0, 2, 5, 7]);
    const wide = downsampleLttb(columns(HAND, HAND.map((_, i) => -1e308 + i * 2.5e307)), { points: 4 });
    expect(rowsOf(wide)).toEqual([0, 2, 5, 7]);
  });

  it('keeps first and last and returns exactly `points` points when there are more finite points', () => {
    const values = Array.from({ length: 1000 }, (_, i) => Math.sin(i / 10) + ((i * 37) % 11) / 11);
    for (const points of [2, 3, 10, 137, 999]) {
      const out = downsampleLttb(columns(values), { points });
      expect(out.xs.length).toBe(points);
      expect(out.steps[0]).toBe(0);
      expect(out.steps[points - 1]).toBe(999);
      const rows = rowsOf(out);
      expect(rows).toEqual([...new Set(rows)].sort((a, b) => a - b));
    }
  });

  it('keeps the first point of each non-finite run as a gap marker and the last point of the range', () => {
    const values = Array.from({ length: 40 }, (_, i) => i % 5);
    values[10] = NaN;
    values[11] = NaN;
    values[20] = Infinity;
    values[37] = NaN;
    values[38] = -Infinity;
    values[39] = NaN;
    const out = downsampleLttb(columns(values), { points: 10 });
    const rows = rowsOf(out);
    expect(rows).toEqual(expect.arrayContaining([0, 10, 20, 37, 39]));
    expect(rows).not.toContain(11);
    expect(rows).not.toContain(38);
    expect(rows).toEqual([...rows].sort((a, b) => a - b));
    // 4 markers leave 6 points to LTTB over the finite points.
    expect(rows.length).toBe(10);
  });

  it('keeps a leading NaN and handles a series with no finite point', () => {
    const lead = downsampleLttb(columns([NaN, NaN, 1, 2, 3, 4, 5, 6]), { points: 4 });
    expect(rowsOf(lead).slice(0, 2)).toEqual([0, 2]);
    expect(rowsOf(lead).at(-1)).toBe(7);
    expect(rowsOf(downsampleLttb(columns(new Array<number>(9).fill(NaN)), { points: 3 }))).toEqual([0, 8]);
  });

  it('handles empty, one and two points, points < 2 and constant input', () => {
    expect(downsampleLttb(columns([]), { points: 3 }).xs.length).toBe(0);
    const one = columns([1]);
    expect(downsampleLttb(one, { points: 3 })).toBe(one);
    expect(rowsOf(downsampleLttb(columns([1, 2]), { points: 1 }))).toEqual([0, 1]);
    expect(rowsOf(downsampleLttb(columns([1, 2, 3, 4]), { points: 1 }))).toEqual([0, 3]);
    expect(downsampleLttb(columns(new Array<number>(50).fill(7)), { points: 5 }).xs.length).toBe(5);
  });

  it('selects [from, to] first', () => {
    const out = downsampleLttb(columns([9, ...HAND, 9]), { points: 4, from: 1, to: 8 });
    expect(rowsOf(out)).toEqual([1, 3, 6, 8]);
    expect(downsampleLttb(columns(HAND), { points: 4, from: 5, to: 2 }).xs.length).toBe(0);
  });
});
