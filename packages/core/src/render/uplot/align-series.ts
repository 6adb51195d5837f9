/**
 * uPlot's data model: one shared x column, the union of every series' x values. A value that several points of one
 * series share (the corner of a step line) gets as many slots as the series with the most points there needs.
 * Each series fills its own slots and leaves `undefined` elsewhere (bridged); its `null`s (gaps) stay `null`.
 *
 * Many series with x values of their own (min/max-downsampled runs each keep the steps of their extremes) make a
 * union of up to series × points x values, and uPlot walks the whole union for every series on every draw: 100 runs
 * of 1,400 points are 140k rows × 100 columns, a third of a second per frame. Drawn, nothing is finer than a pixel
 * column; so, given the plot's pixel columns, when the series have more than 2 points per column in all, each x
 * inside the plot becomes the smallest x of its pixel column (a real x of the data, so integer steps stay integers). A series'
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

/**
 * The union and each point's index in it, with the x values snapped to the smallest x of their pixel column. One
 * pass over the points, no sort of the whole union: the columns are already in order.
 */
function snapToColumns(series: readonly SeriesPoints[], pixels: PixelColumns): { union: Float64Array; at: Int32Array[] } {
  const { column, columns } = pixels;
  const smallest = new Float64Array(columns).fill(Number.NaN);
  const off: number[] = [];
  // plain loops: Int32Array.from with a map function is several times slower in V8
  const cols = series.map((s) => {
    const out = new Int32Array(s.x.length);
    for (let i = 0; i < s.x.length; i++) {
      const x = s.x[i]!;
      const c = column(x);
      if (c >= 0 && c < columns) {
        out[i] = c;
        if (!(smallest[c]! <= x)) smallest[c] = x;
      } else {
        out[i] = -1;
        off.push(x);
      }
    }
    return out;
  });
  const values: number[] = [...off];
  for (let c = 0; c < columns; c++) if (!Number.isNaN(smallest[c]!)) values.push(smallest[c]!);
  const union = distinctSorted(Float64Array.from(values));
  const indexOfColumn = new Int32Array(columns).fill(-1);
  for (let c = 0; c < columns; c++) if (!Number.isNaN(smallest[c]!)) indexOfColumn[c] = indexOf(union, smallest[c]!);
  const at = cols.map((cs, n) => {
    const xs = series[n]!.x;
    for (let i = 0; i < cs.length; i++) cs[i] = cs[i]! >= 0 ? indexOfColumn[cs[i]!]! : indexOf(union, xs[i]!);
    return cs;
  });
  return { union, at };
}

export function alignSeries(input: readonly SeriesPoints[], pixels?: PixelColumns): UplotAlignedData {
  let total = 0;
  for (const s of input) total += s.x.length;
  let union: Float64Array;
  let at: Int32Array[];
  // more points than 2 per pixel column: x finer than a pixel is snapped (below that, the x values stay exact)
  if (pixels && input.length > 1 && total > 2 * pixels.columns) {
    ({ union, at } = snapToColumns(input, pixels));
  } else {
    const all = new Float64Array(total);
    let o = 0;
    for (const s of input) for (const x of s.x) all[o++] = x;
    const u = distinctSorted(all);
    union = u;
    at = input.map((s) => {
      const idx = new Int32Array(s.x.length);
      for (let i = 0; i < s.x.length; i++) idx[i] = indexOf(u, s.x[i]!);
      return idx;
    });
  }
  // slots per distinct x: the most points any one series has there
  const slots = new Int32Array(union.length);
  const count = new Int32Array(union.length);
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
  const columns = input.map((s, n) => {
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
