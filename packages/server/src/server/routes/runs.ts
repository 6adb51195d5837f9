import { z } from 'zod';
import {
  CreateRunBody,
  ErrorSchema,
  ListRunsQuery,
  PatchRunBody,
  RunIdSchema,
  RunSchema,
  RunlensError,
  parseFilter,
  parseSort,
} from '@runlens/core';
import { createRunInput, updateRunInput } from '../../ingest/request-bodies.js';
import type { App, RouteContext } from '../context.js';
import { toWireRun } from '../wire.js';

const IdParams = z.object({ id: RunIdSchema });

export async function runRoutes(app: App, { store }: RouteContext): Promise<void> {
  app.post('/api/v1/runs', {
    schema: {
      tags: ['runs'],
      summary: 'Create a run',
      description: 'Creates a run (and its project if new). With a client-chosen `id` that exists already, returns that run with 200 instead of 201: retries and offline sync never duplicate a run.',
      body: CreateRunBody,
      response: { 200: RunSchema, 201: RunSchema, 400: ErrorSchema, 409: ErrorSchema },
    },
  }, async (req, reply) => {
    const { run, created } = await store.createRun(createRunInput(req.body));
    return reply.status(created ? 201 : 200).send(toWireRun(run));
  });

  app.get('/api/v1/runs', {
    schema: {
      tags: ['runs'],
      summary: 'List runs',
      description: 'Filter with the runlens filter language (e.g. `params.lr > 1e-3 and metrics.val_loss.min < 2`), sort by any field, page with the returned cursor.',
      querystring: ListRunsQuery,
      response: { 200: z.object({ runs: z.array(RunSchema), nextCursor: z.string().nullable(), total: z.number() }), 400: ErrorSchema },
    },
  }, async (req) => {
    const q = req.query;
    const filter = q.filter ? parseFilter(q.filter) : undefined;
    const sort = q.sort ? parseSort(q.sort) : [];
    const page = await store.listRuns({ project: q.project, filter, sort, limit: q.limit, cursor: q.cursor });
    return { runs: page.runs.map(toWireRun), nextCursor: page.nextCursor, total: page.total };
  });

  app.get('/api/v1/runs/:id', {
    schema: { tags: ['runs'], summary: 'Get a run', params: IdParams, response: { 200: RunSchema, 404: ErrorSchema } },
  }, async (req) => {
    const run = await store.getRun(req.params.id);
    if (!run) throw new RunlensError('NOT_FOUND', `run ${req.params.id} not found`);
    return toWireRun(run);
  });

  app.patch('/api/v1/runs/:id', {
    schema: {
      tags: ['runs'],
      summary: 'Update a run',
      description: 'Status, params (merged), tags (replaced), notes, explicit summary values (merged), end time, exit code, error; `heartbeat: true` only records a heartbeat.',
      params: IdParams,
      body: PatchRunBody,
      response: { 200: RunSchema, 400: ErrorSchema, 404: ErrorSchema },
    },
  }, async (req) => {
    return toWireRun(await store.updateRun(req.params.id, updateRunInput(req.body, Date.now())));
  });

  app.delete('/api/v1/runs/:id', {
    schema: { tags: ['runs'], summary: 'Delete a run and all its data', params: IdParams, response: { 204: z.null(), 404: ErrorSchema } },
  }, async (req, reply) => {
    await store.deleteRun(req.params.id);
    return reply.status(204).send(null);
  });
}
