import { describe, expect, it } from 'vitest';
import { alignSeries, type PixelColumns, type SeriesPoints } from './align-series.js';

describe('alignSeries', () => {
  it('joins on the union of x: undefined where a series has no point, null where it has a gap', () => {
    const [x, a, b] = alignSeries([
      { x: [0, 2, 4], y: [1, null, 3] },
      { x: [1, 2], y: [5, 6] },
    ]);
    expect(x).toEqual([0, 1, 2, 4]);
    expect(a).toEqual([1, undefined, null, 3]);
    expect(b).toEqual([undefined, 5, 6, undefined]);
  });

  it('gives a repeated x as many slots as the series that repeats it most', () => {
    const [x, step, other] = alignSeries([
      { x: [0, 1, 1], y: [5, 5, 2] },
      { x: [1], y: [9] },
    ]);
    expect(x).toEqual([0, 1, 1]);
    expect(step).toEqual([5, 5, 2]);
    expect(other).toEqual([undefined, 9, undefined]);
  });

  it('handles no series and empty series', () => {
    expect(alignSeries([])).toEqual([[]]);
    expect(alignSeries([{ x: [], y: [] }])).toEqual([[], []]);
  });
});

describe('alignSeries on pixel columns', () => {
  // 10 columns over x 0…100: column = floor(x / 10)
  const pixels: PixelColumns = { column: (x) => (x < 0 ? Number.NaN : Math.floor(x / 10)), columns: 10 };
  const line = (xs: number[], y: (i: number) => number): SeriesPoints => ({ x: xs, y: xs.map((_, i) => y(i)) });

  it('leaves a union that fits the pixels, and a single series, exact', () => {
    const few = [line([0, 10, 20], (i) => i), line([5, 15], (i) => -i)];
    expect(alignSeries(few, pixels)[0]).toEqual([0, 5, 10, 15, 20]);
    const one = [line(Array.from({ length: 100 }, (_, i) => i), () => 1)];
    expect(alignSeries(one, pixels)[0]).toHaveLength(100);
  });

  it('moves each x to the smallest x of its pixel column, keeping every point and its order', () => {
    // 2 runs with their own x (as min/max downsampling leaves them): 40 distinct x values over 10 columns
    const a = line(Array.from({ length: 20 }, (_, i) => i * 5), (i) => i);
    const b = line(Array.from({ length: 20 }, (_, i) => i * 5 + 2), (i) => -i);
    const [x, ya, yb] = alignSeries([a, b], pixels);
    // 10 columns × 2 slots instead of 40 rows
    expect(x).toEqual([0, 0, 10, 10, 20, 20, 30, 30, 40, 40, 50, 50, 60, 60, 70, 70, 80, 80, 90, 90]);
    expect(ya).toEqual(a.y);
    expect(yb).toEqual(b.y);
  });

  it('keeps x values off the plot (or unplaceable) where they are', () => {
    const a = line([-50, ...Array.from({ length: 30 }, (_, i) => i * 3), 500], () => 0);
    const b = line(Array.from({ length: 30 }, (_, i) => i * 3 + 1), () => 1);
    const [x, ya] = alignSeries([a, b], pixels);
    expect(x[0]).toBe(-50);
    expect(x[x.length - 1]).toBe(500);
    // x 12 is in column 1, whose smallest x is b's 10: a's 12, 15, 18 sit there
    const at10 = x.flatMap((v, i) => (v === 10 ? [ya![i]] : []));
    expect(at10.filter((v) => v !== undefined)).toEqual([0, 0, 0]);
  });

  it('places points given in any order (point marks) in their slots', () => {
    const pts: SeriesPoints = { x: [3, 1, 3, 2], y: [30, 10, 31, 20] };
    const [x, y] = alignSeries([pts, { x: [2], y: [5] }]);
    expect(x).toEqual([1, 2, 3, 3]);
    expect(y).toEqual([10, 20, 30, 31]);
  });
});
