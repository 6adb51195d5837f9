import { describe, expect, it } from 'vitest';
import { MAX_HISTOGRAM_BINS, countInBins, histogramBins } from './histogram-bins.js';

describe('histogram bins', () => {
  it('Freedman–Diaconis edges as numpy.histogram_bin_edges(a, bins="fd")', () => {
    // numpy 2.4: [1.0, 2.5, 4.0, 5.5, 7.0, 8.5, 10.0]
    expect(histogramBins(Float64Array.of(1, 2, 2, 3, 3, 3, 4, 4, 5, 9, 10))).toEqual({ edges: [1, 2.5, 4, 5.5, 7, 8.5, 10], rule: 'freedman-diaconis' });
  });

  it('Sturges when the IQR is 0, one unit bin for equal values, nothing for no values, a cap on bins', () => {
    expect(histogramBins(Float64Array.of(1, 1, 1, 1, 1, 1, 1, 9)).rule).toBe('sturges');
    expect(histogramBins(Float64Array.of(1, 1, 1, 1, 1, 1, 1, 9)).edges).toHaveLength(5);
    expect(histogramBins(Float64Array.of(4, 4))).toEqual({ edges: [3.5, 4.5], rule: 'single-value' });
    expect(histogramBins(new Float64Array(0)).edges).toEqual([]);
    const spread = Float64Array.from({ length: 100_001 }, (_, i) => (i === 100_000 ? 1e12 : i));
    expect(histogramBins(spread).edges).toHaveLength(MAX_HISTOGRAM_BINS + 1);
    expect(histogramBins(Float64Array.of(0, 1), 4).edges).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });

  it('counts left-closed bins, the last closed on both sides, skipping values outside and NaN', () => {
    expect(countInBins([0, 0.25, 0.5, 0.999, 1, 1.5, -1, Number.NaN], [0, 0.5, 1])).toEqual([2, 3]);
    // rounding of (v - lo) / width must not push an edge value into the wrong bin
    const edges = histogramBins(Float64Array.of(0.1, 0.7), 3).edges;
    expect(countInBins(edges, edges)).toEqual([1, 1, 2]);
  });
});
