/**
 * Quantile binning of one feature column, so that a tree node finds its best split from a histogram of at most a few
 * hundred bins instead of sorting its rows once per candidate feature (LightGBM's trick; it makes a 10,000-run
 * forest cheap enough for an interactive dashboard).
 */
import { RunlensError } from '../../errors.js';

/** The bin code of a missing (NaN) value; value bins use 0..254. */
export const MISSING_BIN = 255;

/** The most value bins a feature can have: codes are bytes and {@link MISSING_BIN} is reserved. */
export const MAX_BINS = 255;

/** One feature column as bin codes, with the thresholds that separate the bins. */
export interface FeatureBins {
  /** Bin of each row: `0..thresholds.length` for values (ascending), {@link MISSING_BIN} for NaN. */
  readonly codes: Uint8Array;
  /**
   * Ascending; a value x of the column lies in a bin ≤ b exactly when `x <= thresholds[b]`, so a tree that splits
   * on bins routes any row by comparing its raw value. Empty when the column has at most one distinct value.
   */
  readonly thresholds: Float64Array;
  /** Whether any row is NaN. */
  readonly hasMissing: boolean;
}

/**
 * Bins `values` into at most `maxBins` bins of roughly equal row counts. With no more distinct values than
 * `maxBins` each distinct value gets its own bin, so splits are as exact as sorting; otherwise bins close at
 * quantiles (a value never straddles two bins). Thresholds sit midway between neighbouring values, as CART's do.
 * NaN is missing and gets {@link MISSING_BIN}; ±Infinity are ordinary values.
 *
 * @example binFeature([0.1, 0.3, NaN, 0.3], 64) // codes [0, 1, 255, 1], thresholds [0.2]
 */
export function binFeature(values: ArrayLike<number>, maxBins: number): FeatureBins {
  if (!Number.isInteger(maxBins) || maxBins < 2 || maxBins > MAX_BINS) {
    throw new RunlensError('VALIDATION', `maxBins must be an integer in [2, ${MAX_BINS}] (got ${maxBins})`);
  }
  const n = values.length;
  let finiteCount = 0;
  for (let i = 0; i < n; i++) if (!Number.isNaN(values[i])) finiteCount++;
  const sorted = new Float64Array(finiteCount);
  for (let i = 0, k = 0; i < n; i++) if (!Number.isNaN(values[i])) sorted[k++] = values[i]!;
  sorted.sort();

  const thresholds = quantileThresholds(sorted, maxBins);
  const codes = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const x = values[i]!;
    codes[i] = Number.isNaN(x) ? MISSING_BIN : binOf(x, thresholds);
  }
  return { codes, thresholds, hasMissing: finiteCount < n };
}

function quantileThresholds(sorted: Float64Array, maxBins: number): Float64Array {
  const m = sorted.length;
  let distinct = 0;
  for (let i = 0; i < m; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;
  const out: number[] = [];
  let closed = 0;
  for (let i = 0; i < m - 1 && out.length < maxBins - 1; i++) {
    const a = sorted[i]!;
    const b = sorted[i + 1]!;
    if (a === b) continue;
    // Runs of one repeated value can fill several quantiles at once; closing one bin per boundary keeps every bin
    // non-empty and lets later boundaries catch up.
    if (distinct <= maxBins || i + 1 >= ((closed + 1) * m) / maxBins) {
      out.push(midpoint(a, b));
      closed++;
    }
  }
  return Float64Array.from(out);
}

/** A threshold t with a <= t < b: the midpoint when floating point has one, else a itself (also for ±Infinity). */
function midpoint(a: number, b: number): number {
  const mid = a + (b - a) / 2;
  return mid >= a && mid < b ? mid : a;
}

/** The number of thresholds below x: the first b with x <= thresholds[b]. */
function binOf(x: number, thresholds: Float64Array): number {
  let lo = 0;
  let hi = thresholds.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (x <= thresholds[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
