/**
 * Tensor snapshots over HTTP (issue 7): binary and JSON bodies, validation with nothing half-stored, NaN/Inf
 * reports, the body limit, retention, reads and the cached 3-D projection.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LIMITS, encodeTensorBody, type TensorHeader } from '@runlens/core';
import { buildApp, type BuiltApp } from '../packages/server/src/server/app.js';
import { SqliteStore } from '../packages/server/src/store/sqlite-store.js';

let store: SqliteStore;
let built: BuiltApp;
let runId: string;

beforeEach(async () => {
  store = new SqliteStore({ dataDir: ':memory:' });
  built = await buildApp({ store });
  const res = await built.app.inject({ method: 'POST', url: '/api/v1/runs', payload: { project: 'p' } });
  runId = res.json<{ id: string }>().id;
});
afterEach(async () => {
  await built.close();
  await store.close();
});

function postBinary(header: TensorHeader, values: ArrayLike<number>, query = '') {
  const body = Buffer.from(encodeTensorBody(header, values));
  return built.app.inject({ method: 'POST', url: `/api/v1/runs/${runId}/tensors${query}`, headers: { 'content-type': 'application/octet-stream' }, payload: body });
}

describe('POST /runs/{id}/tensors', () => {
  it('stores a binary float16 snapshot with labels and reads it back', async () => {
    const res = await postBinary({ name: 'tok_emb', step: 10, dtype: 'float16', shape: [3, 2], labels: ['a', 'e', '!'] }, [1, 2, 3, 4, 5, 6]);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ name: 'tok_emb', step: 10, dtype: 'float16', shape: [3, 2], finite: { nan: 0, posInf: 0, negInf: 0 }, removedSteps: [] });
    const list = await built.app.inject({ url: `/api/v1/runs/${runId}/tensors` });
    expect(list.json()).toEqual({ tensors: [{ name: 'tok_emb', steps: [10], dtype: 'float16', shape: [3, 2] }] });
    const one = await built.app.inject({ url: `/api/v1/runs/${runId}/tensors/tok_emb?step=10` });
    expect(one.json()).toMatchObject({ name: 'tok_emb', step: 10, shape: [3, 2], labels: ['a', 'e', '!'], values: [1, 2, 3, 4, 5, 6] });
  });

  it('accepts the JSON fallback, counts NaN/Inf, stores them as 0, and rejects them on request with nothing stored', async () => {
    const payload = { name: 'w', step: 1, shape: [2, 2], values: [1, 'NaN', 'Infinity', '-Infinity'] };
    const res = await built.app.inject({ method: 'POST', url: `/api/v1/runs/${runId}/tensors`, payload });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().finite).toEqual({ nan: 1, posInf: 1, negInf: 1 });
    const read = await built.app.inject({ url: `/api/v1/runs/${runId}/tensors/w` });
    expect(read.json()).toMatchObject({ values: [1, 0, 0, 0], finite: { nan: 1, posInf: 1, negInf: 1 } });
    const rejected = await built.app.inject({ method: 'POST', url: `/api/v1/runs/${runId}/tensors?nonfinite=reject`, payload: { ...payload, step: 2 } });
    expect(rejected.statusCode).toBe(400);
    expect(rejected.json().error.message).toMatch(/1 NaN, 1 \+Infinity and 1 -Infinity/);
    expect((await store.listTensors(runId))[0]!.steps).toEqual([1]);
  });

  it('rejects a shape that does not match the bytes, wrong label counts, bad names and garbage, storing nothing', async () => {
    const shape = await postBinary({ name: 'w', step: 0, dtype: 'float32', shape: [3, 3] }, [1, 2, 3, 4]);
    expect(shape.statusCode).toBe(400);
    expect(shape.json().error).toMatchObject({ code: 'VALIDATION', details: { field: 'shape' } });
    expect(shape.json().error.message).toMatch(/36 bytes, but 16 were sent/);
    const labels = await postBinary({ name: 'w', step: 0, dtype: 'float32', shape: [2, 1], labels: ['a'] }, [1, 2]);
    expect(labels.json().error.message).toMatch(/1 labels for 2 rows/);
    const name = await postBinary({ name: 'has space', step: 0, dtype: 'float32', shape: [1] }, [1]);
    expect(name.statusCode).toBe(400);
    const garbage = await built.app.inject({ method: 'POST', url: `/api/v1/runs/${runId}/tensors`, headers: { 'content-type': 'application/octet-stream' }, payload: Buffer.from('not a tensor') });
    expect(garbage.json().error.message).toMatch(/expected "RLT1"/);
    const json = await built.app.inject({ method: 'POST', url: `/api/v1/runs/${runId}/tensors`, payload: { name: 'w', step: 0, shape: [3], values: [1, 2] } });
    expect(json.statusCode).toBe(400);
    expect(await store.listTensors(runId)).toEqual([]);
    const noRun = await built.app.inject({ method: 'POST', url: '/api/v1/runs/01ARZ3NDEKTSV4RRFFQ69G5FAV/tensors', payload: { name: 'w', step: 0, shape: [1], values: [1] } });
    expect(noRun.statusCode).toBe(404);
    const unknown = await built.app.inject({ url: `/api/v1/runs/${runId}/tensors/nope` });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.message).toMatch(/no tensor nope/);
  });

  it('answers 413 naming the limit for a body over it', async () => {
    const res = await built.app.inject({
      method: 'POST',
      url: `/api/v1/runs/${runId}/tensors`,
      headers: { 'content-type': 'application/octet-stream' },
      payload: Buffer.alloc(LIMITS.maxTensorBodyBytes + 1),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.message).toContain(String(LIMITS.maxTensorBodyBytes));
  });

  it('thins snapshots evenly to the retention limit', async () => {
    for (let step = 0; step < 40; step++) {
      const res = await postBinary({ name: 'w', step: step * 5, dtype: 'float16', shape: [2, 1] }, [step, -step], '?keep=5');
      expect(res.statusCode).toBe(200);
    }
    const steps = (await store.listTensors(runId))[0]!.steps;
    expect(steps.length).toBe(5);
    expect(steps[0]).toBe(0);
    expect(steps[4]).toBe(195);
  });
});

describe('GET /runs/{id}/tensors/{name}/projection', () => {
  it('projects every snapshot in the reference frame and caches the result', async () => {
    const rows = 12;
    const cols = 4;
    for (let t = 0; t < 4; t++) {
      const values = Array.from({ length: rows * cols }, (_, i) => Math.sin(i * 1.7 + t * 0.1) * (1 + (i % cols)));
      await postBinary({ name: 'tok_emb', step: t * 10, dtype: 'float32', shape: [rows, cols], labels: Array.from({ length: rows }, (_, i) => String.fromCharCode(97 + i)) }, values);
    }
    const url = `/api/v1/runs/${runId}/tensors/tok_emb/projection?method=pca&reference=last&neighbours=3`;
    const res = await built.app.inject({ url });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ name: 'tok_emb', method: 'pca', referenceStep: 30, rows, cols, k: 3 });
    expect(body.labels[0]).toBe('a');
    expect(body.snapshots.map((s: { step: number }) => s.step)).toEqual([0, 10, 20, 30]);
    expect(body.snapshots[3].coords.length).toBe(rows * 3);
    expect(body.snapshots[3].neighbours.length).toBe(rows * 3);
    expect(body.snapshots[3].distanceToReference).toBe(0);
    const again = await built.app.inject({ url });
    expect(again.body).toBe(res.body);
    const missing = await built.app.inject({ url: `/api/v1/runs/${runId}/tensors/nope/projection` });
    expect(missing.statusCode).toBe(404);
    const badRef = await built.app.inject({ url: `/api/v1/runs/${runId}/tensors/tok_emb/projection?reference=7` });
    expect(badRef.statusCode).toBe(400);
  });
});
