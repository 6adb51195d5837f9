import { z } from 'zod';
import type { App, RouteContext } from '../context.js';
import { RUNLENS_VERSION } from '../../version.js';

export async function healthRoutes(app: App, { store, metrics }: RouteContext): Promise<void> {
  const started = Date.now();
  app.get('/api/v1/health', {
    schema: {
      tags: ['server'],
      summary: 'Liveness and store counts',
      response: { 200: z.object({ status: z.literal('ok'), version: z.string(), uptimeMs: z.number(), store: z.object({ projects: z.number(), runs: z.number(), series: z.number(), points: z.number() }) }) },
    },
  }, async () => ({ status: 'ok' as const, version: RUNLENS_VERSION, uptimeMs: Date.now() - started, store: await store.stats() }));

  app.get('/api/v1/metrics', {
    schema: { tags: ['server'], summary: 'Prometheus metrics (text exposition format)', produces: ['text/plain'] },
  }, async (_req, reply) => {
    reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}
