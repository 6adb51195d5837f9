import { describe, expect, it } from 'vitest';
import type { Run } from '../../domain/types.js';
import { PluginRegistry } from '../../plugins/registry.js';
import { DEFAULT_THEME } from '../../themes/builtin-themes.js';
import type { PlotContext, PlotSeries } from '../plot-plugin.js';
import { PlotSpecSchema, type MarkOfType, type PlotSpec } from '../plot-spec.js';
import { prPlot } from './pr-plot.js';

const ctx: PlotContext = { theme: DEFAULT_THEME, width: 600, height: 600, registry: new PluginRegistry() };

function run(i: number, name = `model-${i}`): Run {
  return {
    id: `r${i}`, project: 'p', name, group: 'g', status: 'completed', params: {}, tags: [], notes: '', startTime: i, endTime: i + 1, heartbeat: i,
    exitCode: null, error: null, command: null, cwd: null, gitCommit: null, gitDirty: null, host: null, summary: {}, metrics: {},
  };
}

function series(runId: string, key: string, values: number[]): PlotSeries {
  const steps = Float64Array.from(values, (_, i) => i);
  return { runId, key, x: steps, y: Float64Array.from(values), steps, times: Float64Array.from(values, () => 0) };
}

function compile(runs: Run[], data: PlotSeries[], options: Record<string, unknown> = {}): PlotSpec {
  return PlotSpecSchema.parse(prPlot.compile({ runs, series: data, histograms: [] }, prPlot.options.parse(options), ctx));
}

const pr = (runId: string, recall: number[], precision: number[], prefix = 'pr') => [series(runId, `${prefix}/recall`, recall), series(runId, `${prefix}/precision`, precision)];

describe('pr plot', () => {
  it('asks for recall and precision series', () => {
    expect(prPlot.needs(prPlot.options.parse({ prefix: 'val/pr' }))).toEqual({ series: { metrics: ['val/pr/recall', 'val/pr/precision'], x: 'step', points: 100_000 } });
  });

  it('gives a perfect classifier average precision 1', () => {
    const spec = compile([run(1, 'perfect')], pr('r1', [0, 0.5, 1], [1, 1, 1]));
    expect(spec.legend.entries.map((e) => e.label)).toEqual(['perfect (AP = 1.000)']);
    expect(spec.panels[0]!.x.label).toBe('recall');
  });

  it("matches scikit-learn's average_precision_score on a known example", () => {
    // y_true = [0, 0, 1, 1], scores = [0.1, 0.4, 0.35, 0.8]: precision_recall_curve's points (increasing threshold);
    // average_precision_score = 0.8333
    const spec = compile([run(1)], pr('r1', [1, 1, 0.5, 0.5, 0], [0.5, 2 / 3, 0.5, 1, 1]));
    expect(spec.legend.entries[0]!.label).toBe('model-1 (AP = 0.833)');
    const line = spec.panels[0]!.marks[0] as MarkOfType<'line'>;
    // drawn by recall ascending, at equal recall from the higher precision down (decreasing threshold)
    expect(line.x).toEqual([0, 0.5, 0.5, 1, 1]);
    expect(line.y).toEqual([1, 1, 0.5, 2 / 3, 0.5]);
    expect(spec.panels[0]!.marks.some((m) => m.type === 'rule')).toBe(false);
  });

  it('warns when nothing was logged and refuses unknown options', () => {
    expect(compile([run(1)], []).warnings).toEqual(['no run logged pr/recall and pr/precision: log them as two series indexed by threshold step (see docs/plots.md)']);
    expect(() => prPlot.options.parse({ step: 3 })).toThrow(/unknown pr option: step \(valid: prefix, includeFailed\)/);
    const registry = new PluginRegistry();
    registry.register(prPlot);
    expect(registry.list('plot').map((p) => p.name)).toEqual(['pr']);
  });
});
