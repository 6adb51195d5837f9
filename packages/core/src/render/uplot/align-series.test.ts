import { describe, expect, it } from 'vitest';
import { alignSeries } from './align-series.js';

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
