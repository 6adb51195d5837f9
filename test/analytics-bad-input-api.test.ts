/**
 * Issue 4's bad input over REST and every analyze kind: contradictory queries are 400s naming the field, and
 * 100,001 runs give answers with one "capped" warning, never a crash or a p-value printed as 0.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Run } from '@runlens/core';
import { buildApp, type BuiltApp } from '../packages/server/src/server/app.js';
import { SqliteStore } from '../packages/server/src/store/sqlite-store.js';
import type { AnalyticsSource } from '../packages/server/src/analytics/analytics-source.js';
import { ANALYZE_KINDS } from '../packages/server/src/analytics/analyze-kind.js';
import { AnalyzeRequestSchema } from '../packages/server/src/analytics/analyze-request.js';
import { analyzeResponseJson, runAnalyze } from '../packages/server/src/analytics/run-analyze.js';

describe('POST /api/v1/analytics/query: contradictory metric selections are 400s, not another answer', () => {
  let store: SqliteStore;
  let built: BuiltApp;
  beforeAll(async () => {
    store = new SqliteStore({ dataDir: ':memory:' });
    built = await buildApp({ store });
    for (const [i, lr] of [0.1, 0.1, 1, 1].entries()) {
      const { run } = await store.createRun({ project: 'p', name: `r${i}`, params: { lr } });
      await store.appendPoints(run.id, [{ key: 'loss', steps: [0, 50, 100], values: [5, 3 - lr, 2 - lr], times: [0, 1, 2] }]);
      await store.updateRun(run.id, { status: 'completed' });
    }
  });
  afterAll(async () => {
    await built.close();
    await store.close();
  });

  const post = (payload: unknown) => built.app.inject({ method: 'POST', url: '/api/v1/analytics/query', payload: payload as Record<string, unknown> });

  it.each([
    [{ metrics: [{ key: 'loss', reduce: 'at-step' }] }, /metric loss: reduce at-step needs a step/, 'metrics[0].step'],
    [{ metrics: [{ key: 'loss', step: 50 }] }, /step 50 applies only to reduce at-step/, 'metrics[0].step'],
    [{ metrics: [{ key: 'loss', context: 'summary', reduce: 'max' }] }, /reduce max does not apply/, 'metrics[0].reduce'],
  ])('%j', async (payload, message, path) => {
    const res = await post(payload);
    expect(res.statusCode).toBe(400);
    // the route's schema refuses it, as any body error: the path and the last field named
    const body = res.json<{ error: { code: string; message: string; details: { path: string; field: string } } }>();
    expect(body.error.code).toBe('VALIDATION');
    expect(body.error.message).toMatch(message);
    expect(body.error.details.path).toBe(path);
    expect(body.error.details.field).toBe(path.split('.').pop());
  });

  it('at-step with a step, grouped by a bare param name, answers from the store', async () => {
    const res = await post({ metrics: [{ key: 'loss', reduce: 'at-step', step: 60 }], groupBy: 'lr' });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ aggregated: { group: string; stats: { mean: number } }[]; metadata: { columns: string[] } }>();
    expect(body.metadata.columns).toEqual(['loss@60']);
    expect(body.aggregated.map((a) => [a.group, a.stats.mean])).toEqual([['lr=0.1', 2.9], ['lr=1', 2]]);
  });

  it('POST /api/v1/analytics/stats with a step but no at-step is a 400 too', async () => {
    const res = await built.app.inject({ method: 'POST', url: '/api/v1/analytics/stats', payload: { metric: 'loss', step: 50 } });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ error: { message: string } }>().error.message).toMatch(/step 50 applies only to reduce at-step \(reduce is last\)/);
  });
});

describe('every analyze kind over 100,001 runs', () => {
  const N = 100_001;
  const lrs = [0.1, 0.3, 1, 10];
  const runs: Run[] = Array.from({ length: N }, (_, i) => {
    const lr = lrs[i % 4]!;
    const failed = lr === 10 && i % 3 !== 0;
    const last = failed ? Number.NaN : 2 - Math.log10(lr) * 0.2 + ((i * 7919) % 101) / 1000;
    return {
      id: `r${i}`, project: 'p', name: `run ${i}`, group: `lr=${lr}`, status: failed ? 'failed' : 'completed',
      params: { lr, seed: i % 5 }, tags: [], notes: '', startTime: 0, endTime: 1000 + (i % 50), heartbeat: 1000, exitCode: 0, error: null,
      command: null, cwd: null, gitCommit: null, gitDirty: null, host: `h${i % 3}`,
      summary: { 'val/loss': last },
      metrics: { 'val/loss': { key: 'val/loss', count: 3, first: 5, last, min: Math.min(5, last), max: 5, firstStep: 0, lastStep: 100, nanCount: failed ? 1 : 0, lastTime: 2 } },
    };
  });
  const source: AnalyticsSource = {
    describe: 'memory',
    listRuns: async (q) => runs.slice(0, q.limit ?? runs.length),
    readSeries: async () => ({ steps: Float64Array.of(0, 50, 100), values: Float64Array.of(5, 3, 2), times: Float64Array.of(0, 1, 2) }),
  };

  it.each(ANALYZE_KINDS)('%s: an answer, the cap said once, no p printed as 0', async (kind) => {
    const r = await runAnalyze(kind, AnalyzeRequestSchema.parse({ metric: 'val/loss', groupBy: 'params.lr' }), source);
    const json = analyzeResponseJson(r);
    expect(json.metadata.runsMatched).toBe(N);
    expect(json.warnings.filter((w) => w.startsWith('more than 100000 runs match'))).toHaveLength(1);
    expect(r.output.text.length).toBeGreaterThan(0);
    expect(r.output.text).not.toMatch(/\bp = 0[,)]/);
    // the report is Markdown, where < is escaped
    if (kind === 'failures' || kind === 'report') expect(r.output.text).toMatch(/lr ≥ 10: 16666 of 25000 runs failed, against 0 of 75000 otherwise \(p \\?< 1e-300, Fisher exact\)/);
  }, 60_000);
});
