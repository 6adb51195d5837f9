import { encodeValue } from '../../domain/values.js';
import type { AnalyticsResult } from './analytics-result.js';
import { isStatisticFunction } from './query-schema.js';

function field(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'number' ? String(encodeValue(v)) : String(v);
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

const line = (fields: readonly (string | number | boolean | null | undefined)[]) => fields.map(field).join(',');

/**
 * The raw rows as RFC 4180 CSV: run attributes, the group label, every param seen, then the metric columns.
 * Non-finite values are written NaN / Infinity / -Infinity.
 */
export function rowsToCsv(result: AnalyticsResult): string {
  const params = [...new Set(result.rows.flatMap((r) => Object.keys(r.params)))].sort();
  const columns = result.metadata.columns;
  const header = ['run_id', 'name', 'project', 'group', 'status', 'group_key', ...params.map((p) => `params.${p}`), ...columns];
  const body = result.rows.map((r) => line([r.runId, r.name, r.project, r.group, r.status, r.groupKey, ...params.map((p) => r.params[p]), ...columns.map((c) => r.values[c])]));
  return [line(header), ...body].join('\n') + '\n';
}

/**
 * The aggregated table as CSV: one line per group and metric, a column per statistic (and ci_low, ci_high;
 * bootstrap_ci_low, bootstrap_ci_high).
 */
export function aggregatedToCsv(result: AnalyticsResult): string {
  const stats = result.metadata.query.aggregate.filter(isStatisticFunction);
  const ci = result.metadata.query.aggregate.includes('ci');
  const boot = result.metadata.query.aggregate.includes('bootstrap-ci');
  const header = ['metric', 'group', ...stats, ...(ci ? ['ci_low', 'ci_high'] : []), ...(boot ? ['bootstrap_ci_low', 'bootstrap_ci_high'] : [])];
  const body = result.aggregated.map((a) =>
    line([
      a.metric,
      a.group,
      ...stats.map((s) => a.stats[s]),
      ...(ci ? [a.ci?.low, a.ci?.high] : []),
      ...(boot ? [a.bootstrapCi?.low, a.bootstrapCi?.high] : []),
    ]),
  );
  return [line(header), ...body].join('\n') + '\n';
}
