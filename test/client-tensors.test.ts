/**
 * The TypeScript client's parameter snapshots and histograms against a real server (issue 7): logParameters with
 * sampling and labels, logTensor, logHistogram, the adaptive interval, and nothing thrown into training.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { init } from '@runlens/client';
import { startServer, type RunningServer } from '../packages/server/src/server/app.js';

let server: RunningServer;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'runlens-client-tensors-'));
  server = await startServer({ dataDir: join(dir, 'data'), port: 0 });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('TypeScript client: tensors and histograms', () => {
  it('snapshots sampled, labelled parameters every N steps and logs histograms', async () => {
    const run = await init({ url: server.url, project: 'ts-tensors', offlineDir: join(dir, 'offline') });
    const vocab = 40;
    const dim = 8;
    const emb = new Float32Array(vocab * dim).map((_, i) => Math.sin(i));
    const chars = Array.from({ length: vocab }, (_, i) => String.fromCharCode(48 + i));
    for (let step = 0; step < 30; step++) {
      for (let i = 0; i < emb.length; i++) emb[i]! += 0.01;
      run.log({ loss: 1 / (step + 1) }, step);
      run.logParameters({ char_emb: { data: emb, rows: vocab, cols: dim }, other: { data: emb, rows: vocab, cols: dim } }, { every: 10, names: ['char_emb'], sample: 16, labels: { char_emb: chars }, maxOverhead: 1e6 });
    }
    run.logHistogram('weights/char_emb', { values: emb, bins: 8 }, 29);
    run.logHistogram('bad', { edges: [0, 1], counts: [1, 2] });
    run.logTensor('bad_shape', { data: new Float32Array(3), rows: 2, cols: 2 });
    await run.finish();
    const tensors = await server.store.listTensors(run.id);
    expect(tensors).toEqual([{ name: 'char_emb', steps: [0, 10, 20], dtype: 'float16', rows: 16, cols: dim }]);
    const t = await server.store.readTensor(run.id, 'char_emb', 20);
    expect(t!.labels!.every((l) => chars.includes(l))).toBe(true);
    const first = await server.store.readTensor(run.id, 'char_emb', 0);
    expect(first!.labels).toEqual(t!.labels);
    expect((await server.store.histogramKeys(run.id)).map((k) => k.key)).toEqual(['weights/char_emb']);
    expect(run.parameterStats()).toMatchObject({ every: 10, sent: 3, skipped: 0 });
  });
});
