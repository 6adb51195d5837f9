/**
 * Analyses load only the series summaries they read (ListRunsOptions.metricKeys): their answers must be those of a
 * full load, byte for byte, over the HTTP routes' store source and the CLI's local run source alike.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSeededRandom, parseAnalyticsQuery, toWireJson, type AnalyticsQueryInput } from '@runlens/core';
import { LocalRunSource } from '../cli/run-source.js';
import { SqliteStore } from '../store/sqlite-store.js';
import { storeAnalyticsSource, type AnalyticsSource } from './analytics-source.js';
import { ANALYZE_KINDS, type AnalyzeKind } from './analyze-kind.js';
import { AnalyzeRequestSchema, type AnalyzeRequestInput } from './analyze-request.js';
import { executeQuery } from './execute-query.js';
import { analyzeResponseJson, runAnalyze } from './run-analyze.js';

const METRICS = ['val/loss', 'val/acc', 'train/loss', 'lr_sched', 'grad/norm', 'z/損失'];

/** 60 runs, 6 params-driven metrics each (some missing, some NaN or ±Infinity), failures, explicit summaries. */
async function seed(store: SqliteStore): Promise<void> {
  const random = createSeededRandom(11);
  const lrs = [1e-4, 1e-3, 1e-2, 1];
  for (let i = 0; i < 60; i++) {
    const lr = lrs[i % lrs.length]!;
    const opt = i % 3 === 0 ? 'sgd' : 'adam';
    const failed = lr === 1 && random.next() < 0.7;
    const { run } = await store.createRun({ project: i % 5 === 0 ? 'other' : 'main', name: `run-${i}`, params: { lr, opt, seed: i % 4, depth: 2 + (i % 3) } });
    const steps = [0, 10, 20, 30];
    const series = METRICS.filter((_, m) => (i + m) % 7 !== 0).map((key, m) => {
      const base = Math.abs(Math.log10(lr) + 2.5) + (opt === 'sgd' ? 0.3 : 0) + random.next() * 0.2 + m;
      const values = steps.map((s) => base + 1 / (s + 1));
      if (failed) values[3] = i % 2 ? Number.NaN : Number.POSITIVE_INFINITY;
      if (i === 7 && key === 'val/loss') values[2] = Number.NEGATIVE_INFINITY;
      return { key, steps, values, times: steps };
    });
    await store.appendPoints(run.id, series);
    await store.updateRun(run.id, {
      status: failed ? 'failed' : i === 13 ? 'crashed' : 'completed',
      ...(i % 6 === 0 ? { summary: { 'val/acc': 0.5 + i / 100, best_epoch: i % 9 } } : {}),
    });
  }
}

/** The same source loading every metric whatever it is asked for: the reference. */
function fullLoad(source: AnalyticsSource): AnalyticsSource {
  return { describe: source.describe, listRuns: (q) => source.listRuns({ filter: q.filter, limit: q.limit }), readSeries: (id, key) => source.readSeries(id, key) };
}

/** The JSON body without what differs from one call to the next (times). */
function stable(body: unknown): string {
  return JSON.stringify(body).replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, 'T').replace(/"durationMs":[^,}]+/g, '"durationMs":0');
}

async function analyze(kind: string, input: AnalyzeRequestInput, source: AnalyticsSource): Promise<string> {
  try {
    const r = await runAnalyze(kind, AnalyzeRequestSchema.parse(input), source);
    return stable({ json: analyzeResponseJson(r), text: r.output.text, csv: r.output.csv ?? null });
  } catch (e) {
    return `error: ${(e as Error).message}`;
  }
}

const REQUESTS: { kind: AnalyzeKind; input: AnalyzeRequestInput; keys: readonly string[] | undefined }[] = [
  { kind: 'stats', input: { metric: 'val/loss' }, keys: ['val/loss'] },
  { kind: 'stats', input: { metric: 'val/loss, val/acc,val/loss', groupBy: 'params.lr', includeFailed: true }, keys: ['val/loss', 'val/acc'] },
  { kind: 'stats', input: { metric: 'train/loss', reduce: 'mean' }, keys: ['train/loss'] },
  { kind: 'stats', input: { metric: 'z/損失', reduce: 'at-step', step: 15, runs: { projects: ['main'] } }, keys: ['z/損失'] },
  { kind: 'stats', input: { metric: 'val/loss', runs: { filter: 'metrics.train/loss.min < 2.5 and params.opt == "adam"' } }, keys: ['val/loss'] },
  { kind: 'stats', input: {}, keys: undefined },
  { kind: 'compare', input: { metric: 'val/loss', groupBy: 'params.opt' }, keys: ['val/loss'] },
  { kind: 'compare', input: { metric: 'val/acc', groupBy: 'params.lr', test: 'mann-whitney', runs: { status: ['completed'] } }, keys: ['val/acc'] },
  { kind: 'importance', input: { metric: 'val/loss' }, keys: ['val/loss'] },
  { kind: 'importance', input: { metric: 'grad/norm', reduce: 'max', runs: { filter: 'metrics.`z/損失`.last > 3 or params.depth == 2' } }, keys: ['grad/norm'] },
  { kind: 'importance', input: {}, keys: undefined },
  { kind: 'outliers', input: { metric: 'val/loss', method: 'zscore', includeFailed: true }, keys: ['val/loss'] },
  { kind: 'curves', input: { metric: 'train/loss' }, keys: ['train/loss'] },
  { kind: 'failures', input: { runs: { filter: 'metrics.val/loss.nan_count == 0 or status == "failed"' } }, keys: [] },
  { kind: 'report', input: { metric: 'val/loss,val/acc', groupBy: 'params.opt' }, keys: ['val/loss', 'val/acc'] },
  { kind: 'report', input: {}, keys: undefined },
  { kind: 'stats', input: { metric: 'val/loss', maxRuns: 10 }, keys: ['val/loss'] },
];

describe('analyses load only the metrics they read, with the answers of a full load', () => {
  let dir: string;
  let store: SqliteStore;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'runlens-narrowing-'));
    store = new SqliteStore({ dataDir: dir });
    await seed(store);
  });

  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('covers every kind', () => {
    expect(new Set(REQUESTS.map((r) => r.kind))).toEqual(new Set(ANALYZE_KINDS));
  });

  it.each(REQUESTS)('$kind $input: store asked for $keys, same answer', async ({ kind, input, keys }) => {
    const spy = vi.spyOn(store, 'listRuns');
    try {
      const source = storeAnalyticsSource(store);
      const narrowed = await analyze(kind, input, source);
      expect(spy.mock.calls.map((c) => c[0].metricKeys)).toEqual([keys]);
      expect(narrowed).not.toMatch(/^error/);
      expect(narrowed).toBe(await analyze(kind, input, fullLoad(source)));
      expect(spy.mock.calls.map((c) => c[0].metricKeys)).toEqual([keys, undefined]);
    } finally {
      spy.mockRestore();
    }
  });

  it('a metric no run has: the full load is read again, so the error lists every metric as before', async () => {
    const spy = vi.spyOn(store, 'listRuns');
    try {
      const source = storeAnalyticsSource(store);
      for (const kind of ['stats', 'compare', 'importance', 'outliers'] as const) {
        spy.mockClear();
        const narrowed = await analyze(kind, { metric: 'val/los', direction: 'lower' }, source);
        expect(narrowed).toMatch(/^error: unknown metric: val\/los \(metrics of these runs: grad\/norm, lr_sched, train\/loss, val\/acc, val\/loss, z\/損失\)/);
        expect(narrowed).toBe(await analyze(kind, { metric: 'val/los', direction: 'lower' }, fullLoad(source)));
        expect(spy.mock.calls.map((c) => c[0].metricKeys), kind).toEqual([["val/los"], undefined, undefined]);
      }
      // curves only warns; the answer is the same either way
      expect(await analyze('curves', { metric: 'val/los', direction: 'lower' }, source)).toBe(await analyze('curves', { metric: 'val/los', direction: 'lower' }, fullLoad(source)));
      // nothing matched: nothing to fall back for
      spy.mockClear();
      expect(await analyze('stats', { metric: 'val/loss', runs: { projects: ['none'] } }, source)).toBe(
        await analyze('stats', { metric: 'val/loss', runs: { projects: ['none'] } }, fullLoad(source)),
      );
      expect(spy.mock.calls.map((c) => c[0].metricKeys)).toEqual([['val/loss'], undefined]);
    } finally {
      spy.mockRestore();
    }
  });

  it('analytics queries read their metric columns only, summary context and outlier rules included', async () => {
    const queries: AnalyticsQueryInput[] = [
      {
        metrics: [{ key: 'val/loss' }, { key: 'val/acc', context: 'summary' }, { key: 'train/loss', reduce: 'mean' }, { key: 'val/loss', reduce: 'min' }],
        excludeOutliers: [{ metric: 'val/loss', method: 'iqr' }],
        groupBy: 'params.lr',
        aggregate: ['count', 'mean', 'std', 'sem', 'median', 'min', 'max', 'ci'],
        runs: { filter: 'metrics.grad/norm.last > 0' },
      },
      { metrics: [{ key: 'z/損失', reduce: 'at-step', step: 20 }], includeFailed: true, maxRuns: 25 },
      { metrics: [] },
      { metrics: [{ key: 'best_epoch', context: 'summary' }] }, // explicit summaries only: no series, loaded again whole
    ];
    const source = storeAnalyticsSource(store);
    const spy = vi.spyOn(store, 'listRuns');
    try {
      for (const input of queries) {
        const query = parseAnalyticsQuery(input);
        const run = async (s: AnalyticsSource) => {
          try {
            return stable(toWireJson(await executeQuery(query, s)));
          } catch (e) {
            return `error: ${(e as Error).message}`;
          }
        };
        spy.mockClear();
        const narrowed = await run(source);
        expect(spy.mock.calls[0]![0].metricKeys).toEqual(query.metrics.map((m) => m.key));
        expect(narrowed).toBe(await run(fullLoad(source)));
      }
    } finally {
      spy.mockRestore();
    }
  });

  it('the CLI\'s local run source narrows the same way', async () => {
    const local = new LocalRunSource(dir);
    const spy = vi.spyOn(SqliteStore.prototype, 'listRuns');
    try {
      for (const { kind, input, keys } of REQUESTS.filter((r) => r.kind === 'importance' || r.kind === 'stats' || r.kind === 'report')) {
        spy.mockClear();
        expect(await analyze(kind, input, local)).toBe(await analyze(kind, input, fullLoad(local)));
        expect(spy.mock.calls.map((c) => c[0].metricKeys)).toEqual([keys, undefined]);
      }
    } finally {
      spy.mockRestore();
      await local.close();
    }
  });
});
