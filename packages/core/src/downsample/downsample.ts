/**
 * One entry point for the raw-point downsamplers, picked by method name.
 */
import { RunlensError } from '../errors.js';
import type { DownsampleMethod } from '../schemas/api.js';
import { selectRange } from './columns.js';
import { downsampleLttb } from './lttb.js';
import { downsampleM4 } from './m4.js';
import { downsampleMinMax } from './minmax.js';
import type { DownsampleOptions, XYColumns } from './types.js';

/** A raw-point downsampler: pure, deterministic, output rows a subsequence of the input rows. */
export type Downsampler = (cols: XYColumns, opts: DownsampleOptions) => XYColumns;

/** The downsampler of each method; `none` only selects [from, to]. */
export const DOWNSAMPLERS: Readonly<Record<DownsampleMethod, Downsampler>> = {
  minmax: downsampleMinMax,
  m4: downsampleM4,
  lttb: downsampleLttb,
  none: selectRange,
};

/**
 * Downsamples `cols` with `method` (see {@link downsampleMinMax}, {@link downsampleM4}, {@link downsampleLttb});
 * `none` returns the points of [from, to] unchanged. Throws a VALIDATION error for an unknown method.
 *
 * @example downsample(cols, 'minmax', { points: 1000, from: 0, to: 50_000 })
 */
export function downsample(cols: XYColumns, method: DownsampleMethod, opts: DownsampleOptions): XYColumns {
  // Callers from JavaScript or untyped JSON can pass any string; a prototype key must not resolve to a function.
  if (!Object.hasOwn(DOWNSAMPLERS, method)) {
    throw new RunlensError('VALIDATION', `unknown downsample method: ${String(method)} (minmax | m4 | lttb | none)`);
  }
  return DOWNSAMPLERS[method](cols, opts);
}
