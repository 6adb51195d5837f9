/**
 * The runlens HTTP server: REST under /api/v1, OpenAPI at /api/openapi.json with docs at /docs, WebSocket live
 * updates at /api/v1/live, and the dashboard (web-ui.ts) at / and its client routes.
 */
import { join } from 'node:path';
import Fastify from 'fastify';
import websocket from '@fastify/websocket';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { EventBus, LIMITS, RunlensError, type PluginRegistry, type RunlensEvents } from '@runlens/core';
import { SqliteStore } from '../store/sqlite-store.js';
import type { Store } from '../store/store.js';
import { installAuth, isLoopback } from './auth.js';
import type { App } from './context.js';
import { installErrorHandler } from './error-handler.js';
import { LiveHub } from './live-hub.js';
import { createServerMetrics } from './server-metrics.js';
import { healthRoutes } from './routes/health.js';
import { histogramRoutes } from './routes/histograms.js';
import { tensorRoutes } from './routes/tensors.js';
import { importRoutes } from './routes/import.js';
import { analyticsRoutes } from './routes/analytics.js';
import { liveRoutes } from './routes/live.js';
import { logRoutes } from './routes/logs.js';
import { metricRoutes } from './routes/metrics.js';
import { projectRoutes } from './routes/projects.js';
import { runRoutes } from './routes/runs.js';
import { plotRoutes } from './routes/plots.js';
import { PipelineCache, type PipelineCacheOptions } from '../plots/pipeline-cache.js';
import { dashboardRoutes } from './routes/dashboards.js';
import { DEFAULT_WEB_DIR, webUiRoutes } from './web-ui.js';
import { RUNLENS_VERSION } from '../version.js';
import { writeServerLock } from '../ingest/server-lock.js';
import { publishStoreEvents } from '../ingest/store-events-to-bus.js';
import type { PlotSettings } from '../plots/plot-request.js';

export const DEFAULT_PORT = 7878;
export const DEFAULT_HOST = '127.0.0.1';
/** A running run with no heartbeat for this long becomes `crashed`. */
export const DEFAULT_HEARTBEAT_TIMEOUT_MS = 120_000;

export interface AppOptions {
  store: Store;
  token?: string | undefined;
  logger?: boolean;
  heartbeatTimeoutMs?: number;
  /** Interval of the live hub's batched pushes. */
  liveIntervalMs?: number;
  /** Built dashboard files (packages/web's Vite output). Default: `assets/web` of this package. */
  webDir?: string;
  /** Plugins for plot rendering; default the built-in registry. */
  registry?: PluginRegistry;
  /** Cache of plot series reads (memory, optionally disk). Default: 256 MiB in memory, no disk tier. */
  plotCache?: PipelineCacheOptions;
  /**
   * The config's plot defaults and user themes, read on every render (so a config reload applies to the next one).
   * Default: built-in themes only, echarts, 800×500.
   */
  plotSettings?: () => PlotSettings;
}

export interface BuiltApp {
  app: App;
  hub: LiveHub;
  /** The app's one event bus (store changes, plot renders, config reloads); caches subscribe here. */
  bus: EventBus<RunlensEvents>;
  /** Plot series reads, cached; invalidated through the bus. */
  plotCache: PipelineCache;
  close(): Promise<void>;
}

export async function buildApp(options: AppOptions): Promise<BuiltApp> {
  const app = Fastify({
    logger: options.logger ? { level: 'info' } : false,
    bodyLimit: LIMITS.maxBodyBytes,
    // ids in URLs are ULIDs, keys are in query strings: nothing needs long params
    routerOptions: { maxParamLength: 200 },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  // Responses are built from typed objects already; validating megabyte series responses against zod on every
  // request would cost more than the read. Response schemas still document the API in OpenAPI.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  installErrorHandler(app);
  const store = options.store;
  const metrics = createServerMetrics(store);
  app.addHook('onResponse', async (req, reply) => {
    metrics.requests.inc({ method: req.method, status: String(reply.statusCode) });
  });
  if (options.token) installAuth(app, options.token);

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'runlens API',
        version: RUNLENS_VERSION,
        description: 'Track, query and analyse machine-learning training runs. Metric values NaN/±Infinity travel as the strings "NaN", "Infinity", "-Infinity". Errors are {"error": {"code", "message", "details"}}.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: options.token ? [{ bearer: [] }] : [],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.register(websocket, { options: { maxPayload: 1024 * 1024 } });

  const bus = new EventBus<RunlensEvents>({ onError: (err, info) => app.log.error({ err, event: info.event, handler: info.handler }, 'event handler failed') });
  const stopStoreEvents = publishStoreEvents(store, bus);
  const hub = new LiveHub(bus, options.liveIntervalMs ?? 50);
  const ctx = { store, metrics, bus };
  await app.register(projectRoutes, ctx);
  await app.register(runRoutes, ctx);
  await app.register(metricRoutes, ctx);
  await app.register(logRoutes, ctx);
  await app.register(histogramRoutes, ctx);
  await app.register(tensorRoutes, ctx);
  await app.register(importRoutes, ctx);
  await app.register(analyticsRoutes, ctx);
  const plotCache = new PipelineCache({ ...options.plotCache, onError: (err) => app.log.warn({ err }, 'plot cache') });
  const stopPlotCache = plotCache.subscribeTo(bus);
  await app.register(plotRoutes, { ...ctx, registry: options.registry, plotCache, plotSettings: options.plotSettings });
  await app.register(dashboardRoutes, ctx);
  await app.register(healthRoutes, ctx);
  await app.register(webUiRoutes, { webDir: options.webDir ?? DEFAULT_WEB_DIR });
  await app.register(liveRoutes, { hub, metrics });

  const timeout = options.heartbeatTimeoutMs ?? DEFAULT_HEARTBEAT_TIMEOUT_MS;
  const sweep = setInterval(() => {
    store.markCrashed(Date.now() - timeout).catch((err: unknown) => app.log.error({ err }, 'heartbeat sweep failed'));
  }, Math.max(50, Math.min(15_000, timeout / 4)));
  sweep.unref();

  await app.ready();
  return {
    app,
    hub,
    bus,
    plotCache,
    async close() {
      clearInterval(sweep);
      stopStoreEvents();
      stopPlotCache();
      await plotCache.flush();
      hub.close();
      bus.clear();
      await app.close();
    },
  };
}

export interface StartServerOptions {
  dataDir: string;
  port?: number;
  host?: string;
  token?: string | undefined;
  heartbeatTimeoutMs?: number;
  logger?: boolean;
  /** Plot cache sizes; the disk tier defaults to `cache/` in the data directory. */
  cache?: { memoryMb: number; diskMb: number; dir?: string | undefined };
  /** Plugins for plot rendering (the built-ins plus the config's plugins); default the built-in registry. */
  registry?: PluginRegistry;
  /** The config's plot defaults and user themes, read on every render: see {@link AppOptions.plotSettings}. */
  plotSettings?: () => PlotSettings;
}

export interface RunningServer {
  url: string;
  port: number;
  store: SqliteStore;
  app: App;
  bus: EventBus<RunlensEvents>;
  close(): Promise<void>;
}

/** Opens the embedded store in `dataDir` and listens. Port 0 picks a free port. */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const host = options.host ?? DEFAULT_HOST;
  if (!isLoopback(host) && !options.token) {
    throw new RunlensError('FORBIDDEN', `binding to ${host} exposes the server beyond this machine: set a token with --token or RUNLENS_TOKEN`);
  }
  const store = new SqliteStore({ dataDir: options.dataDir });
  let built: BuiltApp;
  try {
    const cache = options.cache;
    built = await buildApp({
      store,
      token: options.token,
      logger: options.logger ?? false,
      heartbeatTimeoutMs: options.heartbeatTimeoutMs,
      ...(options.registry ? { registry: options.registry } : {}),
      ...(options.plotSettings ? { plotSettings: options.plotSettings } : {}),
      ...(cache
        ? {
            plotCache: {
              maxMemoryBytes: cache.memoryMb * 1024 * 1024,
              maxDiskBytes: cache.diskMb * 1024 * 1024,
              dir: cache.diskMb > 0 ? (cache.dir ?? join(options.dataDir, 'cache')) : undefined,
            },
          }
        : {}),
    });
    await built.app.listen({ port: options.port ?? DEFAULT_PORT, host });
  } catch (e) {
    await store.close();
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') throw new RunlensError('UNAVAILABLE', `port ${options.port} is in use: pick another with --port, or stop the other server`);
    throw e;
  }
  const address = built.app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port ?? DEFAULT_PORT;
  const shownHost = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  const url = `http://${shownHost}:${port}`;
  // a wildcard bind is reachable from this machine on loopback
  const localUrl = host === '0.0.0.0' || host === '::' ? `http://127.0.0.1:${port}` : url;
  const releaseLock = options.dataDir === ':memory:' ? () => undefined : writeServerLock(options.dataDir, localUrl);
  return {
    url,
    port,
    store,
    app: built.app,
    bus: built.bus,
    async close() {
      releaseLock();
      await built.close();
      await store.close();
    },
  };
}
