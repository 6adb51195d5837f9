/**
 * Publishes what the store durably wrote on the app's event bus, so that the writers (REST routes, imports, the
 * heartbeat sweep) never know who listens: the live hub and the plot cache subscribe to the bus.
 */
import type { EventBus, RunlensEvents } from '@runlens/core';
import type { Store } from '../store/store.js';

/** Starts forwarding `store` events to `bus`; returns the function that stops it. */
export function publishStoreEvents(store: Store, bus: EventBus<RunlensEvents>): () => void {
  return store.onEvent((e) => {
    switch (e.type) {
      case 'run.created':
        void bus.publish('run.created', { run: e.run });
        break;
      case 'run.updated':
        void bus.publish('run.updated', { run: e.run });
        break;
      case 'run.deleted':
        void bus.publish('run.deleted', { runId: e.runId, project: e.project });
        break;
      case 'points.appended': {
        let count = 0;
        for (const s of e.series) count += s.steps.length;
        void bus.publish('points.appended', { runId: e.runId, project: e.project, keys: e.series.map((s) => s.key), count, series: e.series });
        break;
      }
      case 'logs.appended':
        void bus.publish('logs.appended', { runId: e.runId, project: e.project, lines: e.lines });
        break;
    }
  });
}
