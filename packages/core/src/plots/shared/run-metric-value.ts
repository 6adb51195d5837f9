/** One number per run for a metric, read from the stored summaries: no points needed. */
import type { Run } from '../../domain/types.js';

/** How a run's series becomes one value: its last, lowest or highest value, or the run's logged summary value. */
export const METRIC_REDUCERS = ['last', 'min', 'max', 'summary'] as const;
export type MetricReducer = (typeof METRIC_REDUCERS)[number];

/**
 * The value of `key` for `run`: `last`/`min`/`max` from the series summary; `summary` the explicitly logged summary
 * value, else the series' last value. Undefined when the run has neither (NaN and ±Infinity are returned as they are).
 */
export function runMetricValue(run: Run, key: string, reduce: MetricReducer): number | undefined {
  const s = Object.hasOwn(run.metrics, key) ? run.metrics[key] : undefined;
  if (reduce === 'summary' && Object.hasOwn(run.summary, key)) return run.summary[key];
  if (s === undefined || s.count === 0) return undefined;
  return reduce === 'min' ? s.min : reduce === 'max' ? s.max : s.last;
}

/** The metric keys `runs` have values for (series or summary), for matching metric selectors. */
export function runMetricKeys(runs: readonly Run[]): Set<string> {
  const keys = new Set<string>();
  for (const run of runs) {
    for (const k of Object.keys(run.metrics)) keys.add(k);
    for (const k of Object.keys(run.summary)) keys.add(k);
  }
  return keys;
}
