import { z } from 'zod';
import { ErrorSchema, HistogramsBatchBody, RunIdSchema, TextsBatchBody, WireValueSchema, encodeColumn } from '@runlens/core';
import type { App, RouteContext } from '../context.js';
import { histogramWrites, textWrites } from '../../ingest/request-bodies.js';

const IdParams = z.object({ id: RunIdSchema });
const HistogramsRead = z.union([
  z.object({ keys: z.array(z.object({ key: z.string(), count: z.number() })) }),
  z.object({ histograms: z.array(z.object({ key: z.string(), step: z.number(), time: z.number(), edges: z.array(WireValueSchema), counts: z.array(z.number()) })) }),
]);
const TextsRead = z.object({ texts: z.array(z.object({ key: z.string(), step: z.number(), time: z.number(), text: z.string() })) });
const KeyQuery = z.object({ key: z.string().optional().meta({ description: 'Only this key; without it, histograms: the keys with counts' }) });

export async function histogramRoutes(app: App, { store }: RouteContext): Promise<void> {
  app.post('/api/v1/runs/:id/histograms', {
    schema: {
      tags: ['histograms'],
      summary: 'Log histograms (bucket edges and counts) per key and step',
      description: 'A repeated (run, key, step) replaces the earlier histogram. Outer edges may be "-Infinity"/"Infinity".',
      params: IdParams,
      body: HistogramsBatchBody,
      response: { 200: z.object({ written: z.number() }), 400: ErrorSchema, 404: ErrorSchema },
    },
  }, async (req) => {
    return { written: await store.appendHistograms(req.params.id, histogramWrites(req.body, Date.now())) };
  });

  app.get('/api/v1/runs/:id/histograms', {
    schema: { tags: ['histograms'], summary: 'Histogram keys of a run, or the histograms of one key by step', params: IdParams, querystring: KeyQuery, response: { 200: HistogramsRead, 404: ErrorSchema } },
  }, async (req) => {
    if (req.query.key === undefined) return { keys: await store.histogramKeys(req.params.id) };
    const hs = await store.readHistograms(req.params.id, req.query.key);
    return { histograms: hs.map((h) => ({ key: h.key, step: h.step, time: h.time, edges: encodeColumn(h.edges), counts: Array.from(h.counts) })) };
  });

  app.post('/api/v1/runs/:id/texts', {
    schema: {
      tags: ['histograms'],
      summary: 'Log text values per key and step (TensorBoard text summaries, samples)',
      params: IdParams,
      body: TextsBatchBody,
      response: { 200: z.object({ written: z.number() }), 400: ErrorSchema, 404: ErrorSchema },
    },
  }, async (req) => {
    return { written: await store.appendTexts(req.params.id, textWrites(req.body, Date.now())) };
  });

  app.get('/api/v1/runs/:id/texts', {
    schema: { tags: ['histograms'], summary: 'Text values of a run', params: IdParams, querystring: KeyQuery, response: { 200: TextsRead, 404: ErrorSchema } },
  }, async (req) => ({ texts: await store.readTexts(req.params.id, req.query.key) }));
}
