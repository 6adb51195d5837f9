import { describe, expect, it } from 'vitest';
import type { Run, SeriesSummary } from '../../domain/types.js';
import { PluginRegistry } from '../../plugins/registry.js';
import { DEFAULT_THEME } from '../../themes/builtin-themes.js';
import type { PlotContext, PlotSeries } from '../plot-plugin.js';
import { PlotSpecSchema, type MarkOfType, type PlotSpec } from '../plot-spec.js';
import { matchMetricKeys } from '../shared/metric-pattern.js';
import { confusionPlot } from './confusion-plot.js';

const ctx: PlotContext = { theme: DEFAULT_THEME, width: 900, height: 600, registry: new PluginRegistry() };

/** A run whose summary holds `cells` (as `run.summary({...})` or the last values of series logged with `run.log`). */
function run(i: number, cells: Record<string, number>, lastStep: Record<string, number> = {}, name = `model-${i}`): Run {
  const metrics: Record<string, SeriesSummary> = {};
  for (const [key, step] of Object.entries(lastStep)) {
    const v = cells[key]!;
    metrics[key] = { key, count: 1, first: v, last: v, min: v, max: v, firstStep: step, lastStep: step, nanCount: 0, lastTime: 0 };
  }
  return {
    id: `r${i}`, project: 'p', name, group: 'g', status: 'completed', params: {}, tags: [], notes: '', startTime: i, endTime: i + 1, heartbeat: i,
    exitCode: null, error: null, command: null, cwd: null, gitCommit: null, gitDirty: null, host: null, summary: { ...cells, 'val/loss': 0.3 }, metrics,
  };
}

function compile(runs: Run[], options: Record<string, unknown> = {}, series: PlotSeries[] = []): PlotSpec {
  return PlotSpecSchema.parse(confusionPlot.compile({ runs, series, histograms: [] }, confusionPlot.options.parse(options), ctx));
}

const rect = (spec: PlotSpec, panel = 0) => spec.panels[panel]!.marks[0] as MarkOfType<'rect'>;

/** The cell of (true, predicted) as a reader finds it through the axis ticks. */
function cell(spec: PlotSpec, truth: string, predicted: string, panel = 0): { value: number | null; text: string } {
  const p = spec.panels[panel]!;
  const i = p.y.ticks!.find((t) => t.label === truth)!.value;
  const j = p.x.ticks!.find((t) => t.label === predicted)!.value;
  const m = rect(spec, panel);
  const k = m.x1.findIndex((x, n) => x === j - 0.5 && m.y1[n] === i - 0.5);
  return { value: m.values![k]!, text: m.text![k]! };
}

const CAT_DOG = { 'confusion/cat/cat': 40, 'confusion/cat/dog': 10, 'confusion/dog/cat': 5, 'confusion/dog/dog': 45 };

describe('confusion plot', () => {
  it('draws counts as a rect heatmap, true classes down the y axis, predicted along x', () => {
    const spec = compile([run(1, CAT_DOG)]);
    const panel = spec.panels[0]!;
    expect(panel.x).toMatchObject({ label: 'predicted', ticks: [{ value: 0, label: 'cat' }, { value: 1, label: 'dog' }] });
    expect(panel.y).toMatchObject({ label: 'true', reverse: true });
    expect(cell(spec, 'cat', 'dog')).toEqual({ value: 10, text: '10' });
    expect(cell(spec, 'dog', 'cat')).toEqual({ value: 5, text: '5' });
    expect(panel.color).toEqual({ domain: [0, 45], scheme: DEFAULT_THEME.sequential, label: 'count' });
    expect(panel.title).toBe('model-1 (accuracy 0.850)');
    expect(rect(spec).opacity).toBe(1);
    expect(spec.warnings).toEqual([]);
  });

  it('normalises rows to the fraction of each true class', () => {
    const spec = compile([run(1, CAT_DOG)], { normalize: 'row' });
    expect(cell(spec, 'cat', 'cat')).toEqual({ value: 0.8, text: '0.80' });
    expect(cell(spec, 'dog', 'dog')).toEqual({ value: 0.9, text: '0.90' });
    expect(spec.panels[0]!.color!.domain).toEqual([0, 1]);
  });

  it('counts cells not logged as 0, orders classes naturally or as given, and shows an empty row as –', () => {
    const spec = compile([run(1, { 'confusion/10/2': 3, 'confusion/2/2': 7, 'confusion/9/9': 1 })]);
    expect(spec.panels[0]!.x.ticks!.map((t) => t.label)).toEqual(['2', '9', '10']);
    expect(cell(spec, '2', '10')).toEqual({ value: 0, text: '0' });
    const ordered = compile([run(1, CAT_DOG)], { labels: ['dog', 'cat'] });
    expect(ordered.panels[0]!.y.ticks!.map((t) => t.label)).toEqual(['dog', 'cat']);
    const empty = compile([run(1, { 'confusion/a/b': 2, 'confusion/b/b': 0 })], { normalize: 'row' });
    expect(cell(empty, 'b', 'a')).toEqual({ value: null, text: '\u2013' });
    expect(cell(empty, 'a', 'b').value).toBe(1);
  });

  it('reads the matrix at a chosen step from the series, asking the loader for them by a pattern', () => {
    const needs = confusionPlot.needs(confusionPlot.options.parse({ step: 5, prefix: 'val/cm' }));
    const pattern = needs.series!.metrics[0]!;
    expect(matchMetricKeys([pattern], ['val/cm/a/b', 'val/cmx/a/b', 'val/loss']).keys).toEqual(['val/cm/a/b']);
    expect(confusionPlot.needs(confusionPlot.options.parse({}))).toEqual({});
    const s = (key: string, values: number[]): PlotSeries => {
      const steps = Float64Array.of(0, 5, 10);
      return { runId: 'r1', key, x: steps, y: Float64Array.from(values), steps, times: new Float64Array(3) };
    };
    const series = [s('val/cm/a/a', [1, 2, 3]), s('val/cm/a/b', [9, 8, 7]), s('val/cm/b/b', [0, 4, 6])];
    const spec = compile([run(1, {})], { step: 7, prefix: 'val/cm' }, series);
    expect(cell(spec, 'a', 'a').value).toBe(2);
    expect(cell(spec, 'a', 'b').value).toBe(8);
    expect(spec.subtitle).toBe('at step 7');
    expect(compile([run(1, {})], { step: 7, prefix: 'other' }, series).warnings).toEqual([
      'no run logged other/<true>/<predicted> values at or before step 7 (see docs/plots.md)',
    ]);
  });

  it('warns when the latest cells come from different steps, and about negative counts', () => {
    const spec = compile([run(1, { ...CAT_DOG, 'confusion/dog/cat': -1 }, { 'confusion/cat/cat': 9, 'confusion/dog/dog': 4 })]);
    expect(spec.warnings).toEqual([
      'model-1: 1 negative cell: a confusion matrix holds counts',
      'model-1: cells come from different steps (4 to 9): some cells were not logged at the last step',
    ]);
  });

  it('shows NaN cells as empty and ignores keys that are not cells', () => {
    const spec = compile([run(1, { ...CAT_DOG, 'confusion/cat/dog': Number.NaN, 'confusion/extra': 1, 'confusion/a/b/c': 2 })]);
    expect(cell(spec, 'cat', 'dog')).toEqual({ value: null, text: 'NaN' });
    expect(spec.panels[0]!.x.ticks).toHaveLength(2);
    expect(spec.panels[0]!.title).toBe('model-1 (accuracy 0.944)');
  });

  it('draws a panel per run up to maxRuns, and handles no runs and no matrices', () => {
    const runs = Array.from({ length: 5 }, (_, i) => run(i, CAT_DOG, {}, `<b>m${i}</b>`));
    // a 900 × 600 figure holds two readable matrices
    const spec = compile(runs, { maxRuns: 3 });
    expect(spec.panels.map((p) => p.title)).toEqual(['<b>m0</b> (accuracy 0.850)', '<b>m1</b> (accuracy 0.850)']);
    expect(spec.columns).toBe(2);
    expect(spec.warnings).toEqual(['5 runs logged a confusion matrix: 2 fit in 900 × 600 px, drawing the first 2; filter the runs (or raise maxRuns), or make the figure taller']);
    // a taller figure holds more, up to maxRuns
    const tall = (maxRuns: number) => PlotSpecSchema.parse(confusionPlot.compile({ runs, series: [], histograms: [] }, confusionPlot.options.parse({ maxRuns }), { ...ctx, height: 2000 }));
    expect(tall(3).panels).toHaveLength(3);
    expect(tall(100).panels).toHaveLength(5);
    expect(compile([]).warnings).toEqual(['no data: no runs to draw']);
    const none = compile([run(1, {})]);
    expect(none.panels).toHaveLength(1);
    expect(none.warnings).toEqual(['no run logged confusion/<true>/<predicted> values (see docs/plots.md)']);
    expect(compile([run(1, CAT_DOG), run(2, {})]).warnings).toEqual(['1 run without confusion/<true>/<predicted> values left out']);
  });

  it('refuses unknown options naming the valid ones, and registers', () => {
    expect(() => confusionPlot.options.parse({ normalise: 'row' })).toThrow(/unknown confusion option: normalise \(valid: prefix, step, normalize, labels, maxRuns, includeFailed\)/);
    expect(() => confusionPlot.options.parse({ normalize: 'column' })).toThrow(/none.*row/);
    const registry = new PluginRegistry();
    registry.register(confusionPlot);
    expect(registry.require('plot', 'confusion').marks).toEqual(['rect']);
  });
});
