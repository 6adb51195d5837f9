import { afterEach, describe, expect, it } from 'vitest';
import { EventBus, type RunlensEvents } from '@runlens/core';
import { SqliteStore } from '../store/sqlite-store.js';
import { buildApp, type BuiltApp } from '../server/app.js';
import { publishStoreEvents } from './store-events-to-bus.js';

type Seen = { [K in keyof RunlensEvents]: [K, RunlensEvents[K]] }[keyof RunlensEvents];

function record(bus: EventBus<RunlensEvents>): Seen[] {
  const seen: Seen[] = [];
  for (const name of ['run.created', 'run.updated', 'run.deleted', 'points.appended', 'logs.appended'] as const) {
    bus.on(name, (payload) => void seen.push([name, payload] as Seen));
  }
  return seen;
}

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

describe('publishStoreEvents', () => {
  it('publishes run and point writes on the bus with keys and counts, and stops when asked', async () => {
    const store = new SqliteStore({ dataDir: ':memory:' });
    cleanup.push(() => store.close());
    const bus = new EventBus<RunlensEvents>();
    const seen = record(bus);
    const stop = publishStoreEvents(store, bus);
    const { run } = await store.createRun({ project: 'p', name: '<script>x</script>' });
    await store.appendPoints(run.id, [
      { key: 'loss', steps: [0, 1, 2], values: [3, NaN, 1], times: [1, 2, 3] },
      { key: 'acc', steps: [0], values: [0.5], times: [1] },
    ]);
    await store.updateRun(run.id, { status: 'completed' });
    await store.appendLogs(run.id, [{ line: 'hello', stream: 'stdout', time: 5 }]);
    await store.deleteRun(run.id);
    expect(seen.map(([name]) => name)).toEqual(['run.created', 'points.appended', 'run.updated', 'logs.appended', 'run.deleted']);
    const points = seen[1]![1] as RunlensEvents['points.appended'];
    expect(points).toMatchObject({ runId: run.id, project: 'p', keys: ['loss', 'acc'], count: 4 });
    expect(Array.from(points.series[0]!.values)).toEqual([3, NaN, 1]);
    expect((seen[0]![1] as RunlensEvents['run.created']).run.name).toBe('<script>x</script>');
    stop();
    await store.createRun({ project: 'p' });
    expect(seen).toHaveLength(5);
  });

  it('a failing subscriber is reported and neither fails the write nor starves the live hub', async () => {
    const store = new SqliteStore({ dataDir: ':memory:' });
    const built: BuiltApp = await buildApp({ store });
    cleanup.push(() => store.close(), () => built.close());
    const errors: string[] = [];
    built.bus.on('run.created', () => { throw new Error('broken cache'); }, { priority: 100 });
    built.bus.on('run.created', () => void errors.push('still called'));
    const res = await built.app.inject({ method: 'POST', url: '/api/v1/runs', payload: { project: 'p', name: 'r' } });
    expect(res.statusCode).toBe(201);
    expect(errors).toEqual(['still called']);

    // the live hub hears about writes through the bus
    const sent: string[] = [];
    const sub = built.hub.add({ send: (d) => void sent.push(d), bufferedAmount: 0 });
    built.hub.subscribe(sub, ['p']);
    const id = res.json<{ id: string }>().id;
    await built.app.inject({ method: 'POST', url: `/api/v1/runs/${id}/metrics`, payload: { points: [{ key: 'loss', step: 1, value: 2 }] } });
    built.hub.flush();
    const msgs = sent.map((s) => JSON.parse(s) as { type: string; series?: { key: string; values: unknown[] }[] });
    expect(msgs.find((m) => m.type === 'points')?.series?.[0]).toMatchObject({ key: 'loss', values: [2] });
    expect(built.bus.listenerCount('points.appended')).toBeGreaterThan(0);
  });
});
