/**
 * The plot cache inside the app, end to end: a render fills it, a store write reaches it through the event bus
 * (store → publishStoreEvents → `points.appended` → PipelineCache) and drops that run's entries, the other runs' stay.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../store/sqlite-store.js';
import { buildApp, type BuiltApp } from '../server/app.js';

let store: SqliteStore | undefined;
let built: BuiltApp | undefined;

afterEach(async () => {
  await built?.close();
  await store?.close();
  built = undefined;
  store = undefined;
});

interface SpecResponse {
  spec: { panels: { marks: { type: string; x?: (number | null)[] }[] }[] };
}

describe('plot cache invalidation through the event bus', () => {
  it('a render fills the cache, new points for one run drop only its entries, the next render sees them', async () => {
    store = new SqliteStore({ dataDir: ':memory:' });
    const a = (await store.createRun({ project: 'p', name: 'a' })).run;
    const b = (await store.createRun({ project: 'p', name: 'b' })).run;
    await store.appendPoints(a.id, [{ key: 'loss', steps: [0, 1, 2], values: [3, 2, 1], times: [0, 1, 2] }]);
    await store.appendPoints(b.id, [{ key: 'loss', steps: [0, 1, 2], values: [4, 3, 2], times: [0, 1, 2] }]);
    built = await buildApp({ store });
    const app = built.app;
    const render = async (): Promise<SpecResponse> => {
      const res = await app.inject({ method: 'POST', url: '/api/v1/plots/render', payload: { type: 'curves', format: 'spec', options: { metrics: ['loss'] } } });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<SpecResponse>();
    };
    const maxX = (r: SpecResponse): number => Math.max(...r.spec.panels.flatMap((p) => p.marks.filter((m) => m.type === 'line').flatMap((m) => (m.x ?? []).filter((v): v is number => v !== null))));

    expect(maxX(await render())).toBe(2);
    const filled = built.plotCache.stats();
    expect(filled.memoryEntries).toBe(2);
    expect(filled.misses).toBe(2);
    await render();
    expect(built.plotCache.stats().hits).toBe(filled.hits + 2);

    await store.appendPoints(a.id, [{ key: 'loss', steps: [3], values: [0.5], times: [3] }]);
    // the bus delivered points.appended synchronously: run a's entry is gone, run b's is still there
    expect(built.plotCache.stats().memoryEntries).toBe(1);
    const before = built.plotCache.stats();
    expect(maxX(await render())).toBe(3);
    const after = built.plotCache.stats();
    expect(after.hits - before.hits).toBe(1);
    expect(after.misses - before.misses).toBe(1);

    await store.deleteRun(b.id);
    expect(built.plotCache.stats().memoryEntries).toBe(1);
  });
});
