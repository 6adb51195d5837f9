/**
 * Largest-Triangle-Three-Buckets downsampling (Steinarsson, "Downsampling Time Series for Visual Representation",
 * 2013), with non-finite values kept as gap markers.
 */
import { checkColumns, checkTarget, gatherRows, sliceColumns } from './columns.js';
import { rangeIndices } from './range-indices.js';
import type { DownsampleOptions, XYColumns } from './types.js';

/** Above this magnitude, triangle areas could overflow to Infinity, so coordinates are scaled down first. */
const SAFE_MAGNITUDE = 1e150;

/**
 * Downsamples to about `opts.points` points with LTTB: the points of [from, to] are cut into equal-count buckets
 * and each bucket keeps the point forming the largest triangle with the previously kept point and the next
 * bucket's average. The first and last points of the range are always kept.
 *
 * A point whose value or x is NaN or ±Infinity cannot take part in a triangle: each run of such points is a gap,
 * whose first point is kept at its position (so a chart shows the divergence), and LTTB runs over the finite points
 * with the budget left (at least 2). Without non-finite points, the output has exactly `max(2, points)` points.
 *
 * The output is a subsequence of the input rows, sorted by x. When the range holds at most `points` points they are
 * returned as they are (possibly sharing memory with the input).
 *
 * @example downsampleLttb(cols, { points: 1000 })
 */
export function downsampleLttb(cols: XYColumns, opts: DownsampleOptions): XYColumns {
  checkColumns(cols);
  const target = checkTarget(opts.points);
  const [start, end] = rangeIndices(cols.xs, opts.from, opts.to);
  if (end - start <= target) return sliceColumns(cols, start, end);
  const { xs, values } = cols;

  let finiteCount = 0;
  let gapCount = 0;
  let maxAbsX = 0;
  let maxAbsY = 0;
  let inGap = false;
  for (let i = start; i < end; i++) {
    const x = xs[i]!;
    const v = values[i]!;
    if (Number.isFinite(x) && Number.isFinite(v)) {
      finiteCount++;
      inGap = false;
      const ax = Math.abs(x);
      const ay = Math.abs(v);
      if (ax > maxAbsX) maxAbsX = ax;
      if (ay > maxAbsY) maxAbsY = ay;
    } else if (!inGap) {
      gapCount++;
      inGap = true;
    }
  }

  // Gap markers: the first row of each non-finite run, plus the last row of the range when a run ends the range.
  const markers = new Uint32Array(gapCount + 1);
  let markerCount = 0;
  const finiteRows = gapCount > 0 ? new Uint32Array(finiteCount) : undefined;
  if (finiteRows !== undefined) {
    let f = 0;
    inGap = false;
    for (let i = start; i < end; i++) {
      if (Number.isFinite(xs[i]) && Number.isFinite(values[i])) {
        finiteRows[f++] = i;
        inGap = false;
      } else if (!inGap) {
        markers[markerCount++] = i;
        inGap = true;
      }
    }
    if (markers[markerCount - 1] !== end - 1 && !(Number.isFinite(xs[end - 1]) && Number.isFinite(values[end - 1]))) {
      markers[markerCount++] = end - 1;
    }
  }

  const threshold = Math.max(2, target - markerCount);
  let selected: Uint32Array;
  if (finiteCount <= threshold) {
    // Without gaps this means a target below 2 on a two-point range: both points are the first and last.
    if (finiteRows === undefined) return sliceColumns(cols, start, end);
    selected = finiteRows;
  } else {
    selected = new Uint32Array(threshold);
    const sx = maxAbsX > SAFE_MAGNITUDE ? 1 / maxAbsX : 1;
    const sy = maxAbsY > SAFE_MAGNITUDE ? 1 / maxAbsY : 1;
    lttbSelect(xs, values, finiteRows, start, finiteCount, threshold, sx, sy, selected);
  }
  if (markerCount === 0) return gatherRows(cols, selected, selected.length);
  const rows = new Uint32Array(selected.length + markerCount);
  const n = mergeRows(selected, selected.length, markers, markerCount, rows);
  return gatherRows(cols, rows, n);
}

/**
 * Runs LTTB over m logical points, point k being row `rows[k]`, or `base + k` when `rows` is undefined (no gaps:
 * no index array is built). Writes `threshold` rows to `out`. x and y are multiplied by sx and sy, which scales
 * every area by the same factor and so keeps the choice unchanged while preventing overflow.
 */
function lttbSelect(
  xs: Float64Array,
  values: Float64Array,
  rows: Uint32Array | undefined,
  base: number,
  m: number,
  threshold: number,
  sx: number,
  sy: number,
  out: Uint32Array,
): void {
  const every = (m - 2) / (threshold - 2);
  let a = rows === undefined ? base : rows[0]!;
  out[0] = a;
  for (let i = 0; i < threshold - 2; i++) {
    const avgStart = Math.floor((i + 1) * every) + 1;
    const avgEnd = Math.min(Math.floor((i + 2) * every) + 1, m);
    let avgX = 0;
    let avgY = 0;
    for (let k = avgStart; k < avgEnd; k++) {
      const r = rows === undefined ? base + k : rows[k]!;
      avgX += xs[r]! * sx;
      avgY += values[r]! * sy;
    }
    const len = avgEnd - avgStart;
    avgX /= len;
    avgY /= len;

    const ax = xs[a]! * sx;
    const ay = values[a]! * sy;
    const rangeStart = Math.floor(i * every) + 1;
    const rangeEnd = Math.floor((i + 1) * every) + 1;
    let maxArea = -1;
    let chosen = rows === undefined ? base + rangeStart : rows[rangeStart]!;
    for (let k = rangeStart; k < rangeEnd; k++) {
      const r = rows === undefined ? base + k : rows[k]!;
      // Twice the triangle's area; the factor does not change which point wins.
      const area = Math.abs((ax - avgX) * (values[r]! * sy - ay) - (ax - xs[r]! * sx) * (avgY - ay));
      if (area > maxArea) {
        maxArea = area;
        chosen = r;
      }
    }
    out[i + 1] = chosen;
    a = chosen;
  }
  out[threshold - 1] = rows === undefined ? base + m - 1 : rows[m - 1]!;
}

/** Merges two ascending, disjoint row lists into `out`. Returns the merged length. */
function mergeRows(a: Uint32Array, na: number, b: Uint32Array, nb: number, out: Uint32Array): number {
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < na && j < nb) out[n++] = a[i]! < b[j]! ? a[i++]! : b[j++]!;
  while (i < na) out[n++] = a[i++]!;
  while (j < nb) out[n++] = b[j++]!;
  return n;
}
