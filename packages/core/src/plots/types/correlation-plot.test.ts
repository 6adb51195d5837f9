import { describe, expect, it } from 'vitest';
import type { Params, Run, RunStatus } from '../../domain/types.js';
import { PluginRegistry } from '../../plugins/registry.js';
import { createSeededRandom } from '../../random/seeded-random.js';
import { DEFAULT_THEME } from '../../themes/builtin-themes.js';
import type { PlotContext } from '../plot-plugin.js';
import { PlotSpecSchema, type MarkOfType, type PlotSpec } from '../plot-spec.js';
import { correlationPlot } from './correlation-plot.js';

const ctx: PlotContext = { theme: DEFAULT_THEME, width: 800, height: 600, registry: new PluginRegistry() };

function run(i: number, params: Params, metrics: Record<string, number>, status: RunStatus = 'completed', name = `run-${i}`): Run {
  return {
    id: `r${String(i).padStart(4, '0')}`, project: 'p', name, group: 'g', status, params, tags: [], notes: '', startTime: i, endTime: i + 1,
    heartbeat: i, exitCode: null, error: null, command: null, cwd: null, gitCommit: null, gitDirty: null, host: null, summary: { ...metrics },
    metrics: Object.fromEntries(
      Object.entries(metrics).map(([key, v]) => [key, { key, count: 1, first: v, last: v, min: v, max: v, firstStep: 0, lastStep: 0, nanCount: Number.isNaN(v) ? 1 : 0, lastTime: i }]),
    ),
  };
}

function compile(runs: Run[], options: Record<string, unknown>): PlotSpec {
  return PlotSpecSchema.parse(correlationPlot.compile({ runs, series: [], histograms: [] }, correlationPlot.options.parse(options), ctx));
}

function cells(spec: PlotSpec): MarkOfType<'rect'> {
  const m = spec.panels[0]!.marks.find((x): x is MarkOfType<'rect'> => x.type === 'rect');
  if (m === undefined) throw new Error('no rect mark');
  return m;
}

/** The coefficient of (row, col) read back from the spec through its axis ticks, as a user reads the figure. */
function cell(spec: PlotSpec, row: string, col: string): { value: number | null; text: string } {
  const panel = spec.panels[0]!;
  const i = panel.y.ticks!.find((t) => t.label === row)!.value;
  const j = panel.x.ticks!.find((t) => t.label === col)!.value;
  const m = cells(spec);
  const k = m.x1.findIndex((x, n) => x === j - 0.5 && m.y1[n] === i - 0.5);
  return { value: m.values![k]!, text: m.text![k]! };
}

const rng = createSeededRandom(7);
// lr drives loss monotonically but not linearly; noise is unrelated
const RUNS = Array.from({ length: 30 }, (_, i) => {
  const lr = 10 ** (-5 + (4 * i) / 29);
  return run(i, { lr, noise: rng.next(), opt: i % 2 ? 'adam' : 'sgd', warmup: i % 3 === 0, seed: 1 }, { 'val/loss': Math.exp(-lr * 1000), acc: rng.next() });
});

describe('correlation plot: heatmap', () => {
  it('gives a perfectly monotone param a Spearman correlation of exactly ±1, Pearson less', () => {
    const spec = compile(RUNS, { metrics: ['val/loss'] });
    expect(cell(spec, 'lr', 'val/loss')).toEqual({ value: -1, text: '\u22121.00' });
    expect(cell(spec, 'lr', 'lr').value).toBe(1);
    expect(Math.abs(cell(spec, 'noise', 'val/loss').value!)).toBeLessThan(0.5);
    const pearson = compile(RUNS, { metrics: ['val/loss'], method: 'pearson' });
    expect(cell(pearson, 'lr', 'val/loss').value!).toBeGreaterThan(-0.99);
    expect(pearson.panels[0]!.color!.label).toBe('Pearson r');
  });

  it('is a categorical heatmap through the diverging scale over [-1, 1], first variable on top', () => {
    const spec = compile(RUNS, { metrics: ['val/loss', 'acc'] });
    const panel = spec.panels[0]!;
    expect(panel.color).toEqual({ domain: [-1, 1], scheme: DEFAULT_THEME.diverging, label: 'Spearman \u03c1' });
    // params that vary (booleans as 0/1), then the metrics; the string param and the constant seed are not there
    const names = ['lr', 'noise', 'warmup', 'val/loss', 'acc'];
    expect(panel.x.ticks!.map((t) => t.label)).toEqual(names);
    expect(panel.y.ticks!.map((t) => t.label)).toEqual(names);
    expect(panel.y.reverse).toBe(true);
    expect(cells(spec).values).toHaveLength(25);
    expect(cells(spec).opacity).toBe(1);
    expect(spec.warnings).toEqual(['categorical param opt skipped: levels have no order to correlate']);
    // symmetric
    expect(cell(spec, 'noise', 'acc')).toEqual(cell(spec, 'acc', 'noise'));
  });

  it('puts params as rows and metrics as columns with pairs: params-metrics', () => {
    const spec = compile(RUNS, { metrics: ['/loss|acc/'], params: ['lr', 'warmup'], pairs: 'params-metrics' });
    expect(spec.panels[0]!.y.ticks!.map((t) => t.label)).toEqual(['lr', 'warmup']);
    expect(spec.panels[0]!.x.ticks!.map((t) => t.label)).toEqual(['acc', 'val/loss']);
    expect(cell(spec, 'lr', 'val/loss').value).toBe(-1);
  });

  it('leaves runs with a NaN metric out of that metric only, with a warning', () => {
    const runs = RUNS.map((r, i) => (i < 3 ? run(i, r.params, { 'val/loss': Number.NaN, acc: 0.5 }) : r));
    const spec = compile(runs, { metrics: ['val/loss', 'acc'], params: ['lr'] });
    expect(cell(spec, 'lr', 'val/loss').value).toBeCloseTo(-1, 12);
    expect(spec.warnings).toContain('val/loss: 3 of 30 runs have no finite value (NaN, infinite or not logged): left out of its correlations');
  });

  it('leaves failed runs out unless includeFailed, and says so', () => {
    const runs = [...RUNS, run(99, { lr: 1, noise: 0 }, { 'val/loss': 99, acc: 0 }, 'failed')];
    expect(compile(runs, { metrics: ['val/loss'] }).warnings).toContain('1 failed or crashed run left out (includeFailed to keep them)');
    expect(cell(compile(runs, { metrics: ['val/loss'], includeFailed: true }, ), 'lr', 'val/loss').value).not.toBe(-1);
  });

  it('draws no runs and one run as specs with warnings, never a crash', () => {
    const none = compile([], { metrics: ['val/loss'] });
    expect(none.warnings).toContain('no data: no runs to correlate');
    expect(none.panels).toHaveLength(1);
    const one = compile([RUNS[0]!], { metrics: ['val/loss'], params: ['lr'] });
    expect(one.warnings.some((w) => w.includes('only 1 run'))).toBe(true);
    expect(cell(one, 'lr', 'val/loss')).toEqual({ value: null, text: 'n/a' });
  });

  it('refuses unknown options, metrics and params, naming the valid ones', () => {
    const bad = correlationPlot.options.safeParse({ metrics: ['x'], methd: 'pearson' });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.message).toMatch(/unknown correlation option: methd \(valid: kind, metrics, params, method/);
    expect(() => compile(RUNS, { metrics: ['val/los'] })).toThrow(/unknown metric: val\/los \(metrics of these runs: acc, val\/loss\)/);
    expect(() => compile(RUNS, { metrics: ['acc'], params: ['lrr'] })).toThrow(/unknown param: lrr \(params of these runs: lr, noise, opt, seed, warmup\)/);
  });

  it('keeps hostile and unicode names as plain text for the renderer to escape', () => {
    const name = '<script>alert(1)</script> λ\u2212學習率';
    const runs = RUNS.map((r) => run(Number(r.id.slice(1)), { [name]: r.params['lr']! }, { 'val/loss': r.summary['val/loss']! }));
    const spec = compile(runs, { metrics: ['val/loss'] });
    expect(spec.panels[0]!.x.ticks![0]!.label).toBe(name);
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
  });
});

describe('correlation plot: scatter matrix', () => {
  it('draws k × k panels: histograms on the diagonal, a point per run elsewhere, titled with the coefficient', () => {
    const spec = compile(RUNS, { kind: 'scatter-matrix', metrics: ['val/loss'], params: ['lr', 'noise'] });
    expect(spec.panels).toHaveLength(9);
    expect(spec.columns).toBe(3);
    const diag = spec.panels[0]!.marks[0] as MarkOfType<'rect'>;
    expect(diag.type).toBe('rect');
    expect((diag.y2 as number[]).reduce((a, b) => a + b, 0)).toBe(30);
    // lr spans four decades: log axis, histogram bins log-spaced and contiguous
    expect(spec.panels[0]!.x.scale).toBe('log');
    expect(diag.x1.slice(1)).toEqual(diag.x2.slice(0, -1));
    // row 2 (val/loss) against column 0 (lr)
    const p = spec.panels[6]!;
    expect(p.title).toBe('Spearman \u03c1 = \u22121.00');
    const pts = p.marks[0] as MarkOfType<'point'>;
    expect(pts.x).toHaveLength(30);
    expect(pts.text![0]).toBe('run-0');
    expect(p.x.label).toBe('lr');
    expect(spec.panels[4]!.x.label).toBeUndefined();
  });

  it('caps the variables at 8 and keeps every metric', () => {
    const many = RUNS.map((r, i) => run(i, Object.fromEntries(Array.from({ length: 12 }, (_, k) => [`p${String(k).padStart(2, '0')}`, (i * (k + 1)) % 13])), { 'val/loss': i }));
    const spec = compile(many, { kind: 'scatter-matrix', metrics: ['val/loss'] });
    expect(spec.panels).toHaveLength(64);
    expect(spec.panels[63]!.title).toBe('val/loss');
    expect(spec.warnings).toContain('13 variables: showing 8 (choose with params and metrics)');
  });

  it('draws no runs as one empty panel with a warning', () => {
    const spec = compile([], { kind: 'scatter-matrix', metrics: ['val/loss'] });
    expect(spec.panels).toHaveLength(1);
    expect(spec.warnings).toContain('no data: no runs to correlate');
  });
});
