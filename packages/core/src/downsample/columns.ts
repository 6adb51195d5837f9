/**
 * Checks, slicing and gathering of XYColumns shared by the downsamplers.
 */
import { RunlensError } from '../errors.js';
import { rangeIndices } from './range-indices.js';
import type { DownsampleOptions, XYColumns } from './types.js';

/** Throws when the four columns differ in length: every row needs an x, a value, a step and a time. */
export function checkColumns(cols: XYColumns): void {
  const n = cols.xs.length;
  if (cols.values.length !== n || cols.steps.length !== n || cols.times.length !== n) {
    throw new RunlensError(
      'VALIDATION',
      `columns differ in length: xs ${n}, values ${cols.values.length}, ` +
        `steps ${cols.steps.length}, times ${cols.times.length}`,
    );
  }
}

/**
 * The target point count as a whole number. Infinity means "no limit"; NaN and negative targets are rejected.
 */
export function checkTarget(points: number): number {
  if (Number.isNaN(points) || points < 0) {
    throw new RunlensError('VALIDATION', `invalid points: ${points} (expected a number >= 0)`);
  }
  return Math.floor(points);
}

/** Rows [start, end) as views sharing memory with `cols`, or `cols` itself when that is every row. */
export function sliceColumns(cols: XYColumns, start: number, end: number): XYColumns {
  if (start === 0 && end === cols.xs.length) return cols;
  return {
    xs: cols.xs.subarray(start, end),
    values: cols.values.subarray(start, end),
    steps: cols.steps.subarray(start, end),
    times: cols.times.subarray(start, end),
  };
}

/**
 * The points of `cols` whose x lies in [opts.from, opts.to], unchanged (the `none` method). The result may share
 * memory with the input; copy it before mutating either.
 */
export function selectRange(cols: XYColumns, opts: Omit<DownsampleOptions, 'points'> = {}): XYColumns {
  checkColumns(cols);
  const [start, end] = rangeIndices(cols.xs, opts.from, opts.to);
  return sliceColumns(cols, start, end);
}

/** New columns holding the rows `rows[0..n)` of `cols`, in that order. */
export function gatherRows(cols: XYColumns, rows: Uint32Array, n: number): XYColumns {
  const xs = new Float64Array(n);
  const values = new Float64Array(n);
  const steps = new Float64Array(n);
  const times = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const r = rows[j]!;
    xs[j] = cols.xs[r]!;
    values[j] = cols.values[r]!;
    steps[j] = cols.steps[r]!;
    times[j] = cols.times[r]!;
  }
  return { xs, values, steps, times };
}
