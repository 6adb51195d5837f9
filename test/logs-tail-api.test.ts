/** `GET /api/v1/runs/{id}/logs?tail=&before=`: a terminal opening at the end of a long log, paging backwards. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp, type BuiltApp } from '../packages/server/src/server/app.js';
import { SqliteStore } from '../packages/server/src/store/sqlite-store.js';

let store: SqliteStore;
let built: BuiltApp;

beforeEach(async () => {
  store = new SqliteStore({ dataDir: ':memory:' });
  built = await buildApp({ store });
});
afterEach(async () => {
  await built.close();
  await store.close();
});

describe('logs from the end', () => {
  it('reads the last lines with tail=true and pages backwards with before', async () => {
    const run = await built.app.inject({ method: 'POST', url: '/api/v1/runs', payload: { project: 'p' } });
    const id = run.json<{ id: string }>().id;
    const lines = Array.from({ length: 10 }, (_, i) => ({ line: `line ${i}` }));
    expect((await built.app.inject({ method: 'POST', url: `/api/v1/runs/${id}/logs`, payload: { lines } })).statusCode).toBe(200);
    const seqs = async (qs: string) => (await built.app.inject({ url: `/api/v1/runs/${id}/logs?${qs}` })).json<{ lines: { seq: number }[] }>().lines.map((l) => l.seq);
    expect(await seqs('tail=true&limit=3')).toEqual([7, 8, 9]);
    expect(await seqs('tail=1&limit=3&before=7')).toEqual([4, 5, 6]);
    expect(await seqs('tail=false&limit=3')).toEqual([0, 1, 2]);
    expect((await built.app.inject({ url: `/api/v1/runs/${id}/logs?tail=yes` })).statusCode).toBe(400);
  });
});
