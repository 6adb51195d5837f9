/**
 * `correlation`: how params and metrics move together across runs — a heatmap of Spearman (default) or Pearson
 * coefficients, or a scatter matrix with histograms on its diagonal. One value per run and metric, read from the
 * stored summaries (no points are loaded).
 */
import { z } from 'zod';
import { PLUGIN_API_VERSION } from '../../plugins/registry.js';
import type { PlotPlugin } from '../plot-plugin.js';
import type { Panel } from '../plot-spec.js';
import { createPlotSpec } from '../shared/create-plot-spec.js';
import { excludeFailedRuns } from '../shared/exclude-failed-runs.js';
import { plotOptionsSchema } from '../shared/plot-options-schema.js';
import { METRIC_REDUCERS } from '../shared/run-metric-value.js';
import { CORRELATION_METHODS, correlationHeatmap } from './correlation-heatmap.js';
import { correlationScatterMatrix, MAX_SCATTER_MATRIX_VARIABLES } from './correlation-scatter-matrix.js';
import { correlationVariables, MAX_CORRELATION_VARIABLES } from './correlation-variables.js';

export const CorrelationPlotOptionsSchema = plotOptionsSchema('correlation', {
  /** `heatmap` (default): a cell per pair; `scatter-matrix`: a scatter panel per pair, histograms on the diagonal. */
  kind: z.enum(['heatmap', 'scatter-matrix']).default('heatmap').meta({ description: 'Chart: heatmap (a cell per pair) | scatter-matrix (a scatter panel per pair, histograms on the diagonal)' }),
  /** Metric keys or `/regex/` patterns; each run contributes one value per metric (see `reduce`). */
  metrics: z.array(z.string().min(1)).min(1).meta({ description: 'Metric keys or /regex/ patterns; each run contributes one value per metric (see reduce)' }),
  /** Param keys. Default: every param whose value differs between the runs. Categorical ones are skipped. */
  params: z.array(z.string().min(1)).min(1).optional().meta({ description: 'Param keys to correlate; unset: every param that differs between runs. Categorical params are skipped' }),
  /** `spearman` (rank, default: any monotone relation) or `pearson` (linear). */
  method: z.enum(Object.keys(CORRELATION_METHODS) as [keyof typeof CORRELATION_METHODS]).default('spearman').meta({ description: 'Correlation: spearman (ranks: any monotone relation) | pearson (linear relation)' }),
  /** A run's value of a metric: its series' `last` (default), `min`, `max`, or the logged `summary` value. */
  reduce: z.enum(METRIC_REDUCERS).default('last').meta({ description: "A run's value of each metric: last | min | max of its series, or summary (its logged summary value, else last)" }),
  /** `all` (default): every variable against every other; `params-metrics`: params as rows, metrics as columns. */
  pairs: z.enum(['all', 'params-metrics']).default('all').meta({ description: 'Heatmap cells: all (every variable against every other) | params-metrics (params as rows, metrics as columns)' }),
  /** Keep failed and crashed runs (default false: their last values are not final results). */
  includeFailed: z.boolean().default(false).meta({ description: 'Keep failed and crashed runs (left out by default: their last values are usually not final results)' }),
});
export type CorrelationPlotOptions = z.infer<typeof CorrelationPlotOptionsSchema>;

const EMPTY_PANEL: Panel = { x: { scale: 'linear' }, y: { scale: 'linear' }, marks: [] };

/**
 * @example registry.require('plot', 'correlation').compile(data, { metrics: ['val/loss'], kind: 'heatmap' }, ctx)
 */
export const correlationPlot: PlotPlugin<CorrelationPlotOptions> = {
  kind: 'plot',
  name: 'correlation',
  apiVersion: PLUGIN_API_VERSION,
  description: 'correlations between params and metrics across runs: heatmap or scatter matrix',
  options: CorrelationPlotOptionsSchema,
  marks: ['rect', 'point'],
  needs: () => ({}),
  compile(data, options, ctx) {
    const warnings: string[] = [];
    const runs = excludeFailedRuns(data.runs, options.includeFailed, warnings);
    const { label } = CORRELATION_METHODS[options.method];
    const defaultTitle = `${label.split(' ')[0]} correlation`;
    let variables = correlationVariables(runs, options, warnings);
    if (runs.length === 0) warnings.push('no data: no runs to correlate');
    else if (runs.length < 3) warnings.push(`only ${runs.length} run${runs.length === 1 ? '' : 's'}: a correlation needs at least 3 runs to mean anything`);
    const max = options.kind === 'heatmap' ? MAX_CORRELATION_VARIABLES : MAX_SCATTER_MATRIX_VARIABLES;
    if (variables.length > max) {
      // keep every metric (what the user asked for) and as many params as fit
      const metrics = variables.filter((v) => v.source === 'metric').slice(0, max);
      const params = variables.filter((v) => v.source === 'param').slice(0, max - metrics.length);
      warnings.push(`${variables.length} variables: showing ${params.length + metrics.length} (choose with params and metrics)`);
      variables = [...params, ...metrics];
    }
    if (runs.length > 0 && variables.length === 0) warnings.push('no numeric param varies and no metric matched: nothing to correlate');
    if (options.kind === 'scatter-matrix') {
      const panels = correlationScatterMatrix(variables, runs, options.method, ctx.theme);
      return createPlotSpec(ctx, {
        plot: 'correlation',
        panels: panels.length > 0 ? panels : [EMPTY_PANEL],
        columns: Math.max(1, variables.length),
        defaultTitle,
        warnings,
      });
    }
    const panel = correlationHeatmap(variables, options.method, options.pairs, ctx.theme, warnings);
    return createPlotSpec(ctx, { plot: 'correlation', panels: [panel], defaultTitle, warnings });
  },
};
