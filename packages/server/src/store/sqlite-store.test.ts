import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeStoreConformance } from './store-conformance.suite.js';
import { CHUNK_SIZE, SqliteStore } from './sqlite-store.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'runlens-store-'));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describeStoreConformance('SqliteStore (file)', async () => new SqliteStore({ dataDir: tempDir() }));
describeStoreConformance('SqliteStore (:memory:)', async () => new SqliteStore({ dataDir: ':memory:' }));

describe('SqliteStore specifics', () => {
  it('keeps everything across close and reopen, including the unsealed tail', async () => {
    const dir = tempDir();
    const a = new SqliteStore({ dataDir: dir });
    const { run } = await a.createRun({ project: 'p', params: { lr: 0.1 } });
    const n = CHUNK_SIZE * 2 + 123;
    const steps = Array.from({ length: n }, (_, i) => i);
    await a.appendPoints(run.id, [{ key: 'loss', steps, values: steps.map((s) => 1 / (s + 1)), times: steps.map((s) => s) }]);
    await a.appendPoints(run.id, [{ key: 'loss', steps: [n, n + 1], values: [Number.NaN, 7], times: [n, n + 1] }]);
    await a.close();
    const b = new SqliteStore({ dataDir: dir });
    const back = (await b.readSeries(run.id, 'loss'))!;
    expect(back.steps.length).toBe(n + 2);
    expect(back.values[100]).toBe(1 / 101);
    expect(Number.isNaN(back.values[n]!)).toBe(true);
    // appending after reopen continues the same series
    await b.appendPoints(run.id, [{ key: 'loss', steps: [n + 2], values: [8], times: [0] }]);
    const [s] = await b.listSeries(run.id);
    expect(s).toMatchObject({ count: n + 3, last: 8, lastStep: n + 2, nanCount: 1 });
    await b.close();
  });

  it('seals full chunks and keeps only a short unsealed tail', async () => {
    const store = new SqliteStore({ dataDir: ':memory:' });
    const { run } = await store.createRun({ project: 'p' });
    for (let b = 0; b < 100; b++) {
      const steps = Array.from({ length: 100 }, (_, i) => b * 100 + i);
      await store.appendPoints(run.id, [{ key: 'x', steps, values: steps, times: steps }]);
    }
    const rows = store.db.prepare('SELECT sealed, n FROM chunks ORDER BY step_min').all() as { sealed: number; n: number }[];
    // merged small batches seal into full chunks
    expect(rows.filter((r) => r.sealed === 1).every((r) => r.n === CHUNK_SIZE)).toBe(true);
    expect(rows.filter((r) => r.sealed === 0).length).toBeLessThanOrEqual(32);
    expect(rows.reduce((a, r) => a + r.n, 0)).toBe(10_000);
    await store.close();
  });

  it('stores a large batch as sealed chunks directly, and reads it back whole', async () => {
    const store = new SqliteStore({ dataDir: ':memory:' });
    const { run } = await store.createRun({ project: 'p' });
    for (let b = 0; b < 5; b++) {
      const steps = Array.from({ length: 1250 }, (_, i) => b * 1250 + i);
      await store.appendPoints(run.id, [{ key: 'x', steps, values: steps.map((s) => s * 2), times: steps }]);
    }
    const rows = store.db.prepare('SELECT sealed, n FROM chunks ORDER BY step_min').all() as { sealed: number; n: number }[];
    expect(rows).toEqual(Array.from({ length: 5 }, () => ({ sealed: 1, n: 1250 })));
    const back = (await store.readSeries(run.id, 'x'))!;
    expect(back.values.length).toBe(6250);
    expect(back.values[6249]).toBe(6249 * 2);
    await store.close();
  });

  it('a read-only store refuses a directory without data and reads one that has it', async () => {
    expect(() => new SqliteStore({ dataDir: tempDir(), readonly: true })).toThrow(/cannot open/);
    const dir = tempDir();
    const w = new SqliteStore({ dataDir: dir });
    await w.createRun({ project: 'p', name: 'r1' });
    const r = new SqliteStore({ dataDir: dir, readonly: true });
    expect((await r.listRuns({})).runs.map((x) => x.name)).toEqual(['r1']);
    await r.close();
    await w.close();
  });
});
