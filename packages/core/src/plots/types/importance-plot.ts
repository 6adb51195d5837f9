/**
 * `importance`: which params matter for a metric — random-forest permutation importance as horizontal bars (with
 * ±1 std over the shuffles), and beside them Spearman's rho, the direction of a monotone effect. Both come from the
 * analytics engine's paramImportance, seeded, so the same runs give the same figure.
 */
import { z } from 'zod';
import { paramImportance, type ImportanceRow, type ParamImportanceEntry } from '../../analytics/importance/param-importance.js';
import type { ParamValue, Run } from '../../domain/types.js';
import { PLUGIN_API_VERSION } from '../../plugins/registry.js';
import type { Theme } from '../../themes/theme.js';
import type { PlotPlugin } from '../plot-plugin.js';
import type { Mark, Panel } from '../plot-spec.js';
import { categoricalAxis } from '../shared/categorical-axis.js';
import { createPlotSpec } from '../shared/create-plot-spec.js';
import { excludeFailedRuns } from '../shared/exclude-failed-runs.js';
import { formatPlotFixed } from '../shared/format-plot-number.js';
import { plotOptionsSchema } from '../shared/plot-options-schema.js';
import { collectPlotParams } from '../shared/plot-params.js';
import { METRIC_REDUCERS, runMetricValue } from '../shared/run-metric-value.js';
import { selectMetricKeys } from '../shared/select-metric-keys.js';

export const ImportancePlotOptionsSchema = plotOptionsSchema('importance', {
  /** Metric keys or `/regex/` patterns: a row of two panels (importance, Spearman) per metric. */
  metrics: z.array(z.string().min(1)).min(1).meta({ description: 'Metric keys or /regex/ patterns: a row of two panels (importance, Spearman correlation) per metric' }),
  /** Param keys to rank. Default: every param whose value differs between the runs. */
  params: z.array(z.string().min(1)).min(1).optional().meta({ description: 'Param keys to rank; unset: every param that differs between runs' }),
  /** A run's value of a metric: its series' `last` (default), `min`, `max`, or the logged `summary` value. */
  reduce: z.enum(METRIC_REDUCERS).default('last').meta({ description: "A run's value of each metric: last | min | max of its series, or summary (its logged summary value, else last)" }),
  /** Keep failed and crashed runs (default false: their last values are not final results). */
  includeFailed: z.boolean().default(false).meta({ description: 'Keep failed and crashed runs (left out by default: their last values are usually not final results)' }),
  /** Seed of the forest and the shuffles (default 0): the same seed and runs give the same bars. */
  seed: z.number().int().min(0).max(2 ** 32 - 1).default(0).meta({ description: 'Random seed of the forest and the shuffles: the same seed and runs give the same bars' }),
  /** Trees in the forest (default 100). */
  trees: z.number().int().min(1).max(1000).default(100).meta({ description: 'Number of trees in the random forest (1–1000)' }),
  /** Shuffles per param (default 5); the error bars are their standard deviation. */
  repeats: z.number().int().min(1).max(100).default(5).meta({ description: 'Shuffles per param (1–100); the error bars are their standard deviation' }),
  /** Show the `top` most important params (default 20). */
  top: z.number().int().min(1).max(500).default(20).meta({ description: 'Show only this many of the most important params (1–500)' }),
});
export type ImportancePlotOptions = z.infer<typeof ImportancePlotOptionsSchema>;

/** At most this many metrics: each is a forest fit. */
const MAX_METRICS = 8;
const BAR_WIDTH = 0.7;

function pick(params: Run['params'], keys: readonly string[]): Record<string, ParamValue | undefined> {
  return Object.fromEntries(keys.map((k) => [k, Object.hasOwn(params, k) ? params[k] : undefined]));
}

function importancePanel(metric: string, entries: readonly ParamImportanceEntry[], oobR2: number, n: number, theme: Theme): Panel {
  const names = entries.map((e) => e.param);
  const imp = entries.map((e) => (Number.isFinite(e.importance) ? e.importance : null));
  const std = entries.map((e) => e.importanceStd);
  const known = entries.flatMap((e, i) => (imp[i] !== null && Number.isFinite(e.importanceStd) ? [i] : []));
  const missing = entries.flatMap((_, i) => (imp[i] === null ? [i] : []));
  const marks: Mark[] = [
    { type: 'bar', label: 'permutation importance', orient: 'horizontal', color: theme.palette[0]!, x: imp, y: names.map((_, i) => i), width: BAR_WIDTH },
  ];
  if (known.length > 0) {
    marks.push({
      type: 'rule',
      label: '\u00b11 std over shuffles',
      color: theme.foreground,
      x1: known.map((i) => imp[i]! - std[i]!),
      x2: known.map((i) => imp[i]! + std[i]!),
      y1: known,
      y2: known,
    });
  }
  if (missing.length > 0) {
    marks.push({ type: 'text', label: 'not estimated', color: theme.muted, x: missing.map(() => 0), y: missing, text: missing.map(() => 'n/a'), align: 'start', baseline: 'middle', dx: 3 });
  }
  const fit = Number.isFinite(oobR2) ? `out-of-bag R\u00b2 ${formatPlotFixed(oobR2, 2)}, ` : '';
  return {
    title: `${metric}: importance (${fit}n = ${n})`,
    x: { scale: 'linear', label: 'drop in out-of-bag R\u00b2 when shuffled', ...(known.length === 0 ? { domain: [0, 1] } : {}) },
    y: { ...categoricalAxis(names), reverse: true },
    marks: entries.length > 0 ? marks : [],
  };
}

function spearmanPanel(metric: string, entries: readonly ParamImportanceEntry[], theme: Theme): Panel {
  const rho = entries.map((e) => (e.spearman !== null && Number.isFinite(e.spearman.rho) ? e.spearman.rho : null));
  const negative = theme.diverging[0]!;
  const positive = theme.diverging[theme.diverging.length - 1]!;
  const y = entries.map((_, i) => i);
  const marks: Mark[] = [
    { type: 'rule', label: 'zero', color: theme.muted, x1: [0], x2: [0], y1: [null], y2: [null] },
    {
      type: 'bar',
      label: 'Spearman \u03c1',
      orient: 'horizontal',
      color: positive,
      colors: rho.map((r) => ((r ?? 0) < 0 ? negative : positive)),
      x: rho,
      y,
      width: BAR_WIDTH,
    },
    {
      type: 'text',
      label: 'values',
      color: theme.foreground,
      // categorical params and undefined rho are labelled at 0; values beside the end of their bar
      x: rho.map((r) => r ?? 0),
      y,
      text: entries.map((e, i) => (e.spearman === null ? 'categorical' : rho[i] === null ? 'n/a' : `${formatPlotFixed(rho[i]!, 2)}${pStars(e.spearman.pValue)}`)),
      align: 'start',
      baseline: 'middle',
      dx: 3,
    },
  ];
  return {
    title: `${metric}: Spearman \u03c1`,
    x: { scale: 'linear', domain: [-1, 1], label: 'rank correlation with the metric' },
    y: { ...categoricalAxis(entries.map((e) => e.param)), reverse: true },
    marks: entries.length > 0 ? marks : [],
  };
}

/** The usual significance stars of a p-value (*** < 0.001, ** < 0.01, * < 0.05), uncorrected. */
function pStars(p: number): string {
  return p < 0.001 ? ' ***' : p < 0.01 ? ' **' : p < 0.05 ? ' *' : '';
}

/**
 * @example registry.require('plot', 'importance').compile(data, { metrics: ['val/loss'], seed: 1 }, ctx)
 */
export const importancePlot: PlotPlugin<ImportancePlotOptions> = {
  kind: 'plot',
  name: 'importance',
  apiVersion: PLUGIN_API_VERSION,
  description: 'param importance: random-forest permutation importance with Spearman correlation alongside',
  options: ImportancePlotOptionsSchema,
  marks: ['bar', 'rule', 'text'],
  needs: () => ({}),
  compile(data, options, ctx) {
    const warnings: string[] = [];
    const runs = excludeFailedRuns(data.runs, options.includeFailed, warnings);
    let metrics = selectMetricKeys(options.metrics, runs, warnings);
    if (metrics.length > MAX_METRICS) {
      warnings.push(`${metrics.length} metrics matched: showing the first ${MAX_METRICS}`);
      metrics = metrics.slice(0, MAX_METRICS);
    }
    const keys = collectPlotParams(runs, options.params).map((p) => p.key);
    if (runs.length === 0) warnings.push('no data: no runs to rank params over');
    const panels: Panel[] = [];
    for (const metric of metrics) {
      const rows: ImportanceRow[] = [];
      for (const run of runs) {
        const value = runMetricValue(run, metric, options.reduce);
        if (value !== undefined) rows.push({ params: pick(run.params, keys), value });
      }
      const unlogged = runs.length - rows.length;
      if (unlogged > 0) warnings.push(`${metric}: ${unlogged} run${unlogged === 1 ? '' : 's'} without this metric left out`);
      const result = paramImportance(rows, { seed: options.seed, trees: options.trees, repeats: options.repeats });
      for (const w of result.warnings) warnings.push(`${metric}: ${w}`);
      const entries = result.params.slice(0, options.top);
      if (result.params.length > entries.length) {
        warnings.push(`${metric}: showing the ${entries.length} most important of ${result.params.length} params (raise top to see more)`);
      }
      panels.push(importancePanel(metric, entries, result.oobR2, result.n, ctx.theme), spearmanPanel(metric, entries, ctx.theme));
    }
    if (panels.length === 0) panels.push({ x: { scale: 'linear' }, y: { scale: 'linear' }, marks: [] });
    return createPlotSpec(ctx, {
      plot: 'importance',
      panels,
      columns: 2,
      defaultTitle: metrics.length === 1 ? `Param importance for ${metrics[0]}` : 'Param importance',
      subtitle: `random forest of ${options.trees} trees, ${options.repeats} shuffles per param, seed ${options.seed}`,
      warnings,
    });
  },
};
