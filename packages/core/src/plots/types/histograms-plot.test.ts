import { describe, expect, it } from 'vitest';
import type { Run } from '../../domain/types.js';
import { PluginRegistry } from '../../plugins/registry.js';
import { DEFAULT_THEME } from '../../themes/builtin-themes.js';
import type { PlotContext, PlotHistogram } from '../plot-plugin.js';
import { PlotSpecSchema, type MarkOfType, type PlotSpec } from '../plot-spec.js';
import { histogramsPlot } from './histograms-plot.js';

const ctx: PlotContext = { theme: DEFAULT_THEME, width: 800, height: 500, registry: new PluginRegistry() };

function run(id: string, name: string): Run {
  return {
    id, project: 'p', name, group: 'g', status: 'completed', params: {}, tags: [], notes: '', startTime: 0, endTime: 1, heartbeat: 1,
    exitCode: null, error: null, command: null, cwd: null, gitCommit: null, gitDirty: null, host: null, summary: {}, metrics: {},
  };
}

const hist = (step: number, edges: number[], counts: number[], key = 'w', runId = 'a'): PlotHistogram => ({ runId, key, step, time: step, edges, counts });

function compile(histograms: PlotHistogram[], options: Record<string, unknown>, runs: Run[] = [run('a', 'run-a')]): PlotSpec {
  return PlotSpecSchema.parse(histogramsPlot.compile({ runs, series: [], histograms }, histogramsPlot.options.parse(options), ctx));
}

const marksOf = <T extends MarkOfType<'line'>['type'] | 'rect' | 'area'>(spec: PlotSpec, type: T, panel = 0) =>
  spec.panels[panel]!.marks.filter((m): m is MarkOfType<T> => m.type === type);

describe('histograms plot: heatmap', () => {
  const data = [hist(0, [0, 1, 2], [5, 0]), hist(10, [0, 1, 2], [2, 3]), hist(20, [0, 1, 2], [0, 7])];

  it('has one cell per non-empty (step, bucket), coloured by count through the sequential scale', () => {
    const spec = compile(data, { metrics: ['w'], mode: 'heatmap' });
    const [cells] = marksOf(spec, 'rect');
    expect(cells!.values).toEqual([5, 2, 3, 7]);
    expect(cells!.y1).toEqual([0, 0, 1, 1]);
    expect(cells!.y2).toEqual([1, 1, 2, 2]);
    // step 10's cell spans halfway to its neighbours; the end steps extend by half their gap
    expect(cells!.x1).toEqual([-5, 5, 5, 15]);
    expect(cells!.x2).toEqual([5, 15, 15, 25]);
    expect(spec.panels[0]!.color).toEqual({ domain: [0, 7], scheme: DEFAULT_THEME.sequential, label: 'count' });
    // one key: it labels the axis, and the title names the run
    expect(spec.panels[0]!.title).toBe('run-a');
    expect(spec.panels[0]!.y.label).toBe('w');
  });

  it('one step: a cell one unit wide around it', () => {
    const [cells] = marksOf(compile([hist(3, [0, 1], [4])], { metrics: ['w'], mode: 'heatmap' }), 'rect');
    expect(cells!.x1).toEqual([2.5]);
    expect(cells!.x2).toEqual([3.5]);
  });

  it('moves ±Infinity outer edges just outside the finite range and warns when they hold counts', () => {
    const spec = compile([hist(0, [-Infinity, 0, 1, 2, Infinity], [1, 2, 3, 4])], { metrics: ['w'], mode: 'heatmap' });
    const [cells] = marksOf(spec, 'rect');
    expect(cells!.y1).toEqual([-0.1, 0, 1, 2]);
    expect(cells!.y2).toEqual([0, 1, 2, 2.1]);
    expect(spec.warnings.join()).toMatch(/1 histogram has counts in unbounded/);
    expect(JSON.stringify(spec.panels)).not.toMatch(/Infinity|NaN|null/);
  });

  it('evenly samples many steps keeping the first and last', () => {
    const many = Array.from({ length: 1000 }, (_, i) => hist(i, [0, 1], [i + 1]));
    const spec = compile(many, { metrics: ['w'], mode: 'heatmap', maxSteps: 11 });
    const [cells] = marksOf(spec, 'rect');
    expect(cells!.values).toHaveLength(11);
    expect(cells!.values![0]).toBe(1);
    expect(cells!.values![10]).toBe(1000);
    expect(spec.warnings.join()).toMatch(/11 evenly spaced steps/);
  });
});

describe('histograms plot: overlay', () => {
  const data = [hist(0, [0, 1, 2], [5, 1]), hist(100, [0, 1, 2], [2, 3])];

  it('draws a step outline per step, from 0 up and back to 0, early to late along the ramp', () => {
    const spec = compile(data, { metrics: ['w'] });
    const lines = marksOf(spec, 'line');
    expect(lines.map((l) => l.label)).toEqual(['step 0', 'step 100']);
    expect(lines[0]).toMatchObject({ x: [0, 0, 1, 2], y: [0, 5, 1, 0], curve: 'step' });
    expect(lines[0]!.color).not.toBe(lines[1]!.color);
    expect(lines[1]!.color).toBe(DEFAULT_THEME.sequential.at(-1));
    expect(spec.legend.entries.map((e) => e.label)).toEqual(['step 0', 'step 100']);
  });

  it('offset view stacks older steps higher, with opaque fills and step ticks', () => {
    const spec = compile(data, { metrics: ['w'], offset: true });
    const lines = marksOf(spec, 'line');
    // gap = max count / 4 = 1.25; step 0 is one gap up
    expect(lines[0]!.y).toEqual([1.25, 6.25, 2.25, 1.25]);
    expect(lines[1]!.y).toEqual([0, 2, 3, 0]);
    expect(marksOf(spec, 'area')).toHaveLength(2);
    expect(spec.panels[0]!.y.ticks).toEqual([
      { value: 1.25, label: '0' },
      { value: 0, label: '100' },
    ]);
  });

  it('one panel per key and run, in selector then run order', () => {
    const runs = [run('a', 'A'), run('b', 'B')];
    const hs = [hist(0, [0, 1], [1], 'grad', 'b'), hist(0, [0, 1], [1], 'w', 'b'), hist(0, [0, 1], [1], 'w', 'a'), hist(0, [0, 1], [1], 'other', 'a')];
    const spec = compile(hs, { metrics: ['w', '/^gr/'] }, runs);
    expect(spec.panels.map((p) => p.title)).toEqual(['w · A', 'w · B', 'grad · B']);
  });
});

describe('histograms plot: bad input', () => {
  it('no histograms: one empty panel and a no-data warning', () => {
    const spec = compile([], { metrics: ['w'] });
    expect(spec.panels).toHaveLength(1);
    expect(spec.panels[0]!.marks).toEqual([]);
    expect(spec.warnings).toContain('no data: no run has histogram w');
  });

  it('skips malformed histograms with a warning', () => {
    const spec = compile([hist(0, [0, 1], [1, 2]), hist(1, [0, Number.NaN, 2], [1, 2]), hist(2, [0, 1], [3])], { metrics: ['w'] });
    expect(marksOf(spec, 'line')).toHaveLength(1);
    expect(spec.warnings.join()).toMatch(/2 malformed histograms skipped/);
  });

  it('passes <script> in keys and run names through as data', () => {
    const spec = compile([hist(0, [0, 1], [1], '<script>x</script>')], { metrics: ['<script>x</script>'] }, [run('a', '<b>ω</b>')]);
    expect(spec.panels[0]!.title).toBe('<b>ω</b>');
    expect(spec.panels[0]!.x.label).toBe('<script>x</script>');
  });

  it('rejects unknown options and modes', () => {
    expect(() => histogramsPlot.options.parse({ metrics: ['w'], mdoe: 'x' })).toThrow(/unknown histograms option: mdoe \(valid: metrics, mode, offset, maxSteps\)/);
    expect(() => histogramsPlot.options.parse({ metrics: ['w'], mode: 'violin' })).toThrow();
    expect(() => histogramsPlot.options.parse({})).toThrow();
  });

  it('draws only the panels that fit the figure at a readable size, with a warning; never more than 64', () => {
    const runs = Array.from({ length: 100 }, (_, i) => run(`r${i}`, `r${i}`));
    const data = { runs, series: [], histograms: runs.map((r) => hist(0, [0, 1], [1], 'w', r.id)) };
    const spec = compile(data.histograms, { metrics: ['w'] }, runs);
    expect(spec.panels).toHaveLength(9);
    expect(spec.columns).toBe(3);
    expect(spec.warnings.join()).toMatch(/100 histogram panels \(key × run\): 9 fit in 800 × 500 px/);
    const tall = PlotSpecSchema.parse(histogramsPlot.compile(data, histogramsPlot.options.parse({ metrics: ['w'] }), { ...ctx, height: 20_000 }));
    expect(tall.panels).toHaveLength(64);
  });
});
