import type { Run, SeriesColumns } from '../../domain/types.js';
import type { MetricSelection } from './query-schema.js';

/** Reads one series' points; injected so core stays free of I/O. Undefined when the run has no such series. */
export type ReadSeries = (runId: string, key: string) => Promise<SeriesColumns | undefined>;

/**
 * Reads points of one series at or before `step` (at least the last of them; earlier ones may be left out), for
 * `reduce: 'at-step'` without reading the whole series. Undefined when the run has no such series.
 */
export type ReadUpToStep = (runId: string, key: string, step: number) => Promise<SeriesColumns | undefined>;

/** A run's value of one selection, or why it has none. */
export type ReducedValue = { readonly value: number } | { readonly missing: string };

/** Whether a selection needs the series' points (everything else comes from the stored summaries). */
export function needsPoints(selection: MetricSelection): boolean {
  return selection.context === 'series' && (selection.reduce === 'mean' || selection.reduce === 'at-step');
}

/** last/first/min/max from the series summary, or the run's summary value: no points read. */
export function reduceFromSummary(run: Run, selection: MetricSelection): ReducedValue {
  if (selection.context === 'summary') {
    const v = run.summary[selection.key];
    return v === undefined ? { missing: `no summary value ${selection.key}` } : { value: v };
  }
  const s = run.metrics[selection.key];
  if (s === undefined || s.count === 0) return { missing: `no ${selection.key} series` };
  const pick: Record<'last' | 'first' | 'min' | 'max', number> = { last: s.last, first: s.first, min: s.min, max: s.max };
  const reduce = selection.reduce;
  return reduce === 'mean' || reduce === 'at-step' ? { missing: `${reduce} needs points` } : { value: pick[reduce] };
}

/** mean (NaN-propagating, as a diverged run should read) or the value at the last step ≤ `step`. */
export function reducePoints(columns: SeriesColumns, selection: MetricSelection): ReducedValue {
  const { steps, values } = columns;
  if (values.length === 0) {
    return { missing: selection.reduce === 'at-step' ? `no ${selection.key} point at or before step ${selection.step ?? '?'}` : `no ${selection.key} points` };
  }
  if (selection.reduce === 'mean') {
    let sum = 0;
    for (let i = 0; i < values.length; i++) sum += values[i]!;
    return { value: sum / values.length };
  }
  const step = selection.step ?? Number.POSITIVE_INFINITY;
  let found = -1;
  for (let i = 0; i < steps.length && steps[i]! <= step; i++) found = i;
  return found < 0 ? { missing: `no ${selection.key} point at or before step ${step}` } : { value: values[found]! };
}
