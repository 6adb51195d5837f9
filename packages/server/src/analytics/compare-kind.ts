import { compareGroups, type AnalyticsResult, type CompareGroupsResult } from '@runlens/core';
import { formatNumber, renderTable } from '../cli/format.js';
import type { AnalyzeContext, AnalyzeKindHandler } from './analyze-kind.js';
import { metricDirection, requireMetric } from './pick-metric.js';
import { finiteGroupValues, runMetricQuery } from './run-metric-query.js';

export interface Comparison {
  readonly metric: string | null;
  readonly direction: 'lower' | 'higher' | null;
  readonly groupBy: string;
  readonly comparison: CompareGroupsResult | null;
  readonly result: AnalyticsResult;
  readonly warnings: string[];
}

/** Groups compared on one metric: ranking with CIs, pairwise tests corrected for the number of pairs. */
export async function compareMetric(ctx: AnalyzeContext): Promise<Comparison> {
  const metric = requireMetric(ctx.request.metric, ctx.runs);
  const result = await runMetricQuery(ctx, metric === undefined ? [] : [metric]);
  const column = result.metadata.columns[0];
  const warnings = [...result.warnings];
  if (metric === undefined || column === undefined) {
    return { metric: null, direction: null, groupBy: ctx.request.groupBy, comparison: null, result, warnings };
  }
  const direction = metricDirection(metric, ctx.request.direction);
  const groups = finiteGroupValues(result, column);
  const empty = result.aggregated.filter((a) => a.metric === column && !(a.group in groups)).map((a) => a.group);
  if (empty.length > 0) warnings.push(`left out of the comparison, no usable ${column} value: ${empty.join(', ')}`);
  const comparison = compareGroups(groups, { direction, test: ctx.request.test, confidenceLevel: ctx.request.confidence });
  warnings.push(...comparison.warnings);
  return { metric: column, direction, groupBy: ctx.request.groupBy, comparison, result, warnings };
}

/** The ranking as table rows: rank, group, n, mean, CI, groups beaten. */
export function rankingRows(c: CompareGroupsResult): string[][] {
  return c.ranking.map((g) => [
    String(g.rank),
    g.group,
    String(g.n),
    formatNumber(g.mean),
    `[${formatNumber(g.ci[0])}, ${formatNumber(g.ci[1])}]`,
    g.significantlyBetterThan.join(', '),
  ]);
}

export const compareKind: AnalyzeKindHandler = {
  description: 'rank groups on a metric with CIs and corrected pairwise tests',
  async run(ctx) {
    const c = await compareMetric(ctx);
    const level = Math.round(ctx.request.confidence * 100);
    const text = c.comparison === null
      ? 'No runs to compare.'
      : [
          `${c.metric} by ${c.groupBy} (${c.direction} is better, ${c.comparison.test}, ${c.comparison.correction}-corrected):`,
          renderTable(['rank', 'group', 'n', 'mean', `${level}% CI`, 'significantly better than'], rankingRows(c.comparison)),
        ].join('\n');
    return {
      data: { metric: c.metric, direction: c.direction, groupBy: c.groupBy, comparison: c.comparison, excluded: c.result.excluded, aggregated: c.result.aggregated },
      warnings: c.warnings,
      text,
    };
  },
};
