/**
 * The storage contract. Narrow and async so a PostgreSQL store can implement it and pass the same conformance
 * suite (`store-conformance.ts`) as the embedded SQLite store.
 */
import type {
  LogLine,
  LogStream,
  Params,
  Project,
  Run,
  RunStatus,
  SeriesColumns,
  SeriesSummary,
} from '@runlens/core';
import type { Dashboard, DashboardInput, DashboardSummary, FilterNode, FiniteReport, PointBlocks, SortField, TensorDtype } from '@runlens/core';
import type { BlockLevel } from './chunk-codec.js';

export interface CreateRunInput {
  id?: string;
  project: string;
  name?: string;
  group?: string;
  /** Already flattened and typed. */
  params?: Params;
  tags?: string[];
  notes?: string;
  status?: RunStatus;
  startTime?: number;
  command?: string;
  cwd?: string;
  gitCommit?: string;
  gitDirty?: boolean;
  host?: string;
}

export interface UpdateRunInput {
  name?: string;
  status?: RunStatus;
  /** Merged by key into the run's params. */
  params?: Params;
  tags?: string[];
  notes?: string;
  /** Merged by key into the explicit summary. */
  summary?: Record<string, number>;
  endTime?: number;
  exitCode?: number | null;
  error?: string | null;
  /** Heartbeat time to record (ms since epoch). */
  heartbeat?: number;
}

/** Points for one series in a write batch: any order, duplicates allowed (the last one for a step wins). */
export interface SeriesWrite {
  key: string;
  steps: ArrayLike<number>;
  values: ArrayLike<number>;
  times: ArrayLike<number>;
}

export interface HistogramWrite {
  key: string;
  step: number;
  time: number;
  /** Ascending, counts.length + 1 entries. */
  edges: ArrayLike<number>;
  counts: ArrayLike<number>;
}

export interface StoredHistogram {
  key: string;
  step: number;
  time: number;
  edges: Float64Array;
  counts: Float64Array;
}

export interface TextWrite {
  key: string;
  step: number;
  time: number;
  text: string;
}

/** One tensor snapshot to store. `values` are finite (NaN/Inf already replaced and counted in `finite`). */
export interface TensorWrite {
  name: string;
  step: number;
  time: number;
  /** How the values are kept on disk; float16 halves the size. */
  dtype: TensorDtype;
  rows: number;
  cols: number;
  values: Float32Array;
  labels?: string[] | undefined;
  finite: FiniteReport;
}

export interface StoredTensor extends Omit<TensorWrite, 'labels'> {
  labels: string[] | null;
}

/** A tensor name of a run with its snapshots' steps (ascending) and the latest shape. */
export interface TensorSeriesInfo {
  name: string;
  steps: number[];
  dtype: TensorDtype;
  rows: number;
  cols: number;
}

export interface ListRunsOptions {
  project?: string;
  filter?: FilterNode;
  sort?: SortField[];
  limit?: number;
  /** Opaque cursor returned by a previous page. */
  cursor?: string;
  /**
   * Only these series keys: each run's `metrics` holds the summaries of those of these keys it has (unknown keys
   * are left out; an empty list gives empty `metrics`), and its `summary` the explicit values plus these keys' last
   * values, so `summary[k]` is unchanged for every listed `k`. Filter, sort and paging are unaffected: they see
   * every series. Omitted: every series (the default). For readers that need one or two metrics of many runs
   * (analytics), where reading every series summary is most of the cost.
   */
  metricKeys?: readonly string[];
}

export interface RunPage {
  runs: Run[];
  nextCursor: string | null;
  total: number;
}

/** Block aggregates of a step range, for downsampling without reading raw points. */
export type SeriesBlocks = PointBlocks;

export interface AppendResult {
  /** Points written (after dropping in-batch duplicates). */
  written: number;
}

/** What changed, for the live hub and caches. Emitted after the write is durable. */
export type StoreEvent =
  | { type: 'run.created'; run: Run }
  | { type: 'run.updated'; run: Run }
  | { type: 'run.deleted'; runId: string; project: string }
  | { type: 'points.appended'; runId: string; project: string; series: { key: string; steps: Float64Array; values: Float64Array; times: Float64Array }[] }
  | { type: 'logs.appended'; runId: string; project: string; lines: LogLine[] };

export interface ReadLogsOptions {
  /** Lines with seq > after (default -1: from the first). */
  after?: number;
  /** Lines with seq < before (default: to the last). */
  before?: number;
  /** Case-insensitive substring search. */
  q?: string;
  /** Most lines returned (default 1000). */
  limit?: number;
  /** The last `limit` lines of the range instead of the first (a terminal opening at the end). */
  tail?: boolean;
}

export interface Store {
  /** Creates a project if missing (idempotent); returns it. */
  ensureProject(name: string, description?: string, tags?: string[]): Promise<Project>;
  listProjects(): Promise<Project[]>;

  /** Creates a run. With an `id` that exists already, returns the existing run unchanged (idempotent). */
  createRun(input: CreateRunInput): Promise<{ run: Run; created: boolean }>;
  getRun(id: string): Promise<Run | undefined>;
  updateRun(id: string, patch: UpdateRunInput): Promise<Run>;
  deleteRun(id: string): Promise<void>;
  /** A page of runs; with `metricKeys`, runs carry only those series summaries (see ListRunsOptions). */
  listRuns(options: ListRunsOptions): Promise<RunPage>;
  /** Marks `running` runs whose heartbeat is older than `before` as `crashed`; returns them. */
  markCrashed(before: number): Promise<Run[]>;

  /** Appends/upserts a batch of points to one run, atomically: all of it is stored, or nothing. */
  appendPoints(runId: string, series: SeriesWrite[]): Promise<AppendResult>;
  listSeries(runId: string): Promise<SeriesSummary[]>;
  /** Raw points of one series in [fromStep, toStep], sorted by step. Undefined if the series does not exist. */
  readSeries(runId: string, key: string, fromStep?: number, toStep?: number): Promise<SeriesColumns | undefined>;
  /**
   * Block aggregates over [fromStep, toStep]; blocks at the edges may extend past the range. `coarse` blocks cover
   * up to 512 points each (long ranges), `fine` up to 32 (buckets of a few hundred points). Default coarse.
   */
  readBlocks(runId: string, key: string, fromStep?: number, toStep?: number, level?: BlockLevel): Promise<SeriesBlocks | undefined>;

  /** Upserts histograms by (key, step), atomically. */
  appendHistograms(runId: string, items: HistogramWrite[]): Promise<number>;
  /** Histograms of one key, by step; without a key, the keys with their counts. */
  readHistograms(runId: string, key: string): Promise<StoredHistogram[]>;
  histogramKeys(runId: string): Promise<{ key: string; count: number }[]>;
  /** Upserts text values by (key, step), atomically. */
  appendTexts(runId: string, items: TextWrite[]): Promise<number>;
  readTexts(runId: string, key?: string): Promise<TextWrite[]>;

  /**
   * Stores one tensor snapshot, replacing one at the same (name, step), then thins the name's snapshots to at most
   * `keep` (first and last always kept; the snapshot whose removal leaves the smallest step gap goes first), in one
   * transaction. Returns the steps removed.
   */
  appendTensor(runId: string, tensor: TensorWrite, keep: number): Promise<{ removed: number[] }>;
  listTensors(runId: string): Promise<TensorSeriesInfo[]>;
  /**
   * One snapshot: the given step, or the latest without one; undefined when absent. Series are read one snapshot at
   * a time (a series can be far larger than memory).
   */
  readTensor(runId: string, name: string, step?: number): Promise<StoredTensor | undefined>;

  appendLogs(runId: string, lines: { line: string; stream: LogStream; time: number }[]): Promise<number>;
  /** Log lines with after < seq < before, oldest first: the first `limit` of them, or with `tail` the last. */
  readLogs(runId: string, options: ReadLogsOptions): Promise<LogLine[]>;

  /** Saves a new dashboard (a validated spec) under a fresh id. */
  createDashboard(input: DashboardInput): Promise<Dashboard>;
  getDashboard(id: string): Promise<Dashboard | undefined>;
  /** Every dashboard, most recently updated first. */
  listDashboards(): Promise<DashboardSummary[]>;
  /** Replaces name, description and spec; throws NOT_FOUND for an unknown id. */
  updateDashboard(id: string, input: DashboardInput): Promise<Dashboard>;
  /** Deletes a dashboard; false when there was none. */
  deleteDashboard(id: string): Promise<boolean>;

  /** Subscribe to changes; returns an unsubscribe function. */
  onEvent(listener: (e: StoreEvent) => void): () => void;
  /** Counts for /metrics and /health. */
  stats(): Promise<{ projects: number; runs: number; series: number; points: number }>;
  close(): Promise<void>;
}
