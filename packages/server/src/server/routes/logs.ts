import { z } from 'zod';
import { ErrorSchema, LIMITS, LOG_STREAMS, LogsBatchBody, LogsQuery, RunIdSchema } from '@runlens/core';
import type { App, RouteContext } from '../context.js';
import { logLines } from '../../ingest/request-bodies.js';

const IdParams = z.object({ id: RunIdSchema });
const LogLineSchema = z.object({ seq: z.number(), time: z.number(), stream: z.enum(LOG_STREAMS), line: z.string() });

export async function logRoutes(app: App, { store }: RouteContext): Promise<void> {
  app.post('/api/v1/runs/:id/logs', {
    schema: {
      tags: ['logs'],
      summary: 'Append stdout/stderr lines',
      description: `Lines longer than ${LIMITS.maxLogLineLength} characters are cut and end with "…[truncated]".`,
      params: IdParams,
      body: LogsBatchBody,
      response: { 200: z.object({ written: z.number() }), 400: ErrorSchema, 404: ErrorSchema },
    },
  }, async (req) => {
    return { written: await store.appendLogs(req.params.id, logLines(req.body, Date.now())) };
  });

  app.get('/api/v1/runs/:id/logs', {
    schema: {
      tags: ['logs'],
      summary: 'Read log lines after a sequence number, optionally searching',
      params: IdParams,
      querystring: LogsQuery,
      response: { 200: z.object({ lines: z.array(LogLineSchema) }), 404: ErrorSchema },
    },
  }, async (req) => ({ lines: await store.readLogs(req.params.id, req.query) }));
}
