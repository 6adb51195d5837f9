import { compareGroups, rowsToCsv, type AnalyticsResult, type CompareGroupsResult, type RankedGroup } from '@runlens/core';
import { csvRow, formatNumber, renderTable } from '../cli/format.js';
import type { AnalyzeContext, AnalyzeKindHandler } from './analyze-kind.js';
import { metricDirection, requestMetricKeys, requireMetric } from './pick-metric.js';
import { finiteGroupValues, runMetricQuery } from './run-metric-query.js';

export interface Comparison {
  readonly metric: string | null;
  readonly direction: 'lower' | 'higher' | null;
  readonly groupBy: string;
  readonly comparison: CompareGroupsResult | null;
  readonly result: AnalyticsResult;
  readonly warnings: string[];
}

/**
 * Groups compared on `metric` (undefined: no run matched): ranking with CIs, pairwise tests corrected for the
 * number of pairs.
 */
export async function compareMetric(ctx: AnalyzeContext, metric: string | undefined): Promise<Comparison> {
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

/** The ranking as CSV: a line per group, best first; the groups it beats separated by `;`. */
export function rankingCsv(metric: string, ranking: readonly RankedGroup[]): string {
  const header = ['metric', 'rank', 'group', 'n', 'mean', 'std', 'ci_low', 'ci_high', 'significantly_better_than'];
  const lines = ranking.map((g) => csvRow([metric, g.rank, g.group, g.n, g.mean, g.standardDeviation, g.ci[0], g.ci[1], g.significantlyBetterThan.join(';')]));
  return [csvRow(header), ...lines].join('\n') + '\n';
}

export const compareKind: AnalyzeKindHandler = {
  description: 'rank groups on a metric with CIs and corrected pairwise tests',
  metricKeys: requestMetricKeys,
  async run(ctx) {
    const c = await compareMetric(ctx, requireMetric(ctx.request.metric, ctx.runs, 'compare'));
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
      csv: { table: rankingCsv(c.metric ?? '', c.comparison?.ranking ?? []), rows: rowsToCsv(c.result) },
    };
  },
};
