/**
 * `parallel`: parallel coordinates of params → metric, as in W&B's and Optuna's dashboards. One vertical axis per
 * param, the metric(s) last; each run a polyline across the axes, coloured by the first metric (the best runs darkest
 * and drawn on top) or by group. Every axis has its own scale, so its tick labels are drawn as text and rule marks
 * and the panel's y axis (0 = bottom of every axis, 1 = top) is hidden.
 */
import { z } from 'zod';
import type { Run } from '../../domain/types.js';
import { PLUGIN_API_VERSION } from '../../plugins/registry.js';
import type { PlotPlugin } from '../plot-plugin.js';
import type { ColorScale, LegendEntry, Mark, Panel } from '../plot-spec.js';
import { buildLegend } from '../shared/build-legend.js';
import { categoricalAxis } from '../shared/categorical-axis.js';
import { rampColor, sampleRamp } from '../shared/color-ramp.js';
import { createPlotSpec } from '../shared/create-plot-spec.js';
import { excludeFailedRuns } from '../shared/exclude-failed-runs.js';
import { groupRuns } from '../shared/group-runs.js';
import { MetricDirectionOption, resolveMetricDirection } from '../shared/metric-direction.js';
import { plotOptionsSchema } from '../shared/plot-options-schema.js';
import { collectPlotParams } from '../shared/plot-params.js';
import { METRIC_REDUCERS, runMetricValue } from '../shared/run-metric-value.js';
import { selectMetricKeys } from '../shared/select-metric-keys.js';
import { seriesStyle } from '../shared/series-style.js';
import { numericParallelAxis, paramParallelAxis, type ParallelAxis } from './parallel-axes.js';

export const ParallelPlotOptionsSchema = plotOptionsSchema('parallel', {
  /** Metric keys or `/regex/` patterns: the last axes; lines are coloured by the first. */
  metrics: z.array(z.string().min(1)).min(1).meta({ description: 'Metric keys or /regex/ patterns: the last axes; lines are coloured by the first' }),
  /** Param keys, one axis each, in this order. Default: every param whose value differs between runs, by name. */
  params: z.array(z.string().min(1)).min(1).optional().meta({ description: 'Param keys, one axis each, in this order; unset: every param that differs between runs, by name' }),
  /** A run's value of a metric: its series' `last` (default), `min`, `max`, or the logged `summary` value. */
  reduce: z.enum(METRIC_REDUCERS).default('last').meta({ description: "A run's value of each metric: last | min | max of its series, or summary (its logged summary value, else last)" }),
  /** Which way the colour metric improves (its best runs are darkest). Default: guessed from its name. */
  direction: MetricDirectionOption.meta({ description: 'Whether the colour metric is better lower (minimize) or higher (maximize); unset: guessed from its name' }),
  /** Colour lines by group (`group`, `project`, `params.<key>`, `run`) instead of by the metric. */
  groupBy: z.string().min(1).optional().meta({ description: 'Colour lines by group instead of by the metric: group | project | params.<key> | run' }),
  /** Keep failed and crashed runs (default false: their last values are not final results). */
  includeFailed: z.boolean().default(false).meta({ description: 'Keep failed and crashed runs (left out by default: their last values are usually not final results)' }),
});
export type ParallelPlotOptions = z.infer<typeof ParallelPlotOptionsSchema>;

/** More axes than this crowd their labels at ordinary widths. */
const MAX_AXES = 30;
/** The palest stop of a sequential ramp vanishes on the background as a thin line: start a quarter in. */
const RAMP_START = 0.25;
const TICK_LENGTH = 0.04;

function lineOpacity(n: number): number {
  return n <= 50 ? 0.9 : n <= 300 ? 0.6 : 0.35;
}

/** Axis lines, tick marks and tick labels, drawn over the polylines. */
function axisMarks(axes: readonly ParallelAxis[], foreground: string, muted: string, fontSize: number): Mark[] {
  const ticks = axes.flatMap((a, i) => a.ticks.map((t) => ({ i, ...t })));
  return [
    {
      type: 'rule',
      label: 'axes',
      color: foreground,
      strokeWidth: 1,
      x1: axes.map((_, i) => i),
      x2: axes.map((_, i) => i),
      y1: axes.map(() => 0),
      y2: axes.map(() => 1),
    },
    {
      type: 'rule',
      label: 'ticks',
      color: foreground,
      strokeWidth: 1,
      x1: ticks.map((t) => t.i - TICK_LENGTH),
      x2: ticks.map((t) => t.i),
      y1: ticks.map((t) => t.at),
      y2: ticks.map((t) => t.at),
    },
    {
      type: 'text',
      label: 'tick labels',
      color: muted,
      x: ticks.map((t) => t.i - TICK_LENGTH),
      y: ticks.map((t) => t.at),
      text: ticks.map((t) => t.label),
      align: 'end',
      baseline: 'middle',
      dx: -3,
      fontSize: Math.max(4, fontSize - 1),
    },
  ];
}

function polyline(run: Run, axes: readonly ParallelAxis[], r: number, color: string, opacity: number): Mark {
  return {
    type: 'line',
    label: run.name,
    series: run.id,
    color,
    opacity,
    x: axes.map((_, i) => i),
    y: axes.map((a) => a.positions[r] ?? null),
  };
}

/**
 * @example registry.require('plot', 'parallel').compile(data, { metrics: ['val/loss'], params: ['lr', 'batch'] }, ctx)
 */
export const parallelPlot: PlotPlugin<ParallelPlotOptions> = {
  kind: 'plot',
  name: 'parallel',
  apiVersion: PLUGIN_API_VERSION,
  description: 'parallel coordinates: one axis per param, the metric last, a line per run',
  options: ParallelPlotOptionsSchema,
  marks: ['line', 'rule', 'text'],
  needs: () => ({}),
  compile(data, options, ctx) {
    const { theme } = ctx;
    const warnings: string[] = [];
    const runs = excludeFailedRuns(data.runs, options.includeFailed, warnings);
    const metricKeys = selectMetricKeys(options.metrics, runs, warnings);
    let params = collectPlotParams(runs, options.params);
    if (params.length + metricKeys.length > MAX_AXES) {
      const keep = Math.max(0, MAX_AXES - metricKeys.length);
      warnings.push(`${params.length} params vary: showing the first ${keep} (choose them with params)`);
      params = params.slice(0, keep);
    }
    if (runs.length === 0) warnings.push('no data: no runs to draw');
    else if (params.length === 0) warnings.push('no param varies across these runs: only the metric axes are drawn');

    const metricValues = metricKeys.map((key) => runs.map((run) => runMetricValue(run, key, options.reduce) ?? Number.NaN));
    const axes = [...params.map(paramParallelAxis), ...metricKeys.map((key, m) => numericParallelAxis(key, metricValues[m]!, false))];
    const incomplete = runs.filter((_, r) => params.some((p) => p.values[r] === null)).length;
    if (incomplete > 0) warnings.push(`${incomplete} run${incomplete === 1 ? ' lacks' : 's lack'} some params: their lines break at those axes`);

    // Colour metric: the first. Runs without a finite value are grey, under the others.
    const colourKey = metricKeys[0];
    const colourValues = metricValues[0] ?? [];
    const colourAxis = axes[params.length];
    const bad = runs.map((_, r) => !Number.isFinite(colourValues[r] ?? Number.NaN));
    const badCount = bad.filter(Boolean).length;
    if (colourKey !== undefined && badCount > 0) {
      warnings.push(`${badCount} run${badCount === 1 ? '' : 's'} with a NaN, infinite or missing ${colourKey} drawn grey`);
    }
    const opacity = lineOpacity(runs.length);
    const lines: Mark[] = [];
    const legend: LegendEntry[] = [];
    let color: ColorScale | undefined;
    runs.forEach((run, r) => {
      if (bad[r]) lines.push(polyline(run, axes, r, theme.muted, Math.min(opacity, 0.5)));
    });
    if (options.groupBy !== undefined) {
      const index = new Map(runs.map((run, r) => [run.id, r]));
      groupRuns(runs, options.groupBy).forEach((g, gi) => {
        const style = seriesStyle(theme, gi);
        legend.push({ label: g.label, color: style.color, symbol: 'line', series: g.key });
        for (const run of g.runs) {
          const r = index.get(run.id)!;
          if (!bad[r]) lines.push({ ...polyline(run, axes, r, style.color, opacity), series: g.key, ...(style.dash.length > 0 ? { dash: style.dash } : {}) });
        }
      });
    } else if (colourKey !== undefined && colourAxis !== undefined && Number.isFinite(colourAxis.min)) {
      const direction = resolveMetricDirection(colourKey, options.direction, warnings);
      const goodness = (r: number) => {
        const p = colourAxis.positions[r] ?? 0.5;
        return direction === 'minimize' ? 1 - p : p;
      };
      const order = runs.map((_, r) => r).filter((r) => !bad[r]).sort((a, b) => goodness(a) - goodness(b));
      for (const r of order) lines.push(polyline(runs[r]!, axes, r, rampColor(theme.sequential, RAMP_START + (1 - RAMP_START) * goodness(r)), opacity));
      const [from, to] = direction === 'minimize' ? [1, RAMP_START] : [RAMP_START, 1];
      color = { domain: [colourAxis.min, colourAxis.max], scheme: sampleRamp(theme.sequential, from, to, 5), label: colourKey };
    }
    if (runs.length > 0 && runs.length < 2) warnings.push('only 1 run: parallel coordinates compare runs; log more runs');

    const panel: Panel = {
      x: categoricalAxis(axes.map((a) => a.name)),
      y: { scale: 'linear', domain: [-0.03, 1.03], hidden: true },
      ...(color !== undefined ? { color } : {}),
      marks: [...lines, ...(axes.length > 0 ? axisMarks(axes, theme.foreground, theme.muted, theme.fontSize) : [])],
    };
    return createPlotSpec(ctx, {
      plot: 'parallel',
      panels: [panel],
      legend: buildLegend(legend, options.groupBy !== undefined ? { title: options.groupBy } : {}),
      defaultTitle: colourKey !== undefined ? `Params \u2192 ${colourKey}` : 'Parallel coordinates',
      warnings,
    });
  },
};
