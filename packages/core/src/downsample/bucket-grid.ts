import { lowerBoundFrom } from './range-indices.js';

/** Bucket counts are capped so that an unbounded target (points = Infinity) still gives a usable grid. */
const MAX_BUCKETS = 2 ** 30;

/**
 * The equal-width x grid shared by the bucketed downsamplers (min/max, M4 and their block variants).
 *
 * Bucket k is [boundary(k), boundary(k + 1)); the last bucket is closed on the right. A point's bucket is decided
 * by comparing its x with the computed boundaries (division only gives a first guess), so a point whose x is
 * exactly a boundary always lands in the bucket that starts there.
 */
export interface BucketGrid {
  /** Left edge of bucket 0 (finite). */
  lo: number;
  /** Right edge of the last bucket (finite, >= lo). */
  hi: number;
  /** Number of buckets, >= 1. */
  count: number;
  /** hi - lo when that and span * count are finite; NaN when boundaries must be interpolated instead. */
  span: number;
}

/**
 * Builds the grid over [from, to] with `count` buckets. A missing or infinite bound falls back to the first
 * (last) finite x of `xFirst[start..end)` (`xLast`). A zero-width range gets a single bucket.
 */
export function makeBucketGrid(
  xFirst: Float64Array,
  xLast: Float64Array,
  start: number,
  end: number,
  from: number | undefined,
  to: number | undefined,
  count: number,
): BucketGrid {
  let lo = from !== undefined && Number.isFinite(from) ? from : Number.NaN;
  let hi = to !== undefined && Number.isFinite(to) ? to : Number.NaN;
  for (let i = start; Number.isNaN(lo) && i < end; i++) if (Number.isFinite(xFirst[i])) lo = xFirst[i]!;
  for (let i = end - 1; Number.isNaN(hi) && i >= start; i--) if (Number.isFinite(xLast[i])) hi = xLast[i]!;
  // Only non-finite x values in range (an x that is another metric can be ±Inf): one bucket holds them all.
  if (Number.isNaN(lo) || Number.isNaN(hi) || hi <= lo) {
    const at = Number.isNaN(lo) ? 0 : lo;
    return { lo: at, hi: at, count: 1, span: 0 };
  }
  const buckets = Math.min(Math.max(1, count), MAX_BUCKETS);
  const span = hi - lo;
  return { lo, hi, count: buckets, span: Number.isFinite(span * buckets) ? span : Number.NaN };
}

/** Left edge of bucket `k`. Exact for integer grids (e.g. steps), whose boundaries are integers. */
export function bucketBoundary(grid: BucketGrid, k: number): number {
  if (k <= 0) return grid.lo;
  if (k >= grid.count) return grid.hi;
  if (!Number.isNaN(grid.span)) return grid.lo + (grid.span * k) / grid.count;
  // Ranges near ±Number.MAX_VALUE overflow hi - lo; a convex combination of two finite numbers cannot.
  const t = k / grid.count;
  return grid.lo * (1 - t) + grid.hi * t;
}

/** The bucket holding `x`: below lo is bucket 0, above hi the last bucket, NaN bucket 0. */
export function bucketOf(grid: BucketGrid, x: number): number {
  const last = grid.count - 1;
  if (last === 0 || !(x > grid.lo)) return 0;
  if (x >= grid.hi) return last;
  // Halving keeps the subtraction finite on ranges near ±Number.MAX_VALUE.
  const frac = Number.isNaN(grid.span)
    ? (x * 0.5 - grid.lo * 0.5) / (grid.hi * 0.5 - grid.lo * 0.5)
    : (x - grid.lo) / grid.span;
  let k = Math.min(last, Math.max(0, Math.floor(frac * grid.count)));
  // The division can round across a boundary; the boundaries themselves decide.
  while (k < last && bucketBoundary(grid, k + 1) <= x) k++;
  while (k > 0 && bucketBoundary(grid, k) > x) k--;
  return k;
}

/**
 * The end of the bucket that row `s` of the ascending column `xs` falls in: the first row in (s, end) whose x is
 * in a later bucket, or `end`. Walking `s = bucketEnd(...)` visits only non-empty buckets.
 */
export function bucketEnd(grid: BucketGrid, xs: Float64Array, s: number, end: number): number {
  const k = bucketOf(grid, xs[s]!);
  if (k === grid.count - 1) return end;
  return Math.max(s + 1, lowerBoundFrom(xs, bucketBoundary(grid, k + 1), s, end));
}
