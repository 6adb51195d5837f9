/** Runs an analytics query against a source: selection pushed down to the store as one filter, then the engine. */
import { composeRunFilter, executeOnRuns, type AnalyticsEngine, type AnalyticsQuery, type AnalyticsResult } from '@runlens/core';
import { RUNLENS_VERSION } from '../version.js';
import { loadAnalysedRuns, type AnalyticsSource } from './analytics-source.js';

export async function executeQuery(query: AnalyticsQuery, source: AnalyticsSource): Promise<AnalyticsResult> {
  // the query reads its metric columns' series summaries only (outlier rules name one of those columns)
  const metricKeys = query.metrics.map((m) => m.key);
  const loaded = await loadAnalysedRuns(source, { filter: composeRunFilter(query.runs), limit: query.maxRuns + 1, metricKeys }, query.maxRuns);
  return executeOnRuns(query, loaded, {
    readSeries: (id, key) => source.readSeries(id, key),
    ...(source.readUpToStep !== undefined ? { readUpToStep: source.readUpToStep.bind(source) } : {}),
    runlensVersion: RUNLENS_VERSION,
    runsMatched: loaded.length,
  });
}

/** The engine the fluent builder's `execute()` takes: `analytics().metric('val/loss').execute(sourceEngine(src))`. */
export function sourceEngine(source: AnalyticsSource): AnalyticsEngine {
  return { execute: (query) => executeQuery(query, source) };
}
