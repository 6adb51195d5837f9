/**
 * `hpo`: a hyperparameter search seen as Optuna's dashboard shows it, each run a trial of one objective metric:
 * `history` (every trial's value in start order and the best so far), `slice` (the objective against each param)
 * and `contour` (the objective over two params, interpolated on a grid).
 */
import { z } from 'zod';
import type { Run } from '../../domain/types.js';
import { PLUGIN_API_VERSION } from '../../plugins/registry.js';
import type { Theme } from '../../themes/theme.js';
import type { PlotPlugin } from '../plot-plugin.js';
import type { LegendEntry, Panel } from '../plot-spec.js';
import { buildLegend } from '../shared/build-legend.js';
import { createPlotSpec } from '../shared/create-plot-spec.js';
import { excludeFailedRuns } from '../shared/exclude-failed-runs.js';
import { formatPlotNumber } from '../shared/format-plot-number.js';
import { type MetricDirection, MetricDirectionOption, resolveMetricDirection } from '../shared/metric-direction.js';
import { plotOptionsSchema } from '../shared/plot-options-schema.js';
import { collectPlotParams } from '../shared/plot-params.js';
import { METRIC_REDUCERS } from '../shared/run-metric-value.js';
import { selectMetricKeys } from '../shared/select-metric-keys.js';
import { hpoContour } from './hpo-contour.js';
import { hpoHistory } from './hpo-history.js';
import { hpoSlice } from './hpo-slice.js';
import { bestSoFar, hpoTrials, type HpoTrial } from './hpo-trials.js';

export const HpoPlotOptionsSchema = plotOptionsSchema('hpo', {
  /** `history` (default), `slice` or `contour`. */
  kind: z.enum(['history', 'slice', 'contour']).default('history').meta({ description: 'View: history (objective per trial, best so far) | slice (objective against each param) | contour (over two params)' }),
  /** The objective: exactly one metric key. */
  metrics: z.array(z.string().min(1)).length(1, 'hpo studies one objective: give exactly one metric').meta({ description: 'The objective: exactly one metric key' }),
  /** Param keys: a slice panel each; the contour's x and y (the first two). Default: params that vary. */
  params: z.array(z.string().min(1)).min(1).optional().meta({ description: 'Param keys: one slice panel each; the first two are the contour axes. Unset: every param that varies' }),
  /** A run's value of the metric: its series' `last` (default), `min`, `max`, or the logged `summary` value. */
  reduce: z.enum(METRIC_REDUCERS).default('last').meta({ description: "A run's value of the objective: last | min | max of its series, or summary (its logged summary value, else last)" }),
  /** Which way the objective improves. Default: guessed from its name (loss, error → minimize). */
  direction: MetricDirectionOption.meta({ description: 'Whether the objective is better lower (minimize) or higher (maximize); unset: guessed from its name' }),
  /** Keep failed and crashed runs (default false: their last values are not final results). */
  includeFailed: z.boolean().default(false).meta({ description: 'Keep failed and crashed runs (left out by default: their last values are usually not final results)' }),
  /** history: x is the trial number in start order (`trial`, default) or the start time (`time`). */
  x: z.enum(['trial', 'time']).default('trial').meta({ description: 'History x axis: trial (trial number in start order) | time (start time)' }),
  /** history and slice: log y axis (values ≤ 0 left out with a warning). Default false. */
  logY: z.boolean().default(false).meta({ description: 'History and slice: log-scale y axis (values ≤ 0 are left out with a warning)' }),
  /** contour: cells per numeric axis (default 40). */
  grid: z.number().int().min(2).max(200).default(40).meta({ description: 'Contour: interpolation cells per numeric axis (2–200)' }),
});
export type HpoPlotOptions = z.infer<typeof HpoPlotOptionsSchema>;

/** What a view needs to draw itself. */
interface HpoView {
  trials: readonly HpoTrial[];
  metric: string;
  direction: MetricDirection;
  options: HpoPlotOptions;
  theme: Theme;
  warnings: string[];
}

/** Slice panels beyond this are too small to read. */
const MAX_SLICES = 24;

function trialParams(view: HpoView) {
  return collectPlotParams(
    view.trials.map((t) => t.run),
    view.options.params,
  );
}

const VIEWS: Record<HpoPlotOptions['kind'], (view: HpoView) => { panels: Panel[]; legend?: LegendEntry[]; columns?: number }> = {
  history: (v) => {
    const { panel, legend } = hpoHistory(v.trials, v.metric, v.direction, v.options, v.theme, v.warnings);
    return { panels: [panel], legend };
  },
  slice: (v) => {
    let params = trialParams(v);
    if (params.length > MAX_SLICES) {
      v.warnings.push(`${params.length} params vary: showing the first ${MAX_SLICES} (choose them with params)`);
      params = params.slice(0, MAX_SLICES);
    }
    if (v.trials.length > 0 && params.length === 0) v.warnings.push('no param varies across these trials: no slice to draw');
    return { panels: hpoSlice(v.trials, params, v.metric, v.options.logY, v.theme), columns: Math.min(3, params.length) };
  },
  contour: (v) => {
    const params = trialParams(v);
    if (params.length > 2) {
      v.warnings.push(`contour of ${params[0]!.key} \u00d7 ${params[1]!.key}; ${params.length - 2} other param${params.length === 3 ? '' : 's'} not shown (choose two with params)`);
    }
    const [px, py] = params;
    if (px === undefined || py === undefined) {
      if (v.trials.length > 0) v.warnings.push('a contour needs two params that vary: give them with params');
      return { panels: [] };
    }
    return { panels: [hpoContour(v.trials, [px, py], v.metric, v.direction, v.options.grid, v.theme, v.warnings)] };
  },
};

function bestTrial(trials: readonly HpoTrial[], direction: MetricDirection): HpoTrial | undefined {
  const best = bestSoFar(trials.map((t) => t.value), direction).at(-1);
  return trials.find((t) => t.value === best);
}

/**
 * @example registry.require('plot', 'hpo').compile(data, { kind: 'contour', metrics: ['val/loss'], params: ['lr', 'wd'] }, ctx)
 */
export const hpoPlot: PlotPlugin<HpoPlotOptions> = {
  kind: 'plot',
  name: 'hpo',
  apiVersion: PLUGIN_API_VERSION,
  description: 'hyperparameter search: optimisation history with best so far, slice, contour',
  options: HpoPlotOptionsSchema,
  marks: ['point', 'line', 'rect'],
  needs: () => ({}),
  compile(data, options, ctx) {
    const warnings: string[] = [];
    const runs: Run[] = excludeFailedRuns(data.runs, options.includeFailed, warnings);
    const metric = selectMetricKeys(options.metrics, runs, warnings)[0] ?? options.metrics[0]!;
    const direction = resolveMetricDirection(metric, options.direction, warnings);
    const trials = hpoTrials(runs, metric, options.reduce, warnings);
    const view = VIEWS[options.kind]({ trials, metric, direction, options, theme: ctx.theme, warnings });
    const best = bestTrial(trials, direction);
    return createPlotSpec(ctx, {
      plot: 'hpo',
      panels: view.panels.length > 0 ? view.panels : [{ x: { scale: 'linear' }, y: { scale: 'linear', label: metric }, marks: [] }],
      ...(view.legend !== undefined ? { legend: buildLegend(view.legend) } : {}),
      ...(view.columns !== undefined ? { columns: view.columns } : {}),
      defaultTitle: `${metric}: ${options.kind === 'history' ? 'optimisation history' : options.kind}`,
      ...(best !== undefined ? { subtitle: `best of ${trials.length} trials: ${best.run.name} (#${best.number}), ${metric} = ${formatPlotNumber(best.value, 6)}` } : {}),
      warnings,
    });
  },
};
