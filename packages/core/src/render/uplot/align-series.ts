/**
 * uPlot's data model: one shared x column, the union of every series' x values. A value that several points of one
 * series share (the corner of a step line) gets as many slots as the series with the most points there needs.
 * Each series fills its own slots and leaves `undefined` elsewhere (bridged); its `null`s (gaps) stay `null`.
 *
 * Many series with x values of their own (min/max-downsampled runs each keep the steps of their extremes) make a
 * union of up to series × points x values, and uPlot walks the whole union for every series on every draw: 100 runs
 * of 1,400 points are 140k rows × 100 columns, a third of a second per frame. Drawn, nothing is finer than a pixel
 * column; so, given the plot's pixel columns, when the union has more than 2 x values per column each x inside the
 * plot becomes the smallest x of its pixel column (a real x of the data, so integer steps stay integers). A series'
 * points in one column keep their order in that column's slots, so its vertical extent there is still drawn. x
 * values off the plot (or that `column` cannot place, such as x ≤ 0 on a log axis) are kept as they are.
 */
import type { UplotAlignedData } from './uplot-types.js';

/** One series' points in drawing order (x never decreases for lines and areas; points may come in any order). */
export interface SeriesPoints {
  x: number[];
  y: (number | null)[];
}

/** The plot's pixel columns: `column(x)` is x's column, in 0 … columns − 1 when x is on the plot. */
export interface PixelColumns {
  column: (x: number) => number;
  columns: number;
}

/** Sorted distinct values. */
function distinctSorted(values: Float64Array): Float64Array {
  values.sort();
  let n = 0;
  for (let i = 0; i < values.length; i++) if (i === 0 || values[i] !== values[n - 1]) values[n++] = values[i]!;
  return values.subarray(0, n);
}

/** Index of `x` in the sorted `xs` (which holds it). */
function indexOf(xs: Float64Array, x: number): number {
  let lo = 0;
  let hi = xs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Each x of `union` (sorted) mapped to the smallest x of its pixel column; off-plot x kept. */
function snapper(union: Float64Array, pixels: PixelColumns): (x: number) => number {
  const smallest = new Float64Array(pixels.columns).fill(Number.NaN);
  for (const x of union) {
    const c = pixels.column(x);
    if (c >= 0 && c < pixels.columns && Number.isNaN(smallest[c]!)) smallest[c] = x;
  }
  return (x) => {
    const c = pixels.column(x);
    return c >= 0 && c < pixels.columns ? smallest[c]! : x;
  };
}

export function alignSeries(input: readonly SeriesPoints[], pixels?: PixelColumns): UplotAlignedData {
  let total = 0;
  for (const s of input) total += s.x.length;
  const all = new Float64Array(total);
  let o = 0;
  for (const s of input) for (const x of s.x) all[o++] = x;
  let union = distinctSorted(all);
  let series = input;
  if (pixels && input.length > 1 && union.length > 2 * pixels.columns) {
    const snap = snapper(union, pixels);
    series = input.map((s) => ({ x: s.x.map(snap), y: s.y }));
    // the snap is monotone, so the snapped union is still sorted
    const snapped = new Float64Array(union.length);
    for (let i = 0; i < union.length; i++) snapped[i] = snap(union[i]!);
    union = distinctSorted(snapped);
  }
  // slots per distinct x: the most points any one series has there
  const slots = new Int32Array(union.length);
  const count = new Int32Array(union.length);
  const at = series.map((s) => Int32Array.from(s.x, (x) => indexOf(union, x)));
  for (const idx of at) {
    for (const i of idx) count[i]!++;
    for (const i of idx) {
      if (count[i]! > slots[i]!) slots[i] = count[i]!;
      count[i] = 0;
    }
  }
  const first = new Int32Array(union.length);
  const aligned: number[] = [];
  for (let i = 0; i < union.length; i++) {
    first[i] = aligned.length;
    for (let k = 0; k < slots[i]!; k++) aligned.push(union[i]!);
  }
  const columns = series.map((s, n) => {
    const column = new Array<number | null | undefined>(aligned.length).fill(undefined);
    const idx = at[n]!;
    for (let p = 0; p < idx.length; p++) {
      const i = idx[p]!;
      column[first[i]! + count[i]!] = s.y[p] ?? null;
      count[i]!++;
    }
    for (const i of idx) count[i] = 0;
    return column;
  });
  return [aligned, ...columns];
}
