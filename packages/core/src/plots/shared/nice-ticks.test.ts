import { describe, expect, it } from 'vitest';
import { logTicks, niceTicks } from './nice-ticks.js';

describe('niceTicks', () => {
  it('gives round values inside the interval, exact decimals', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0.2, 0.9, 5)).toEqual([0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
    expect(niceTicks(-3, 17, 4)).toEqual([0, 5, 10, 15]);
    expect(niceTicks(1200, 9800, 4)).toEqual([2000, 4000, 6000, 8000]);
    expect(niceTicks(9, 1, 2)).toEqual([5]);
  });

  it('copes with a zero-width or non-finite interval', () => {
    expect(niceTicks(3, 3)).toEqual([3]);
    expect(niceTicks(Number.NaN, 2)).toEqual([2]);
    expect(niceTicks(Number.NaN, Number.POSITIVE_INFINITY)).toEqual([]);
  });
});

describe('logTicks', () => {
  it('gives the powers of ten inside, thinned when there are many', () => {
    expect(logTicks(1e-4, 0.3)).toEqual([1e-4, 1e-3, 1e-2, 1e-1]);
    expect(logTicks(1e-20, 1)).toEqual([1e-20, 1e-17, 1e-14, 1e-11, 1e-8, 1e-5, 1e-2]);
    expect(logTicks(2, 8)).toEqual(niceTicks(2, 8, 4));
    expect(logTicks(-1, 10)).toEqual(niceTicks(-1, 10));
  });
});
