/** Prometheus metrics of the server (GET /api/v1/metrics), through prom-client. */
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { Store } from '../store/store.js';

export interface ServerMetrics {
  registry: Registry;
  pointsIngested: Counter;
  requests: Counter<'method' | 'status'>;
  liveConnections: Gauge;
}

export function createServerMetrics(store: Store): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'runlens_process_' });
  const pointsIngested = new Counter({ name: 'runlens_points_ingested_total', help: 'Metric points written', registers: [registry] });
  const requests = new Counter({ name: 'runlens_http_requests_total', help: 'HTTP requests by method and status', labelNames: ['method', 'status'] as const, registers: [registry] });
  const liveConnections = new Gauge({ name: 'runlens_live_connections', help: 'Open WebSocket connections', registers: [registry] });
  const stored = new Gauge({
    name: 'runlens_store_objects',
    help: 'Objects in the store by kind',
    labelNames: ['kind'] as const,
    registers: [registry],
    async collect() {
      const s = await store.stats();
      this.set({ kind: 'projects' }, s.projects);
      this.set({ kind: 'runs' }, s.runs);
      this.set({ kind: 'series' }, s.series);
      this.set({ kind: 'points' }, s.points);
    },
  });
  void stored;
  return { registry, pointsIngested, requests, liveConnections };
}
