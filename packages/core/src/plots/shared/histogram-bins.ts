/** Histogram bins of a sample: how many, where their edges lie, and what falls in each. */
import { percentileOfSorted } from '../../analytics/descriptive/sorted-quantiles.js';

/** More bins than this help nobody read a histogram and only cost marks. */
export const MAX_HISTOGRAM_BINS = 200;

/** Edges of a histogram and the rule that chose them. */
export interface HistogramBins {
  /** Ascending, `count + 1` of them; the last bin includes its right edge. */
  readonly edges: number[];
  readonly rule: 'freedman-diaconis' | 'sturges' | 'fixed' | 'single-value';
}

/**
 * Equal-width bins over the range of ascending, finite `sorted` values. With `bins` given, exactly that many (at
 * most MAX_HISTOGRAM_BINS). Otherwise the Freedman–Diaconis width 2·IQR·n^(−1/3), which resists outliers, falling
 * back to Sturges' ⌈log₂ n⌉ + 1 bins when the IQR is 0 (more than half the values equal); at most
 * MAX_HISTOGRAM_BINS. All values equal: one bin of width 1 centred on the value, as NumPy does. Empty input: no edges.
 *
 * @example histogramBins(Float64Array.of(1, 2, 2, 3, 9)).edges
 */
export function histogramBins(sorted: ArrayLike<number>, bins?: number): HistogramBins {
  const n = sorted.length;
  if (n === 0) return { edges: [], rule: 'fixed' };
  const lo = sorted[0]!;
  const hi = sorted[n - 1]!;
  if (lo === hi) return { edges: [lo - 0.5, lo + 0.5], rule: 'single-value' };
  let count: number;
  let rule: HistogramBins['rule'];
  if (bins !== undefined) {
    count = bins;
    rule = 'fixed';
  } else {
    const iqr = percentileOfSorted(sorted, 75) - percentileOfSorted(sorted, 25);
    const width = 2 * iqr * Math.cbrt(1 / n);
    if (width > 0 && Number.isFinite(width)) {
      count = Math.ceil((hi - lo) / width);
      rule = 'freedman-diaconis';
    } else {
      count = Math.ceil(Math.log2(n)) + 1;
      rule = 'sturges';
    }
  }
  count = Math.max(1, Math.min(MAX_HISTOGRAM_BINS, Math.floor(count)));
  const edges = Array.from({ length: count + 1 }, (_, i) => (i === count ? hi : lo + ((hi - lo) * i) / count));
  return { edges, rule };
}

/** How many of `values` fall in each bin of `edges` (left-closed, the last bin closed on both sides). Others are skipped. */
export function countInBins(values: ArrayLike<number>, edges: readonly number[]): number[] {
  const k = edges.length - 1;
  if (k < 1) return [];
  const counts = new Array<number>(k).fill(0);
  const lo = edges[0]!;
  const hi = edges[k]!;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v >= lo && v <= hi)) continue;
    // Equal widths: a direct index, nudged for the rounding of (v - lo) / width at the edges.
    let b = Math.min(k - 1, Math.floor(((v - lo) / (hi - lo)) * k));
    while (b > 0 && v < edges[b]!) b--;
    while (b < k - 1 && v >= edges[b + 1]!) b++;
    counts[b]!++;
  }
  return counts;
}
