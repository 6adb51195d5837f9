import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Store } from '../store/store.js';
import type { ServerMetrics } from './server-metrics.js';

/** The Fastify instance type every route plugin receives: zod schemas give typed requests. */
export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

export interface RouteContext {
  store: Store;
  metrics: ServerMetrics;
}
