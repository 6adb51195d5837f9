/** Domain types shared by the store, the server, the clients' wire format and the dashboard. */

export const RUN_STATUSES = ['running', 'completed', 'failed', 'killed', 'crashed'] as const;
/** `crashed` means the heartbeat was lost; the others are reported by the run itself (or its wrapper). */
export type RunStatus = (typeof RUN_STATUSES)[number];

/** A flattened, typed param value. Nested config is flattened to dot keys (`optimizer.lr`). */
export type ParamValue = number | string | boolean | null;
export type Params = Record<string, ParamValue>;

/**
 * How an analysis treats a param: `numeric` as ordered numbers (thresholds, rank tests, splits on the value),
 * `categorical` as unordered levels. Each analysis documents which values it counts as numeric.
 */
export type ParamKind = 'numeric' | 'categorical';

export interface Project {
  name: string;
  description: string;
  tags: string[];
  createdAt: number;
  /** Number of runs in the project (filled by list queries). */
  runCount?: number;
}

/** Per-series summary, maintained on every write. Values may be NaN/±Infinity (encoded on the wire). */
export interface SeriesSummary {
  key: string;
  count: number;
  first: number;
  last: number;
  /** Min/max over non-NaN values; NaN when every value is NaN. */
  min: number;
  max: number;
  firstStep: number;
  lastStep: number;
  nanCount: number;
  /** Wall time (ms since epoch) of the last point. */
  lastTime: number;
}

export interface Run {
  /** Sortable id (ULID, 26 chars Crockford base32). */
  id: string;
  project: string;
  name: string;
  /** Runs that differ only by seed share a group (a trial). Defaults to a hash of the params minus seed keys. */
  group: string;
  status: RunStatus;
  params: Params;
  tags: string[];
  notes: string;
  /** ms since epoch */
  startTime: number;
  endTime: number | null;
  heartbeat: number;
  exitCode: number | null;
  error: string | null;
  command: string | null;
  cwd: string | null;
  gitCommit: string | null;
  gitDirty: boolean | null;
  host: string | null;
  /** Final metrics: explicitly logged summary values override each series' last value. */
  summary: Record<string, number>;
  /** Per-series summaries (min/max/last/...), keyed by metric key. */
  metrics: Record<string, SeriesSummary>;
}

/** One metric point as a row (the edges of the system); hot paths use columnar `SeriesColumns`. */
export interface MetricPoint {
  key: string;
  step: number;
  value: number;
  /** ms since epoch; defaults to the server's receive time */
  time?: number;
}

/** Columnar points of one series, sorted by step. */
export interface SeriesColumns {
  steps: Float64Array;
  values: Float64Array;
  times: Float64Array;
}

export const LOG_STREAMS = ['stdout', 'stderr'] as const;
export type LogStream = (typeof LOG_STREAMS)[number];

export interface LogLine {
  /** Monotonic per-run sequence number, for `after=` paging. */
  seq: number;
  time: number;
  stream: LogStream;
  line: string;
}
