import { resultToMarkdown } from '@runlens/core';
import type { AnalyzeKindHandler } from './analyze-kind.js';
import { requestMetricKeys, requireMetrics } from './pick-metric.js';
import { aggregatedTable, resultCsv } from './result-output.js';
import { runMetricQuery } from './run-metric-query.js';

/** Descriptive statistics per group of one or more metrics (comma-separated), with t intervals of the mean. */
export const statsKind: AnalyzeKindHandler = {
  description: 'count, mean, std, median, min, max and a CI of the mean per group',
  metricKeys: requestMetricKeys,
  async run(ctx) {
    const result = await runMetricQuery(ctx, requireMetrics(ctx.request.metric, ctx.runs));
    return { data: { result }, warnings: result.warnings, text: aggregatedTable(result), csv: resultCsv(result), markdown: resultToMarkdown(result, 'runlens statistics') };
  },
};
