import { z } from 'zod';
import {
  ErrorSchema,
  MetricsBatchBody,
  RunIdSchema,
  RunlensError,
  SeriesQuery,
  SeriesResultSchema,
  SeriesSummarySchema,
  type SeriesResult,
} from '@runlens/core';
import type { App, RouteContext } from '../context.js';
import { metricsBatchToWrites } from '../../ingest/metrics-batch.js';
import { metricsValidatorCompiler } from '../../ingest/metrics-validator.js';
import { readSeriesForChart } from '../../query/read-series.js';
import { toWireSummary } from '../wire.js';

const IdParams = z.object({ id: RunIdSchema });
/** Most (run, key) pairs one /series request may ask for. */
const MAX_SERIES_PER_READ = 5_000;

export async function metricRoutes(app: App, { store, metrics }: RouteContext): Promise<void> {
  app.post('/api/v1/runs/:id/metrics', {
    schema: {
      tags: ['metrics'],
      summary: 'Log a batch of metric points',
      description: 'Rows (`points`) or columns (`series`). All-or-nothing: a bad item rejects the whole batch with 400 naming the item and field. A repeated (run, key, step) replaces the earlier value. NaN and ±Infinity travel as the strings "NaN", "Infinity", "-Infinity".',
      params: IdParams,
      body: MetricsBatchBody,
      response: { 200: z.object({ written: z.number() }), 400: ErrorSchema, 404: ErrorSchema, 413: ErrorSchema },
    },
    validatorCompiler: metricsValidatorCompiler,
  }, async (req) => {
    const writes = metricsBatchToWrites(req.body, Date.now());
    const result = await store.appendPoints(req.params.id, writes);
    metrics.pointsIngested.inc(result.written);
    return result;
  });

  app.get('/api/v1/runs/:id/metrics', {
    schema: {
      tags: ['metrics'],
      summary: 'Metric keys of a run with their summaries',
      params: IdParams,
      response: { 200: z.object({ metrics: z.array(SeriesSummarySchema) }), 404: ErrorSchema },
    },
  }, async (req) => ({ metrics: (await store.listSeries(req.params.id)).map(toWireSummary) }));

  app.get('/api/v1/series', {
    schema: {
      tags: ['metrics'],
      summary: 'Read series of several runs and keys, downsampled server-side',
      description: 'Columnar arrays per (run, key). `method=minmax` (default) keeps the true min and max of every bucket so spikes survive; `m4` adds first/last; `lttb` keeps the visual shape; `none` returns every point. Absent (run, key) pairs are left out.',
      querystring: SeriesQuery,
      response: { 200: z.object({ series: z.array(SeriesResultSchema) }), 400: ErrorSchema, 404: ErrorSchema },
    },
  }, async (req) => {
    const q = req.query;
    const runIds = [...new Set(q.runs.split(',').map((s) => s.trim()).filter(Boolean))];
    const keys = [...new Set(q.keys.split(',').map((s) => s.trim()).filter(Boolean))];
    if (runIds.length * keys.length > MAX_SERIES_PER_READ) {
      throw new RunlensError('VALIDATION', `asked for ${runIds.length} runs × ${keys.length} keys; at most ${MAX_SERIES_PER_READ} series per request`, { field: 'runs' });
    }
    if (q.from !== undefined && q.to !== undefined && q.from > q.to) {
      throw new RunlensError('VALIDATION', `from (${q.from}) is after to (${q.to})`, { field: 'from' });
    }
    const out: SeriesResult[] = [];
    for (const id of runIds) {
      const run = await store.getRun(id);
      if (!run) throw new RunlensError('NOT_FOUND', `run ${id} not found`, { run: id });
      for (const key of keys) {
        const r = await readSeriesForChart(store, run, key, { x: q.x, from: q.from, to: q.to, points: q.points, method: q.method });
        if (r) out.push(r);
      }
    }
    return { series: out };
  });
}
