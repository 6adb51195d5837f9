/** WebSocket /api/v1/live over a real socket: subscribers see new runs, points (batched) and status changes. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startServer, type RunningServer } from '../packages/server/src/server/app.js';
import { tempDir } from './helpers/cli.js';

let server: RunningServer;
beforeEach(async () => {
  server = await startServer({ dataDir: tempDir(), port: 0 });
});
afterEach(async () => {
  await server.close();
});

interface Msg {
  type: string;
  runs?: { id: string; status: string }[];
  series?: { run: string; key: string; steps: number[]; values: (number | string)[] }[];
  logs?: { run: string; lines: { line: string }[] }[];
  message?: string;
}

function connect(url: string): Promise<{ ws: WebSocket; messages: Msg[]; waitFor(pred: (m: Msg[]) => boolean): Promise<void> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url.replace('http', 'ws') + '/api/v1/live');
    const messages: Msg[] = [];
    ws.on('message', (d) => messages.push(JSON.parse(d.toString()) as Msg));
    ws.once('error', reject);
    ws.once('open', () =>
      resolve({
        ws,
        messages,
        waitFor: (pred) =>
          new Promise((res, rej) => {
            const t0 = Date.now();
            const tick = () => (pred(messages) ? res() : Date.now() - t0 > 10_000 ? rej(new Error(`timed out; got ${JSON.stringify(messages).slice(0, 500)}`)) : setTimeout(tick, 10));
            tick();
          }),
      }),
    );
  });
}

async function post(path: string, body: unknown, method = 'POST') {
  const res = await fetch(`${server.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return (await res.json()) as { id: string };
}

describe('live updates', () => {
  it('pushes new runs, coalesced points, logs and status changes to project subscribers', async () => {
    const c = await connect(server.url);
    c.ws.send(JSON.stringify({ type: 'subscribe', projects: ['p'] }));
    await c.waitFor((m) => m.some((x) => x.type === 'subscribed'));
    const run = await post('/api/v1/runs', { project: 'p', name: 'live' });
    const other = await post('/api/v1/runs', { project: 'elsewhere' });
    for (let i = 0; i < 20; i++) await post(`/api/v1/runs/${run.id}/metrics`, { points: [{ key: 'loss', step: i, value: i === 13 ? 'NaN' : 1 / (i + 1) }] });
    await post(`/api/v1/runs/${other.id}/metrics`, { points: [{ key: 'loss', step: 0, value: 1 }] });
    await post(`/api/v1/runs/${run.id}/logs`, { lines: [{ line: 'hello from training' }] });
    await post(`/api/v1/runs/${run.id}`, { status: 'completed' }, 'PATCH');
    await c.waitFor((m) => m.some((x) => x.type === 'runs' && x.runs!.some((r) => r.status === 'completed')));
    await c.waitFor((m) => m.filter((x) => x.type === 'points').flatMap((x) => x.series!).flatMap((s) => s.steps).length >= 20);
    const points = c.messages.filter((x) => x.type === 'points').flatMap((x) => x.series!);
    expect(points.every((s) => s.run === run.id)).toBe(true);
    const steps = points.flatMap((s) => s.steps);
    const values = points.flatMap((s) => s.values);
    expect(steps).toEqual([...Array(20).keys()]);
    expect(values[13]).toBe('NaN');
    // 20 writes arrive in fewer messages than writes: the hub batches per tick
    expect(c.messages.filter((x) => x.type === 'points').length).toBeLessThanOrEqual(20);
    expect(c.messages.some((x) => x.type === 'runs' && x.runs!.some((r) => r.id === run.id))).toBe(true);
    expect(c.messages.some((x) => x.type === 'runs' && x.runs!.some((r) => r.id === other.id))).toBe(false);
    await c.waitFor((m) => m.some((x) => x.type === 'logs'));
    expect(c.messages.find((x) => x.type === 'logs')!.logs![0]!.lines[0]!.line).toBe('hello from training');
    c.ws.close();
  });

  it('answers a bad message with an error and keeps the connection', async () => {
    const c = await connect(server.url);
    c.ws.send('not json');
    c.ws.send(JSON.stringify({ type: 'subscribe', projects: 'p' }));
    c.ws.send(JSON.stringify({ type: 'ping' }));
    await c.waitFor((m) => m.some((x) => x.type === 'pong'));
    expect(c.messages.filter((x) => x.type === 'error').length).toBe(2);
    c.ws.close();
  });
});
