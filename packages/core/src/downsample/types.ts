/**
 * Inputs and outputs of server-side downsampling. Hot paths stay columnar (typed arrays).
 */

/** Raw points of one series, sorted by x ascending (ties allowed). NaN values are real values. */
export interface XYColumns {
  /** The x axis (step, time, relative time or another metric), ascending. */
  xs: Float64Array;
  values: Float64Array;
  /** Carried through so a downsampled point still knows its step and wall time. */
  steps: Float64Array;
  times: Float64Array;
}

/**
 * Pre-aggregated blocks of consecutive points (the store keeps one per ~128 points of a chunk), sorted by step.
 * min/max are over non-NaN values (NaN when the block is all NaN); stepOfMin/Max and timeOfMin/Max locate them.
 */
export interface PointBlocks {
  stepFirst: Float64Array;
  stepLast: Float64Array;
  timeFirst: Float64Array;
  timeLast: Float64Array;
  count: Float64Array;
  nanCount: Float64Array;
  min: Float64Array;
  max: Float64Array;
  stepOfMin: Float64Array;
  stepOfMax: Float64Array;
  timeOfMin: Float64Array;
  timeOfMax: Float64Array;
  firstValue: Float64Array;
  lastValue: Float64Array;
}

export interface DownsampleOptions {
  /** Target number of output points (about; min/max emits up to 2 per bucket, M4 up to 4). */
  points: number;
  /** x range to bucket over; defaults to the data's extent. */
  from?: number;
  to?: number;
}
