import { describe, expect, it } from 'vitest';
import { scanDivergence } from './scan-divergence.js';

function sorted(values: readonly number[]): { steps: Float64Array; values: Float64Array } {
  return { steps: Float64Array.from(values, (_, i) => i * 10), values: Float64Array.from(values) };
}

describe('scanDivergence', () => {
  it('sets the explosion limit at the initial level plus explosionFactor times the scale', () => {
    // Initial level 2 (the first value: 7 points are too few for more), best 1, scale max(2, 1, 1) = 2: limit
    // 2 + 10·2 = 22.
    const below = scanDivergence(sorted([2, 3, 2, 1, 2, 22, 2]), 'minimize', 10);
    expect(below.divergence).toBeNull();
    expect(below.transients).toEqual([]);
    const above = scanDivergence(sorted([2, 3, 2, 1, 2, 22.5, 23]), 'minimize', 10);
    expect(above.divergence).toEqual({ step: 50, kind: 'explosion', value: 22.5 });
    expect(above.good).toEqual([0, 1, 2, 3, 4]);
  });

  it('turns the limit around when maximizing: a collapse far below is the explosion', () => {
    const scan = scanDivergence(sorted([0.5, 0.6, 0.7, 0.8, 0.9, -100, -120]), 'maximize', 10);
    expect(scan.divergence).toEqual({ step: 50, kind: 'explosion', value: -100 });
    expect(scanDivergence(sorted([0.5, 0.6, 0.7, 0.8, 0.9, 0, 0]), 'maximize', 10).divergence).toBeNull();
  });

  it('keeps a leading NaN as a transient when finite values follow', () => {
    const scan = scanDivergence(sorted([Number.NaN, 3, 2, 1]), 'minimize', 10);
    expect(scan.divergence).toBeNull();
    expect(scan.transients).toEqual([{ step: 0, value: Number.NaN }]);
    expect(scan.good).toEqual([1, 2, 3]);
  });

  it('calls a lasting NaN a divergence even after transients', () => {
    const scan = scanDivergence(sorted([3, Number.NaN, 2, 1, Number.NaN, Number.NaN]), 'minimize', 10);
    expect(scan.transients).toEqual([{ step: 10, value: Number.NaN }]);
    expect(scan.divergence).toEqual({ step: 40, kind: 'nan', value: Number.NaN });
  });

  it('has no explosion limit while the scale is 0', () => {
    expect(scanDivergence(sorted([0, 0, 0, 5, 6]), 'minimize', 10).divergence).toBeNull();
  });
});
