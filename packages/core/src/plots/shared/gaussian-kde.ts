/** Gaussian kernel density estimates for violins and density curves. */
import { percentileOfSorted } from '../../analytics/descriptive/sorted-quantiles.js';
import { sampleMoments } from '../../analytics/descriptive/moments.js';

/** A density evaluated on an even grid. */
export interface KernelDensity {
  readonly x: number[];
  readonly density: number[];
  readonly bandwidth: number;
}

/** Options of {@link gaussianKde}. */
export interface GaussianKdeOptions {
  /** Kernel standard deviation; default Silverman's rule 0.9 · min(s, IQR / 1.34) · n^(−1/5) (R's `bw.nrd0`). */
  readonly bandwidth?: number;
  /** Grid points. Default 128. */
  readonly points?: number;
  /** The grid runs from min − cut · bandwidth to max + cut · bandwidth (seaborn's `cut`). Default 3. */
  readonly cut?: number;
}

/** Kernels further than this many bandwidths away add less than 2e-8 of their peak: they are skipped. */
const KERNEL_REACH = 6;

/**
 * The Gaussian KDE of ascending, finite `sorted` values, normalised to integrate to 1. Deterministic (no sampling).
 * Undefined when it cannot be estimated: fewer than 2 values or no spread (all values equal), where the caller
 * draws the values themselves. Cost is O(points · values within reach), not O(points · n).
 *
 * @example gaussianKde(Float64Array.of(0.1, 0.2, 0.25, 0.4))?.density
 */
export function gaussianKde(sorted: Float64Array, options: GaussianKdeOptions = {}): KernelDensity | undefined {
  const n = sorted.length;
  if (n < 2 || sorted[0] === sorted[n - 1]) return undefined;
  const bandwidth = options.bandwidth ?? silvermanBandwidth(sorted);
  if (!(bandwidth > 0 && Number.isFinite(bandwidth))) return undefined;
  const points = Math.max(2, Math.floor(options.points ?? 128));
  const cut = options.cut ?? 3;
  const lo = sorted[0]! - cut * bandwidth;
  const hi = sorted[n - 1]! + cut * bandwidth;
  const norm = 1 / (n * bandwidth * Math.sqrt(2 * Math.PI));
  const x: number[] = [];
  const density: number[] = [];
  for (let g = 0; g < points; g++) {
    const at = lo + ((hi - lo) * g) / (points - 1);
    let sum = 0;
    for (let i = lowerBound(sorted, at - KERNEL_REACH * bandwidth); i < n && sorted[i]! <= at + KERNEL_REACH * bandwidth; i++) {
      const z = (at - sorted[i]!) / bandwidth;
      sum += Math.exp(-0.5 * z * z);
    }
    x.push(at);
    density.push(sum * norm);
  }
  return { x, density, bandwidth };
}

/** Silverman's rule of thumb; the IQR term keeps heavy tails from oversmoothing, s alone is used when the IQR is 0. */
export function silvermanBandwidth(sorted: Float64Array): number {
  const n = sorted.length;
  const { std } = sampleMoments(sorted);
  const iqr = (percentileOfSorted(sorted, 75) - percentileOfSorted(sorted, 25)) / 1.34;
  const spread = iqr > 0 ? Math.min(std, iqr) : std;
  return 0.9 * spread * Math.pow(n, -0.2);
}

function lowerBound(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
