/**
 * Golden SVGs of every built-in plot type through every renderer that draws it, on one seeded synthetic sweep
 * (4 learning rates × 3 seeds, one diverging configuration, classifier curves, a confusion matrix and weight
 * histograms). PNGs of each golden land in /tmp/runlens-golden-png/ to be looked at when they change.
 */
import { describe, it } from 'vitest';
import {
  BUILTIN_PLOTS,
  BUILTIN_PROCESSORS,
  DEFAULT_THEME,
  PluginRegistry,
  PlotSpecSchema,
  createSeededRandom,
  type PlotContext,
  type PlotData,
  type PlotHistogram,
  type PlotSeries,
  type Run,
  type SeriesSummary,
} from '@runlens/core';
import { expectGoldenRenders } from './golden-renders.js';

const registry = new PluginRegistry();
BUILTIN_PROCESSORS.forEach((p) => registry.register(p));
BUILTIN_PLOTS.forEach((p) => registry.register(p));

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);

function summaryOf(key: string, steps: number[], values: number[], times: number[]): SeriesSummary {
  const finite = values.filter(Number.isFinite);
  return {
    key,
    count: values.length,
    first: values[0]!,
    last: values[values.length - 1]!,
    min: finite.length ? Math.min(...finite) : Number.NaN,
    max: finite.length ? Math.max(...finite) : Number.NaN,
    firstStep: steps[0]!,
    lastStep: steps[steps.length - 1]!,
    nanCount: values.length - finite.length,
    lastTime: times[times.length - 1]!,
  };
}

/** A sweep the way the demo logs it, seeded so every golden is the same on every machine. */
function sweep(): PlotData {
  const rand = createSeededRandom(42);
  const runs: Run[] = [];
  const series: PlotSeries[] = [];
  const histograms: PlotHistogram[] = [];
  const lrs = [0.01, 0.03, 0.1, 3];
  let i = 0;
  for (const lr of lrs) {
    for (const seed of [1, 2, 3]) {
      const id = `01JRUN${String(i).padStart(20, '0')}`;
      const start = T0 + i * 600_000;
      const diverges = lr === 3;
      const n = diverges ? 40 : 200;
      const steps = Array.from({ length: n }, (_, s) => s * 5);
      const times = steps.map((s) => start + s * 1500);
      const rate = Math.log10(lr * 100) + 0.5;
      const train = steps.map((s, k) => (diverges && k > 30 ? (k > 36 ? Number.NaN : 4 * 10 ** (k - 30)) : 0.6 + 3 * Math.exp(-rate * s / 300) + 0.05 * rand.normal()));
      const val = steps.map((s, k) => (diverges && k > 30 ? Number.NaN : 0.7 + 3 * Math.exp(-rate * s / 320) + 0.002 * s / 10 * (lr === 0.1 ? 1 : 0) + 0.03 * rand.normal()));
      const acc = val.map((v) => (Number.isFinite(v) ? Math.min(0.99, Math.max(0, 1 - v / 4)) : Number.NaN));
      const metrics: Record<string, SeriesSummary> = {};
      for (const [key, values] of [['train/loss', train], ['val/loss', val], ['val/acc', acc]] as const) {
        series.push({ runId: id, key, x: Float64Array.from(steps), y: Float64Array.from(values), steps: Float64Array.from(steps), times: Float64Array.from(times) });
        metrics[key] = summaryOf(key, steps, values, times);
      }
      const summary: Record<string, number> = {};
      if (i === 0) {
        // a classifier's curves and confusion matrix, logged the documented way
        const fpr = [0, 0.05, 0.1, 0.2, 0.4, 0.7, 1];
        const tpr = [0, 0.4, 0.6, 0.8, 0.9, 0.97, 1];
        const recall = [0, 0.2, 0.4, 0.6, 0.8, 0.9, 1];
        const precision = [1, 0.98, 0.95, 0.9, 0.8, 0.7, 0.5];
        const idx = fpr.map((_, k) => k);
        const add = (key: string, y: number[]) => {
          series.push({ runId: id, key, x: Float64Array.from(idx), y: Float64Array.from(y), steps: Float64Array.from(idx), times: Float64Array.from(idx, (k) => start + k) });
          metrics[key] = summaryOf(key, idx, y, idx.map((k) => start + k));
        };
        add('roc/fpr', fpr);
        add('roc/tpr', tpr);
        add('pr/recall', recall);
        add('pr/precision', precision);
        const cells: [string, string, number][] = [['cat', 'cat', 40], ['cat', 'dog', 8], ['cat', 'bird', 2], ['dog', 'cat', 5], ['dog', 'dog', 43], ['dog', 'bird', 2], ['bird', 'cat', 1], ['bird', 'dog', 3], ['bird', 'bird', 46]];
        for (const [t, p, c] of cells) summary[`confusion/${t}/${p}`] = c;
        for (let h = 0; h < 5; h++) {
          const edges = Array.from({ length: 21 }, (_, e) => -2 + e * 0.2);
          const spread = 0.3 + 0.15 * h;
          const counts = edges.slice(1).map((e) => Math.round(1000 * Math.exp(-((e - 0.1) ** 2) / (2 * spread * spread))));
          histograms.push({ runId: id, key: 'weights/fc1', step: h * 200, time: start + h * 300_000, edges, counts });
        }
      }
      for (const [key, s] of Object.entries(metrics)) summary[key] ??= s.last;
      runs.push({
        id, project: 'sweep', name: `lr=${lr} seed=${seed}`, group: `lr=${lr}`, status: diverges ? 'failed' : 'completed',
        params: { lr, seed, optimizer: lr < 0.05 ? 'adam' : 'sgd', 'model.width': 64 * (1 + (i % 3)) }, tags: [], notes: '',
        startTime: start, endTime: times[times.length - 1]!, heartbeat: times[times.length - 1]!, exitCode: diverges ? 1 : 0,
        error: diverges ? 'loss diverged to NaN' : null, command: null, cwd: null, gitCommit: null, gitDirty: null, host: null, summary, metrics,
      });
      i++;
    }
  }
  return { runs, series, histograms };
}

const CASES: { name: string; plot: string; options: Record<string, unknown> }[] = [
  { name: 'curves-runs', plot: 'curves', options: { metrics: ['val/loss'] } },
  { name: 'curves-grouped', plot: 'curves', options: { metrics: ['train/loss', 'val/loss'], groupBy: 'params.lr', smooth: 'ema:0.6', band: 'ci95' } },
  { name: 'compare-box', plot: 'compare', options: { metrics: ['val/loss'], groupBy: 'params.lr', kind: 'box', includeFailed: false } },
  { name: 'compare-bar', plot: 'compare', options: { metrics: ['val/acc'], groupBy: 'params.optimizer', kind: 'bar' } },
  { name: 'distribution-histogram', plot: 'distribution', options: { metrics: ['val/loss'] } },
  { name: 'distribution-qq', plot: 'distribution', options: { metrics: ['val/loss'], kind: 'qq' } },
  { name: 'correlation-heatmap', plot: 'correlation', options: { metrics: ['val/loss', 'val/acc'] } },
  { name: 'parallel', plot: 'parallel', options: { metrics: ['val/loss'] } },
  { name: 'importance', plot: 'importance', options: { metrics: ['val/loss'] } },
  { name: 'hpo-history', plot: 'hpo', options: { metrics: ['val/loss'] } },
  { name: 'hpo-contour', plot: 'hpo', options: { metrics: ['val/loss'], kind: 'contour', params: ['lr', 'model.width'] } },
  { name: 'roc', plot: 'roc', options: {} },
  { name: 'pr', plot: 'pr', options: {} },
  { name: 'confusion', plot: 'confusion', options: {} },
  { name: 'histograms-heatmap', plot: 'histograms', options: { metrics: ['weights/fc1'], mode: 'heatmap' } },
  { name: 'timeline', plot: 'timeline', options: {} },
];

describe('every plot type renders to golden SVGs through each renderer that draws it', () => {
  const data = sweep();
  const ctx: PlotContext = { theme: DEFAULT_THEME, width: 800, height: 460, registry };

  it('covers every built-in plot type', () => {
    const covered = new Set(CASES.map((c) => c.plot));
    const missing = BUILTIN_PLOTS.map((p) => p.name).filter((n) => !covered.has(n));
    if (missing.length > 0) throw new Error(`plot types without a golden: ${missing.join(', ')}`);
  });

  for (const c of CASES) {
    it(c.name, async () => {
      const plot = registry.require('plot', c.plot);
      const spec = PlotSpecSchema.parse(plot.compile(data, plot.options.parse(c.options), ctx));
      await expectGoldenRenders(`type-${c.name}`, spec);
    });
  }
});
