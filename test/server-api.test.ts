/**
 * REST API behaviour through app.inject (no socket): happy paths, and every kind of bad input from issue 2 —
 * each rejected whole with a JSON error naming the item and field, nothing of the batch stored.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp, type BuiltApp } from '../packages/server/src/server/app.js';
import { SqliteStore } from '../packages/server/src/store/sqlite-store.js';
import { LIMITS } from '@runlens/core';

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

async function createRun(body: Record<string, unknown> = { project: 'p' }): Promise<string> {
  const res = await built.app.inject({ method: 'POST', url: '/api/v1/runs', payload: body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>().id;
}

async function pointCount(): Promise<number> {
  return (await store.stats()).points;
}

describe('runs', () => {
  it('creates, reads, updates, lists and deletes runs', async () => {
    const id = await createRun({ project: 'p', name: 'first', params: { optimizer: { lr: 0.01, betas: [0.9, 0.99] }, seed: 3 }, tags: ['a'] });
    const got = await built.app.inject({ url: `/api/v1/runs/${id}` });
    expect(got.json()).toMatchObject({ id, name: 'first', status: 'running', params: { 'optimizer.lr': 0.01, 'optimizer.betas.0': 0.9, 'optimizer.betas.1': 0.99, seed: 3 } });
    const patched = await built.app.inject({ method: 'PATCH', url: `/api/v1/runs/${id}`, payload: { status: 'completed', summary: { acc: 0.9, loss: 'NaN' } } });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ status: 'completed', summary: { acc: 0.9, loss: 'NaN' } });
    const list = await built.app.inject({ url: '/api/v1/runs?project=p&filter=' + encodeURIComponent('status == "completed"') });
    expect(list.json<{ runs: { id: string }[]; total: number }>().runs.map((r) => r.id)).toEqual([id]);
    const del = await built.app.inject({ method: 'DELETE', url: `/api/v1/runs/${id}` });
    expect(del.statusCode).toBe(204);
    expect((await built.app.inject({ url: `/api/v1/runs/${id}` })).statusCode).toBe(404);
  });

  it('treats a repeated client id as the same run (200, not a duplicate)', async () => {
    const body = { id: '01HZY3J5Q9X7V2K8M4N6P0R1ST', project: 'p', name: 'x' };
    expect((await built.app.inject({ method: 'POST', url: '/api/v1/runs', payload: body })).statusCode).toBe(201);
    expect((await built.app.inject({ method: 'POST', url: '/api/v1/runs', payload: body })).statusCode).toBe(200);
    expect((await store.stats()).runs).toBe(1);
  });

  it('explains a bad filter with the column of the bad token', async () => {
    const res = await built.app.inject({ url: '/api/v1/runs?filter=' + encodeURIComponent('params.lr > ') });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'FILTER_SYNTAX' } });
    expect(res.json<{ error: { details: { column: number } } }>().error.details.column).toBeGreaterThan(0);
  });

  it('rejects names with control characters and accepts unicode', async () => {
    const bad = await built.app.inject({ method: 'POST', url: '/api/v1/runs', payload: { project: 'p', name: 'evil\u001b[2Jname' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'VALIDATION', details: { path: 'name' } } });
    await createRun({ project: 'проект', name: '学習-ü-🚀' });
  });

  it('returns 404 with a JSON error for unknown runs and routes', async () => {
    const res = await built.app.inject({ url: '/api/v1/runs/01HZY3J5Q9X7V2K8M4N6P0R1ST' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    expect((await built.app.inject({ url: '/api/v1/nope' })).json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    expect((await built.app.inject({ url: '/api/v1/runs/not-an-id' })).statusCode).toBe(400);
  });
});

describe('metrics ingestion', () => {
  it('accepts rows and columns, NaN/Infinity as strings, and reads every value back exactly', async () => {
    const id = await createRun();
    const res = await built.app.inject({
      method: 'POST',
      url: `/api/v1/runs/${id}/metrics`,
      payload: {
        points: [
          { key: 'loss', step: 0, value: 2.5 },
          { key: 'loss', step: 1, value: 'NaN', time: 1_700_000_000_000 },
        ],
        series: [{ key: 'acc', steps: [0, 1, 2], values: [0.1, 'Infinity', '-Infinity'], times: [1, 2, 3] }],
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ written: 5 });
    const read = await built.app.inject({ url: `/api/v1/series?runs=${id}&keys=loss,acc&method=none` });
    const body = read.json<{ series: { key: string; steps: number[]; values: unknown[]; times: number[] }[] }>();
    expect(body.series.find((s) => s.key === 'loss')).toMatchObject({ steps: [0, 1], values: [2.5, 'NaN'] });
    expect(body.series.find((s) => s.key === 'acc')).toMatchObject({ steps: [0, 1, 2], values: [0.1, 'Infinity', '-Infinity'], times: [1, 2, 3] });
    const metrics = await built.app.inject({ url: `/api/v1/runs/${id}/metrics` });
    expect(metrics.json<{ metrics: { key: string; nanCount: number }[] }>().metrics.find((m) => m.key === 'loss')!.nanCount).toBe(1);
  });

  const badBatches: [string, unknown, RegExp, Record<string, unknown>?][] = [
    ['a string other than NaN/Infinity', { points: [{ key: 'a', step: 0, value: 1 }, { key: 'a', step: 1, value: 'nan' }] }, /points\[1\]\.value/, { index: 1, field: 'value' }],
    ['a negative step', { points: [{ key: 'a', step: -1, value: 1 }] }, /points\[0\]\.step/, { index: 0, field: 'step' }],
    ['a fractional step', { series: [{ key: 'a', steps: [0, 1.5], values: [1, 2] }] }, /series\[0\]\.steps\[1\]/, { index: 0, field: 'steps' }],
    ['a missing key', { points: [{ step: 0, value: 1 }] }, /points\[0\]\.key/, { field: 'key' }],
    ['a wrong type', { points: [{ key: 'a', step: '3', value: 1 }] }, /points\[0\]\.step/],
    ['a 10 KB key', { points: [{ key: 'k'.repeat(10_000), step: 0, value: 1 }] }, /points\[0\]\.key.*10000 characters/],
    ['a control character in a key', { points: [{ key: 'a\u0000b', step: 0, value: 1 }] }, /control character/],
    ['columns of unequal length', { series: [{ key: 'a', steps: [0, 1, 2], values: [1, 2] }] }, /series\[0\].*3 steps but 2 values/, { index: 0, field: 'values' }],
    ['a value that is null', { points: [{ key: 'a', step: 0, value: null }] }, /points\[0\]\.value/],
  ];
  for (const [what, payload, message, details] of badBatches) {
    it(`rejects a batch with ${what}, naming the item, and stores nothing`, async () => {
      const id = await createRun();
      const res = await built.app.inject({ method: 'POST', url: `/api/v1/runs/${id}/metrics`, payload: payload as Record<string, unknown> });
      expect(res.statusCode).toBe(400);
      const err = res.json<{ error: { code: string; message: string; details: Record<string, unknown> } }>().error;
      expect(err.code).toBe('VALIDATION');
      expect(err.message).toMatch(message);
      if (details) expect(err.details).toMatchObject(details);
      expect(await pointCount()).toBe(0);
    });
  }

  it('rejects non-finite numbers written as JSON numbers (1e999 parses to Infinity)', async () => {
    const id = await createRun();
    const res = await built.app.inject({ method: 'POST', url: `/api/v1/runs/${id}/metrics`, headers: { 'content-type': 'application/json' }, payload: '{"points":[{"key":"a","step":0,"value":1e999}]}' });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ error: { message: string } }>().error.message).toMatch(/points\[0\]\.value/);
    expect(await pointCount()).toBe(0);
  });

  it('rejects malformed JSON with a clear 400', async () => {
    const id = await createRun();
    const res = await built.app.inject({ method: 'POST', url: `/api/v1/runs/${id}/metrics`, headers: { 'content-type': 'application/json' }, payload: '{"points":[{"key":"a",' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'VALIDATION' } });
    expect(res.json<{ error: { message: string } }>().error.message).toMatch(/JSON/);
  });

  it('rejects points for an unknown run with 404', async () => {
    const res = await built.app.inject({ method: 'POST', url: '/api/v1/runs/01HZY3J5Q9X7V2K8M4N6P0R1ST/metrics', payload: { points: [{ key: 'a', step: 0, value: 1 }] } });
    expect(res.statusCode).toBe(404);
    expect(await pointCount()).toBe(0);
  });

  it('rejects a 10 MB body with 413', async () => {
    const id = await createRun();
    const big = JSON.stringify({ series: [{ key: 'a', steps: [0], values: [1], pad: 'x'.repeat(10 * 1024 * 1024) }] });
    const res = await built.app.inject({ method: 'POST', url: `/api/v1/runs/${id}/metrics`, headers: { 'content-type': 'application/json' }, payload: big });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
    expect(await pointCount()).toBe(0);
  });

  it('rejects a 1M-point batch with 413 naming the limit', async () => {
    const id = await createRun();
    // compact enough to fit under the body limit, so the points limit is what trips
    const n = 1_000_000;
    const payload = `{"series":[{"key":"a","steps":[${Array.from({ length: n }, (_, i) => i % 10).join(',')}],"values":[${'0,'.repeat(n - 1)}0]}]}`;
    expect(payload.length).toBeLessThan(LIMITS.maxBodyBytes);
    const res = await built.app.inject({ method: 'POST', url: `/api/v1/runs/${id}/metrics`, headers: { 'content-type': 'application/json' }, payload });
    expect(res.statusCode).toBe(413);
    expect(res.json<{ error: { message: string } }>().error.message).toContain(String(LIMITS.maxPointsPerBatch));
    expect(await pointCount()).toBe(0);
  });
});

describe('series reads', () => {
  it('downsamples with min/max and keeps a one-point spike', async () => {
    const id = await createRun();
    const n = 50_000;
    const steps = Array.from({ length: n }, (_, i) => i);
    const values = steps.map((s) => Math.sin(s / 100));
    values[31_337] = 1e6;
    values[40_000] = -1e6;
    await built.app.inject({ method: 'POST', url: `/api/v1/runs/${id}/metrics`, payload: { series: [{ key: 'x', steps, values }] } });
    const res = await built.app.inject({ url: `/api/v1/series?runs=${id}&keys=x&points=500` });
    const [s] = res.json<{ series: { steps: number[]; values: number[]; downsampled: boolean; total: number }[] }>().series;
    expect(s!.downsampled).toBe(true);
    expect(s!.total).toBe(n);
    expect(s!.values.length).toBeLessThanOrEqual(510);
    expect(s!.values).toContain(1e6);
    expect(s!.values).toContain(-1e6);
    expect(s!.steps[s!.values.indexOf(1e6)]).toBe(31_337);
  });

  it('reads on a time, relative or metric x axis', async () => {
    const id = await createRun({ project: 'p', startTime: 1_000 });
    await built.app.inject({
      method: 'POST',
      url: `/api/v1/runs/${id}/metrics`,
      payload: { series: [{ key: 'loss', steps: [0, 10, 20, 30], values: [4, 3, 2, 1], times: [1_000, 2_000, 3_000, 4_000] }, { key: 'epoch', steps: [0, 20], values: [0, 1], times: [1_000, 3_000] }] },
    });
    const get = async (x: string) => (await built.app.inject({ url: `/api/v1/series?runs=${id}&keys=loss&x=${x}&method=none` })).json<{ series: { xs: number[]; values: number[] }[] }>().series[0]!;
    expect((await get('time')).xs).toEqual([1_000, 2_000, 3_000, 4_000]);
    expect((await get('relative')).xs).toEqual([0, 1_000, 2_000, 3_000]);
    expect(await get('epoch')).toMatchObject({ xs: [0, 0, 1, 1], values: [4, 3, 2, 1] });
    const bad = await built.app.inject({ url: `/api/v1/series?runs=${id}&keys=loss&x=nope` });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { message: string } }>().error.message).toMatch(/x axis "nope"/);
  });

  it('validates the query', async () => {
    const id = await createRun();
    expect((await built.app.inject({ url: `/api/v1/series?runs=${id}&keys=a&method=fancy` })).statusCode).toBe(400);
    expect((await built.app.inject({ url: `/api/v1/series?runs=${id}&keys=a&from=10&to=1` })).statusCode).toBe(400);
    expect((await built.app.inject({ url: `/api/v1/series?runs=${id}&keys=a&points=1` })).statusCode).toBe(400);
    expect((await built.app.inject({ url: `/api/v1/series?keys=a` })).statusCode).toBe(400);
  });
});

describe('histograms and texts', () => {
  it('stores and reads histograms, rejecting malformed ones whole', async () => {
    const id = await createRun();
    const ok = await built.app.inject({ method: 'POST', url: `/api/v1/runs/${id}/histograms`, payload: { histograms: [{ key: 'w', step: 0, edges: ['-Infinity', 0, 1], counts: [2, 3] }] } });
    expect(ok.json()).toEqual({ written: 1 });
    const read = await built.app.inject({ url: `/api/v1/runs/${id}/histograms?key=w` });
    expect(read.json()).toMatchObject({ histograms: [{ step: 0, edges: ['-Infinity', 0, 1], counts: [2, 3] }] });
    expect((await built.app.inject({ url: `/api/v1/runs/${id}/histograms` })).json()).toEqual({ keys: [{ key: 'w', count: 1 }] });
    for (const bad of [
      { key: 'x', step: 1, edges: [0, 1, 2], counts: [1] },
      { key: 'x', step: 1, edges: [1, 0], counts: [1] },
      { key: 'x', step: 1, edges: [0, 1], counts: [-1] },
    ]) {
      const res = await built.app.inject({ method: 'POST', url: `/api/v1/runs/${id}/histograms`, payload: { histograms: [{ key: 'ok', step: 5, edges: [0, 1], counts: [1] }, bad] } });
      expect(res.statusCode).toBe(400);
      expect(res.json<{ error: { message: string } }>().error.message).toMatch(/histograms\[1\]/);
    }
    expect((await built.app.inject({ url: `/api/v1/runs/${id}/histograms` })).json()).toEqual({ keys: [{ key: 'w', count: 1 }] });
  });

  it('stores and reads texts', async () => {
    const id = await createRun();
    await built.app.inject({ method: 'POST', url: `/api/v1/runs/${id}/texts`, payload: { texts: [{ key: 'sample', step: 3, text: '<b>generated</b>' }] } });
    expect((await built.app.inject({ url: `/api/v1/runs/${id}/texts` })).json()).toMatchObject({ texts: [{ key: 'sample', step: 3, text: '<b>generated</b>' }] });
  });
});

describe('logs, health, metrics, docs', () => {
  it('stores and searches logs, cutting very long lines', async () => {
    const id = await createRun();
    const res = await built.app.inject({ method: 'POST', url: `/api/v1/runs/${id}/logs`, payload: { lines: [{ line: 'step 1 loss 3.2' }, { line: 'Traceback (most recent call last):', stream: 'stderr' }, { line: 'x'.repeat(LIMITS.maxLogLineLength + 10) }] } });
    expect(res.json()).toEqual({ written: 3 });
    const found = await built.app.inject({ url: `/api/v1/runs/${id}/logs?q=traceback` });
    expect(found.json()).toMatchObject({ lines: [{ seq: 1, stream: 'stderr' }] });
    const all = await built.app.inject({ url: `/api/v1/runs/${id}/logs` });
    expect(all.json<{ lines: { line: string }[] }>().lines[2]!.line.endsWith('…[truncated]')).toBe(true);
  });

  it('serves health, Prometheus metrics, OpenAPI and the docs UI', async () => {
    const id = await createRun();
    await built.app.inject({ method: 'POST', url: `/api/v1/runs/${id}/metrics`, payload: { points: [{ key: 'a', step: 0, value: 1 }] } });
    expect((await built.app.inject({ url: '/api/v1/health' })).json()).toMatchObject({ status: 'ok', store: { runs: 1, points: 1 } });
    const prom = await built.app.inject({ url: '/api/v1/metrics' });
    expect(prom.headers['content-type']).toMatch(/text\/plain/);
    expect(prom.body).toMatch(/runlens_points_ingested_total 1/);
    expect(prom.body).toMatch(/runlens_store_objects\{kind="runs"\} 1/);
    const doc = (await built.app.inject({ url: '/api/openapi.json' })).json<{ openapi: string; paths: Record<string, unknown> }>();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/runs', '/api/v1/runs/{id}/metrics', '/api/v1/series', '/api/v1/runs/{id}/logs']));
    expect((await built.app.inject({ url: '/docs/' })).statusCode).toBe(200);
  });
});

describe('dashboard files', () => {
  let parent: string;
  let webDir: string;
  beforeEach(() => {
    parent = mkdtempSync(join(tmpdir(), 'runlens-web-'));
    webDir = join(parent, 'web');
    mkdirSync(join(webDir, 'assets'), { recursive: true });
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(webDir, 'assets', 'index-AbC123.js'), 'console.log(1)');
  });
  afterEach(() => rmSync(parent, { recursive: true, force: true }));

  async function withApp(options: { webDir: string; token?: string }, fn: (b: BuiltApp) => Promise<void>): Promise<void> {
    const s = new SqliteStore({ dataDir: ':memory:' });
    const b = await buildApp({ store: s, ...options });
    try {
      await fn(b);
    } finally {
      await b.close();
      await s.close();
    }
  }

  it('serves the built UI at / and at client routes, hashed assets for a year, index.html revalidated', async () => {
    await withApp({ webDir }, async (b) => {
      for (const url of ['/', '/runs/01HZY3J5Q9X7V2K8M4N6P0R1ST', '/runs/01HZY3J5Q9X7V2K8M4N6P0R1ST/logs', '/compare?runs=a,b']) {
        const res = await b.app.inject({ url });
        expect(res.statusCode, url).toBe(200);
        expect(res.headers['content-type']).toMatch(/text\/html/);
        expect(res.headers['cache-control']).toBe('no-cache');
        expect(res.body).toContain('<div id="root">');
      }
      const asset = await b.app.inject({ url: '/assets/index-AbC123.js' });
      expect(asset.statusCode).toBe(200);
      expect(asset.headers['content-type']).toMatch(/javascript/);
      expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    });
  });

  it('answers unknown files and API routes with JSON 404s, and no file outside the UI folder', async () => {
    await withApp({ webDir }, async (b) => {
      for (const url of ['/assets/missing-123.js', '/api/v1/nope', '/api/v2/runs']) {
        const res = await b.app.inject({ url });
        expect(res.statusCode, url).toBe(404);
        expect(res.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
        expect(res.headers['cache-control']).toBeUndefined();
      }
      writeFileSync(join(webDir, '..', 'secret.json'), '{"secret": true}');
      for (const url of ['/assets/..%2F..%2Fsecret.json', '/..%2Fsecret.json', '/%2e%2e/secret.json', '/assets/../../secret.json']) {
        const res = await b.app.inject({ url });
        // refused, or a client route answered with index.html: never the file
        expect(res.body, url).not.toContain('"secret": true');
      }
    });
  });

  it('says how to build the UI when it is not built, and keeps the API working', async () => {
    await withApp({ webDir: join(webDir, 'nothing-here') }, async (b) => {
      const res = await b.app.inject({ url: '/runs/x' });
      expect(res.statusCode).toBe(503);
      expect(res.body).toContain('npm run build');
      expect((await b.app.inject({ url: '/api/v1/runs' })).statusCode).toBe(200);
    });
  });

  it('serves the UI without a token, and the API still only with one (also percent-encoded)', async () => {
    await withApp({ webDir, token: 'sekrit' }, async (b) => {
      expect((await b.app.inject({ url: '/' })).statusCode).toBe(200);
      expect((await b.app.inject({ url: '/assets/index-AbC123.js' })).statusCode).toBe(200);
      expect((await b.app.inject({ url: '/api/v1/runs' })).statusCode).toBe(401);
      expect((await b.app.inject({ url: '/%61pi/v1/runs' })).statusCode).toBe(401);
      expect((await b.app.inject({ url: '/api/v1/runs?token=sekrit' })).statusCode).toBe(200);
    });
  });
});

describe('heartbeat', () => {
  it('marks a running run crashed when its heartbeat stops, and leaves finished runs alone', async () => {
    const s = new SqliteStore({ dataDir: ':memory:' });
    const b = await buildApp({ store: s, heartbeatTimeoutMs: 200 });
    try {
      const res = await b.app.inject({ method: 'POST', url: '/api/v1/runs', payload: { project: 'p' } });
      const id = res.json<{ id: string }>().id;
      const done = await b.app.inject({ method: 'POST', url: '/api/v1/runs', payload: { project: 'p' } });
      await b.app.inject({ method: 'PATCH', url: `/api/v1/runs/${done.json<{ id: string }>().id}`, payload: { status: 'completed' } });
      const t0 = Date.now();
      let status = 'running';
      while (status === 'running' && Date.now() - t0 < 10_000) {
        await new Promise((r) => setTimeout(r, 50));
        status = (await b.app.inject({ url: `/api/v1/runs/${id}` })).json<{ status: string }>().status;
      }
      expect(status).toBe('crashed');
      expect((await b.app.inject({ url: `/api/v1/runs/${done.json<{ id: string }>().id}` })).json<{ status: string }>().status).toBe('completed');
    } finally {
      await b.close();
      await s.close();
    }
  });
});

describe('auth', () => {
  it('requires the bearer token on the API when one is set', async () => {
    const s = new SqliteStore({ dataDir: ':memory:' });
    const b = await buildApp({ store: s, token: 'sekrit' });
    try {
      expect((await b.app.inject({ url: '/api/v1/runs' })).statusCode).toBe(401);
      expect((await b.app.inject({ url: '/api/v1/runs', headers: { authorization: 'Bearer wrong' } })).statusCode).toBe(403);
      expect((await b.app.inject({ url: '/api/v1/runs', headers: { authorization: 'Bearer sekrit' } })).statusCode).toBe(200);
      expect((await b.app.inject({ url: '/api/v1/health' })).statusCode).toBe(200);
    } finally {
      await b.close();
      await s.close();
    }
  });
});
