import { formatNumber, renderTable } from '../cli/format.js';
import type { AnalyzeKindHandler } from './analyze-kind.js';
import { requireMetric } from './pick-metric.js';
import { runMetricQuery } from './run-metric-query.js';

/** Descriptive statistics per group of one or more metrics (comma-separated), with t intervals of the mean. */
export const statsKind: AnalyzeKindHandler = {
  description: 'count, mean, std, median, min, max and a CI of the mean per group',
  async run(ctx) {
    const metric = requireMetric(ctx.request.metric, ctx.runs);
    const keys = metric === undefined ? [] : metric.split(',').map((k) => k.trim()).filter(Boolean);
    const result = await runMetricQuery(ctx, keys);
    const level = Math.round(ctx.request.confidence * 100);
    const rows = result.aggregated.map((a) => [
      a.metric,
      a.group,
      String(a.stats.count ?? ''),
      formatNumber(a.stats.mean),
      formatNumber(a.stats.std),
      formatNumber(a.stats.median),
      formatNumber(a.stats.min),
      formatNumber(a.stats.max),
      a.ci ? `[${formatNumber(a.ci.low)}, ${formatNumber(a.ci.high)}]` : '',
    ]);
    const text = rows.length > 0
      ? renderTable(['metric', 'group', 'n', 'mean', 'std', 'median', 'min', 'max', `${level}% CI`], rows)
      : 'No runs to describe.';
    return { data: { result }, warnings: result.warnings, text };
  },
};
