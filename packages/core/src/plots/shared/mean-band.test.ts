import { describe, expect, it } from 'vitest';
import { meanBand } from './mean-band.js';

describe('mean band', () => {
  const ys = [Float64Array.of(1, 4, Number.NaN), Float64Array.of(3, 6, 7), Float64Array.of(2, Number.NaN, Number.NaN)];

  it('averages the runs with a value at each x', () => {
    expect(meanBand(ys, 3, 'none')).toEqual({ mean: [2, 5, 7], lo: [null, null, null], hi: [null, null, null], n: [3, 2, 1] });
  });

  it('min–max, ±std (ddof 1), ±SEM; no spread band from one run', () => {
    expect(meanBand(ys, 3, 'minmax')).toMatchObject({ lo: [1, 4, 7], hi: [3, 6, 7] });
    expect(meanBand(ys, 3, 'std')).toMatchObject({ lo: [1, 5 - Math.SQRT2, null], hi: [3, 5 + Math.SQRT2, null] });
    const sem = meanBand(ys, 3, 'sem');
    expect(sem.lo[0]).toBeCloseTo(2 - 1 / Math.sqrt(3), 14);
    expect(sem.lo[1]).toBeCloseTo(4, 14);
  });

  it('95% CI: mean ± t(0.975, n − 1) · SEM', () => {
    const { lo, hi } = meanBand(ys, 3, 'ci95');
    // t(0.975, 2) = 4.302652729911275 (scipy.stats.t.ppf)
    expect(hi[0]! - 2).toBeCloseTo(4.302652729911275 / Math.sqrt(3), 8);
    expect(lo[0]! + hi[0]!).toBeCloseTo(4, 12);
    expect(lo[2]).toBeNull();
  });

  it('a grid point no run reached has no mean', () => {
    expect(meanBand([Float64Array.of(Number.NaN)], 1, 'minmax')).toEqual({ mean: [null], lo: [null], hi: [null], n: [0] });
  });
});
