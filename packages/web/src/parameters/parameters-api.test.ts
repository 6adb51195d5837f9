import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/http.js';
import { getRowNeighbours } from './parameters-api.js';

describe('getRowNeighbours', () => {
  const calls: string[] = [];
  let answer: { status: number; body: unknown } = { status: 200, body: {} };

  beforeEach(() => {
    calls.length = 0;
    // the API client reads a bearer token from localStorage
    vi.stubGlobal('localStorage', { getItem: () => null, setItem: () => undefined });
    vi.stubGlobal('fetch', (url: string) => {
      calls.push(url);
      return Promise.resolve(new Response(JSON.stringify(answer.body), { status: answer.status, headers: { 'content-type': 'application/json' } }));
    });
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('asks for one row of one snapshot, names escaped', async () => {
    answer = { status: 200, body: { name: 'blocks.0/w', step: 300, row: 7, k: 5, neighbours: [{ row: 3, similarity: 0.97 }, { row: 9, similarity: 0.5 }] } };
    const r = await getRowNeighbours('run 1', 'blocks.0/w', 300, 7, 5);
    expect(calls).toEqual(['/api/v1/runs/run%201/tensors/blocks.0%2Fw/neighbours?step=300&row=7&k=5']);
    expect(r.neighbours).toEqual([{ row: 3, similarity: 0.97 }, { row: 9, similarity: 0.5 }]);
  });

  it("turns the server's error answer into an ApiError with its message", async () => {
    answer = { status: 400, body: { error: { code: 'VALIDATION', message: 'row 9000 is out of range (800 rows)' } } };
    const e = await getRowNeighbours('r', 'emb', 0, 9000, 5).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).status).toBe(400);
    expect((e as ApiError).message).toMatch(/out of range/);
  });
});
