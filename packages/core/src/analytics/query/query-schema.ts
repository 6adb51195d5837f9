/**
 * The JSON form of an analytics query: what `analytics()...toJSON()` builds, what POST /api/v1/analytics/query
 * takes and what the CLI assembles from its flags. One schema validates all three.
 */
import { z } from 'zod';
import { RUN_STATUSES } from '../../domain/types.js';
import { metricSelectionProblem } from './check-query.js';

/** How one series becomes one number per run. `last|min|max|first` come from the stored series summary. */
export const METRIC_REDUCTIONS = ['last', 'first', 'min', 'max', 'mean', 'at-step'] as const;
export type MetricReduction = (typeof METRIC_REDUCTIONS)[number];

/**
 * Statistics of the aggregated table. `p5`…`p95` are percentiles (NumPy's linear method); `ci` adds the t interval of
 * the mean at `confidence`, `bootstrap-ci` a seeded percentile bootstrap interval of the mean (seed 0, 2,000 resamples).
 */
export const AGGREGATE_FUNCTIONS = [
  'count', 'mean', 'std', 'variance', 'sem', 'median', 'min', 'max', 'p5', 'p25', 'p75', 'p95', 'ci', 'bootstrap-ci',
] as const;
export type AggregateFunction = (typeof AGGREGATE_FUNCTIONS)[number];
/** The aggregate functions that give one number (not an interval). */
export type StatisticFunction = Exclude<AggregateFunction, 'ci' | 'bootstrap-ci'>;
/** Whether `f` gives one number, for the columns of tables and CSV. */
export const isStatisticFunction = (f: AggregateFunction): f is StatisticFunction => f !== 'ci' && f !== 'bootstrap-ci';

/** Query version: bumped when a saved query would mean something else. */
export const ANALYTICS_QUERY_VERSION = 1;

/** Default most runs a query loads; more gives a warning and the first this many (by the store's order). */
export const DEFAULT_MAX_RUNS = 100_000;

export const MetricSelectionSchema = z.object({
  key: z.string().min(1).max(500).meta({ description: 'Metric key, e.g. val/loss' }),
  context: z.enum(['series', 'summary']).default('series').meta({
    description: 'series: reduce the logged series; summary: the run\'s final value (explicit summary, else last), with reduce last only',
  }),
  reduce: z.enum(METRIC_REDUCTIONS).default('last').meta({
    description: 'last|first|min|max use stored summaries; mean and at-step read the series points',
  }),
  step: z.number().int().optional().meta({ description: 'Step for reduce at-step (the last point at or before it); an error with any other reduce' }),
}).superRefine((m, ctx) => {
  const problem = metricSelectionProblem(m);
  if (problem) ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.message });
});
export type MetricSelection = z.infer<typeof MetricSelectionSchema>;

export const OutlierExclusionSchema = z.object({
  metric: z.string().min(1).meta({ description: 'Column the rule judges: a metric key (or its column name)' }),
  method: z.enum(['iqr', 'zscore', 'modified-zscore']).default('iqr'),
  threshold: z.number().positive().optional().meta({ description: 'k for iqr (1.5), threshold for the z-scores (3, 3.5)' }),
});
export type OutlierExclusion = z.infer<typeof OutlierExclusionSchema>;

// an empty list would select no run at all: a mistake, not a question (leave the key out to select every run)
const EMPTY_LIST = 'an empty list selects no run: leave the key out to select every run';
export const RunSelectionSchema = z.object({
  projects: z.array(z.string().min(1)).min(1, EMPTY_LIST).optional(),
  groups: z.array(z.string()).min(1, EMPTY_LIST).optional(),
  status: z.array(z.enum(RUN_STATUSES)).min(1, EMPTY_LIST).optional(),
  filter: z.string().max(100_000).optional().meta({ description: 'Filter language, see docs/filter-language.md' }),
});
export type RunSelection = z.infer<typeof RunSelectionSchema>;

export const AnalyticsQuerySchema = z.object({
  version: z.literal(ANALYTICS_QUERY_VERSION).default(ANALYTICS_QUERY_VERSION),
  runs: RunSelectionSchema.default({}),
  metrics: z.array(MetricSelectionSchema).max(200).default([]),
  excludeOutliers: z.array(OutlierExclusionSchema).default([]),
  groupBy: z.string().min(1).default('group').meta({ description: "'group', 'project', or a param as params.<key> or its bare name (lr)" }),
  aggregate: z.array(z.enum(AGGREGATE_FUNCTIONS)).default(['count', 'mean', 'std', 'ci']),
  confidence: z.number().gt(0).lt(1).default(0.95),
  includeFailed: z.boolean().default(false).meta({
    description: 'Keep failed and crashed runs in the metric statistics. Default false: their last values are not final results',
  }),
  maxRuns: z.number().int().positive().max(1_000_000).default(DEFAULT_MAX_RUNS),
});
/** A validated query with every default filled in. */
export type AnalyticsQuery = z.infer<typeof AnalyticsQuerySchema>;
/** A query as written by hand or sent over HTTP, defaults left out. */
export type AnalyticsQueryInput = z.input<typeof AnalyticsQuerySchema>;
