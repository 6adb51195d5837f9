/**
 * M4 downsampling (Jugel et al., "M4: A Visualization-Oriented Time Series Data Aggregation", VLDB 2014).
 */
import { appendFound, appendRow, scanBucket } from './bucket-scan.js';
import { bucketEnd, makeBucketGrid } from './bucket-grid.js';
import { checkColumns, checkTarget, gatherRows, sliceColumns } from './columns.js';
import { rangeIndices } from './range-indices.js';
import type { DownsampleOptions, XYColumns } from './types.js';

/**
 * Downsamples to about `opts.points` points with M4: [from, to] (default: the data's extent) is cut into
 * B = max(1, floor(points / 4)) equal-width x buckets (the last one closed on the right), and each bucket
 * contributes its first and last points and the points holding its minimum and maximum (first occurrence on ties),
 * deduplicated and in x order. A line drawn through them is pixel-identical to one drawn through all points when
 * B is the chart's width in pixels. NaN and ±Infinity are handled as in {@link downsampleMinMax}: the first NaN
 * point of each bucket is emitted too.
 *
 * The output is a subsequence of the input rows, sorted by x. When the range holds at most `points` points they are
 * returned as they are (possibly sharing memory with the input).
 *
 * @example downsampleM4(cols, { points: 4000 }) // 1000 pixel columns
 */
export function downsampleM4(cols: XYColumns, opts: DownsampleOptions): XYColumns {
  checkColumns(cols);
  const target = checkTarget(opts.points);
  const [start, end] = rangeIndices(cols.xs, opts.from, opts.to);
  if (end - start <= target) return sliceColumns(cols, start, end);

  const { xs, values } = cols;
  const grid = makeBucketGrid(xs, xs, start, end, opts.from, opts.to, Math.max(1, Math.floor(target / 4)));
  const rows = new Uint32Array(Math.min(end - start, 5 * grid.count));
  const found = new Int32Array(3);
  let n = 0;
  for (let s = start; s < end; ) {
    const e = bucketEnd(grid, xs, s, end);
    scanBucket(values, s, e, found);
    n = appendRow(rows, n, s);
    n = appendFound(rows, n, found);
    n = appendRow(rows, n, e - 1);
    s = e;
  }
  return gatherRows(cols, rows, n);
}
