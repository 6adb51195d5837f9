import { describe, expect, it } from 'vitest';
import type { Params, Run, RunStatus } from '../../domain/types.js';
import { PluginRegistry } from '../../plugins/registry.js';
import { createSeededRandom } from '../../random/seeded-random.js';
import { DEFAULT_THEME } from '../../themes/builtin-themes.js';
import type { PlotContext } from '../plot-plugin.js';
import { PlotSpecSchema, type MarkOfType, type PlotSpec } from '../plot-spec.js';
import { importancePlot } from './importance-plot.js';

const ctx: PlotContext = { theme: DEFAULT_THEME, width: 900, height: 500, registry: new PluginRegistry() };

function run(i: number, params: Params, metrics: Record<string, number>, status: RunStatus = 'completed'): Run {
  return {
    id: `r${String(i).padStart(4, '0')}`, project: 'p', name: `run-${i}`, group: 'g', status, params, tags: [], notes: '', startTime: i, endTime: i + 1,
    heartbeat: i, exitCode: null, error: null, command: null, cwd: null, gitCommit: null, gitDirty: null, host: null, summary: { ...metrics },
    metrics: Object.fromEntries(
      Object.entries(metrics).map(([key, v]) => [key, { key, count: 1, first: v, last: v, min: v, max: v, firstStep: 0, lastStep: 0, nanCount: 0, lastTime: i }]),
    ),
  };
}

function compile(runs: Run[], options: Record<string, unknown>): PlotSpec {
  return PlotSpecSchema.parse(importancePlot.compile({ runs, series: [], histograms: [] }, importancePlot.options.parse(options), ctx));
}

const rng = createSeededRandom(3);
const RUNS = Array.from({ length: 80 }, (_, i) => {
  const params = { lr: rng.next(), dropout: rng.next(), opt: rng.next() < 0.5 ? 'adam' : 'sgd', seed: 1 };
  return run(i, params, { 'val/loss': 2 - 3 * params.lr + 0.05 * rng.normal(), acc: rng.next() });
});

const bars = (spec: PlotSpec, panel: number) => spec.panels[panel]!.marks.find((m): m is MarkOfType<'bar'> => m.type === 'bar')!;

describe('importance plot', () => {
  it('ranks the driving param first as a horizontal bar, with its Spearman rho beside it', () => {
    const spec = compile(RUNS, { metrics: ['val/loss'], trees: 50 });
    expect(spec.panels).toHaveLength(2);
    expect(spec.columns).toBe(2);
    const [imp, rho] = spec.panels as [PlotSpec['panels'][0], PlotSpec['panels'][0]];
    expect(imp.y.ticks!.map((t) => t.label)[0]).toBe('lr');
    expect(imp.y.reverse).toBe(true);
    const b = bars(spec, 0);
    expect(b.orient).toBe('horizontal');
    expect(b.x[0]!).toBeGreaterThan(0.5);
    expect(b.x[0]!).toBeGreaterThan(10 * Math.abs(b.x[1]!));
    expect(rho.y.ticks).toEqual(imp.y.ticks);
    expect(rho.x.domain).toEqual([-1, 1]);
    const r = bars(spec, 1);
    expect(r.x[0]!).toBeLessThan(-0.9);
    expect(r.colors![0]).toBe(DEFAULT_THEME.diverging[0]);
    const labels = rho.marks.find((m): m is MarkOfType<'text'> => m.type === 'text')!.text;
    expect(labels[0]).toMatch(/^\u2212(0\.9\d|1\.00) \*\*\*$/);
    expect(labels[imp.y.ticks!.findIndex((t) => t.label === 'opt')]).toBe('categorical');
    expect(imp.title).toMatch(/^val\/loss: importance \(out-of-bag R² 0\.\d\d, n = 80\)$/);
    // the constant seed param is simply not a candidate
    expect(imp.y.ticks!.map((t) => t.label).sort()).toEqual(['dropout', 'lr', 'opt']);
  });

  it('is seeded: the same options give the same spec', () => {
    const a = compile(RUNS, { metrics: ['val/loss'], trees: 20, seed: 5 });
    const b = compile(RUNS, { metrics: ['val/loss'], trees: 20, seed: 5 });
    expect(a).toEqual(b);
    expect(a.subtitle).toBe('random forest of 20 trees, 5 shuffles per param, seed 5');
  });

  it("turns the analytics engine's too-few-runs note into a spec warning and draws no importance bars", () => {
    const spec = compile(RUNS.slice(0, 5), { metrics: ['val/loss'] });
    expect(spec.warnings.some((w) => /^val\/loss: only 5 runs with this metric: too few runs to estimate importance/.test(w))).toBe(true);
    expect(bars(spec, 0).x.every((v) => v === null)).toBe(true);
    expect(spec.panels[0]!.marks.find((m) => m.type === 'text')).toMatchObject({ text: ['n/a', 'n/a', 'n/a'] });
    expect(bars(spec, 1).x.some((v) => v !== null)).toBe(true);
  });

  it('draws one pair of panels per metric and limits the params to top', () => {
    const spec = compile(RUNS, { metrics: ['val/loss', 'acc'], trees: 10, top: 2 });
    expect(spec.panels).toHaveLength(4);
    expect(spec.panels[2]!.title).toMatch(/^acc: importance/);
    expect(spec.panels[0]!.y.ticks).toHaveLength(2);
    expect(spec.warnings).toContain('val/loss: showing the 2 most important of 3 params (raise top to see more)');
  });

  it('leaves out runs without the metric and failed runs, with warnings', () => {
    const runs = [...RUNS.slice(0, 20), run(100, { lr: 0.5, dropout: 0.5, opt: 'sgd' }, { acc: 1 }), run(101, { lr: 0.5, dropout: 0.1, opt: 'sgd' }, { 'val/loss': 1 }, 'crashed')];
    const spec = compile(runs, { metrics: ['val/loss'], trees: 10 });
    expect(spec.warnings).toContain('val/loss: 1 run without this metric left out');
    expect(spec.warnings).toContain('1 failed or crashed run left out (includeFailed to keep them)');
  });

  it('handles no runs and one run, and refuses unknown options', () => {
    const none = compile([], { metrics: ['val/loss'] });
    expect(none.panels).toHaveLength(1);
    expect(none.warnings).toContain('no data: no runs to rank params over');
    const one = compile([RUNS[0]!], { metrics: ['val/loss'] });
    expect(one.panels).toHaveLength(2);
    expect(one.warnings.length).toBeGreaterThan(0);
    expect(() => importancePlot.options.parse({ metrics: ['x'], tree: 5 })).toThrow(/unknown importance option: tree \(valid: metrics, params, reduce, includeFailed, seed, trees, repeats, top\)/);
    const registry = new PluginRegistry();
    registry.register(importancePlot);
    expect(registry.require('plot', 'importance').name).toBe('importance');
  });
});
