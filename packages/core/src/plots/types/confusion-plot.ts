/**
 * `confusion`: confusion matrices from logged data, one panel per run. A run logs one value per cell under
 * `<prefix>/<true class>/<predicted class>` (default prefix `confusion`): as summary values
 * (`run.summary({'confusion/cat/dog': 3, ...})`), or as series logged at steps (`run.log({...}, step=epoch)`), of
 * which the latest step is shown unless `step` picks another. Cells not logged count 0.
 */
import { panelsCutWarning, panelsThatFit } from '../shared/panels-that-fit.js';
import { z } from 'zod';
import type { Run } from '../../domain/types.js';
import { PLUGIN_API_VERSION } from '../../plugins/registry.js';
import type { Theme } from '../../themes/theme.js';
import type { PlotPlugin, PlotSeries } from '../plot-plugin.js';
import type { Panel } from '../plot-spec.js';
import { categoricalAxis } from '../shared/categorical-axis.js';
import { createPlotSpec } from '../shared/create-plot-spec.js';
import { excludeFailedRuns } from '../shared/exclude-failed-runs.js';
import { formatPlotFixed, formatPlotNumber } from '../shared/format-plot-number.js';
import { plotOptionsSchema } from '../shared/plot-options-schema.js';
import { MAX_CURVE_POINTS } from './classifier-curve.js';

/** A matrix panel needs room for its class labels, cell counts and colour bar, in px. */
const MATRIX_PANEL = { width: 360, height: 300 };

export const ConfusionPlotOptionsSchema = plotOptionsSchema('confusion', {
  /** Key prefix of the cells: `<prefix>/<true>/<predicted>`. Default `confusion`. */
  prefix: z.string().min(1).default('confusion').meta({ description: 'Key prefix of the cells, logged as <prefix>/<true class>/<predicted class>' }),
  /** Show the matrix at this step (the last value at or before it) instead of the latest; needs the cells' series. */
  step: z.number().int().min(0).optional().meta({ description: 'Show the matrix at this step (last value at or before it) instead of the latest; needs cells logged as series' }),
  /** `none` (default): counts; `row`: each row divided by its total (recall per true class). */
  normalize: z.enum(['none', 'row']).default('none').meta({ description: 'Cell values: none (counts) | row (each row divided by its total: recall per true class)' }),
  /** Class order on both axes; classes not listed follow in natural order. */
  labels: z.array(z.string().min(1)).min(1).optional().meta({ description: 'Class order on both axes; classes not listed follow in natural order' }),
  /** At most this many runs, a panel each (default 12). */
  maxRuns: z.number().int().min(1).max(100).default(12).meta({ description: 'At most this many runs, one panel each (1–100)' }),
  /** Keep failed and crashed runs (default false). */
  includeFailed: z.boolean().default(false).meta({ description: 'Keep failed and crashed runs (left out by default)' }),
});
export type ConfusionPlotOptions = z.infer<typeof ConfusionPlotOptionsSchema>;

/** One run's cells, keyed by true class then predicted class, and the step(s) they were read at. */
interface RunCells {
  cells: Map<string, Map<string, number>>;
  steps: Set<number>;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Numbers numerically ("2" before "10"), else by code units: the same order on every machine. */
function compareLabels(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  if (a.trim() !== '' && b.trim() !== '' && Number.isFinite(na) && Number.isFinite(nb) && na !== nb) return na - nb;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `<true>/<predicted>` of a key under the prefix, or undefined for any other key. */
function cellOf(key: string, prefix: string): [string, string] | undefined {
  if (!key.startsWith(`${prefix}/`)) return undefined;
  const parts = key.slice(prefix.length + 1).split('/');
  return parts.length === 2 && parts[0] !== '' && parts[1] !== '' ? [parts[0]!, parts[1]!] : undefined;
}

function put(into: RunCells, cell: [string, string], value: number, step: number | undefined): void {
  let row = into.cells.get(cell[0]);
  if (row === undefined) into.cells.set(cell[0], (row = new Map()));
  row.set(cell[1], value);
  if (step !== undefined) into.steps.add(step);
}

/** The latest values: the run's summary (series' last values, overridden by explicitly logged summary values). */
function latestCells(run: Run, prefix: string): RunCells {
  const out: RunCells = { cells: new Map(), steps: new Set() };
  for (const [key, value] of Object.entries(run.summary)) {
    const cell = cellOf(key, prefix);
    if (cell !== undefined) put(out, cell, value, run.metrics[key]?.lastStep);
  }
  return out;
}

/** The value of each cell's series at the last point at or before `step`. */
function cellsAtStep(series: readonly PlotSeries[], prefix: string, step: number): RunCells {
  const out: RunCells = { cells: new Map(), steps: new Set() };
  for (const s of series) {
    const cell = cellOf(s.key, prefix);
    if (cell === undefined) continue;
    let found = -1;
    for (let i = 0; i < s.steps.length; i++) if (s.steps[i]! <= step && (found < 0 || s.steps[i]! >= s.steps[found]!)) found = i;
    if (found >= 0) put(out, cell, s.y[found]!, s.steps[found]!);
  }
  return out;
}

function matrixPanel(run: Run, cells: RunCells, order: readonly string[] | undefined, normalize: ConfusionPlotOptions['normalize'], theme: Theme, warnings: string[]): Panel {
  const found = new Set<string>();
  for (const [t, row] of cells.cells) {
    found.add(t);
    for (const p of row.keys()) found.add(p);
  }
  const listed = (order ?? []).filter((l) => found.has(l));
  const labels = [...listed, ...[...found].filter((l) => !listed.includes(l)).sort(compareLabels)];
  const rect = { x1: [] as number[], x2: [] as number[], y1: [] as number[], y2: [] as number[], values: [] as (number | null)[], text: [] as string[] };
  let total = 0;
  let correct = 0;
  let negative = 0;
  let max = 0;
  labels.forEach((t, i) => {
    const row = labels.map((p) => cells.cells.get(t)?.get(p) ?? 0);
    const rowTotal = row.reduce((a, v) => a + (Number.isFinite(v) ? v : 0), 0);
    row.forEach((count, j) => {
      if (count < 0) negative++;
      if (Number.isFinite(count)) {
        total += count;
        if (i === j) correct += count;
      }
      const value = normalize === 'row' ? (rowTotal > 0 ? count / rowTotal : Number.NaN) : count;
      if (Number.isFinite(value)) max = Math.max(max, value);
      rect.x1.push(j - 0.5);
      rect.x2.push(j + 0.5);
      rect.y1.push(i - 0.5);
      rect.y2.push(i + 0.5);
      rect.values.push(Number.isFinite(value) ? value : null);
      rect.text.push(normalize === 'row' ? (Number.isFinite(value) ? formatPlotFixed(value, 2) : rowTotal > 0 ? formatPlotNumber(count) : '\u2013') : formatPlotNumber(count, 6));
    });
  });
  if (negative > 0) warnings.push(`${run.name}: ${negative} negative cell${negative === 1 ? '' : 's'}: a confusion matrix holds counts`);
  if (cells.steps.size > 1) {
    const steps = [...cells.steps].sort((a, b) => a - b);
    warnings.push(`${run.name}: cells come from different steps (${steps[0]} to ${steps.at(-1)}): some cells were not logged at the last step`);
  }
  const accuracy = total > 0 ? ` (accuracy ${formatPlotFixed(correct / total, 3)})` : '';
  return {
    title: `${run.name}${accuracy}`,
    x: categoricalAxis(labels, 'predicted'),
    y: { ...categoricalAxis(labels, 'true'), reverse: true },
    color: { domain: [0, normalize === 'row' ? 1 : Math.max(1, max)], scheme: [...theme.sequential], label: normalize === 'row' ? 'fraction of the true class' : 'count' },
    marks: [{ type: 'rect', label: normalize === 'row' ? 'fraction' : 'count', series: run.id, opacity: 1, ...rect }],
  };
}

/**
 * @example registry.require('plot', 'confusion').compile(data, { prefix: 'val/confusion', normalize: 'row' }, ctx)
 */
export const confusionPlot: PlotPlugin<ConfusionPlotOptions> = {
  kind: 'plot',
  name: 'confusion',
  apiVersion: PLUGIN_API_VERSION,
  description: 'confusion matrices from logged <prefix>/<true>/<predicted> counts, one panel per run',
  options: ConfusionPlotOptionsSchema,
  marks: ['rect'],
  needs: (options) =>
    options.step === undefined ? {} : { series: { metrics: [`/^${escapeRegex(options.prefix)}\\//`], x: 'step', points: MAX_CURVE_POINTS } },
  compile(data, options, ctx) {
    const warnings: string[] = [];
    const runs = excludeFailedRuns(data.runs, options.includeFailed, warnings);
    const seriesOf = new Map<string, PlotSeries[]>();
    for (const s of data.series) seriesOf.set(s.runId, [...(seriesOf.get(s.runId) ?? []), s]);
    const panels: Panel[] = [];
    // never more matrices than fit the figure at a readable size (maxRuns caps it further)
    const fit = panelsThatFit(options.maxRuns, ctx.width, ctx.height, options.maxRuns, MATRIX_PANEL);
    let logged = 0;
    let without = 0;
    for (const run of runs) {
      const cells = options.step === undefined ? latestCells(run, options.prefix) : cellsAtStep(seriesOf.get(run.id) ?? [], options.prefix, options.step);
      if (cells.cells.size === 0) {
        without++;
        continue;
      }
      logged++;
      if (panels.length < fit.count) panels.push(matrixPanel(run, cells, options.labels, options.normalize, ctx.theme, warnings));
    }
    if (logged > panels.length) {
      warnings.push(panelsCutWarning('runs logged a confusion matrix', logged, panels.length, ctx.width, ctx.height, 'filter the runs (or raise maxRuns)'));
    }
    const where = options.step === undefined ? '' : ` at or before step ${options.step}`;
    if (runs.length === 0) warnings.push('no data: no runs to draw');
    else if (panels.length === 0) warnings.push(`no run logged ${options.prefix}/<true>/<predicted> values${where} (see docs/plots.md)`);
    else if (without > 0) warnings.push(`${without} run${without === 1 ? '' : 's'} without ${options.prefix}/<true>/<predicted> values${where} left out`);
    return createPlotSpec(ctx, {
      plot: 'confusion',
      panels: panels.length > 0 ? panels : [{ x: { scale: 'linear', label: 'predicted' }, y: { scale: 'linear', label: 'true' }, marks: [] }],
      columns: panelsThatFit(panels.length, ctx.width, ctx.height, options.maxRuns, MATRIX_PANEL).columns,
      defaultTitle: options.normalize === 'row' ? 'Confusion matrix (normalised by true class)' : 'Confusion matrix',
      ...(options.step !== undefined ? { subtitle: `at step ${options.step}` } : {}),
      warnings,
    });
  },
};
