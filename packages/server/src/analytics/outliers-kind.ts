import { detectOutliers, type OutlierMethod } from '@runlens/core';
import { formatNumber, renderTable } from '../cli/format.js';
import type { AnalyzeKindHandler, AnalyzeContext } from './analyze-kind.js';
import { requestMetricKeys, requireMetric } from './pick-metric.js';
import { runMetricQuery } from './run-metric-query.js';

function method(ctx: AnalyzeContext): OutlierMethod {
  const { method: kind, threshold } = ctx.request;
  if (kind === 'iqr') return { kind, ...(threshold !== undefined ? { k: threshold } : {}) };
  return { kind, ...(threshold !== undefined ? { threshold } : {}) };
}

/** Runs whose value of a metric is an outlier among all selected runs, with the detector's reason. */
export const outliersKind: AnalyzeKindHandler = {
  description: 'runs whose metric value is an outlier (iqr, zscore, modified-zscore)',
  metricKeys: requestMetricKeys,
  async run(ctx) {
    const metric = requireMetric(ctx.request.metric, ctx.runs, 'outliers');
    const result = await runMetricQuery(ctx, metric === undefined ? [] : [metric]);
    const column = result.metadata.columns[0];
    const byId = new Map(result.rows.map((r) => [r.runId, r]));
    const items = column === undefined ? [] : result.rows.map((r) => ({ id: r.runId, value: r.values[column] ?? Number.NaN }));
    const report = detectOutliers(items, method(ctx));
    // NaN values are reported by the engine as exclusions already; here only finite outliers are listed
    const outliers = report.excluded
      .filter((e) => Number.isFinite(e.value))
      .map((e) => ({ runId: e.id, name: byId.get(e.id)?.name ?? e.id, group: byId.get(e.id)?.groupKey ?? '', value: e.value, reason: e.reason }));
    const warnings = [...result.warnings, ...report.warnings];
    const judged = Number.isFinite(report.fences.lower) || Number.isFinite(report.fences.upper);
    const usable = items.filter((i) => Number.isFinite(i.value)).length;
    const text = column === undefined || ctx.runs.length === 0
      ? 'No runs to judge.'
      : !judged
        ? `Nothing judged in ${column}: ${usable} usable value${usable === 1 ? '' : 's'}, too few for ${ctx.request.method} (see the warnings).`
        : outliers.length === 0
          ? `No outliers in ${column} by ${ctx.request.method} (kept range ${formatNumber(report.fences.lower)} to ${formatNumber(report.fences.upper)}).`
          : renderTable(['run', 'group', 'value', 'reason'], outliers.map((o) => [o.name, o.group, formatNumber(o.value), o.reason]), 90);
    return {
      data: { metric: column ?? null, method: ctx.request.method, fences: report.fences, outliers, kept: report.kept.length, excluded: result.excluded },
      warnings,
      text,
    };
  },
};
