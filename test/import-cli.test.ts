/**
 * `runlens import` and `runlens export --format tensorboard` as users run them: real fixture files in, the same
 * numbers out, nothing duplicated on a second import, and the export readable by the importer.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUILT, ROOT, api, runCli, serve, tempDir } from './helpers/cli.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function dir(): string {
  const d = tempDir();
  dirs.push(d);
  return d;
}

interface Summary {
  runsCreated: number;
  runsExisting: number;
  series: number;
  points: number;
  rejected: unknown[];
}

interface WireRun {
  id: string;
  name: string;
  params: Record<string, unknown>;
  metrics: Record<string, { count: number; first: number; last: number }>;
}

describe.runIf(BUILT)('runlens import', () => {
  it('imports TensorBoard event files once, exports them back as event files, and re-imports the same values', () => {
    const data = dir();
    const tfevents = join(ROOT, 'test/fixtures/tfevents');
    const first = JSON.parse(runCli(['import', 'tensorboard', tfevents, '--data', data, '--json']).stdout) as Summary;
    expect(first).toMatchObject({ runsCreated: 4, runsExisting: 0, rejected: [] });
    const again = JSON.parse(runCli(['import', 'tensorboard', tfevents, '--data', data, '--json']).stdout) as Summary;
    expect(again).toMatchObject({ runsCreated: 0, runsExisting: 4 });
    const runs = JSON.parse(runCli(['ls', '--data', data, '--json']).stdout) as WireRun[];
    expect(runs).toHaveLength(4);
    const out = join(dir(), 'tb');
    const exp = runCli(['export', '--data', data, '--format', 'tensorboard', '--out', out]);
    expect(exp.code, exp.stderr).toBe(0);
    const data2 = dir();
    const back = JSON.parse(runCli(['import', 'tensorboard', out, '--data', data2, '--json']).stdout) as Summary;
    expect(back.runsCreated).toBe(4);
    const runs2 = JSON.parse(runCli(['ls', '--data', data2, '--json']).stdout) as WireRun[];
    const byMetrics = (rs: WireRun[]) => rs.map((r) => Object.entries(r.metrics).map(([k, m]) => `${k}:${m.count}:${Math.fround(m.first)}:${Math.fround(m.last)}`).sort().join('|')).sort();
    expect(byMetrics(runs2)).toEqual(byMetrics(runs));
  });

  it('imports into a running server on the data dir instead of opening its file, and names unknown kinds', async () => {
    const data = dir();
    const server = await serve(data);
    try {
      const r = runCli(['import', 'hf', join(ROOT, 'test/fixtures/hf/aigoncharov_multi_eval_trainer_state.json'), '--data', data]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`into ${server.url}`);
      const { body } = await api<{ runs: WireRun[] }>(server.url, '/api/v1/runs');
      expect(body.runs[0]!.metrics.loss!.count).toBe(30);
    } finally {
      await server.stop();
    }
    const bad = runCli(['import', 'wandb', '.', '--data', data]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('unknown importer: wandb (one of tensorboard, mlflow, hf, csv, jsonl)');
    const missing = runCli(['import', 'tensorboard', join(data, 'nope'), '--data', data]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nope/);
  });
});

describe.runIf(BUILT)('POST /api/v1/import', () => {
  it('imports on the server and reports the same summary shape', async () => {
    const data = dir();
    const server = await serve(data);
    try {
      const res = await api<Summary>(server.url, '/api/v1/import', { method: 'POST', body: { kind: 'tensorboard', path: join(ROOT, 'test/fixtures/tfevents/lightning_ava_0fq.3') } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ runsCreated: 1, rejected: [] });
      const bad = await api<{ error: { message: string } }>(server.url, '/api/v1/import', { method: 'POST', body: { kind: 'nope', path: '/' } });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/unknown importer/);
    } finally {
      await server.stop();
    }
  });
});
