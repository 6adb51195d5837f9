/**
 * reduce at-step is pushed down to the store: the block index finds the last point at or before the step, and at
 * most one block of points is read, never the whole series. The answers are those of reading every point.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { analytics, toWireJson, type SeriesColumns } from '@runlens/core';
import { SqliteStore } from '../store/sqlite-store.js';
import { readUpToStep, storeAnalyticsSource, type AnalyticsSource } from './analytics-source.js';
import { executeQuery, sourceEngine } from './execute-query.js';
import { openRunSource } from '../cli/run-source.js';

const POINTS = 3000;
/** Steps 0, 3, 6, …: sparse, so most steps asked for fall between two points. NaN every 97th point. */
const STEPS = Array.from({ length: POINTS }, (_, i) => 3 * i);
const VALUES = STEPS.map((s, i) => (i % 97 === 50 ? Number.NaN : 10 / (s + 1) + (i % 7) * 1e-3));

/** The last point at or before `step` by scanning every point: the reference. */
function lastAtOrBefore(columns: SeriesColumns, step: number): { step: number; value: number } | undefined {
  let found: { step: number; value: number } | undefined;
  for (let i = 0; i < columns.steps.length && columns.steps[i]! <= step; i++) found = { step: columns.steps[i]!, value: columns.values[i]! };
  return found;
}

describe('reduce at-step pushed down to the store', () => {
  let dir: string;
  let store: SqliteStore;
  const ids: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'runlens-at-step-'));
    store = new SqliteStore({ dataDir: dir });
    for (let r = 0; r < 6; r++) {
      const { run } = await store.createRun({ project: 'p', name: `run-${r}`, params: { lr: r % 2 === 0 ? 0.1 : 1 } });
      ids.push(run.id);
      // written in several batches, as a training loop logs, so the series spans several chunks and blocks
      for (let start = 0; start < POINTS; start += 700) {
        const steps = STEPS.slice(start, start + 700);
        await store.appendPoints(run.id, [{ key: 'loss', steps, values: VALUES.slice(start, start + 700).map((v) => v + r), times: steps }]);
      }
      await store.updateRun(run.id, { status: 'completed' });
    }
  });

  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds the same last point as a full scan, reading at most one block of points', async () => {
    const full = (await store.readSeries(ids[0]!, 'loss'))!;
    const spy = vi.spyOn(store, 'readSeries');
    try {
      const asked = [-1, 0, 1, 2, 3, 4, 150, 151, 152, 1535, 1536, 1537, 3 * 511, 3 * 512, 3 * 512 + 1, 4000, 3 * 2999, 3 * 2999 + 5, 1e9];
      for (const step of asked) {
        spy.mockClear();
        const got = await readUpToStep(store, ids[0]!, 'loss', step);
        const last = got && got.steps.length > 0 ? { step: got.steps[got.steps.length - 1]!, value: got.values[got.values.length - 1]! } : undefined;
        expect(last, `step ${step}`).toEqual(lastAtOrBefore(full, step));
        const read = await Promise.all(spy.mock.results.map((r) => r.value as Promise<SeriesColumns | undefined>));
        for (const columns of read) expect(columns?.steps.length ?? 0, `step ${step}`).toBeLessThanOrEqual(512);
      }
      expect(await readUpToStep(store, ids[0]!, 'nope', 10)).toBeUndefined();
    } finally {
      spy.mockRestore();
    }
  });

  it('the query engine uses it over the store: the same answer as reading every point, no whole series read', async () => {
    const source = storeAnalyticsSource(store);
    const wholeReads: AnalyticsSource = { describe: 'whole', listRuns: (q) => source.listRuns(q), readSeries: (id, key) => source.readSeries(id, key) };
    const readSeries = vi.spyOn(store, 'readSeries');
    try {
      for (const step of [0, 1000, 1536, 4500, 8996, 9000]) {
        const query = analytics().metric('loss', { context: 'series', reduce: 'at-step', step }).groupBy('lr').toJSON();
        readSeries.mockClear();
        const pushed = await executeQuery(query, source);
        // the whole series is never asked for: every read names a range that ends at the step
        for (const call of readSeries.mock.calls) expect(call[3], `step ${step}`).toBe(step);
        const whole = await executeQuery(query, wholeReads);
        expect(JSON.stringify(toWireJson(pushed.rows))).toBe(JSON.stringify(toWireJson(whole.rows)));
        expect(pushed.aggregated).toEqual(whole.aggregated);
        expect(pushed.rows.map((r) => r.values[`loss@${step}`]).every((v) => v !== undefined)).toBe(true);
      }
    } finally {
      readSeries.mockRestore();
    }
  });

  it('the fluent builder executes on a source engine, grouping by a bare param name', async () => {
    const result = await analytics().runs({ status: 'completed', filter: 'params.lr < 5' }).metrics(['loss'], { reduce: 'at-step', step: 300 }).groupBy('lr').execute(sourceEngine(storeAnalyticsSource(store)));
    expect(result.aggregated.map((a) => [a.group, a.stats.count])).toEqual([['lr=0.1', 3], ['lr=1', 3]]);
    expect(result.metadata.columns).toEqual(['loss@300']);
    expect(result.warnings).toEqual([]);
  });

  it('the CLI opens the local data dir through the store, so it pushes at-step down too', async () => {
    const local = openRunSource({ data: dir });
    try {
      expect(local.readUpToStep).toBeDefined();
      expect(local.describe).toBe(dir);
      const viaCli = await executeQuery(analytics().metric('loss', { reduce: 'at-step', step: 600 }).toJSON(), local);
      const viaServer = await executeQuery(analytics().metric('loss', { reduce: 'at-step', step: 600 }).toJSON(), storeAnalyticsSource(store));
      expect(viaCli.rows).toEqual(viaServer.rows);
    } finally {
      await local.close();
    }
    expect(() => openRunSource({ data: join(dir, 'missing') })).toThrow(/no runlens data in .*missing/);
  });
});
