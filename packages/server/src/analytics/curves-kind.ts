import { analyzeCurve, type CurveAnalysis } from '@runlens/core';
import { formatNumber, renderTable } from '../cli/format.js';
import type { AnalyzeKindHandler } from './analyze-kind.js';
import { metricDirection, requireMetric } from './pick-metric.js';

/** Curve analysis reads every point of each series: it is capped to keep one request bounded. */
export const MAX_CURVE_RUNS = 500;

/** Per-run training-curve analysis: best point, convergence, plateaus, divergence. */
export const curvesKind: AnalyzeKindHandler = {
  description: 'best point, convergence and divergence of each run\'s curve',
  async run(ctx) {
    const metric = requireMetric(ctx.request.metric, ctx.runs);
    const warnings: string[] = [];
    if (metric === undefined) {
      warnings.push('no runs match the selection: check the project, groups, status and filter');
      return { data: { metric: null, curves: [] }, warnings, text: 'No runs to analyse.' };
    }
    const goal = metricDirection(metric, ctx.request.direction) === 'lower' ? 'minimize' : 'maximize';
    const withSeries = ctx.runs.filter((r) => r.metrics[metric] !== undefined);
    if (withSeries.length === 0) warnings.push(`no run has a ${metric} series`);
    if (withSeries.length > MAX_CURVE_RUNS) warnings.push(`${withSeries.length} runs have ${metric}: analysed the first ${MAX_CURVE_RUNS}`);
    const curves: { runId: string; name: string; group: string; analysis: CurveAnalysis }[] = [];
    for (const run of withSeries.slice(0, MAX_CURVE_RUNS)) {
      const series = await ctx.source.readSeries(run.id, metric);
      if (series === undefined) continue;
      curves.push({ runId: run.id, name: run.name, group: run.group, analysis: analyzeCurve(series, { goal }) });
    }
    const diverged = curves.filter((c) => c.analysis.divergence !== null).length;
    const rows = curves.map((c) => [
      c.name,
      c.analysis.best ? `${formatNumber(c.analysis.best.value)} @ ${c.analysis.best.step}` : '',
      c.analysis.convergence ? String(c.analysis.convergence.step) : '',
      c.analysis.divergence ? `${c.analysis.divergence.kind} @ ${c.analysis.divergence.step}` : '',
    ]);
    const text = rows.length === 0 ? 'No curves to analyse.' : [`${metric}: ${diverged} of ${curves.length} curves diverged.`, renderTable(['run', 'best', 'converged at', 'diverged'], rows)].join('\n');
    return { data: { metric, goal, diverged, curves }, warnings, text };
  },
};
