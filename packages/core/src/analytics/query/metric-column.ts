import type { MetricSelection } from './query-schema.js';

/**
 * The column name of a metric selection in rows, tables and CSV: the key itself for the last value of a series
 * (`val/loss`), `val/loss.min` for another reduction, `val/loss@500` at a step, `summary.val/loss` for the summary.
 */
export function metricColumn(selection: Pick<MetricSelection, 'key' | 'context' | 'reduce' | 'step'>): string {
  if (selection.context === 'summary') return `summary.${selection.key}`;
  if (selection.reduce === 'last') return selection.key;
  if (selection.reduce === 'at-step') return `${selection.key}@${selection.step ?? '?'}`;
  return `${selection.key}.${selection.reduce}`;
}
