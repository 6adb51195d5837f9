import { LiveClientMessage } from '@runlens/core';
import type { App } from '../context.js';
import type { LiveHub } from '../live-hub.js';
import type { ServerMetrics } from '../server-metrics.js';

/**
 * WebSocket `/api/v1/live`. Client → server: `{"type":"subscribe","projects":["p"],"runs":["id"]}` (project "*"
 * means everything), `unsubscribe`, `ping`. Server → client: `hello`, `runs` (created/changed runs), `deleted`,
 * `points` (new points per run and key, columnar, NaN as strings), `logs`, `resync` (fell behind: refetch),
 * `pong`, `error`.
 */
export async function liveRoutes(app: App, { hub, metrics }: { hub: LiveHub; metrics: ServerMetrics }): Promise<void> {
  app.get('/api/v1/live', { websocket: true, schema: { tags: ['live'], summary: 'WebSocket of run changes and new points' } }, (socket) => {
    const sub = hub.add(socket);
    metrics.liveConnections.inc();
    socket.send(JSON.stringify({ type: 'hello', interval: 50 }));
    socket.on('message', (raw: Buffer) => {
      let msg: LiveClientMessage;
      try {
        const parsed = LiveClientMessage.safeParse(JSON.parse(raw.toString('utf8')));
        if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? 'invalid message');
        msg = parsed.data;
      } catch (e) {
        socket.send(JSON.stringify({ type: 'error', message: `bad message: ${(e as Error).message}; expected {"type":"subscribe","projects":[...],"runs":[...]}` }));
        return;
      }
      if (msg.type === 'ping') socket.send(JSON.stringify({ type: 'pong' }));
      else if (msg.type === 'subscribe') {
        hub.subscribe(sub, msg.projects, msg.runs);
        socket.send(JSON.stringify({ type: 'subscribed', projects: [...sub.projects], runs: [...sub.runs] }));
      } else hub.unsubscribeFrom(sub, msg.projects, msg.runs);
    });
    socket.on('close', () => {
      hub.remove(sub);
      metrics.liveConnections.dec();
    });
  });
}
