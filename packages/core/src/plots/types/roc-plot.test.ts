import { describe, expect, it } from 'vitest';
import type { Run, RunStatus } from '../../domain/types.js';
import { PluginRegistry } from '../../plugins/registry.js';
import { DEFAULT_THEME } from '../../themes/builtin-themes.js';
import type { PlotContext, PlotSeries } from '../plot-plugin.js';
import { PlotSpecSchema, type MarkOfType, type PlotSpec } from '../plot-spec.js';
import { parseMetricPattern } from '../shared/metric-pattern.js';
import { rocPlot } from './roc-plot.js';

const ctx: PlotContext = { theme: DEFAULT_THEME, width: 600, height: 600, registry: new PluginRegistry() };

function run(i: number, name = `model-${i}`, status: RunStatus = 'completed'): Run {
  return {
    id: `r${i}`, project: 'p', name, group: 'g', status, params: {}, tags: [], notes: '', startTime: i, endTime: i + 1, heartbeat: i,
    exitCode: null, error: null, command: null, cwd: null, gitCommit: null, gitDirty: null, host: null, summary: {}, metrics: {},
  };
}

/** A series logged as `run.log({key: v}, step=i)` for each threshold i (or the steps given). */
function series(runId: string, key: string, values: number[], steps = values.map((_, i) => i)): PlotSeries {
  return { runId, key, x: Float64Array.from(steps), y: Float64Array.from(values), steps: Float64Array.from(steps), times: Float64Array.from(steps, () => 0) };
}

function curve(runId: string, fpr: number[], tpr: number[], prefix = 'roc'): PlotSeries[] {
  return [series(runId, `${prefix}/fpr`, fpr), series(runId, `${prefix}/tpr`, tpr)];
}

function compile(runs: Run[], data: PlotSeries[], options: Record<string, unknown> = {}): PlotSpec {
  return PlotSpecSchema.parse(rocPlot.compile({ runs, series: data, histograms: [] }, rocPlot.options.parse(options), ctx));
}

const curves = (spec: PlotSpec) => spec.panels[0]!.marks.filter((m): m is MarkOfType<'line'> => m.type === 'line');

describe('roc plot', () => {
  it('asks for both series of every prefix, on the step axis, unthinned', () => {
    expect(rocPlot.needs(rocPlot.options.parse({}))).toEqual({ series: { metrics: ['roc/fpr', 'roc/tpr'], x: 'step', points: 100_000 } });
    expect(rocPlot.needs(rocPlot.options.parse({ prefix: ['roc/cat', 'roc/dog'] })).series!.metrics).toEqual(['roc/cat/fpr', 'roc/cat/tpr', 'roc/dog/fpr', 'roc/dog/tpr']);
  });

  it('gives a perfect classifier AUC 1 and the chance diagonal 0.5, in the legend', () => {
    const spec = compile([run(1, 'perfect'), run(2, 'coin')], [...curve('r1', [0, 0, 1], [0, 1, 1]), ...curve('r2', [0, 0.25, 0.5, 1], [0, 0.25, 0.5, 1])]);
    expect(spec.legend.entries.map((e) => e.label)).toEqual(['chance (AUC = 0.5)', 'perfect (AUC = 1.000)', 'coin (AUC = 0.500)']);
    const chance = spec.panels[0]!.marks[0] as MarkOfType<'rule'>;
    expect(chance).toMatchObject({ type: 'rule', x1: [0], y1: [0], x2: [1], y2: [1] });
    expect(spec.panels[0]!.x).toMatchObject({ domain: [0, 1], label: 'false positive rate' });
    expect(spec.panels[0]!.y).toMatchObject({ domain: [0, 1], label: 'true positive rate' });
    expect(curves(spec)[0]).toMatchObject({ x: [0, 0, 1], y: [0, 1, 1], series: 'r1/roc' });
  });

  it("matches scikit-learn's roc_auc_score on a known example, from points logged in any order", () => {
    // y_true = [0, 0, 1, 1], scores = [0.1, 0.4, 0.35, 0.8]: roc_curve gives these points; roc_auc_score = 0.75
    const fpr = [0, 0, 0.5, 0.5, 1];
    const tpr = [0, 0.5, 0.5, 1, 1];
    const spec = compile([run(1)], curve('r1', [...fpr].reverse(), [...tpr].reverse()));
    expect(spec.legend.entries[1]!.label).toBe('model-1 (AUC = 0.750)');
    expect(curves(spec)[0]).toMatchObject({ x: fpr, y: tpr });
  });

  it('adds the (0, 0) and (1, 1) ends every ROC curve has when the log lacks them', () => {
    const spec = compile([run(1)], curve('r1', [0.1, 0.3], [0.6, 0.9]));
    expect(curves(spec)[0]).toMatchObject({ x: [0, 0.1, 0.3, 1], y: [0, 0.6, 0.9, 1] });
  });

  it('pairs the two series by step and says what it could not pair', () => {
    const data = [series('r1', 'roc/fpr', [0, 0.2, 0.5, 1], [0, 1, 2, 3]), series('r1', 'roc/tpr', [0, 0.7, 1, 9], [0, 1, 3, 4])];
    const spec = compile([run(1)], data);
    expect(curves(spec)[0]).toMatchObject({ x: [0, 0.2, 1], y: [0, 0.7, 1] });
    expect(spec.warnings).toEqual(['2 points logged in only one of fpr/tpr (steps differ) left out']);
  });

  it('leaves out NaN points and values outside [0, 1], and curves with one series', () => {
    const data = [...curve('r1', [0, Number.NaN, 0.5, 1.5], [0, 0.5, 0.8, 1]), series('r2', 'roc/fpr', [0, 1])];
    const spec = compile([run(1), run(2)], data);
    expect(curves(spec)).toHaveLength(1);
    expect(spec.warnings).toEqual([
      '1 curve with only one of fpr/tpr logged left out: log both at the same steps',
      '1 point with a NaN or infinite value left out',
      '1 point outside [0, 1] left out: rates and precision lie in [0, 1]',
    ]);
  });

  it('draws a curve per run and prefix, and names runs with hostile names verbatim', () => {
    const name = '<script>alert(1)</script> 模型';
    const data = [...curve('r1', [0, 1], [1, 1], 'roc/cat'), ...curve('r1', [0, 1], [0, 1], 'roc/dog')];
    const spec = compile([run(1, name)], data, { prefix: ['roc/cat', 'roc/dog'] });
    expect(curves(spec).map((c) => c.label)).toEqual([`${name} \u00b7 roc/cat (AUC = 1.000)`, `${name} \u00b7 roc/dog (AUC = 0.500)`]);
    expect(curves(spec)[0]!.color).not.toBe(curves(spec)[1]!.color);
  });

  it('handles no runs, runs without curves and failed runs with warnings', () => {
    expect(compile([], []).warnings).toEqual(['no data: no runs to draw']);
    expect(compile([run(1)], []).warnings).toEqual(['no run logged roc/fpr and roc/tpr: log them as two series indexed by threshold step (see docs/plots.md)']);
    const failed = compile([run(1, 'x', 'failed')], curve('r1', [0, 1], [0, 1]));
    expect(failed.warnings[0]).toBe('1 failed or crashed run left out (includeFailed to keep them)');
    expect(curves(compile([run(1, 'x', 'failed')], curve('r1', [0, 1], [0, 1]), { includeFailed: true }))).toHaveLength(1);
    const single = compile([run(1)], curve('r1', [0.5], [0.5]));
    expect(single.legend.entries[1]!.label).toBe('model-1 (AUC = 0.500)');
  });

  it('refuses unknown options naming the valid ones, and registers', () => {
    expect(() => rocPlot.options.parse({ prefixes: ['x'] })).toThrow(/unknown roc option: prefixes \(valid: prefix, includeFailed\)/);
    const registry = new PluginRegistry();
    registry.register(rocPlot);
    expect(registry.require('plot', 'roc').description).toMatch(/AUC/);
    // the loader's selector syntax reads the keys as exact keys
    expect(parseMetricPattern('roc/fpr').isRegex).toBe(false);
  });
});
