/** An AnalyticsResult as `analyze stats` and `analyze query` print it: the aggregated table, and its CSV forms. */
import { aggregatedToCsv, rowsToCsv, type AggregateFunction, type AnalyticsResult } from '@runlens/core';
import { formatNumber, renderTable } from '../cli/format.js';
import type { CsvForms } from './analyze-kind.js';

/** One line per metric and group, a column per statistic asked for (`aggregate`), in the query's order. */
export function aggregatedTable(result: AnalyticsResult): string {
  if (result.aggregated.length === 0) return 'No runs to describe.';
  const { aggregate, confidence } = result.metadata.query;
  const level = `${Math.round(confidence * 100)}%`;
  const header = (f: AggregateFunction) => (f === 'count' ? 'n' : f === 'ci' ? `${level} CI` : f === 'bootstrap-ci' ? `${level} bootstrap CI` : f);
  const interval = (i: { low: number; high: number } | undefined) => (i ? `[${formatNumber(i.low)}, ${formatNumber(i.high)}]` : '');
  const headers = ['metric', 'group', ...aggregate.map(header)];
  const rows = result.aggregated.map((a) => [
    a.metric,
    a.group,
    ...aggregate.map((f) => {
      if (f === 'ci') return interval(a.ci);
      if (f === 'bootstrap-ci') return interval(a.bootstrapCi);
      return f === 'count' ? String(a.stats.count ?? '') : formatNumber(a.stats[f]);
    }),
  ]);
  return renderTable(headers, rows);
}

/** The aggregated table and the per-run rows as CSV (core's `aggregatedToCsv`, `rowsToCsv`). */
export function resultCsv(result: AnalyticsResult): CsvForms {
  return { table: aggregatedToCsv(result), rows: rowsToCsv(result) };
}
