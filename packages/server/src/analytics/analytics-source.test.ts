import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SqliteStore } from '../store/sqlite-store.js';
import { LOAD_PAGE, storeAnalyticsSource } from './analytics-source.js';

describe('storeAnalyticsSource', () => {
  let store: SqliteStore;

  beforeEach(async () => {
    store = new SqliteStore({ dataDir: ':memory:' });
    for (let i = 0; i < 30; i++) {
      const { run } = await store.createRun({ project: 'p', name: `run-${String(i).padStart(2, '0')}`, params: { lr: i / 100 } });
      await store.appendPoints(run.id, [{ key: 'val/loss', steps: [0], values: [i], times: [0] }]);
    }
  });

  afterEach(async () => {
    await store.close();
  });

  it('reads a selection smaller than a page in one store query, up to the limit', async () => {
    const listRuns = vi.spyOn(store, 'listRuns');
    const source = storeAnalyticsSource(store);
    const some = await source.listRuns({ limit: 25 });
    expect(some).toHaveLength(25);
    expect(listRuns).toHaveBeenCalledTimes(1);
    expect(listRuns.mock.calls[0]![0].limit).toBe(25);
    const all = await source.listRuns({});
    expect(all).toHaveLength(30);
    expect(listRuns).toHaveBeenCalledTimes(2);
    expect(listRuns.mock.calls[1]![0].limit).toBe(LOAD_PAGE);
    expect(new Set(all.map((r) => r.id)).size).toBe(30);
    // every run comes with its own summary: run-i logged val/loss = i
    expect(all.map((r) => [r.name, r.metrics['val/loss']?.last]).sort()).toEqual(Array.from({ length: 30 }, (_, i) => [`run-${String(i).padStart(2, '0')}`, i]));
  });

  it('pushes the filter down to the store', async () => {
    const source = storeAnalyticsSource(store);
    const runs = await source.listRuns({ filter: 'params.lr >= 0.2' });
    expect(runs.map((r) => r.name).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `run-${20 + i}`));
  });
});
