import { describe, expect, it } from 'vitest';
import { lowerBound, lowerBoundFrom, rangeIndices, upperBound } from './range-indices.js';

const xs = Float64Array.of(0, 1, 1, 1, 2, 5, 5, 9);

describe('rangeIndices', () => {
  it('selects [from, to] inclusively', () => {
    expect(rangeIndices(xs, 1, 5)).toEqual([1, 7]);
    expect(rangeIndices(xs, 2, 2)).toEqual([4, 5]);
  });

  it('treats a missing bound as open', () => {
    expect(rangeIndices(xs)).toEqual([0, 8]);
    expect(rangeIndices(xs, 5)).toEqual([5, 8]);
    expect(rangeIndices(xs, undefined, 1)).toEqual([0, 4]);
  });

  it('keeps every duplicate of a bound', () => {
    expect(rangeIndices(xs, 1, 1)).toEqual([1, 4]);
    expect(rangeIndices(xs, 5, 5)).toEqual([5, 7]);
  });

  it('gives an empty range outside the data, for from > to and for NaN bounds', () => {
    expect(rangeIndices(xs, 10, 20)).toEqual([8, 8]);
    expect(rangeIndices(xs, -5, -1)).toEqual([0, 0]);
    expect(rangeIndices(xs, 3, 4)).toEqual([5, 5]);
    const [s, e] = rangeIndices(xs, 5, 1);
    expect(e - s).toBe(0);
    expect(rangeIndices(xs, Number.NaN, 3)).toEqual([0, 0]);
    expect(rangeIndices(xs, 0, Number.NaN)).toEqual([0, 0]);
  });

  it('covers everything with infinite bounds and handles an empty column', () => {
    expect(rangeIndices(xs, -Infinity, Infinity)).toEqual([0, 8]);
    expect(rangeIndices(new Float64Array(0), 0, 1)).toEqual([0, 0]);
  });
});

describe('lowerBound / upperBound / lowerBoundFrom', () => {
  it('find the first index >= x and > x', () => {
    expect(lowerBound(xs, 1)).toBe(1);
    expect(upperBound(xs, 1)).toBe(4);
    expect(lowerBound(xs, 3)).toBe(5);
    expect(upperBound(xs, 9)).toBe(8);
    expect(lowerBound(xs, -1)).toBe(0);
  });

  it('lowerBoundFrom agrees with lowerBound from every start', () => {
    const long = Float64Array.from({ length: 300 }, (_, i) => Math.floor(i / 3));
    for (let from = 0; from < long.length; from += 7) {
      for (let x = -1; x <= 101; x++) {
        expect(lowerBoundFrom(long, x, from, long.length)).toBe(Math.max(from, lowerBound(long, x)));
      }
    }
  });
});
