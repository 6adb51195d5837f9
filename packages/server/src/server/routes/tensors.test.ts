/**
 * The tensor routes against a real SQLite store: the streamed projection, and on-demand row neighbours with every
 * kind of bad input, a replaced snapshot and the byte-bounded snapshot cache.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSeededRandom, encodeTensorBody, projectSnapshots, rowNeighbours, type TensorHeader } from '@runlens/core';
import { SqliteStore } from '../../store/sqlite-store.js';
import type { StoredTensor } from '../../store/store.js';
import { buildApp, type BuiltApp } from '../app.js';
import { SnapshotCache, type DecodedSnapshot } from './tensors.js';

let store: SqliteStore;
let built: BuiltApp;
let runId: string;

beforeEach(async () => {
  store = new SqliteStore({ dataDir: ':memory:' });
  built = await buildApp({ store });
  runId = (await store.createRun({ project: 'p' })).run.id;
});
afterEach(async () => {
  await built.close();
  await store.close();
});

async function post(header: TensorHeader, values: ArrayLike<number>) {
  const res = await built.app.inject({
    method: 'POST',
    url: `/api/v1/runs/${runId}/tensors`,
    headers: { 'content-type': 'application/octet-stream' },
    payload: Buffer.from(encodeTensorBody(header, values)),
  });
  expect(res.statusCode, res.body).toBe(200);
}

function randomValues(seed: number, n: number): Float32Array {
  const rng = createSeededRandom(seed);
  return Float32Array.from({ length: n }, () => rng.normal());
}

const neighbours = (query: string, name = 'emb') => built.app.inject({ url: `/api/v1/runs/${runId}/tensors/${name}/neighbours?${query}` });

describe('GET /runs/{id}/tensors/{name}/projection', () => {
  it('streams the snapshots from the store and answers what the projection of them all in memory gives', async () => {
    const rows = 20;
    const cols = 6;
    const steps = [0, 10, 20, 30];
    const stored: StoredTensor[] = [];
    for (const step of steps) {
      await post({ name: 'emb', step, dtype: 'float32', shape: [rows, cols], labels: Array.from({ length: rows }, (_, i) => `t${i}`) }, randomValues(step + 1, rows * cols));
      stored.push((await store.readTensor(runId, 'emb', step))!);
    }
    await post({ name: 'emb', step: 15, dtype: 'float32', shape: [3, cols] }, randomValues(99, 3 * cols));
    const res = await built.app.inject({ url: `/api/v1/runs/${runId}/tensors/emb/projection?reference=10&align=neighbour&neighbours=3` });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    const expected = await projectSnapshots(steps, (step) => stored.find((s) => s.step === step), { reference: 10, align: 'neighbour', neighbours: 3 });
    expect(body).toMatchObject({ name: 'emb', referenceStep: 10, rows, cols, k: 3, skippedSteps: [15], labels: Array.from({ length: rows }, (_, i) => `t${i}`) });
    expect(body.snapshots.map((s: { step: number; time: number }) => s.step)).toEqual(steps);
    body.snapshots.forEach((s: { coords: number[]; neighbours: number[] }, i: number) => {
      const want = expected.snapshots[i]!;
      s.coords.forEach((v, j) => expect(v).toBeCloseTo(want.coords[j]!, 3));
      expect(s.neighbours).toEqual(Array.from(want.neighbours!));
    });
    expect(body.snapshots[0].time).toBeGreaterThan(0);
  });

  it('recomputes after a snapshot is replaced, even at the same step and time', async () => {
    const header: TensorHeader = { name: 'emb', step: 5, dtype: 'float32', shape: [8, 3], time: 1000 };
    await post({ ...header, step: 0 }, randomValues(1, 24));
    await post(header, randomValues(2, 24));
    const url = `/api/v1/runs/${runId}/tensors/emb/projection`;
    const first = await built.app.inject({ url });
    expect((await built.app.inject({ url })).body).toBe(first.body);
    await post(header, randomValues(3, 24));
    const second = await built.app.inject({ url });
    expect(second.statusCode).toBe(200);
    expect(second.json().snapshots[1].norms).not.toEqual(first.json().snapshots[1].norms);
  });

  it('answers 400 for a reference that is not a step, 404 for an unknown tensor or run', async () => {
    await post({ name: 'emb', step: 0, dtype: 'float32', shape: [4, 2] }, randomValues(1, 8));
    const badRef = await built.app.inject({ url: `/api/v1/runs/${runId}/tensors/emb/projection?reference=7` });
    expect(badRef.statusCode).toBe(400);
    expect(badRef.json().error.message).toMatch(/reference step 7 is not a snapshot; steps are 0/);
    const unknown = await built.app.inject({ url: `/api/v1/runs/${runId}/tensors/nope/projection` });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.message).toMatch(/has no tensor nope/);
    const noRun = await built.app.inject({ url: '/api/v1/runs/01ARZ3NDEKTSV4RRFFQ69G5FAV/tensors/emb/projection' });
    expect(noRun.statusCode).toBe(404);
  });
});

describe('GET /runs/{id}/tensors/{name}/neighbours', () => {
  const rows = 40;
  const cols = 12;

  beforeEach(async () => {
    await post({ name: 'emb', step: 0, dtype: 'float32', shape: [rows, cols] }, randomValues(1, rows * cols));
    await post({ name: 'emb', step: 100, dtype: 'float16', shape: [rows, cols] }, randomValues(2, rows * cols));
  });

  it('returns the exact k most similar other rows of the snapshot, latest by default', async () => {
    const latest = (await store.readTensor(runId, 'emb', 100))!;
    const res = await neighbours('row=7&k=6');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ name: 'emb', step: 100, row: 7, k: 6 });
    expect(body.neighbours).toEqual(rowNeighbours(latest.values, rows, cols, 7, 6));
    const sims = body.neighbours.map((n: { similarity: number }) => n.similarity);
    expect(sims).toEqual([...sims].sort((a, b) => b - a));
    expect(body.neighbours.map((n: { row: number }) => n.row)).not.toContain(7);

    const first = (await store.readTensor(runId, 'emb', 0))!;
    const atZero = (await neighbours('step=0&row=39')).json();
    expect(atZero).toMatchObject({ step: 0, row: 39, k: 5 });
    expect(atZero.neighbours).toEqual(rowNeighbours(first.values, rows, cols, 39, 5));
    // k up to 50 on a tensor with fewer other rows: all of them
    expect((await neighbours('row=0&k=50')).json().neighbours.length).toBe(rows - 1);
  });

  it.each([
    ['row=1.5', /row/],
    ['row=abc', /row/],
    ['row=-1', /row/],
    ['', /row/],
    ['row=1&k=0', /k/],
    ['row=1&k=51', /k/],
    ['row=1&k=2.5', /k/],
    ['row=1&step=-3', /step/],
  ])('answers 400 naming the field for %s', async (query, field) => {
    const res = await neighbours(query);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION');
    expect(res.json().error.message).toMatch(field);
  });

  it('answers 400 naming the row count for a row past the last', async () => {
    for (const row of [rows, rows + 1000]) {
      const res = await neighbours(`row=${row}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'VALIDATION', details: { field: 'row' } });
      expect(res.json().error.message).toBe(`row ${row} is out of range: tensor emb at step 100 has 40 rows (0 to 39)`);
    }
    expect((await neighbours(`row=${rows - 1}`)).statusCode).toBe(200);
  });

  it('answers 404 naming what is missing: run, tensor or step', async () => {
    const noRun = await built.app.inject({ url: '/api/v1/runs/01ARZ3NDEKTSV4RRFFQ69G5FAV/tensors/emb/neighbours?row=0' });
    expect(noRun.statusCode).toBe(404);
    expect(noRun.json().error.message).toMatch(/run 01ARZ3NDEKTSV4RRFFQ69G5FAV not found/);
    const noName = await neighbours('row=0', 'nope');
    expect(noName.statusCode).toBe(404);
    expect(noName.json().error.message).toBe(`run ${runId} has no tensor nope`);
    const noStep = await neighbours('row=0&step=50');
    expect(noStep.statusCode).toBe(404);
    expect(noStep.json().error.message).toBe(`tensor emb of run ${runId} has no snapshot at step 50; its steps are 0, 100`);
  });

  it('answers from the replacement after a snapshot is replaced at the same step and time', async () => {
    const header: TensorHeader = { name: 'emb', step: 100, dtype: 'float32', shape: [rows, cols], time: 5 };
    await post(header, randomValues(3, rows * cols));
    const before = (await neighbours('row=3&k=10')).json();
    expect((await neighbours('row=3&k=10')).json()).toEqual(before);
    const replacement = randomValues(4, rows * cols);
    await post(header, replacement);
    const after = (await neighbours('row=3&k=10')).json();
    expect(after.neighbours).toEqual(rowNeighbours(Float32Array.from(replacement), rows, cols, 3, 10));
    expect(after.neighbours).not.toEqual(before.neighbours);
    // a snapshot of a new shape at the same step: the row range follows it
    await post({ ...header, shape: [4, cols] }, randomValues(5, 4 * cols));
    expect((await neighbours('row=10')).json().error.message).toMatch(/has 4 rows/);
  });
});

describe('SnapshotCache', () => {
  const snapshot = (rows: number, cols: number): DecodedSnapshot => ({ rows, cols, values: new Float32Array(rows * cols), norms: new Float32Array(rows) });

  it('keeps the held bytes within its bound, evicting the least recently used', () => {
    // each entry: 10 × 9 values + 10 norms = 100 floats = 400 bytes
    const cache = new SnapshotCache(1000);
    cache.set('a', snapshot(10, 9));
    cache.set('b', snapshot(10, 9));
    expect(cache.bytes).toBe(800);
    expect(cache.get('a')).toBeDefined();
    cache.set('c', snapshot(10, 9));
    expect(cache.bytes).toBe(800);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.get('c')).toBeDefined();
    // replacing a key does not count it twice
    cache.set('c', snapshot(10, 9));
    expect(cache.bytes).toBe(800);
    // one larger than the whole bound is not kept, and evicts nothing
    cache.set('huge', snapshot(10, 30));
    expect(cache.get('huge')).toBeUndefined();
    expect(cache.bytes).toBe(800);
    // 600 bytes more: the least recently used (a) goes, exactly filling the bound
    cache.set('big', snapshot(10, 14));
    expect(cache.bytes).toBe(1000);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('c')).toBeDefined();
    expect(cache.get('big')).toBeDefined();
  });
});
