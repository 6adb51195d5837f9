import { describe, expect, it } from 'vitest';
import { formatPValue } from '../../analytics/failures/format-p-value.js';
import { compareGroups } from '../../analytics/hypothesis/compare-groups.js';
import type { Run, RunStatus } from '../../domain/types.js';
import { RunlensError } from '../../errors.js';
import { PluginRegistry } from '../../plugins/registry.js';
import { createSeededRandom } from '../../random/seeded-random.js';
import { DEFAULT_THEME } from '../../themes/builtin-themes.js';
import type { PlotContext } from '../plot-plugin.js';
import { PlotSpecSchema, type MarkOfType, type MarkType, type PlotSpec } from '../plot-spec.js';
import { comparePlot } from './compare-plot.js';

const ctx: PlotContext = { theme: DEFAULT_THEME, width: 800, height: 500, registry: new PluginRegistry() };

let nextId = 0;
function run(params: Run['params'], loss: number | undefined, status: RunStatus = 'completed', name = `run-${nextId}`): Run {
  const id = `r${nextId++}`;
  const metrics: Run['metrics'] =
    loss === undefined
      ? {}
      : { 'val/loss': { key: 'val/loss', count: 10, first: 2, last: loss, min: Math.min(loss, 0.1), max: 2, firstStep: 0, lastStep: 9, nanCount: 0, lastTime: 0 } };
  return {
    id, project: 'p', name, group: JSON.stringify(params), status, params, tags: [], notes: '', startTime: 0, endTime: 1, heartbeat: 1,
    exitCode: null, error: null, command: null, cwd: null, gitCommit: null, gitDirty: null, host: null, summary: {}, metrics,
  };
}

function groupOf(lr: number, values: number[]): Run[] {
  return values.map((v) => run({ lr }, v));
}

function compile(runs: Run[], options: Record<string, unknown> = {}): PlotSpec {
  const parsed = comparePlot.options.parse({ metrics: ['val/loss'], groupBy: 'params.lr', ...options });
  return PlotSpecSchema.parse(comparePlot.compile({ runs, series: [], histograms: [] }, parsed, ctx));
}

function marks<T extends MarkType>(spec: PlotSpec, type: T, panel = 0): MarkOfType<T>[] {
  return spec.panels[panel]!.marks.filter((m): m is MarkOfType<T> => m.type === type);
}

const A = [1, 1.1, 0.9, 1.05, 0.95];
const B = [2, 2.1, 1.9, 2.05, 1.95];

describe('compare plot: summaries', () => {
  it('box: quartiles and median as NumPy computes them, Tukey whiskers, outliers as points', () => {
    const spec = compile([...groupOf(0.1, [1, 2, 3, 4, 5, 6, 7, 8, 100]), ...groupOf(0.01, [5, 5, 6])], { kind: 'box', significance: false });
    const [box] = marks(spec, 'box');
    // groups ordered by value: lr=0.01 first
    expect(spec.panels[0]!.x.ticks).toEqual([
      { value: 0, label: 'lr=0.01' },
      { value: 1, label: 'lr=0.1' },
    ]);
    expect(box!.q1[1]).toBe(3);
    expect(box!.median[1]).toBe(5);
    expect(box!.q3[1]).toBe(7);
    // 100 is beyond q3 + 1.5 IQR = 13: the whisker stops at 8 and 100 is an outlier
    expect(box!.hi[1]).toBe(8);
    expect(box!.lo[1]).toBe(1);
    const [outliers] = marks(spec, 'point');
    expect(outliers).toMatchObject({ x: [1], y: [100] });
    expect(box!.colors).toEqual([DEFAULT_THEME.palette[0], DEFAULT_THEME.palette[1]]);
  });

  it('bar: the mean with a t confidence interval as error bars', () => {
    const spec = compile([...groupOf(0.1, [1, 2, 3]), ...groupOf(0.2, [4])], { kind: 'bar', significance: false });
    const [bar] = marks(spec, 'bar');
    expect(bar!.y).toEqual([2, 4]);
    const [ci] = marks(spec, 'rule');
    // mean ± t(0.975, 2) · 1/√3; the one-run group gets no error bar
    const half = 4.302652729911275 / Math.sqrt(3);
    expect(ci!.y1[0]).toBeCloseTo(2 - half, 8);
    expect(ci!.y2[0]).toBeCloseTo(2 + half, 8);
    expect(ci!.x1.every((x) => x !== null && Math.abs(x) < 0.5)).toBe(true);
  });

  it('violin: a symmetric KDE polygon per group around its position, the same every time', () => {
    const rng = createSeededRandom(3);
    const runs = [...groupOf(0.1, Array.from({ length: 40 }, () => rng.normal())), ...groupOf(0.2, Array.from({ length: 40 }, () => 3 + rng.normal()))];
    const spec = compile(runs, { kind: 'violin', significance: false });
    const [violins] = marks(spec, 'polygon');
    expect(violins!.x).toHaveLength(2);
    const xs = violins!.x[1]!;
    const ys = violins!.y[1]!;
    const n = xs.length / 2;
    for (let k = 0; k < n; k++) {
      expect(xs[k]! - 1).toBeCloseTo(1 - xs[xs.length - 1 - k]!, 12);
      expect(ys[k]).toBe(ys[ys.length - 1 - k]);
    }
    expect(Math.max(...violins!.x.flat())).toBeLessThanOrEqual(1.3 + 1e-12);
    expect(compile(runs, { kind: 'violin', significance: false })).toEqual(spec);
  });

  it('violin of equal values draws a flat line instead of a density', () => {
    const spec = compile([...groupOf(0.1, [2, 2, 2]), ...groupOf(0.2, [1, 2, 3])], { kind: 'violin', significance: false });
    expect(marks(spec, 'polygon')[0]!.x).toHaveLength(1);
    expect(marks(spec, 'rule')[0]).toMatchObject({ y1: [2], y2: [2] });
  });

  it('strip: every run as a point jittered around its group by the seed, with its name', () => {
    const runs = groupOf(0.1, [1, 2, 3, 4]);
    const spec = compile(runs, { kind: 'strip', seed: 7 });
    const [points] = marks(spec, 'point');
    expect(points!.y).toEqual([1, 2, 3, 4]);
    expect(points!.text).toEqual(runs.map((r) => r.name));
    expect(points!.x.every((x) => x !== null && Math.abs(x) <= 0.18)).toBe(true);
    expect(compile(runs, { kind: 'strip', seed: 7 })).toEqual(spec);
    expect(marks(compile(runs, { kind: 'strip', seed: 8 }), 'point')[0]!.x).not.toEqual(points!.x);
  });
});

describe('compare plot: significance', () => {
  it('brackets a significant pair with stars and the Holm-adjusted p-value of compareGroups', () => {
    const spec = compile([...groupOf(0.1, A), ...groupOf(0.2, B)], { kind: 'box' });
    const expected = compareGroups({ 'lr=0.1': A, 'lr=0.2': B }, { direction: 'lower' }).pairs[0]!;
    const [text] = marks(spec, 'text');
    expect(expected.adjustedPValue).toBeLessThan(0.001);
    expect(text!.text).toEqual([`*** p=${formatPValue(expected.adjustedPValue)}`]);
    expect(text!.x).toEqual([0.5]);
    const [bracket] = marks(spec, 'rule');
    expect(bracket!.x1).toEqual([0, 0, 1]);
    expect(bracket!.x2).toEqual([0, 1, 1]);
    // above the data, and the axis makes room for it
    expect(Math.min(...bracket!.y1.map(Number))).toBeGreaterThan(2.1);
    expect(spec.panels[0]!.y.domain![1]!).toBeGreaterThan(Number(text!.y[0]));
    expect(spec.subtitle).toMatch(/Holm-corrected, α = 0.05/);
  });

  it('stacks overlapping brackets on separate levels and leaves non-significant pairs out', () => {
    const C = A.map((v) => v + 0.01);
    const spec = compile([...groupOf(0.1, A), ...groupOf(0.2, C), ...groupOf(0.3, B)], { kind: 'strip' });
    const [text] = marks(spec, 'text');
    // 0–2 and 1–2 differ; 0–1 do not
    expect(text!.x).toEqual([1.5, 1]);
    expect(Number(text!.y[1])).toBeGreaterThan(Number(text!.y[0]));
    const all = compile([...groupOf(0.1, A), ...groupOf(0.2, C), ...groupOf(0.3, B)], { kind: 'strip', showNonSignificant: true });
    expect(marks(all, 'text')[0]!.text.filter((t) => t.startsWith('ns'))).toHaveLength(1);
  });

  it('caps the brackets for many groups, keeping the smallest p-values', () => {
    const rng = createSeededRandom(1);
    const runs = Array.from({ length: 1000 }, (_, i) => run({ lr: i % 25 }, (i % 25) + rng.normal() * 0.1));
    const spec = compile(runs, { kind: 'box' });
    expect(marks(spec, 'text')[0]!.text).toHaveLength(15);
    expect(spec.warnings.join('\n')).toMatch(/300 pairs to mark; the 15 with the smallest p-values are drawn/);
    expect(spec.panels[0]!.x.ticks).toHaveLength(25);
  });

  it('tests no pairs beyond 30 groups, saying so', () => {
    const runs = Array.from({ length: 1000 }, (_, i) => run({ seed: i }, i));
    const spec = compile(runs, { kind: 'strip', groupBy: 'params.seed' });
    expect(marks(spec, 'text')).toEqual([]);
    expect(spec.warnings.join('\n')).toMatch(/1000 groups: significance is marked for at most 30/);
    expect(spec.panels[0]!.x.ticks).toHaveLength(1000);
  });
});

describe('compare plot: bad input', () => {
  it('leaves failed and crashed runs out by default, with a warning counting them', () => {
    const runs = [...groupOf(0.1, [1, 2]), run({ lr: 0.1 }, 50, 'failed'), run({ lr: 0.1 }, 60, 'crashed')];
    const spec = compile(runs, { kind: 'strip', significance: false });
    expect(marks(spec, 'point')[0]!.y).toEqual([1, 2]);
    expect(spec.warnings).toContain('2 failed or crashed runs left out (includeFailed to keep them)');
    expect(marks(compile(runs, { kind: 'strip', includeFailed: true }), 'point')[0]!.y).toEqual([1, 2, 50, 60]);
  });

  it('leaves NaN/Infinity (diverged) values and runs without the metric out, with warnings', () => {
    const spec = compile([...groupOf(0.1, [1, 2, Number.NaN, Infinity]), run({ lr: 0.1 }, undefined)], { kind: 'strip' });
    expect(marks(spec, 'point')[0]!.y).toEqual([1, 2]);
    expect(spec.warnings).toContain('val/loss: 2 runs with a NaN or infinite value (diverged) left out');
    expect(spec.warnings).toContain('val/loss: 1 run without a value left out');
  });

  it('log y drops non-positive values with a warning; bars on a log axis are refused', () => {
    const spec = compile(groupOf(0.1, [0, -1, 1, 10]), { kind: 'box', logY: true });
    expect(spec.panels[0]!.y.scale).toBe('log');
    expect(spec.warnings).toContain('val/loss: 2 non-positive values dropped for the log y axis');
    expect(() => compile(groupOf(0.1, [1]), { kind: 'bar', logY: true })).toThrow(RunlensError);
  });

  it('no runs or no such metric: one empty panel and a no-data warning', () => {
    const empty = compile([]);
    expect(empty.panels).toHaveLength(1);
    expect(empty.panels[0]!.marks).toEqual([]);
    expect(empty.warnings).toContain('no data: no run has metric val/loss');
    const other = compile(groupOf(0.1, [1]), { metrics: ['val/acc'] });
    expect(other.warnings).toContain('no data: no run has metric val/acc');
  });

  it('a single run: one box, no brackets, no throw', () => {
    const spec = compile(groupOf(0.1, [0.5]), { kind: 'bar' });
    expect(marks(spec, 'bar')[0]!.y).toEqual([0.5]);
    expect(marks(spec, 'text')).toEqual([]);
  });

  it('passes <script> group names through unchanged as axis labels', () => {
    const spec = compile([run({ opt: '<script>alert(1)</script>' }, 1), run({ opt: 'адам' }, 2)], { groupBy: 'params.opt', kind: 'strip' });
    expect(spec.panels[0]!.x.ticks!.map((t) => t.label).sort()).toEqual(['opt=<script>alert(1)</script>', 'opt=адам']);
  });

  it('cuts group labels longer than the spec allows, and keeps runs of one name apart', () => {
    const long = 'x'.repeat(4000);
    const spec = compile([run({ opt: long }, 1), run({ opt: long }, 2), run({ opt: 'short' }, 5)], { groupBy: 'params.opt', kind: 'strip' });
    const label = spec.panels[0]!.x.ticks![1]!.label;
    expect(label).toHaveLength(200);
    expect(label.endsWith('…')).toBe(true);
    const twins = [...groupOf(1, A), ...groupOf(2, B)].map((r) => ({ ...r, name: 'same' }));
    const byRun = compile(twins, { groupBy: 'run', kind: 'strip' });
    expect(byRun.panels[0]!.x.ticks).toHaveLength(10);
  });

  it('reads min, max and summary values; several metrics give several panels', () => {
    const r = run({ lr: 1 }, 0.5);
    r.summary['val/loss'] = 0.42;
    r.summary['test/acc'] = 0.9;
    expect(marks(compile([r], { kind: 'strip', reduce: 'summary' }), 'point')[0]!.y).toEqual([0.42]);
    expect(marks(compile([r], { kind: 'strip', reduce: 'min' }), 'point')[0]!.y).toEqual([0.1]);
    const two = compile([r], { kind: 'strip', metrics: ['val/loss', '/acc$/'] });
    expect(two.panels.map((p) => p.title)).toEqual(['val/loss', 'test/acc']);
    expect(two.columns).toBe(2);
  });

  it('rejects unknown options listing the valid ones, bad kinds and unknown params', () => {
    expect(() => comparePlot.options.parse({ metrics: ['x'], kinds: 'box' })).toThrow(/unknown compare option: kinds \(valid: metrics, groupBy, reduce, kind,/);
    expect(() => comparePlot.options.parse({ metrics: ['x'], kind: 'pie' })).toThrow();
    expect(() => compile(groupOf(0.1, [1]), { groupBy: 'params.nope' })).toThrow(/unknown param: nope/);
  });
});
