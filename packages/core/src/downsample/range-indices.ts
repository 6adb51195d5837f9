/**
 * Binary searches over an ascending x column. Callers guarantee the order; NaN x values are not supported.
 */

/** First index in [lo, hi) whose x is >= `x` (hi when none is). */
export function lowerBound(xs: Float64Array, x: number, lo = 0, hi = xs.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index in [lo, hi) whose x is > `x` (hi when none is). */
export function upperBound(xs: Float64Array, x: number, lo = 0, hi = xs.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Like {@link lowerBound}, but gallops forward from `lo` first, so walking a sorted column bucket by bucket costs
 * O(log bucket size) per bucket instead of O(log n).
 */
export function lowerBoundFrom(xs: Float64Array, x: number, lo: number, hi: number): number {
  let step = 1;
  let prev = lo;
  let probe = lo;
  while (probe < hi && xs[probe]! < x) {
    prev = probe + 1;
    probe = lo + step;
    step *= 2;
  }
  return lowerBound(xs, x, prev, Math.min(probe, hi));
}

/**
 * The index range `[start, end)` of the points whose x lies in `[from, to]` (both inclusive; a missing bound is
 * open). `from > to` or a NaN bound gives an empty range.
 *
 * @example rangeIndices(Float64Array.of(0, 1, 2, 3), 1, 2) // [1, 3]
 */
export function rangeIndices(xs: Float64Array, from?: number, to?: number): [start: number, end: number] {
  if (Number.isNaN(from) || Number.isNaN(to)) return [0, 0];
  const start = from === undefined ? 0 : lowerBound(xs, from);
  const end = to === undefined ? xs.length : upperBound(xs, to, start);
  return [start, Math.max(start, end)];
}
