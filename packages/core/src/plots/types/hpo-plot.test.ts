import { describe, expect, it } from 'vitest';
import type { Params, Run, RunStatus } from '../../domain/types.js';
import { PluginRegistry } from '../../plugins/registry.js';
import { createSeededRandom } from '../../random/seeded-random.js';
import { DEFAULT_THEME } from '../../themes/builtin-themes.js';
import type { PlotContext } from '../plot-plugin.js';
import { PlotSpecSchema, type MarkOfType, type PlotSpec } from '../plot-spec.js';
import { hpoPlot } from './hpo-plot.js';

const ctx: PlotContext = { theme: DEFAULT_THEME, width: 900, height: 500, registry: new PluginRegistry() };
const T0 = Date.UTC(2024, 0, 1);

function run(i: number, params: Params, metrics: Record<string, number>, status: RunStatus = 'completed', startTime = T0 + i * 60_000): Run {
  return {
    id: `r${String(i).padStart(4, '0')}`, project: 'p', name: `trial-${i}`, group: 'g', status, params, tags: [], notes: '', startTime, endTime: startTime + 1,
    heartbeat: startTime, exitCode: null, error: null, command: null, cwd: null, gitCommit: null, gitDirty: null, host: null, summary: { ...metrics },
    metrics: Object.fromEntries(
      Object.entries(metrics).map(([key, v]) => [key, { key, count: 1, first: v, last: v, min: v, max: v, firstStep: 0, lastStep: 0, nanCount: 0, lastTime: startTime }]),
    ),
  };
}

function compile(runs: Run[], options: Record<string, unknown>): PlotSpec {
  return PlotSpecSchema.parse(hpoPlot.compile({ runs, series: [], histograms: [] }, hpoPlot.options.parse(options), ctx));
}

const marks = <T extends 'point' | 'line' | 'rect'>(spec: PlotSpec, type: T, panel = 0) =>
  spec.panels[panel]!.marks.filter((m): m is MarkOfType<T> => m.type === type);

const rng = createSeededRandom(11);
// a search over lr (log-uniform over 4 decades), weight decay and optimizer; loss is lowest near lr = 1e-3
const RUNS = Array.from({ length: 60 }, (_, i) => {
  const lr = 10 ** (-5 + 4 * rng.next());
  const wd = 0.01 + rng.next() * 0.1;
  const opt = rng.next() < 0.5 ? 'adam' : 'sgd';
  return run(i, { lr, wd, opt }, { 'val/loss': (Math.log10(lr) + 3) ** 2 + 10 * wd + (opt === 'sgd' ? 0.5 : 0) + 0.1 * rng.next() });
});

describe('hpo plot: history', () => {
  it('plots every trial in start order with a non-increasing best-so-far step line for minimize', () => {
    const shuffled = [...RUNS].reverse();
    const spec = compile(shuffled, { metrics: ['val/loss'] });
    const [points] = marks(spec, 'point');
    const [best] = marks(spec, 'line');
    expect(points!.x).toEqual(RUNS.map((_, i) => i + 1));
    expect(points!.y).toEqual(RUNS.map((r) => r.summary['val/loss']));
    expect(best!.curve).toBe('step');
    const b = best!.y as number[];
    for (let i = 1; i < b.length; i++) expect(b[i]!).toBeLessThanOrEqual(b[i - 1]!);
    expect(b.at(-1)).toBe(Math.min(...RUNS.map((r) => r.summary['val/loss']!)));
    expect(spec.legend.entries.map((e) => e.label)).toEqual(['trials', 'best so far (lowest)']);
    expect(spec.subtitle).toMatch(/^best of 60 trials: trial-\d+ \(#\d+\), val\/loss = /);
  });

  it('keeps the best-so-far non-decreasing for maximize, guessed from the name', () => {
    const runs = RUNS.map((r, i) => run(i, r.params, { 'val/acc': 1 / (1 + r.summary['val/loss']!) }));
    const spec = compile(runs, { metrics: ['val/acc'] });
    const b = marks(spec, 'line')[0]!.y as number[];
    for (let i = 1; i < b.length; i++) expect(b[i]!).toBeGreaterThanOrEqual(b[i - 1]!);
    expect(spec.warnings).toEqual([]);
  });

  it('puts trials at their start time with x: time, and leaves values ≤ 0 off a log axis', () => {
    const runs = [...RUNS.slice(0, 5), run(5, { lr: 1e-3, wd: 0, opt: 'adam' }, { 'val/loss': 0 })];
    const spec = compile(runs, { metrics: ['val/loss'], x: 'time', logY: true });
    expect(spec.panels[0]!.x.scale).toBe('time');
    expect(spec.panels[0]!.y.scale).toBe('log');
    expect(marks(spec, 'point')[0]!.x).toEqual(RUNS.slice(0, 5).map((r) => r.startTime));
    expect(spec.warnings).toContain('1 trial with val/loss \u2264 0 left out of the log axis');
  });

  it('leaves NaN trials out with a warning but keeps trial numbers in start order', () => {
    const runs = [run(0, { lr: 1 }, { loss: 3 }), run(1, { lr: 2 }, { loss: Number.NaN }), run(2, { lr: 3 }, { loss: 1 })];
    const spec = compile(runs, { metrics: ['loss'] });
    expect(marks(spec, 'point')[0]!.x).toEqual([1, 3]);
    expect(marks(spec, 'line')[0]!.y).toEqual([3, 1]);
    expect(spec.warnings).toContain('1 trial with a NaN or infinite loss left out (diverged)');
  });

  it('handles no runs and one run, and refuses two metrics or unknown options', () => {
    const none = compile([], { metrics: ['val/loss'] });
    expect(none.panels).toHaveLength(1);
    expect(none.warnings).toContain('no data: no runs (trials) to draw');
    const one = compile([RUNS[0]!], { metrics: ['val/loss'] });
    expect(marks(one, 'line')[0]!.y).toEqual([RUNS[0]!.summary['val/loss']]);
    expect(one.warnings).toEqual(['only 1 trial with a finite val/loss: nothing to compare it with yet']);
    expect(() => hpoPlot.options.parse({ metrics: ['a', 'b'] })).toThrow(/hpo studies one objective: give exactly one metric/);
    expect(() => hpoPlot.options.parse({ metrics: ['a'], kind: 'contuor' })).toThrow(/history.*slice.*contour/);
    expect(() => hpoPlot.options.parse({ metrics: ['a'], grids: 3 })).toThrow(/unknown hpo option: grids \(valid: kind, metrics, params, reduce, direction, includeFailed, x, logY, grid\)/);
  });
});

describe('hpo plot: slice', () => {
  it('draws a panel per param, log x for a param spanning more than two decades, levels for a categorical one', () => {
    const spec = compile(RUNS, { kind: 'slice', metrics: ['val/loss'] });
    expect(spec.panels.map((p) => p.title)).toEqual(['lr', 'opt', 'wd']);
    expect(spec.columns).toBe(3);
    const [lr, opt, wd] = spec.panels as [PlotSpec['panels'][0], PlotSpec['panels'][0], PlotSpec['panels'][0]];
    expect(lr.x.scale).toBe('log');
    expect(wd.x.scale).toBe('linear');
    expect(opt.x.ticks!.map((t) => t.label)).toEqual(['adam', 'sgd']);
    const pts = marks(spec, 'point', 1)[0]!;
    expect(pts.x).toHaveLength(60);
    // jittered around the level positions, deterministically
    expect(pts.x.every((x, i) => Math.abs(x! - (RUNS[i]!.params['opt'] === 'adam' ? 0 : 1)) <= 0.15)).toBe(true);
    expect(compile(RUNS, { kind: 'slice', metrics: ['val/loss'] })).toEqual(spec);
    expect(marks(spec, 'point', 0)[0]!.y).toEqual(RUNS.map((r) => r.summary['val/loss']));
  });

  it('follows params and warns when none varies', () => {
    expect(compile(RUNS, { kind: 'slice', metrics: ['val/loss'], params: ['wd'] }).panels.map((p) => p.title)).toEqual(['wd']);
    const same = RUNS.slice(0, 3).map((r, i) => run(i, { lr: 1 }, { 'val/loss': i }));
    expect(compile(same, { kind: 'slice', metrics: ['val/loss'] }).warnings).toContain('no param varies across these trials: no slice to draw');
  });
});

describe('hpo plot: contour', () => {
  it('interpolates the objective on a finite grid within the range of the trials, with the trials on top', () => {
    const spec = compile(RUNS, { kind: 'contour', metrics: ['val/loss'], params: ['lr', 'wd'], grid: 20 });
    const panel = spec.panels[0]!;
    const [cells] = marks(spec, 'rect');
    expect(cells!.values).toHaveLength(400);
    const values = cells!.values!;
    const lo = Math.min(...RUNS.map((r) => r.summary['val/loss']!));
    const hi = Math.max(...RUNS.map((r) => r.summary['val/loss']!));
    expect(values.every((v) => v !== null && Number.isFinite(v) && v >= lo - 1e-9 && v <= hi + 1e-9)).toBe(true);
    expect(panel.color!.domain).toEqual([lo, hi]);
    // minimize: the best (low) values at the dark end of the ramp
    expect(panel.color!.scheme[0]).toBe(DEFAULT_THEME.sequential.at(-1));
    expect(panel.x).toMatchObject({ scale: 'log', label: 'lr' });
    expect(panel.y).toMatchObject({ scale: 'linear', label: 'wd' });
    // the cells tile the range of the trials
    const lrs = RUNS.map((r) => r.params['lr'] as number);
    expect(Math.min(...cells!.x1.map(Number))).toBeCloseTo(Math.min(...lrs), 12);
    expect(Math.max(...cells!.x2.map(Number))).toBeCloseTo(Math.max(...lrs), 12);
    // the interpolated valley is where the objective is lowest: lr near 1e-3, small wd
    const best = values.indexOf(Math.min(...(values as number[])));
    expect(Math.abs(Math.log10(((cells!.x1[best]! as number) * (cells!.x2[best]! as number)) ** 0.5) + 3)).toBeLessThan(0.6);
    const [pts] = marks(spec, 'point');
    expect(pts!.x).toHaveLength(60);
    expect(pts!.filled).toBe(false);
    expect(spec.warnings).toEqual([]);
  });

  it('uses one cell per level for a categorical param and warns about params left out', () => {
    const spec = compile(RUNS, { kind: 'contour', metrics: ['val/loss'] });
    expect(spec.warnings).toContain('contour of lr \u00d7 opt; 1 other param not shown (choose two with params)');
    expect(spec.panels[0]!.y.ticks!.map((t) => t.label)).toEqual(['adam', 'sgd']);
    expect(marks(spec, 'rect')[0]!.values).toHaveLength(40 * 2);
  });

  it('stays finite with one trial, and warns with too few params or no runs', () => {
    const one = compile([RUNS[0]!], { kind: 'contour', metrics: ['val/loss'], params: ['lr', 'wd'] });
    expect(marks(one, 'rect')[0]!.values).toEqual([RUNS[0]!.summary['val/loss']]);
    expect(one.panels[0]!.color!.domain[0]).toBeLessThan(one.panels[0]!.color!.domain[1]);
    const flat = RUNS.slice(0, 5).map((r, i) => run(i, { lr: r.params['lr']! }, { 'val/loss': i }));
    expect(compile(flat, { kind: 'contour', metrics: ['val/loss'] }).warnings).toContain('a contour needs two params that vary: give them with params');
    expect(compile([], { kind: 'contour', metrics: ['val/loss'] }).panels).toHaveLength(1);
    const registry = new PluginRegistry();
    registry.register(hpoPlot);
    expect(registry.require('plot', 'hpo').marks).toContain('rect');
  });
});
