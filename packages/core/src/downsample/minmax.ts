/**
 * Min/max downsampling: per equal-width x bucket, the points holding the bucket's true minimum and maximum.
 */
import { appendFound, appendRow, scanBucket } from './bucket-scan.js';
import { bucketEnd, makeBucketGrid } from './bucket-grid.js';
import { checkColumns, checkTarget, gatherRows, sliceColumns } from './columns.js';
import { rangeIndices } from './range-indices.js';
import type { DownsampleOptions, XYColumns } from './types.js';

/**
 * Downsamples to about `opts.points` points while keeping every spike: [from, to] (default: the data's extent) is
 * cut into B = max(1, floor(points / 2)) equal-width x buckets (the last one closed on the right), and each bucket
 * contributes the point holding its minimum and the one holding its maximum (first occurrence on ties; one point
 * when they coincide). NaN values are skipped by min/max, but the first NaN point of each bucket is emitted too, so
 * a chart can show the gap. ±Infinity are ordinary values. The first and last points of the range are always kept.
 *
 * The output is a subsequence of the input rows, sorted by x, of at most 3B + 2 points. When the range holds at
 * most `points` points they are returned as they are (possibly sharing memory with the input).
 *
 * @example downsampleMinMax(cols, { points: 2000 }) // ≤ 1000 buckets × (min, max)
 */
export function downsampleMinMax(cols: XYColumns, opts: DownsampleOptions): XYColumns {
  checkColumns(cols);
  const target = checkTarget(opts.points);
  const [start, end] = rangeIndices(cols.xs, opts.from, opts.to);
  if (end - start <= target) return sliceColumns(cols, start, end);

  const { xs, values } = cols;
  const grid = makeBucketGrid(xs, xs, start, end, opts.from, opts.to, Math.max(1, Math.floor(target / 2)));
  const rows = new Uint32Array(Math.min(end - start, 3 * grid.count + 2));
  const found = new Int32Array(3);
  let n = appendRow(rows, 0, start);
  for (let s = start; s < end; ) {
    const e = bucketEnd(grid, xs, s, end);
    scanBucket(values, s, e, found);
    n = appendFound(rows, n, found);
    s = e;
  }
  n = appendRow(rows, n, end - 1);
  return gatherRows(cols, rows, n);
}
