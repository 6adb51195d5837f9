import { describe, expect, it } from 'vitest';
import type { Params, Run, RunStatus } from '../../domain/types.js';
import { PluginRegistry } from '../../plugins/registry.js';
import { DEFAULT_THEME } from '../../themes/builtin-themes.js';
import type { PlotContext } from '../plot-plugin.js';
import { PlotSpecSchema, type MarkOfType, type PlotSpec } from '../plot-spec.js';
import { rampColor } from '../shared/color-ramp.js';
import { parallelPlot } from './parallel-plot.js';

const ctx: PlotContext = { theme: DEFAULT_THEME, width: 900, height: 500, registry: new PluginRegistry() };

function run(i: number, params: Params, metrics: Record<string, number>, status: RunStatus = 'completed', group = 'g'): Run {
  return {
    id: `r${String(i).padStart(4, '0')}`, project: 'p', name: `run-${i}`, group, status, params, tags: [], notes: '', startTime: i, endTime: i + 1,
    heartbeat: i, exitCode: null, error: null, command: null, cwd: null, gitCommit: null, gitDirty: null, host: null, summary: { ...metrics },
    metrics: Object.fromEntries(
      Object.entries(metrics).map(([key, v]) => [key, { key, count: 1, first: v, last: v, min: v, max: v, firstStep: 0, lastStep: 0, nanCount: 0, lastTime: i }]),
    ),
  };
}

function compile(runs: Run[], options: Record<string, unknown>): PlotSpec {
  return PlotSpecSchema.parse(parallelPlot.compile({ runs, series: [], histograms: [] }, parallelPlot.options.parse(options), ctx));
}

const lines = (spec: PlotSpec) => spec.panels[0]!.marks.filter((m): m is MarkOfType<'line'> => m.type === 'line');
const tickLabels = (spec: PlotSpec) => spec.panels[0]!.marks.find((m): m is MarkOfType<'text'> => m.type === 'text')!;

const RUNS = [
  run(0, { lr: 1e-4, opt: 'sgd', layers: 2 }, { 'val/loss': 0.9 }),
  run(1, { lr: 1e-3, opt: 'adam', layers: 4 }, { 'val/loss': 0.5 }),
  run(2, { lr: 1e-2, opt: 'adam', layers: 8 }, { 'val/loss': 0.2 }),
  run(3, { lr: 1e-1, opt: 'sgd', layers: 4 }, { 'val/loss': 0.7 }),
];

describe('parallel plot', () => {
  it('places one axis per param and the metric last, each run a line across them normalised to [0, 1]', () => {
    const spec = compile(RUNS, { metrics: ['val/loss'] });
    const panel = spec.panels[0]!;
    expect(panel.x.ticks!.map((t) => t.label)).toEqual(['layers', 'lr', 'opt', 'val/loss']);
    expect(panel.y.hidden).toBe(true);
    const byRun = new Map(lines(spec).map((l) => [l.series, l]));
    expect(byRun.size).toBe(4);
    // layers 2..8 linear; lr spans 3 decades: log, so evenly spaced; opt levels adam (0) and sgd (1); loss 0.2..0.9
    expect(byRun.get('r0000')!.y).toEqual([0, 0, 1, 1]);
    expect(byRun.get('r0001')!.y.map((v) => Number(v!.toFixed(6)))).toEqual([1 / 3, 1 / 3, 0, 3 / 7].map((v) => Number(v.toFixed(6))));
    expect(byRun.get('r0002')!.y[1]).toBeCloseTo(2 / 3, 12);
    expect(byRun.get('r0002')!.y[3]).toBe(0);
    expect(byRun.get('r0000')!.x).toEqual([0, 1, 2, 3]);
  });

  it('draws each axis its own ticks as text and rule marks', () => {
    const spec = compile(RUNS, { metrics: ['val/loss'] });
    const text = tickLabels(spec);
    const on = (axis: number) => text.text.filter((_, i) => Math.abs(text.x[i]! - axis) < 0.5);
    expect(on(1)).toEqual(['0.0001', '0.001', '0.01', '0.1']);
    expect(on(2)).toEqual(['adam', 'sgd']);
    expect(on(3)).toEqual(['0.2', '0.3', '0.4', '0.5', '0.6', '0.7', '0.8', '0.9']);
    const rules = spec.panels[0]!.marks.filter((m): m is MarkOfType<'rule'> => m.type === 'rule');
    expect(rules[0]!.x1).toEqual([0, 1, 2, 3]);
    expect(rules[1]!.y1).toHaveLength(text.text.length);
    // axes and labels are drawn over the lines
    expect(spec.panels[0]!.marks.at(-1)!.type).toBe('text');
  });

  it('colours by the metric, best run darkest and on top, with a colour scale from worst to best', () => {
    const spec = compile(RUNS, { metrics: ['val/loss'] });
    const ls = lines(spec);
    expect(ls.map((l) => l.series)).toEqual(['r0000', 'r0003', 'r0001', 'r0002']);
    expect(ls.at(-1)!.color).toBe(rampColor(DEFAULT_THEME.sequential, 1));
    expect(spec.panels[0]!.color!.domain).toEqual([0.2, 0.9]);
    expect(spec.panels[0]!.color!.scheme[0]).toBe(rampColor(DEFAULT_THEME.sequential, 1));
    const max = compile(RUNS, { metrics: ['val/loss'], direction: 'maximize' });
    expect(lines(max).at(-1)!.series).toBe('r0000');
  });

  it('draws runs with a NaN metric grey, under the others, and counts them', () => {
    const runs = [...RUNS, run(4, { lr: 1e-3, opt: 'sgd', layers: 2 }, { 'val/loss': Number.NaN })];
    const spec = compile(runs, { metrics: ['val/loss'] });
    const grey = lines(spec)[0]!;
    expect(grey).toMatchObject({ series: 'r0004', color: DEFAULT_THEME.muted });
    expect(grey.y[3]).toBeNull();
    expect(spec.warnings).toContain('1 run with a NaN, infinite or missing val/loss drawn grey');
    expect(spec.panels[0]!.color!.domain).toEqual([0.2, 0.9]);
  });

  it('colours by group with a legend when groupBy is given', () => {
    const spec = compile(RUNS, { metrics: ['val/loss'], groupBy: 'params.opt' });
    expect(spec.legend.entries.map((e) => [e.label, e.color])).toEqual([
      ['opt=adam', DEFAULT_THEME.palette[0]],
      ['opt=sgd', DEFAULT_THEME.palette[1]],
    ]);
    expect(lines(spec).find((l) => l.label === 'run-2')!.color).toBe(DEFAULT_THEME.palette[0]);
    expect(spec.panels[0]!.color).toBeUndefined();
  });

  it('breaks a line at a missing param and warns', () => {
    const runs = [...RUNS, run(5, { lr: 1e-2, opt: 'adam' }, { 'val/loss': 0.3 })];
    const spec = compile(runs, { metrics: ['val/loss'] });
    expect(lines(spec).find((l) => l.series === 'r0005')!.y[0]).toBeNull();
    expect(spec.warnings).toContain('1 run lacks some params: their lines break at those axes');
  });

  it('handles no runs, one run and 1,000 runs without crashing', () => {
    expect(compile([], { metrics: ['val/loss'] }).warnings).toContain('no data: no runs to draw');
    const one = compile([RUNS[0]!], { metrics: ['val/loss'] });
    expect(lines(one)).toHaveLength(1);
    expect(lines(one)[0]!.y).toEqual([0.5]);
    expect(one.warnings).toContain('only 1 run: parallel coordinates compare runs; log more runs');
    const many = Array.from({ length: 1000 }, (_, i) => run(i, { lr: 10 ** -(1 + (i % 5)), batch: 16 * (1 + (i % 4)) }, { 'val/loss': (i % 97) / 97 }));
    const spec = compile(many, { metrics: ['val/loss'] });
    expect(lines(spec)).toHaveLength(1000);
    expect(lines(spec)[0]!.opacity).toBeLessThan(0.5);
    expect(spec.legend.show).toBe(false);
  });

  it('warns when it has to guess the direction, and refuses unknown options and metrics', () => {
    const runs = RUNS.map((r, i) => run(i, r.params, { throughput: i }));
    expect(compile(runs, { metrics: ['throughput'] }).warnings[0]).toMatch(/cannot tell whether a lower or higher throughput is better/);
    expect(() => parallelPlot.options.parse({ metrics: ['x'], colour: 'red' })).toThrow(/unknown parallel option: colour \(valid: metrics, params, reduce, direction, groupBy, includeFailed\)/);
    expect(() => compile(RUNS, { metrics: ['loss'] })).toThrow(/unknown metric: loss/);
  });

  it('registers as a plot plugin', () => {
    const registry = new PluginRegistry();
    registry.register(parallelPlot);
    expect(registry.require('plot', 'parallel').marks).toEqual(['line', 'rule', 'text']);
  });
});
