/** The shape every `analyze` kind shares, so the CLI and the routes dispatch through one table. */
import type { Run } from '@runlens/core';
import type { AnalyticsSource } from './analytics-source.js';
import type { AnalyzeRequest } from './analyze-request.js';

export const ANALYZE_KINDS = ['stats', 'outliers', 'failures', 'compare', 'importance', 'curves', 'report'] as const;
export type AnalyzeKind = (typeof ANALYZE_KINDS)[number];

/** What a kind reads: the request, the runs its selection matched (loaded once), and the source for points. */
export interface AnalyzeContext {
  readonly request: AnalyzeRequest;
  /** With the handler's `metricKeys`, their `metrics` hold those keys only (and may hold more). */
  readonly runs: readonly Run[];
  readonly runsMatched: number;
  readonly source: AnalyticsSource;
}

/** CSV forms of a kind's answer (RFC 4180, NaN as `NaN`), for `--format csv` and `--format csv-rows`. */
export interface CsvForms {
  /** The table the terminal shows (stats: a line per metric and group; compare: the ranking). */
  readonly table: string;
  /** One line per run: attributes, params and the metric values the analysis used. */
  readonly rows: string;
}

/** A kind's answer: JSON data (numbers may be NaN; encoded at the edge), and the same for a terminal. */
export interface AnalyzeOutput {
  readonly data: Record<string, unknown>;
  readonly warnings: readonly string[];
  readonly text: string;
  /** Present for kinds whose answer is a table (stats, compare). */
  readonly csv?: CsvForms;
  /** A Markdown form, for `--format markdown`: the report itself, and the stats result (core's `resultToMarkdown`). */
  readonly markdown?: string;
}

export interface AnalyzeKindHandler {
  readonly description: string;
  /**
   * The metric keys this kind reads from the runs' `metrics` (and `summary`) for `request`, so that only those
   * series summaries are loaded (ListRunsOptions.metricKeys); empty: none. Absent, or undefined: every metric (the
   * kind picks a default metric from them, or reads them all).
   */
  metricKeys?(request: AnalyzeRequest): readonly string[] | undefined;
  run(ctx: AnalyzeContext): Promise<AnalyzeOutput>;
}
