import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { init, type OfflineRecord, type WireValue } from '@runlens/client';

// The TypeScript client against the real server: every value logged (NaN and ±Infinity included) must read back
// exactly, and an offline file written while the server was down must replay into the same data.

interface StartedServer {
  url: string;
  close(): Promise<void>;
}
type StartServer = (opts: {
  dataDir: string;
  port?: number;
  host?: string;
  token?: string;
  heartbeatTimeoutMs?: number;
  logger?: boolean;
}) => Promise<StartedServer>;

interface SeriesResult {
  run: string;
  key: string;
  steps: number[];
  values: WireValue[];
  times: number[];
  total: number;
  downsampled: boolean;
}

async function loadStartServer(): Promise<StartServer> {
  const mod = (await import('../packages/server/src/server/app.js')) as { startServer?: unknown };
  if (typeof mod.startServer !== 'function') throw new Error('packages/server/src/server/app.ts does not export startServer');
  return mod.startServer as StartServer;
}

const cleanups: Array<() => Promise<void> | void> = [];
let warn: MockInstance<typeof console.warn>;

beforeEach(() => {
  warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  warn.mockRestore();
});

function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

async function startReal(token?: string): Promise<StartedServer> {
  const startServer = await loadStartServer();
  const s = await startServer({ dataDir: tempDir('runlens-it-data-'), port: 0, host: '127.0.0.1', logger: false, ...(token ? { token } : {}) });
  cleanups.push(() => s.close());
  return s;
}

async function getJson<T>(url: string, token?: string): Promise<T> {
  const res = await fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  const text = await res.text();
  if (!res.ok) throw new Error(`GET ${url} -> ${res.status}: ${text}`);
  return JSON.parse(text) as T;
}

async function readSeries(base: string, run: string, keys: string[], token?: string): Promise<Map<string, SeriesResult>> {
  const body = await getJson<{ series: SeriesResult[] }>(`${base}/api/v1/series?runs=${run}&keys=${keys.join(',')}&method=none`, token);
  return new Map(body.series.map((s) => [s.key, s]));
}

function encode(v: number): WireValue {
  if (Number.isFinite(v)) return v;
  if (Number.isNaN(v)) return 'NaN';
  return v > 0 ? 'Infinity' : '-Infinity';
}

/** Values that stress float64 round-tripping: long mantissas, huge and tiny magnitudes, NaN runs and infinities. */
function valuesAt(i: number): { a: number; b: number; c: number } {
  const a = Math.sin(i) * 1e-3 + i / 7;
  let b = Math.exp(-i / 1000) * (1 + Math.cos(i * 0.37) / 3);
  if (i % 97 === 0 || (i >= 8000 && i < 8010)) b = Number.NaN;
  if (i === 5000) b = Number.POSITIVE_INFINITY;
  if (i === 5001) b = Number.NEGATIVE_INFINITY;
  const c = i % 3 === 0 ? 1.7976931348623157e308 / (i + 1) : i % 3 === 1 ? 5e-324 * (i + 1) : -i * 0.1;
  return { a, b, c };
}

async function freePortUrl(): Promise<string> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const address = s.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

function expectExact(series: Map<string, SeriesResult>, keys: Array<'a' | 'b' | 'c'>, steps: number): void {
  for (const key of keys) {
    const s = series.get(key);
    expect(s, `series ${key}`).toBeDefined();
    expect(s!.total).toBe(steps);
    expect(s!.downsampled).toBe(false);
    expect(s!.steps).toEqual(Array.from({ length: steps }, (_, i) => i));
    const expected = Array.from({ length: steps }, (_, i) => encode(valuesAt(i)[key]));
    // Compare one by one so a mismatch names its step instead of dumping 10,000 numbers.
    const bad = s!.values.findIndex((v, i) => !Object.is(v, expected[i]));
    expect(bad, `first mismatch of ${key} at step ${bad}: got ${String(s!.values[bad])}, want ${String(expected[bad])}`).toBe(-1);
    expect(s!.values).toHaveLength(steps);
  }
}

describe('TypeScript client against the real server', () => {
  it('round-trips 10,000 steps of 3 metrics exactly, NaN and ±Infinity included, and finishes completed', async () => {
    const server = await startReal();
    const run = await init({
      project: 'client-it',
      name: 'roundtrip',
      config: { lr: 0.1, seed: 1, model: { d: 16 } },
      tags: ['it'],
      url: server.url,
      env: {},
      offlineDir: tempDir('runlens-it-off-'),
    });
    expect(run.url).toBe(`${server.url}/runs/${run.id}`);
    for (let i = 0; i < 10_000; i++) {
      run.log(valuesAt(i));
      // Yield now and then, like a real training loop, so the batches go out while logging continues.
      if (i % 1000 === 999) await new Promise((r) => setTimeout(r, 1));
    }
    run.logLines([{ line: 'training done', stream: 'stdout' }]);
    run.summary({ best_val: 1.25 });
    await run.finish();

    expect(run.stats()).toMatchObject({ sent: 30_000, buffered: 0, dropped: 0 });
    expect(warn.mock.calls.map((c) => String(c[0]))).toEqual([]);
    expectExact(await readSeries(server.url, run.id, ['a', 'b', 'c']), ['a', 'b', 'c'], 10_000);

    const saved = await getJson<{ status: string; params: Record<string, unknown>; tags: string[]; summary: Record<string, unknown>; endTime: number | null }>(
      `${server.url}/api/v1/runs/${run.id}`,
    );
    expect(saved.status).toBe('completed');
    expect(saved.endTime).not.toBeNull();
    expect(saved.params).toMatchObject({ lr: 0.1, seed: 1, 'model.d': 16 });
    expect(saved.tags).toEqual(['it']);
    expect(saved.summary).toMatchObject({ best_val: 1.25 });
  });

  it('sends the bearer token to a server that requires one', async () => {
    const server = await startReal('tok-123');
    const run = await init({ project: 'client-it', url: server.url, token: 'tok-123', env: {}, offlineDir: tempDir('runlens-it-off-') });
    for (let i = 0; i < 100; i++) run.log(valuesAt(i));
    await run.finish();
    expect(run.stats()).toMatchObject({ sent: 300, dropped: 0 });
    expectExact(await readSeries(server.url, run.id, ['a', 'b', 'c'], 'tok-123'), ['a', 'b', 'c'], 100);

    // Without the token the server refuses the run; the client keeps the data in its offline file for a later sync.
    const anon = await init({ project: 'client-it', url: server.url, env: {}, offlineDir: tempDir('runlens-it-off-') });
    anon.log({ a: 1 });
    await anon.finish();
    expect(warn.mock.calls.some((c) => String(c[0]).includes('refused to create the run (HTTP 401'))).toBe(true);
    expect(anon.stats()).toMatchObject({ written: 1, sent: 0 });
  });

  it('keeps logging with the server down, writes the offline file, and replaying it reproduces every point', async () => {
    const offlineDir = tempDir('runlens-it-off-');
    const run = await init({
      project: 'client-it',
      name: 'offline',
      config: { lr: 0.01 },
      url: await freePortUrl(),
      env: {},
      offlineDir,
      initTimeoutMs: 200,
      offlineAfterMs: 500,
      retryBaseMs: 10,
      retryMaxMs: 100,
    });
    const steps = 3000;
    for (let i = 0; i < steps; i++) {
      run.log(valuesAt(i));
      if (i % 500 === 499) await new Promise((r) => setTimeout(r, 50));
    }
    const deadline = Date.now() + 20_000;
    while (run.stats().offlineFile === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    run.summary({ best_val: Number.NaN });
    await run.finish();

    const file = run.stats().offlineFile;
    expect(file).toBe(join(offlineDir, `${run.id}.jsonl`));
    expect(run.stats()).toMatchObject({ written: steps * 3, sent: 0, dropped: 0, buffered: 0 });
    expect(warn.mock.calls.some((c) => String(c[0]).includes(`runlens sync ${file}`))).toBe(true);

    const records = readFileSync(file!, 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as OfflineRecord);
    expect(records[0]).toMatchObject({ type: 'run', run: { id: run.id, project: 'client-it', name: 'offline' } });
    expect(records.at(-1)).toMatchObject({ type: 'update', body: { status: 'completed' } });

    const server = await startReal();
    const replay = async () => {
      for (const r of records) {
        const [method, path, body] =
          r.type === 'run'
            ? ['POST', '/api/v1/runs', r.run]
            : r.type === 'metrics'
              ? ['POST', `/api/v1/runs/${r.run}/metrics`, r.body]
              : r.type === 'logs'
                ? ['POST', `/api/v1/runs/${r.run}/logs`, r.body]
                : ['PATCH', `/api/v1/runs/${r.run}`, r.body];
        const res = await fetch(server.url + path, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        expect(res.ok, `${method} ${path} -> ${res.status}: ${await res.text()}`).toBe(true);
      }
    };
    await replay();
    expectExact(await readSeries(server.url, run.id, ['a', 'b', 'c']), ['a', 'b', 'c'], steps);
    const saved = await getJson<{ status: string; summary: Record<string, unknown> }>(`${server.url}/api/v1/runs/${run.id}`);
    expect(saved.status).toBe('completed');
    expect(saved.summary).toMatchObject({ best_val: 'NaN' });

    // Replaying again (a sync retried after a partial upload) must not duplicate anything.
    await replay();
    expectExact(await readSeries(server.url, run.id, ['a', 'b', 'c']), ['a', 'b', 'c'], steps);
  });
});
