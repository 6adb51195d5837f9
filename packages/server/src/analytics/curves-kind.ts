import { analyzeCurve, type CurveAnalysis, type RunStatus } from '@runlens/core';
import { formatNumber, renderTable } from '../cli/format.js';
import type { AnalyzeKindHandler } from './analyze-kind.js';
import { metricDirection, requestMetricKeys, requireMetric } from './pick-metric.js';

/** Curve analysis reads every point of each series: it is capped to keep one request bounded. */
export const MAX_CURVE_RUNS = 500;

/** Runs named in one warning line before "and N more". */
const NAMED_RUNS = 5;

interface CurveEntry {
  runId: string;
  name: string;
  group: string;
  status: RunStatus;
  analysis: CurveAnalysis;
}

/**
 * Each curve's own warnings as one line per kind of warning (its text up to the first colon) naming its runs, e.g.
 * a run that failed before its second evaluation has a one-point curve that can show no divergence. Warnings whose
 * wording differs per curve (numbers) are summed up by their kind; the JSON output has each curve's own.
 */
function curveWarnings(curves: readonly CurveEntry[]): string[] {
  const byKind = new Map<string, { names: string[]; messages: Set<string> }>();
  for (const c of curves) {
    for (const w of c.analysis.warnings) {
      const kind = w.split(':')[0]!;
      const entry = byKind.get(kind) ?? { names: [], messages: new Set<string>() };
      entry.names.push(c.name);
      entry.messages.add(w);
      byKind.set(kind, entry);
    }
  }
  return [...byKind].map(([kind, { names, messages }]) => {
    const more = names.length > NAMED_RUNS ? ` and ${names.length - NAMED_RUNS} more` : '';
    const runs = `${names.slice(0, NAMED_RUNS).join(', ')}${more}`;
    return messages.size === 1 ? `${runs}: ${[...messages][0]}` : `${runs}: ${kind} (details per curve in the JSON output)`;
  });
}

/** Per-run training-curve analysis: best point, convergence, plateaus, divergence. */
export const curvesKind: AnalyzeKindHandler = {
  description: 'best point, convergence and divergence of each run\'s curve',
  metricKeys: requestMetricKeys,
  async run(ctx) {
    const metric = requireMetric(ctx.request.metric, ctx.runs, 'curves');
    const warnings: string[] = [];
    if (metric === undefined) {
      warnings.push('no runs match the selection: check the project, groups, status and filter');
      return { data: { metric: null, curves: [] }, warnings, text: 'No runs to analyse.' };
    }
    const goal = metricDirection(metric, ctx.request.direction) === 'lower' ? 'minimize' : 'maximize';
    const withSeries = ctx.runs.filter((r) => r.metrics[metric] !== undefined);
    if (withSeries.length === 0) warnings.push(`no run has a ${metric} series`);
    if (withSeries.length > MAX_CURVE_RUNS) warnings.push(`${withSeries.length} runs have ${metric}: analysed the first ${MAX_CURVE_RUNS}`);
    const curves: CurveEntry[] = [];
    for (const run of withSeries.slice(0, MAX_CURVE_RUNS)) {
      const series = await ctx.source.readSeries(run.id, metric);
      if (series === undefined) continue;
      curves.push({ runId: run.id, name: run.name, group: run.group, status: run.status, analysis: analyzeCurve(series, { goal }) });
    }
    warnings.push(...curveWarnings(curves));
    const diverged = curves.filter((c) => c.analysis.divergence !== null).length;
    const rows = curves.map((c) => [
      c.name,
      c.status,
      c.analysis.best ? `${formatNumber(c.analysis.best.value)} @ ${c.analysis.best.step}` : '',
      c.analysis.convergence ? String(c.analysis.convergence.step) : '',
      c.analysis.divergence ? `${c.analysis.divergence.kind} @ ${c.analysis.divergence.step}` : '',
    ]);
    const text = rows.length === 0
      ? 'No curves to analyse.'
      : [`${metric}: ${diverged} of ${curves.length} curves diverged.`, renderTable(['run', 'status', 'best', 'converged at', 'diverged'], rows)].join('\n');
    return { data: { metric, goal, diverged, curves }, warnings, text };
  },
};
