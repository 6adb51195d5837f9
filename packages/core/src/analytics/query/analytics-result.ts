/** What executing an analytics query gives: rows per run, a table per group and metric, exclusions and warnings. */
import type { ParamValue, RunStatus } from '../../domain/types.js';
import type { AnalyticsQuery, StatisticFunction } from './query-schema.js';

/** One run with one value per metric column (NaN when the run has no usable value). */
export interface AnalyticsRow {
  readonly runId: string;
  readonly name: string;
  readonly project: string;
  readonly group: string;
  readonly status: RunStatus;
  /** The run's value of the query's `groupBy`, as a label: `lr=0.1` for `params.lr`. */
  readonly groupKey: string;
  readonly params: Readonly<Record<string, ParamValue>>;
  /** By column name (see {@link metricColumn}). */
  readonly values: Readonly<Record<string, number>>;
}

/** One group's statistics of one metric column: the functions asked for in `aggregate`. */
export interface AggregateRow {
  readonly group: string;
  readonly metric: string;
  readonly stats: Readonly<Partial<Record<StatisticFunction, number>>>;
  /** t interval of the mean at the query's confidence; present when `ci` was asked for. */
  readonly ci?: { readonly level: number; readonly low: number; readonly high: number };
  /** Seeded percentile bootstrap interval of the mean at the query's confidence; present when `bootstrap-ci` was asked for. */
  readonly bootstrapCi?: { readonly level: number; readonly low: number; readonly high: number; readonly resamples: number; readonly seed: number };
}

/** A run left out of a column (metric not a finite number) or of everything (an outlier). */
export interface ExcludedRun {
  readonly runId: string;
  readonly name: string;
  /** The column it was left out of; null when left out of every column. */
  readonly metric: string | null;
  readonly reason: string;
}

export interface AnalyticsMetadata {
  readonly query: AnalyticsQuery;
  readonly versions: { readonly query: number; readonly runlens: string };
  /** ISO time the query ran. */
  readonly executedAt: string;
  readonly durationMs: number;
  /** Runs the store returned for the selection. */
  readonly runsMatched: number;
  /** Metric column names, in query order. */
  readonly columns: readonly string[];
}

export interface AnalyticsResult {
  readonly rows: readonly AnalyticsRow[];
  readonly aggregated: readonly AggregateRow[];
  readonly excluded: readonly ExcludedRun[];
  readonly warnings: readonly string[];
  readonly metadata: AnalyticsMetadata;
}
