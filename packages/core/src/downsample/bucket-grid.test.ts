import { describe, expect, it } from 'vitest';
import { bucketBoundary, bucketEnd, bucketOf, makeBucketGrid } from './bucket-grid.js';

const none = new Float64Array(0);

describe('makeBucketGrid / bucketBoundary', () => {
  it('puts integer boundaries exactly on integers', () => {
    const grid = makeBucketGrid(none, none, 0, 0, 0, 7 * 384, 7);
    for (let k = 0; k <= 7; k++) expect(bucketBoundary(grid, k)).toBe(384 * k);
  });

  it('defaults missing or infinite bounds to the first and last finite x', () => {
    const xs = Float64Array.of(-Infinity, 2, 4, 10, Infinity);
    const grid = makeBucketGrid(xs, xs, 0, 5, -Infinity, undefined, 4);
    expect(grid.lo).toBe(2);
    expect(grid.hi).toBe(10);
    expect(bucketBoundary(grid, 1)).toBe(4);
  });

  it('uses a single bucket for a zero-width range or when no x is finite', () => {
    const same = Float64Array.of(3, 3, 3);
    expect(makeBucketGrid(same, same, 0, 3, undefined, undefined, 10).count).toBe(1);
    const inf = Float64Array.of(-Infinity, Infinity);
    expect(makeBucketGrid(inf, inf, 0, 2, undefined, undefined, 10).count).toBe(1);
  });

  it('keeps boundaries finite and increasing on ranges near ±Number.MAX_VALUE', () => {
    const grid = makeBucketGrid(none, none, 0, 0, -1e308, 1e308, 1000);
    let prev = -Infinity;
    for (let k = 0; k <= 1000; k++) {
      const b = bucketBoundary(grid, k);
      expect(Number.isFinite(b)).toBe(true);
      expect(b).toBeGreaterThan(prev);
      prev = b;
    }
    expect(bucketBoundary(grid, 500)).toBeCloseTo(0, -292);
  });

  it('caps an unbounded bucket count', () => {
    const grid = makeBucketGrid(none, none, 0, 0, 0, 1, Infinity);
    expect(Number.isFinite(grid.count)).toBe(true);
    expect(bucketOf(grid, 0.5)).toBe(Math.floor(grid.count / 2));
  });
});

describe('bucketOf / bucketEnd', () => {
  it('assigns a point on a boundary to the bucket starting there; the last bucket is closed', () => {
    const grid = makeBucketGrid(none, none, 0, 0, 0, 10, 4); // boundaries 0, 2.5, 5, 7.5, 10
    expect(bucketOf(grid, 0)).toBe(0);
    expect(bucketOf(grid, 2.4999)).toBe(0);
    expect(bucketOf(grid, 2.5)).toBe(1);
    expect(bucketOf(grid, 5)).toBe(2);
    expect(bucketOf(grid, 7.5)).toBe(3);
    expect(bucketOf(grid, 10)).toBe(3);
    expect(bucketOf(grid, -3)).toBe(0);
    expect(bucketOf(grid, 99)).toBe(3);
  });

  it('puts every boundary into the bucket it starts, even where division rounds below it', () => {
    // E.g. [0.7, 1.7] in 3 buckets: ((b1 - lo) / span) * 3 rounds to 0.99999… for b1 = 0.7 + 1/3.
    expect(bucketOf(makeBucketGrid(none, none, 0, 0, 0.7, 1.7, 3), 0.7 + 1 / 3)).toBe(1);
    const misplaced: string[] = [];
    for (let count = 2; count < 60; count += 3) {
      for (let lo = -3; lo < 3; lo += 0.7) {
        for (let span = 0.1; span < 40; span += 0.37) {
          const grid = makeBucketGrid(none, none, 0, 0, lo, lo + span, count);
          for (let k = 1; k < grid.count; k++) {
            if (bucketOf(grid, bucketBoundary(grid, k)) !== k) misplaced.push(`[${lo}, ${lo + span}] / ${count}: ${k}`);
          }
        }
      }
    }
    expect(misplaced).toEqual([]);
  });

  it('agrees with the boundaries where division rounds across them', () => {
    const grid = makeBucketGrid(none, none, 0, 0, 0, 1, 3);
    const misplaced: number[] = [];
    for (let i = 0; i <= 3000; i++) {
      const x = i / 3000;
      const k = bucketOf(grid, x);
      if (bucketBoundary(grid, k) > x || (k < 2 && bucketBoundary(grid, k + 1) <= x)) misplaced.push(x);
    }
    expect(misplaced).toEqual([]);
  });

  it('bucketEnd walks only the non-empty buckets', () => {
    const xs = Float64Array.of(0, 1, 1, 6, 9, 10);
    const grid = makeBucketGrid(xs, xs, 0, xs.length, undefined, undefined, 5); // width 2
    const ends: number[] = [];
    for (let s = 0; s < xs.length; s = ends[ends.length - 1]!) ends.push(bucketEnd(grid, xs, s, xs.length));
    expect(ends).toEqual([3, 4, 6]);
  });
});
