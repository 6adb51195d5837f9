import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Run } from '@runlens/core';
import { buildApp, type BuiltApp } from '../server/app.js';
import { SqliteStore } from '../store/sqlite-store.js';
import { loadPlotData, matchKeys, parseKeyPattern } from './load-plot-data.js';
import { HttpPlotDataSource, storePlotDataSource, type PlotDataSource } from './plot-data-source.js';
import { PlotSelectionSchema, type PlotSelectionInput } from './plot-request.js';

const T0 = 1_700_000_000_000;
let store: SqliteStore;
let built: BuiltApp;
let url = '';
const ids: Record<string, string> = {};

beforeAll(async () => {
  store = new SqliteStore({ dataDir: ':memory:' });
  const add = async (project: string, name: string, lr: number, status: 'completed' | 'failed', series: Record<string, [number[], number[]]>) => {
    const { run } = await store.createRun({ project, name, params: { lr }, status, startTime: T0 });
    ids[name] = run.id;
    await store.appendPoints(run.id, Object.entries(series).map(([key, [steps, values]]) => ({ key, steps, values, times: steps.map((s) => T0 + s * 1000) })));
    return run.id;
  };
  const n = 10_000;
  const steps = Array.from({ length: n }, (_, i) => i);
  // a spike at step 5000 that downsampling must keep
  await add('p', 'a', 0.1, 'completed', {
    'train/loss': [steps, steps.map((s) => (s === 5000 ? 100 : 1 / (1 + s)))],
    'val/loss': [[0, 5000, 9999], [2, 1, 0.5]],
    epoch: [[0, 5000], [0, 1]],
  });
  await add('p', 'b', 1, 'failed', { 'train/loss': [[0, 1, 2], [1, Number.NaN, Number.POSITIVE_INFINITY]], 'train/epoch': [[0], [0]] });
  await add('q', 'c <script>', 0.3, 'completed', { 'train/loss': [[0], [3]] });
  await store.appendHistograms(ids.a!, [{ key: 'w/hist', step: 0, time: T0, edges: [0, 1, 2], counts: [3, 4] }, { key: 'w/hist', step: 10, time: T0, edges: [0, 1, 2], counts: [1, 6] }]);
  built = await buildApp({ store });
  url = await built.app.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await built.close();
  await store.close();
});

const sel = (s: PlotSelectionInput = {}) => PlotSelectionSchema.parse(s);

describe('key patterns', () => {
  it('exact keys and /regex/ with flags; each key once', () => {
    const keys = ['val/loss', 'train/loss', 'train/acc', 'lr'];
    expect(matchKeys(['train/acc', '/loss$/', 'val/loss'].map(parseKeyPattern), keys)).toEqual(['train/acc', 'train/loss', 'val/loss']);
    expect(matchKeys([parseKeyPattern('/^TRAIN/i')], keys)).toEqual(['train/acc', 'train/loss']);
    expect(matchKeys([parseKeyPattern('nope')], keys)).toEqual([]);
    expect(() => parseKeyPattern('/(/')).toThrow(/bad metric pattern \/\(\//);
  });
});

describe.each([
  ['store', () => storePlotDataSource(store)],
  ['http', () => new HttpPlotDataSource(url)],
] as [string, () => PlotDataSource][])('loadPlotData from the %s', (_name, source) => {
  it('series by regex, min/max downsampled to about `points`, spike kept, NaN and Infinity kept', async () => {
    const { data, warnings } = await loadPlotData({ series: { metrics: ['/loss$/'], x: 'step', points: 200 } }, sel({ projects: ['p'] }), source());
    expect(warnings).toEqual([]);
    expect(data.runs.map((r) => r.name).sort()).toEqual(['a', 'b']);
    const a = data.series.filter((s) => s.runId === ids.a);
    expect(a.map((s) => s.key)).toEqual(['train/loss', 'val/loss']);
    const loss = a[0]!;
    expect(loss.x.length).toBeLessThanOrEqual(200);
    expect(loss.x.length).toBeGreaterThan(100);
    expect(Math.max(...loss.y)).toBe(100);
    expect(loss.x.length).toBe(loss.y.length);
    expect(loss.steps.length).toBe(loss.times.length);
    const b = data.series.find((s) => s.runId === ids.b)!;
    expect(Array.from(b.y)).toEqual([1, Number.NaN, Number.POSITIVE_INFINITY]);
    expect(Array.from(b.times)).toEqual([T0, T0 + 1000, T0 + 2000]);
  });

  it('x = time, relative, epoch (the epoch metric or */epoch), another metric', async () => {
    const load = (x: string) => loadPlotData({ series: { metrics: ['train/loss'], x, points: 1000 } }, sel({ projects: ['p'] }), source());
    const time = await load('time');
    expect(time.data.series.find((s) => s.runId === ids.b)!.x[1]).toBe(T0 + 1000);
    const rel = await load('relative');
    expect(Array.from(rel.data.series.find((s) => s.runId === ids.b)!.x)).toEqual([0, 1, 2]);
    const epoch = await load('epoch');
    expect(epoch.warnings).toEqual([]);
    const ea = epoch.data.series.find((s) => s.runId === ids.a)!;
    expect(ea.x[0]).toBe(0);
    expect(ea.x[ea.x.length - 1]).toBe(1);
    expect(Array.from(epoch.data.series.find((s) => s.runId === ids.b)!.x)).toEqual([0, 0, 0]);
    const byVal = await load('val/loss');
    expect(byVal.data.series.map((s) => s.runId)).toEqual([ids.a]);
    expect(byVal.warnings).toEqual(['1 run has no "val/loss" metric for the x axis and is left out: b']);
  });

  it('status, filter, runIds and maxRuns select runs; too many runs is a warning', async () => {
    const names = async (s: PlotSelectionInput) => (await loadPlotData({}, sel(s), source())).data.runs.map((r) => r.name).sort();
    expect(await names({ status: ['failed'] })).toEqual(['b']);
    expect(await names({ filter: 'params.lr < 0.5' })).toEqual(['a', 'c <script>']);
    expect(await names({ runIds: [ids.a!, ids['c <script>']!], projects: ['q'] })).toEqual(['c <script>']);
    const capped = await loadPlotData({}, sel({ maxRuns: 2 }), source());
    expect(capped.data.runs).toHaveLength(2);
    expect(capped.runsMatched).toBe(3);
    expect(capped.warnings).toEqual(['more than 2 runs match: plotted the first 2 (narrow the filter or raise maxRuns)']);
  });

  it('no runs, and metrics no run has, are warnings naming what exists', async () => {
    const none = await loadPlotData({ series: { metrics: ['loss'], x: 'step', points: 100 } }, sel({ projects: ['nope'] }), source());
    expect(none.data).toEqual({ runs: [], series: [], histograms: [] });
    expect(none.warnings).toEqual(['no runs match the selection']);
    const missing = await loadPlotData({ series: { metrics: ['acc', '/^zz/'], x: 'step', points: 100 } }, sel({ projects: ['q'] }), source());
    expect(missing.warnings).toEqual(['no selected run has a metric "acc" (metrics: train/loss)', 'no selected run has a metric matching /^zz/ (metrics: train/loss)']);
  });

  it('histograms by pattern', async () => {
    const { data, warnings } = await loadPlotData({ histograms: { keys: ['/^w\\//'] } }, sel(), source());
    expect(warnings).toEqual([]);
    expect(data.histograms.map((h) => [h.runId, h.key, h.step, h.counts])).toEqual([[ids.a, 'w/hist', 0, [3, 4]], [ids.a, 'w/hist', 10, [1, 6]]]);
    expect((await loadPlotData({ histograms: { keys: ['nope'] } }, sel(), source())).warnings).toEqual(['no selected run has histograms nope']);
  });

  it('refuses a bad point count', async () => {
    await expect(loadPlotData({ series: { metrics: ['loss'], x: 'step', points: 1 } }, sel(), source())).rejects.toThrow(/points per series must be a whole number from 2 to 100000, got 1/);
  });
});

describe('loadPlotData bounds', () => {
  it('refuses a plot that would read too many points in all, before reading any', async () => {
    let reads = 0;
    const run = (i: number): Run => ({
      id: `r${i}`, project: 'p', name: `r${i}`, group: 'g', status: 'completed', params: {}, tags: [], notes: '', startTime: 0, endTime: null, heartbeat: 0,
      exitCode: null, error: null, command: null, cwd: null, gitCommit: null, gitDirty: null, host: null, summary: {},
      metrics: { loss: { key: 'loss', count: 100_000, first: 1, last: 1, min: 1, max: 1, firstStep: 0, lastStep: 99_999, nanCount: 0, lastTime: 0 } },
    });
    const fake: PlotDataSource = {
      describe: 'fake',
      listRuns: async (q) => Array.from({ length: Math.min(q.limit, 300) }, (_, i) => run(i)),
      readSeries: async () => (reads++, []),
      histogramKeys: async () => [],
      readHistograms: async () => [],
      close: async () => undefined,
    };
    await expect(loadPlotData({ series: { metrics: ['loss'], x: 'step', points: 100_000 } }, sel(), fake)).rejects.toThrow(
      'this plot would read up to 30,000,000 points (300 series × 100000 points); at most 20,000,000: lower points, pick fewer metrics or fewer runs (maxRuns)',
    );
    await expect(loadPlotData({ series: { metrics: ['loss'], x: 'step', points: 100_000 } }, sel({ maxRuns: 200 }), fake)).resolves.toMatchObject({ runsMatched: 201 });
    expect(reads).toBe(1);
  });
});
