import { z } from 'zod';
import { AnalyticsQuerySchema, ErrorSchema, toWireJson } from '@runlens/core';
import type { App, RouteContext } from '../context.js';
import { ANALYZE_KINDS } from '../../analytics/analyze-kind.js';
import { AnalyzeRequestSchema } from '../../analytics/analyze-request.js';
import { storeAnalyticsSource } from '../../analytics/analytics-source.js';
import { executeQuery } from '../../analytics/execute-query.js';
import { analyzeResponseJson, runAnalyze } from '../../analytics/run-analyze.js';

const Wire = z.union([z.number(), z.literal('NaN'), z.literal('Infinity'), z.literal('-Infinity')]);

const AnalyticsResultSchema = z.object({
  rows: z.array(z.object({
    runId: z.string(),
    name: z.string(),
    project: z.string(),
    group: z.string(),
    status: z.string(),
    groupKey: z.string(),
    params: z.record(z.string(), z.unknown()),
    values: z.record(z.string(), Wire),
  })),
  aggregated: z.array(z.object({
    group: z.string(),
    metric: z.string(),
    stats: z.record(z.string(), Wire),
    ci: z.object({ level: Wire, low: Wire, high: Wire }).optional(),
    bootstrapCi: z.object({ level: Wire, low: Wire, high: Wire, resamples: Wire, seed: Wire }).optional(),
  })),
  excluded: z.array(z.object({ runId: z.string(), name: z.string(), metric: z.string().nullable(), reason: z.string() })),
  warnings: z.array(z.string()),
  metadata: z.object({
    query: z.record(z.string(), z.unknown()),
    versions: z.object({ query: Wire, runlens: z.string() }),
    executedAt: z.string(),
    durationMs: Wire,
    runsMatched: Wire,
    columns: z.array(z.string()),
  }),
});

const AnalyzeResponseSchema = z.looseObject({
  kind: z.enum(ANALYZE_KINDS),
  warnings: z.array(z.string()),
  metadata: z.object({
    runsMatched: Wire,
    filter: z.string().nullable(),
    runlensVersion: z.string(),
    executedAt: z.string(),
    durationMs: Wire,
  }),
}).meta({ description: 'Fields per kind are listed in docs/analytics.md; NaN and ±Infinity as strings' });

export async function analyticsRoutes(app: App, { store }: RouteContext): Promise<void> {
  const source = storeAnalyticsSource(store);

  app.post('/api/v1/analytics/query', {
    schema: {
      tags: ['analytics'],
      summary: 'Run an analytics query',
      description: 'The JSON form of the fluent query builder: run selection (pushed down to the store), metric columns and their per-run reduction, outlier exclusion, grouping and aggregation. Summaries answer last/first/min/max without reading points.',
      body: AnalyticsQuerySchema,
      response: { 200: AnalyticsResultSchema, 400: ErrorSchema },
    },
  }, async (req) => toWireJson(await executeQuery(req.body, source)));

  app.post('/api/v1/analytics/:kind', {
    schema: {
      tags: ['analytics'],
      summary: 'Run one analysis: stats | outliers | failures | compare | importance | curves | report',
      params: z.object({ kind: z.enum(ANALYZE_KINDS) }),
      body: AnalyzeRequestSchema,
      response: { 200: AnalyzeResponseSchema, 400: ErrorSchema, 404: ErrorSchema },
    },
  }, async (req) => analyzeResponseJson(await runAnalyze(req.params.kind, req.body, source)));
}
