/** The columnar frame data-pipeline processors read and write: one series, points in x order. */
export interface SeriesFrame {
  readonly x: Float64Array;
  readonly y: Float64Array;
  /** Wall time (ms since epoch) of each point, when known: time-weighted smoothing uses it. */
  readonly t?: Float64Array | undefined;
}
