/** Runs an analytics query against a source: selection pushed down to the store as one filter, then the engine. */
import { composeRunFilter, executeOnRuns, type AnalyticsEngine, type AnalyticsQuery, type AnalyticsResult } from '@runlens/core';
import { RUNLENS_VERSION } from '../version.js';
import type { AnalyticsSource } from './analytics-source.js';

export async function executeQuery(query: AnalyticsQuery, source: AnalyticsSource): Promise<AnalyticsResult> {
  const loaded = await source.listRuns({ filter: composeRunFilter(query.runs), limit: query.maxRuns + 1 });
  return executeOnRuns(query, loaded, {
    readSeries: (id, key) => source.readSeries(id, key),
    runlensVersion: RUNLENS_VERSION,
    runsMatched: loaded.length,
  });
}

/** The engine the fluent builder's `execute()` takes: `analytics().metric('val/loss').execute(sourceEngine(src))`. */
export function sourceEngine(source: AnalyticsSource): AnalyticsEngine {
  return { execute: (query) => executeQuery(query, source) };
}
