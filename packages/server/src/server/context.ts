import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { EventBus, RunlensEvents } from '@runlens/core';
import type { Store } from '../store/store.js';
import type { ServerMetrics } from './server-metrics.js';

/** The Fastify instance type every route plugin receives: zod schemas give typed requests. */
export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

export interface RouteContext {
  store: Store;
  metrics: ServerMetrics;
  /** The app's event bus: store changes arrive here; routes may publish (e.g. `plot.rendered`). */
  bus: EventBus<RunlensEvents>;
}
