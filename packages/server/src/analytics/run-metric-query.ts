import { executeOnRuns, parseAnalyticsQuery, type AggregateFunction, type AnalyticsResult } from '@runlens/core';
import { RUNLENS_VERSION } from '../version.js';
import type { AnalyzeContext } from './analyze-kind.js';

/** The statistics the kinds compute when the request names none. */
export const DEFAULT_KIND_AGGREGATE: readonly AggregateFunction[] = ['count', 'mean', 'std', 'median', 'min', 'max', 'ci'];

/** The engine's query for a kind: the request's selection, these metric keys reduced as asked, grouped as asked. */
export function runMetricQuery(ctx: AnalyzeContext, keys: readonly string[]): Promise<AnalyticsResult> {
  const r = ctx.request;
  const query = parseAnalyticsQuery({
    runs: r.runs,
    metrics: keys.map((key) => ({ key, reduce: r.reduce, ...(r.step !== undefined ? { step: r.step } : {}) })),
    groupBy: r.groupBy,
    aggregate: r.aggregate ?? DEFAULT_KIND_AGGREGATE,
    confidence: r.confidence,
    includeFailed: r.includeFailed,
    maxRuns: r.maxRuns,
  });
  return executeOnRuns(query, ctx.runs, {
    readSeries: (id, key) => ctx.source.readSeries(id, key),
    ...(ctx.source.readUpToStep !== undefined ? { readUpToStep: ctx.source.readUpToStep.bind(ctx.source) } : {}),
    runlensVersion: RUNLENS_VERSION,
    runsMatched: ctx.runsMatched,
  });
}

/** Finite values per group label, in the result's group order; groups with no usable value left out. */
export function finiteGroupValues(result: AnalyticsResult, column: string): Record<string, number[]> {
  const groups: Record<string, number[]> = {};
  for (const a of result.aggregated) if (a.metric === column) groups[a.group] = [];
  for (const row of result.rows) {
    const v = row.values[column];
    if (v !== undefined && Number.isFinite(v)) groups[row.groupKey]?.push(v);
  }
  return Object.fromEntries(Object.entries(groups).filter(([, xs]) => xs.length > 0));
}
