import { paramImportance, type ParamImportanceResult } from '@runlens/core';
import { formatNumber, renderTable } from '../cli/format.js';
import type { AnalyzeContext, AnalyzeKindHandler } from './analyze-kind.js';
import { requestMetricKeys, requireMetric } from './pick-metric.js';
import { runMetricQuery } from './run-metric-query.js';
import { formatP } from './format-p.js';

const CONSTANT = /^param (.*) is constant: skipped$/;

/**
 * Param importance for `metric` (undefined: no run matched) over the selected runs (random forest + Spearman).
 * The forest's one warning per constant param becomes one line listing them.
 */
export async function importanceOf(ctx: AnalyzeContext, metric: string | undefined): Promise<{ metric: string | null; importance: ParamImportanceResult | null; warnings: string[] }> {
  const result = await runMetricQuery(ctx, metric === undefined ? [] : [metric]);
  const column = result.metadata.columns[0];
  if (column === undefined) return { metric: null, importance: null, warnings: [...result.warnings] };
  const importance = paramImportance(result.rows.map((r) => ({ params: r.params, value: r.values[column] ?? Number.NaN })), { seed: 0 });
  const constant = importance.warnings.flatMap((w) => CONSTANT.exec(w)?.[1] ?? []);
  const warnings = [
    ...result.warnings,
    ...(constant.length > 0 ? [`skipped constant params: ${constant.join(', ')}`] : []),
    ...importance.warnings.filter((w) => !CONSTANT.test(w)),
  ];
  return { metric: column, importance, warnings };
}

export function importanceRows(r: ParamImportanceResult): string[][] {
  return r.params.map((p) => [p.param, p.kind, formatNumber(p.importance), formatNumber(p.importanceStd), p.spearman ? formatNumber(p.spearman.rho) : '', p.spearman ? formatP(p.spearman.pValue) : '']);
}

export const IMPORTANCE_HEADERS = ['param', 'kind', 'importance', '± std', 'spearman rho', 'p'];

export const importanceKind: AnalyzeKindHandler = {
  description: 'which params matter for a metric',
  metricKeys: requestMetricKeys,
  async run(ctx) {
    const { metric, importance, warnings } = await importanceOf(ctx, requireMetric(ctx.request.metric, ctx.runs, 'importance'));
    const text = importance === null || importance.params.length === 0
      ? 'No params to rank.'
      : [`${metric} (n = ${importance.n}, out-of-bag R² ${formatNumber(importance.oobR2)}):`, renderTable(IMPORTANCE_HEADERS, importanceRows(importance))].join('\n');
    return { data: { metric, importance }, warnings, text };
  },
};
