import { describe, expect, it } from 'vitest';
import type { Run, RunStatus } from '../../domain/types.js';
import { PluginRegistry } from '../../plugins/registry.js';
import { createSeededRandom } from '../../random/seeded-random.js';
import { DEFAULT_THEME } from '../../themes/builtin-themes.js';
import type { PlotContext, PlotSeries } from '../plot-plugin.js';
import { PlotSpecSchema, type MarkOfType, type MarkType, type PlotSpec } from '../plot-spec.js';
import { distributionPlot, ecdfLine, normalOrderStatistics } from './distribution-plot.js';

const ctx: PlotContext = { theme: DEFAULT_THEME, width: 800, height: 500, registry: new PluginRegistry() };

let nextId = 0;
function run(acc: number | undefined, params: Run['params'] = {}, status: RunStatus = 'completed', name = `run-${nextId}`): Run {
  const id = `r${nextId++}`;
  const metrics: Run['metrics'] =
    acc === undefined ? {} : { acc: { key: 'acc', count: 5, first: 0, last: acc, min: 0, max: acc, firstStep: 0, lastStep: 4, nanCount: 0, lastTime: 0 } };
  return {
    id, project: 'p', name, group: 'g', status, params, tags: [], notes: '', startTime: 0, endTime: 1, heartbeat: 1,
    exitCode: null, error: null, command: null, cwd: null, gitCommit: null, gitDirty: null, host: null, summary: {}, metrics,
  };
}

function compile(runs: Run[], options: Record<string, unknown> = {}, series: PlotSeries[] = []): PlotSpec {
  const parsed = distributionPlot.options.parse({ metrics: ['acc'], ...options });
  return PlotSpecSchema.parse(distributionPlot.compile({ runs, series, histograms: [] }, parsed, ctx));
}

function marks<T extends MarkType>(spec: PlotSpec, type: T, panel = 0): MarkOfType<T>[] {
  return spec.panels[panel]!.marks.filter((m): m is MarkOfType<T> => m.type === type);
}

const SAMPLE = [1, 2, 2, 3, 3, 3, 4, 4, 5, 9, 10];

describe('distribution plot: histogram', () => {
  it('bins by Freedman–Diaconis as NumPy does (bins="fd")', () => {
    const spec = compile(SAMPLE.map((v) => run(v)));
    const [bars] = marks(spec, 'bar');
    // np.histogram(a, bins='fd'): edges 1, 2.5, …, 10 and counts [3, 3, 3, 0, 0, 2]
    expect(bars!.x).toEqual([1.75, 3.25, 4.75, 6.25, 7.75, 9.25]);
    expect(bars!.width).toBe(1.5);
    expect(bars!.y).toEqual([3, 3, 3, 0, 0, 2]);
    expect(spec.subtitle).toMatch(/6 bins of width 1.5 \(freedman-diaconis\)/);
    expect(spec.panels[0]!.y.label).toBe('runs');
  });

  it('falls back to Sturges when the IQR is 0, and a single value gets one bin of width 1', () => {
    const spec = compile([1, 1, 1, 1, 1, 1, 5].map((v) => run(v)));
    expect(spec.subtitle).toMatch(/\(sturges\)/);
    expect(marks(spec, 'bar')[0]!.y.reduce<number>((a, b) => a + (b ?? 0), 0)).toBe(7);
    const one = marks(compile([run(0.5)]), 'bar')[0]!;
    expect(one).toMatchObject({ x: [0.5], y: [1], width: 1 });
  });

  it('density heights integrate to 1 per group, groups share bins and get legend entries', () => {
    const rng = createSeededRandom(5);
    const runs = [...Array.from({ length: 30 }, () => run(rng.normal(), { opt: 'adam' })), ...Array.from({ length: 10 }, () => run(2 + rng.normal(), { opt: 'sgd' }))];
    const spec = compile(runs, { groupBy: 'params.opt', density: true });
    const bars = marks(spec, 'bar');
    expect(bars.map((b) => b.label)).toEqual(['opt=adam', 'opt=sgd']);
    expect(bars[0]!.x).toEqual(bars[1]!.x);
    for (const b of bars) expect(b.y.reduce<number>((a, v) => a + (v ?? 0) * b.width, 0)).toBeCloseTo(1, 12);
    expect(spec.legend.entries.map((e) => e.label)).toEqual(['opt=adam', 'opt=sgd']);
    expect(bars[0]!.color).not.toBe(bars[1]!.color);
  });
});

describe('distribution plot: kde, qq, ecdf', () => {
  it('kde integrates to about 1 and peaks near the centre of a normal sample', () => {
    const rng = createSeededRandom(11);
    const spec = compile(Array.from({ length: 400 }, () => run(10 + rng.normal())), { kind: 'kde' });
    const [line] = marks(spec, 'line');
    const x = line!.x as number[];
    const y = line!.y as number[];
    let area = 0;
    for (let i = 1; i < x.length; i++) area += ((y[i]! + y[i - 1]!) / 2) * (x[i]! - x[i - 1]!);
    expect(area).toBeCloseTo(1, 2);
    expect(Math.abs(x[y.indexOf(Math.max(...y))]! - 10)).toBeLessThan(0.3);
  });

  it('kde of equal values: a vertical line and a warning instead of a density', () => {
    const spec = compile([run(3), run(3)], { kind: 'kde' });
    expect(marks(spec, 'rule')[0]).toMatchObject({ x1: [3], x2: [3], y1: [null], y2: [null] });
    expect(spec.warnings.join()).toMatch(/only equal values \(3\)/);
  });

  it('qq: sorted values against the normal order statistics of scipy.stats.probplot, with the quartile line', () => {
    const values = [3.1, 0.5, 2.2, 1.7, 9.0];
    const spec = compile(values.map((v) => run(v)), { kind: 'qq' });
    const [points] = marks(spec, 'point');
    const scipy = [-1.1289975352961017, -0.4856527065756922, 0, 0.48565270657569204, 1.1289975352961017];
    points!.x.forEach((v, i) => expect(v).toBeCloseTo(scipy[i]!, 12));
    expect(points!.y).toEqual([0.5, 1.7, 2.2, 3.1, 9]);
    const [ref] = marks(spec, 'line');
    // through (Φ⁻¹(0.25), q1 = 1.7) and (Φ⁻¹(0.75), q3 = 3.1)
    const [x0, x1] = ref!.x as [number, number];
    const [y0, y1] = ref!.y as [number, number];
    const at = (z: number) => y0 + ((y1 - y0) * (z - x0)) / (x1 - x0);
    expect(at(-0.6744897501960817)).toBeCloseTo(1.7, 12);
    expect(at(0.6744897501960817)).toBeCloseTo(3.1, 12);
    expect(normalOrderStatistics(1)).toEqual([0]);
  });

  it('ecdf: a step line from 0 to 1 with one jump per distinct value', () => {
    expect(ecdfLine(Float64Array.of(1, 2, 2, 4))).toEqual({ x: [1, 1, 2, 4], y: [0, 0.25, 0.75, 1] });
    const spec = compile([1, 2, 2, 4].map((v) => run(v)), { kind: 'ecdf' });
    expect(marks(spec, 'line')[0]).toMatchObject({ curve: 'step', y: [0, 0.25, 0.75, 1] });
    expect(spec.panels[0]!.y).toMatchObject({ domain: [0, 1], format: 'percent' });
  });
});

describe('distribution plot: sources and bad input', () => {
  it('source points pools every logged value, leaving NaN and infinities out with a warning', () => {
    const r = run(undefined);
    const s: PlotSeries = { runId: r.id, key: 'acc', x: Float64Array.of(0, 1, 2, 3), y: Float64Array.of(1, Number.NaN, 2, Infinity), steps: Float64Array.of(0, 1, 2, 3), times: new Float64Array(4) };
    const spec = compile([r], { source: 'points', kind: 'ecdf' }, [s]);
    expect(marks(spec, 'line')[0]!.x).toEqual([1, 1, 2]);
    expect(spec.warnings).toContain('acc: 2 NaN or infinite values left out');
    expect(distributionPlot.needs(distributionPlot.options.parse({ metrics: ['acc'], source: 'points' }))).toEqual({ series: { metrics: ['acc'], x: 'step', points: 100_000 } });
    expect(distributionPlot.needs(distributionPlot.options.parse({ metrics: ['acc'] }))).toEqual({});
  });

  it('leaves failed runs out by default', () => {
    const spec = compile([run(1), run(2, {}, 'failed')], { kind: 'ecdf' });
    expect(marks(spec, 'line')[0]!.x).toEqual([1, 1]);
    expect(spec.warnings).toContain('1 failed or crashed run left out (includeFailed to keep them)');
  });

  it('no data: one empty panel and a warning; all-NaN likewise', () => {
    const spec = compile([]);
    expect(spec.panels).toHaveLength(1);
    expect(spec.panels[0]!.marks).toEqual([]);
    expect(spec.warnings).toContain('no data: no run has metric acc');
    const nan = compile([run(Number.NaN), run(Number.NaN)]);
    expect(nan.panels[0]!.marks).toEqual([]);
    expect(nan.warnings).toContain('no data: no run has a finite value of acc');
  });

  it('passes <script> labels through and rejects unknown options', () => {
    const spec = compile([run(1, { n: '<script>x</script>' }), run(2, { n: 'é' })], { groupBy: 'params.n', kind: 'ecdf' });
    expect(spec.legend.entries.map((e) => e.label).sort()).toEqual(['n=<script>x</script>', 'n=é']);
    expect(() => distributionPlot.options.parse({ metrics: ['acc'], bin: 3 })).toThrow(/unknown distribution option: bin \(valid: metrics, kind, source,/);
    expect(() => distributionPlot.options.parse({ metrics: ['acc'], bins: 0 })).toThrow();
  });

  it('1,000 runs one per group: the legend counts what it leaves out', () => {
    const runs = Array.from({ length: 1000 }, (_, i) => run(i, { seed: i }));
    const spec = compile(runs, { groupBy: 'params.seed', kind: 'ecdf' });
    expect(spec.legend.entries).toHaveLength(30);
    expect(spec.legend.omitted).toBe(970);
    expect(spec.warnings.join()).toMatch(/1000 distributions overlaid/);
  });
});
