import { describe, expect, it } from 'vitest';
import { studentTInterval } from '../../analytics/descriptive/t-interval.js';
import type { Run } from '../../domain/types.js';
import { RunlensError } from '../../errors.js';
import { BUILTIN_PROCESSORS } from '../../pipeline/builtin-processors.js';
import { debiasedEma } from '../../pipeline/debiased-ema.js';
import { PluginRegistry } from '../../plugins/registry.js';
import { createSeededRandom } from '../../random/seeded-random.js';
import { DEFAULT_THEME } from '../../themes/builtin-themes.js';
import { MAX_LEGEND_ENTRIES } from '../shared/build-legend.js';
import type { PlotContext, PlotSeries } from '../plot-plugin.js';
import { PlotSpecSchema, type MarkOfType, type MarkType, type PlotSpec } from '../plot-spec.js';
import { curvesPlot } from './curves-plot.js';

const registry = new PluginRegistry();
BUILTIN_PROCESSORS.forEach((p) => registry.register(p));
const ctx: PlotContext = { theme: DEFAULT_THEME, width: 900, height: 500, registry };

let nextId = 0;
function run(params: Run['params'] = {}, name = `run-${nextId}`): Run {
  const id = `r${nextId++}`;
  return {
    id, project: 'p', name, group: JSON.stringify(params), status: 'completed', params, tags: [], notes: '', startTime: 0, endTime: 1, heartbeat: 1,
    exitCode: null, error: null, command: null, cwd: null, gitCommit: null, gitDirty: null, host: null, summary: {}, metrics: {},
  };
}

function series(r: Run, key: string, y: number[], steps = y.map((_, i) => i), x = steps): PlotSeries {
  return { runId: r.id, key, x: Float64Array.from(x), y: Float64Array.from(y), steps: Float64Array.from(steps), times: Float64Array.from(steps, (s) => 1_700_000_000_000 + s * 1000) };
}

function compile(runs: Run[], list: PlotSeries[], options: Record<string, unknown> = {}): PlotSpec {
  const parsed = curvesPlot.options.parse({ metrics: ['val/loss'], ...options });
  return PlotSpecSchema.parse(curvesPlot.compile({ runs, series: list, histograms: [] }, parsed, ctx));
}

function marks<T extends MarkType>(spec: PlotSpec, type: T, panel = 0): MarkOfType<T>[] {
  return spec.panels[panel]!.marks.filter((m): m is MarkOfType<T> => m.type === type);
}

const mainLines = (spec: PlotSpec, panel = 0) => marks(spec, 'line', panel).filter((l) => !l.label?.endsWith(' raw'));

describe('curves plot: runs', () => {
  it('draws one line per run and one panel per metric, a run in the same colour everywhere', () => {
    const a = run({}, 'alpha');
    const b = run({}, 'beta');
    const spec = compile([a, b], [series(b, 'val/loss', [3, 2, 1]), series(a, 'val/loss', [4, 3, 2]), series(a, 'train/loss', [5, 4])], { metrics: ['/loss$/'] });
    expect(spec.panels.map((p) => p.title)).toEqual(['train/loss', 'val/loss']);
    expect(spec.columns).toBe(2);
    const val = mainLines(spec, 1);
    expect(val.map((l) => [l.label, l.series, l.y])).toEqual([
      ['alpha', a.id, [4, 3, 2]],
      ['beta', b.id, [3, 2, 1]],
    ]);
    expect(mainLines(spec, 0)[0]!.color).toBe(val[0]!.color);
    expect(val[0]!.color).not.toBe(val[1]!.color);
    expect(spec.legend.entries.map((e) => e.label)).toEqual(['alpha', 'beta']);
    expect(spec.panels[0]!.x.label).toBe('step');
  });

  it('smooths through the registry and keeps the raw curve faint behind', () => {
    const r = run();
    const y = [1, 3, 2, 5, 4, 6, 5];
    const spec = compile([r], [series(r, 'val/loss', y)], { smooth: 'ema:0.6' });
    const lines = marks(spec, 'line');
    expect(lines.map((l) => l.label)).toEqual(['run-' + r.id.slice(1) + ' raw', 'run-' + r.id.slice(1)]);
    expect(lines[0]!.y).toEqual(y);
    expect(lines[0]!.opacity).toBeLessThan(0.5);
    expect(lines[1]!.y).toEqual(Array.from(debiasedEma(y, 0.6)));
    expect(spec.subtitle).toBe('smoothed: ema:0.6');
    expect(marks(compile([r], [series(r, 'val/loss', y)], { smooth: 'ema:0.6', showRaw: false }), 'line')).toHaveLength(1);
  });

  it('refuses unknown processors and bad pipelines before looking at data', () => {
    expect(() => compile([], [], { smooth: 'emma:0.6' })).toThrow(/unknown processor: emma \(one of ema, time-ema/);
    expect(() => compile([], [], { smooth: 'ema:2' })).toThrow(RunlensError);
  });

  it('labels the x axis for time, relative time, epochs and other metrics; refuses log time', () => {
    const r = run();
    const s = series(r, 'val/loss', [1, 2]);
    expect(compile([r], [s], { x: 'time' }).panels[0]!.x).toMatchObject({ scale: 'time', label: 'time (UTC)' });
    expect(compile([r], [s], { x: 'relative' }).panels[0]!.x.label).toBe('time since start (s)');
    expect(compile([r], [s], { x: 'tokens' }).panels[0]!.x.label).toBe('tokens');
    expect(curvesPlot.needs(curvesPlot.options.parse({ metrics: ['a'], x: 'epoch' }))).toEqual({ series: { metrics: ['a'], x: 'epoch', points: 2000 } });
    expect(() => compile([r], [s], { x: 'time', logX: true })).toThrow(/logX with x time/);
  });
});

describe('curves plot: groups', () => {
  const seeds = (lr: number, ys: number[][]) => {
    const runs = ys.map(() => run({ lr, seed: 1 }));
    return { runs, list: runs.map((r, i) => series(r, 'val/loss', ys[i]!)) };
  };
  const g1 = seeds(0.1, [
    [4, 3, 2, 1],
    [6, 4, 3, 2],
    [5, 2, 1, 0.5],
  ]);
  const g2 = seeds(0.01, [
    [8, 7, 6, 5],
    [9, 8, 7, 6],
  ]);
  const data = { runs: [...g1.runs, ...g2.runs], list: [...g1.list, ...g2.list] };

  it('draws the mean of the seeds at each step, one line per group ordered by value', () => {
    const spec = compile(data.runs, data.list, { groupBy: 'params.lr' });
    const lines = mainLines(spec);
    expect(lines.map((l) => l.label)).toEqual(['lr=0.01', 'lr=0.1']);
    expect(lines[1]!.x).toEqual([0, 1, 2, 3]);
    expect(lines[1]!.y).toEqual([5, 3, 2, 3.5 / 3]);
    expect(lines[0]!.y).toEqual([8.5, 7.5, 6.5, 5.5]);
    expect(spec.legend.entries.map((e) => e.label)).toEqual(['lr=0.01 (n=2)', 'lr=0.1 (n=3)']);
    expect(spec.subtitle).toBe('mean per params.lr, band ±1 std');
  });

  it('bands: std, SEM and 95% CI from the sample std; min–max from the extremes; none draws no band', () => {
    const at = (band: string, j: number) => {
      const area = marks(compile(data.runs, data.list, { groupBy: 'params.lr', band }), 'area').find((a) => a.series === 'group:lr=0.1')!;
      return [area.y1[j]!, area.y2[j]!];
    };
    // step 0: seeds 4, 6, 5 → mean 5, sample std 1
    expect(at('std', 0)).toEqual([4, 6]);
    const sem = 1 / Math.sqrt(3);
    expect(at('sem', 0)[0]).toBeCloseTo(5 - sem, 14);
    const ci = studentTInterval(5, sem, 3, 0.95);
    expect(at('ci95', 0)).toEqual([ci.low, ci.high]);
    expect(ci.high - 5).toBeCloseTo(4.302652729911275 * sem, 8);
    expect(at('minmax', 1)).toEqual([2, 4]);
    expect(marks(compile(data.runs, data.list, { groupBy: 'params.lr', band: 'none' }), 'area')).toEqual([]);
  });

  it('aligns seeds logged at different steps by interpolation, averaging only the runs that reached a step', () => {
    const a = run({ lr: 1 });
    const b = run({ lr: 1 });
    const spec = compile([a, b], [series(a, 'val/loss', [0, 2, 4], [0, 2, 4]), series(b, 'val/loss', [10, 12], [0, 2])], { groupBy: 'params.lr', band: 'minmax' });
    const [line] = mainLines(spec);
    expect(line!.x).toEqual([0, 2, 4]);
    expect(line!.y).toEqual([5, 7, 4]);
  });

  it('a group of one run has a mean but no std band', () => {
    const r = run({ lr: 1 });
    const spec = compile([r], [series(r, 'val/loss', [3, 2])], { groupBy: 'params.lr' });
    expect(mainLines(spec)[0]!.y).toEqual([3, 2]);
    expect(marks(spec, 'area')[0]!.y1).toEqual([null, null]);
  });

  it('rejects a param no run has', () => {
    expect(() => compile(data.runs, data.list, { groupBy: 'params.momentum' })).toThrow(/unknown param: momentum/);
  });
});

describe('curves plot: axes and annotations', () => {
  it('log y drops zeros and negatives with a warning that counts them', () => {
    const r = run();
    const spec = compile([r], [series(r, 'val/loss', [1, 0, 0.5, -2, 0.25])], { logY: true });
    expect(spec.panels[0]!.y.scale).toBe('log');
    const [line] = mainLines(spec);
    expect(line!.x).toEqual([0, 2, 4]);
    expect(line!.y).toEqual([1, 0.5, 0.25]);
    expect(spec.warnings).toContain('log y axis: 2 non-positive values dropped (of 5 points)');
  });

  it('NaN and Infinity break the line; a diverged run is marked and noted in the legend', () => {
    const r = run({}, 'unstable');
    const spec = compile([r], [series(r, 'val/loss', [3, 2, 1.5, Number.NaN, Number.NaN, Infinity])]);
    const [line] = mainLines(spec);
    expect(line!.y).toEqual([3, 2, 1.5, null, null, null]);
    const cross = marks(spec, 'point').find((p) => p.label === 'diverged')!;
    expect(cross).toMatchObject({ x: [2], y: [1.5], symbol: 'cross' });
    expect(cross.text![0]).toBe('unstable: diverged at step 3 (NaN)');
    expect(spec.legend.entries[0]!.label).toBe('unstable (diverged)');
    expect(spec.warnings.join()).toMatch(/diverged .*: unstable/);
  });

  it('an exploding run does not squash the others: the y range stops at its divergence; one legend entry per line', () => {
    const calm = run({}, 'calm');
    const wild = run({}, 'wild');
    const spec = compile(
      [calm, wild],
      [series(calm, 'val/loss', [4, 3, 2.5, 2.2]), series(wild, 'val/loss', [4, 3.5, 1e96, 1e97]), series(wild, 'train/loss', [4, 3, 2, 1]), series(calm, 'train/loss', [4, 3, 2, 1])],
      { metrics: ['train/loss', 'val/loss'] },
    );
    const valPanel = spec.panels[1]!;
    const [lo, hi] = valPanel.y.domain!;
    expect(lo).toBeLessThan(2.2);
    expect(hi).toBeGreaterThanOrEqual(4);
    expect(hi).toBeLessThan(5);
    expect(spec.panels[0]!.y.domain).toBeUndefined();
    expect(spec.legend.entries.map((e) => e.label)).toEqual(['calm', 'wild (diverged)']);
  });

  it('a group whose members diverge keeps one legend entry across panels, and the range stops where the first diverged', () => {
    const ok = [run({ lr: 0.1 }), run({ lr: 0.1 })];
    const bad = [run({ lr: 10 }), run({ lr: 10 })];
    const list = [
      ...ok.flatMap((r) => [series(r, 'train/loss', [3, 2, 1.5, 1.2]), series(r, 'val/loss', [3, 2.5])]),
      ...bad.flatMap((r) => [series(r, 'train/loss', [3, 5, 1e90, Number.NaN]), series(r, 'val/loss', [3])]),
    ];
    const spec = compile([...ok, ...bad], list, { metrics: ['train/loss', 'val/loss'], groupBy: 'params.lr' });
    expect(spec.legend.entries.map((e) => e.label)).toEqual(['lr=0.1 (n=2)', 'lr=10 (n=2, 2 diverged)']);
    expect(spec.panels[0]!.y.domain![1]).toBeLessThan(10);
    // with several metrics, the warning says in which one they diverged
    expect(spec.warnings).toContain('diverged (NaN, ±Infinity or exploding values; marked ✕): train/loss: 2 of lr=10');
  });

  it('marks the best step: lowest for a loss, highest for an accuracy', () => {
    const r = run();
    const loss = compile([r], [series(r, 'val/loss', [3, 1, 2])]);
    expect(marks(loss, 'point').find((p) => p.label?.endsWith(' best'))).toMatchObject({ x: [1], y: [1] });
    expect(marks(loss, 'text')[0]!.text).toEqual(['1']);
    const acc = compile([r], [series(r, 'val/acc', [0.5, 0.9, 0.7], [0, 10, 20], [0, 1, 2])], { metrics: ['val/acc'], x: 'epoch' });
    // the best is found by step (10) and drawn at that point's x (epoch 1)
    expect(marks(acc, 'point').find((p) => p.label?.endsWith(' best'))).toMatchObject({ x: [1], y: [0.9] });
    expect(marks(compile([r], [series(r, 'val/loss', [3, 1, 2])], { best: false }), 'text')).toEqual([]);
  });

  it('shades training phases of a single run, not of many unless asked', () => {
    const r = run();
    const y = Array.from({ length: 200 }, (_, i) => 0.1 + 2 * Math.exp(-i / 20));
    const spec = compile([r], [series(r, 'val/loss', y)]);
    const [phases] = marks(spec, 'rect');
    expect(phases!.text).toEqual(['initialisation', 'rapid learning', 'convergence']);
    expect(phases!.y1).toEqual([null, null, null]);
    expect(phases!.x1[0]).toBe(0);
    expect(phases!.x2[2]).toBe(199);
    const r2 = run();
    const two = compile([r, r2], [series(r, 'val/loss', y), series(r2, 'val/loss', y)]);
    expect(marks(two, 'rect')).toEqual([]);
    expect(marks(compile([r, r2], [series(r, 'val/loss', y), series(r2, 'val/loss', y)], { phases: true }), 'rect')).toHaveLength(1);
  });
});

describe('curves plot: bad input', () => {
  it('no data: one empty panel and a warning, never a throw', () => {
    const spec = compile([], []);
    expect(spec.panels).toHaveLength(1);
    expect(spec.panels[0]!.marks).toEqual([]);
    expect(spec.warnings).toContain('no data: no run has metric val/loss');
    const r = run();
    const partial = compile([r], [series(r, 'val/loss', [1])], { metrics: ['val/loss', 'val/acc'] });
    expect(partial.panels).toHaveLength(1);
    expect(partial.warnings).toContain('no data: no run has metric val/acc');
  });

  it('a single point and an all-NaN series compile', () => {
    const r = run();
    expect(mainLines(compile([r], [series(r, 'val/loss', [0.7])]))[0]).toMatchObject({ x: [0], y: [0.7] });
    const nan = compile([r], [series(r, 'val/loss', [Number.NaN, Number.NaN])], { smooth: 'ema:0.9' });
    expect(mainLines(nan)[0]!.y).toEqual([null, null]);
  });

  it('1,000 runs: the legend lists 30 and counts the rest, lines get thin and faint, with a warning', () => {
    const rng = createSeededRandom(42);
    const runs = Array.from({ length: 1000 }, () => run());
    const list = runs.map((r) => series(r, 'val/loss', Array.from({ length: 20 }, (_, i) => 1 / (i + 1) + rng.next() * 0.1)));
    const spec = compile(runs, list);
    expect(spec.legend.entries).toHaveLength(MAX_LEGEND_ENTRIES);
    expect(spec.legend.omitted).toBe(1000 - MAX_LEGEND_ENTRIES);
    expect(spec.warnings).toContain(`1000 runs in one chart: the legend lists ${MAX_LEGEND_ENTRIES} and counts the rest; group by a param (groupBy) or filter the runs`);
    const lines = mainLines(spec);
    expect(lines).toHaveLength(1000);
    expect(lines[0]!.strokeWidth!).toBeLessThan(DEFAULT_THEME.lineWidth);
    expect(lines[0]!.opacity!).toBeLessThan(0.5);
    expect(marks(spec, 'text')).toEqual([]);
  });

  it('passes <script> run names through unchanged as data', () => {
    const r = run({}, '<script>alert("x")</script> — 学习');
    const spec = compile([r], [series(r, 'val/loss', [1, 2])]);
    expect(mainLines(spec)[0]!.label).toBe('<script>alert("x")</script> — 学习');
    expect(spec.legend.entries[0]!.label).toBe('<script>alert("x")</script> — 学习');
  });

  it('rejects unknown options, listing the valid ones', () => {
    expect(() => curvesPlot.options.parse({ metrics: ['a'], smoth: 'ema' })).toThrow(/unknown curves option: smoth \(valid: metrics, x, groupBy, smooth,/);
    expect(() => curvesPlot.options.parse({ metrics: ['a'], band: 'iqr' })).toThrow();
    expect(() => curvesPlot.options.parse({ metrics: [] })).toThrow();
  });
});
