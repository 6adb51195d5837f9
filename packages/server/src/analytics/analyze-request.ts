/** The body of POST /api/v1/analytics/<kind>, which the CLI's `analyze` flags also build. */
import { z } from 'zod';
import { AGGREGATE_FUNCTIONS, DEFAULT_MAX_RUNS, METRIC_REDUCTIONS, RunSelectionSchema } from '@runlens/core';

export const AnalyzeRequestSchema = z.object({
  runs: RunSelectionSchema.default({}),
  metric: z.string().min(1).optional().meta({
    description: 'Metric studied (stats accepts a comma-separated list). Default: a validation loss if one is logged',
  }),
  reduce: z.enum(METRIC_REDUCTIONS).default('last'),
  step: z.number().int().optional().meta({ description: 'Step of reduce at-step (the last point at or before it); an error with any other reduce' }),
  groupBy: z.string().min(1).default('group').meta({ description: "'group', 'project', params.<key> or a bare param name (lr)" }),
  direction: z.enum(['lower', 'higher']).optional().meta({
    description: 'Which way the metric improves. Default: guessed from its name (loss/error lower, accuracy higher)',
  }),
  test: z.enum(['welch', 'mann-whitney']).default('welch'),
  method: z.enum(['iqr', 'zscore', 'modified-zscore']).default('iqr').meta({ description: 'Outlier method' }),
  threshold: z.number().positive().optional().meta({ description: 'Outlier threshold (k for iqr)' }),
  confidence: z.number().gt(0).lt(1).default(0.95),
  aggregate: z.array(z.enum(AGGREGATE_FUNCTIONS)).min(1).optional().meta({
    description: 'Statistics of the stats table (count mean std variance sem median min max p5 p25 p75 p95 ci bootstrap-ci); default count mean std median min max ci',
  }),
  includeFailed: z.boolean().default(false).meta({ description: 'Keep failed and crashed runs in metric statistics' }),
  maxRuns: z.number().int().positive().max(1_000_000).default(DEFAULT_MAX_RUNS),
});
export type AnalyzeRequest = z.infer<typeof AnalyzeRequestSchema>;
export type AnalyzeRequestInput = z.input<typeof AnalyzeRequestSchema>;
