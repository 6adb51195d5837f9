/**
 * The two sinks must store the same thing for the same records: the store sink (no server) and the HTTP sink (a
 * real server on a socket). Bad records are refused by both, and the rest still goes in.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { IngestRecord } from '@runlens/core';
import { SqliteStore } from '../store/sqlite-store.js';
import { startServer } from '../server/app.js';
import { StoreRecordSink } from './store-sink.js';
import { HttpRecordSink } from './http-sink.js';
import { openRecordSink } from './open-sink.js';

const dirs: string[] = [];
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'runlens-sink-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const A = '01HZZZZZZZZZZZZZZZZZZZZZZA';
const B = '01HZZZZZZZZZZZZZZZZZZZZZZB';
const records: IngestRecord[] = [
  { type: 'run', run: { id: A, project: 'p', name: 'a', params: { opt: { lr: 0.1 } }, startTime: 1_000 } },
  { type: 'metrics', run: A, body: { series: [{ key: 'loss', steps: [0, 1, 2], values: [3, 'NaN', 1], times: [1, 2, 3] }] } },
  { type: 'metrics', run: A, body: { points: [{ key: 'acc', step: 0, value: 0.5, time: 4 }] } },
  { type: 'metrics', run: A, body: { series: [{ key: 'loss', steps: [3], values: [-1], times: [5] }] } },
  { type: 'histograms', run: A, body: { histograms: [{ key: 'w', step: 0, time: 6, edges: [0, 1, 2], counts: [3, 4] }] } },
  { type: 'texts', run: A, body: { texts: [{ key: 'sample', step: 0, time: 7, text: 'hi' }] } },
  { type: 'logs', run: A, body: { lines: [{ line: 'hello', stream: 'stdout', time: 8 }] } },
  { type: 'update', run: A, body: { status: 'completed', endTime: 9, summary: { best: 1 } } },
  // refused: the run does not exist, a bad value, a bad histogram
  { type: 'metrics', run: B, body: { series: [{ key: 'loss', steps: [0], values: [1] }] } },
  { type: 'run', run: { id: B, project: 'p', name: 'b\u0000bad' } },
  { type: 'histograms', run: A, body: { histograms: [{ key: 'w', step: 1, edges: [0], counts: [1] }] } },
  // and a good record after the bad ones still goes in
  { type: 'run', run: { id: B, project: 'p', name: 'b', startTime: 2_000 } },
  { type: 'metrics', run: B, body: { series: [{ key: 'loss', steps: [0], values: [7], times: [1] }] } },
];

async function snapshot(store: SqliteStore) {
  const runs = (await store.listRuns({})).runs.map(({ heartbeat: _h, ...r }) => r);
  const series = [];
  for (const r of runs) for (const k of Object.keys(r.metrics)) series.push([r.id, k, await store.readSeries(r.id, k)]);
  const hist = await store.readHistograms(A, 'w');
  return { runs, series, hist, texts: await store.readTexts(A), logs: await store.readLogs(A, {}) };
}

describe('record sinks', () => {
  it('store and HTTP sinks store the same data and refuse the same records', async () => {
    const direct = new SqliteStore({ dataDir: ':memory:' });
    const storeSink = new StoreRecordSink(direct);
    for (const r of records) await storeSink.apply(r);
    await storeSink.flush();

    const dir = temp();
    const server = await startServer({ dataDir: dir, port: 0 });
    const httpSink = new HttpRecordSink(server.url);
    for (const r of records) await httpSink.apply(r);
    await httpSink.close();

    const a = await snapshot(direct);
    const b = await snapshot(server.store);
    expect(b).toEqual(a);
    expect(a.runs.map((r) => r.name).sort()).toEqual(['a', 'b']);
    expect(a.runs.find((r) => r.id === A)!.params).toEqual({ 'opt.lr': 0.1 });
    expect(storeSink.report).toMatchObject({ runsCreated: 2, points: 6, series: 3, updates: 1, logLines: 1, histograms: 1, texts: 1 });
    expect(httpSink.report).toMatchObject({ runsCreated: 2, points: 6, updates: 1, logLines: 1, histograms: 1, texts: 1 });
    expect(storeSink.report.rejected.map((r) => r.record)).toEqual(['metrics', 'run', 'histograms']);
    expect(httpSink.report.rejected.map((r) => r.record).sort()).toEqual(['histograms', 'metrics', 'run']);
    expect(storeSink.report.rejected[1]!.reason).toMatch(/control character/);
    await server.close();
    await direct.close();
  });

  it('openRecordSink sends to the server running on a data dir, and writes the store when none runs', async () => {
    const dir = temp();
    const server = await startServer({ dataDir: dir, port: 0 });
    const viaServer = await openRecordSink({ data: dir });
    expect(viaServer.url).toBe(server.url);
    await viaServer.sink.apply(records[0]!);
    await viaServer.sink.close();
    expect((await server.store.getRun(A))?.name).toBe('a');
    await server.close();
    // the server removed its lock: now the store is written directly
    const direct = await openRecordSink({ data: dir });
    expect(direct.url).toBeUndefined();
    expect(direct.describe).toBe(dir);
    await direct.sink.apply(records[11]!);
    await direct.sink.close();
    const check = new SqliteStore({ dataDir: dir });
    expect((await check.listRuns({})).runs.map((r) => r.name).sort()).toEqual(['a', 'b']);
    await check.close();
  });
});
