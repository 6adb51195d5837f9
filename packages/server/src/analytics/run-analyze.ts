/** Loads the runs of a request once (selection pushed down to the store) and runs one kind on them. */
import { composeRunFilter, RunlensError, toWireJson, type Wired } from '@runlens/core';
import { RUNLENS_VERSION } from '../version.js';
import { ANALYZE_KINDS, type AnalyzeKind, type AnalyzeOutput } from './analyze-kind.js';
import { ANALYZE_KIND_HANDLERS } from './analyze-kinds.js';
import { loadAnalysedRuns, type AnalyticsSource } from './analytics-source.js';
import type { AnalyzeRequest } from './analyze-request.js';

export function isAnalyzeKind(kind: string): kind is AnalyzeKind {
  return (ANALYZE_KINDS as readonly string[]).includes(kind);
}

export interface AnalyzeResponse {
  readonly kind: AnalyzeKind;
  readonly output: AnalyzeOutput;
  readonly metadata: { runsMatched: number; filter: string | null; runlensVersion: string; executedAt: string; durationMs: number };
}

/** The JSON body's fixed fields; each kind adds its own (see docs/analytics.md). */
export interface AnalyzeJson {
  readonly [field: string]: unknown;
  readonly kind: AnalyzeKind;
  readonly warnings: string[];
  readonly metadata: AnalyzeResponse['metadata'];
}

/** Runs `kind`. Unknown kind: a NOT_FOUND RunlensError listing the kinds. */
export async function runAnalyze(kind: string, request: AnalyzeRequest, source: AnalyticsSource): Promise<AnalyzeResponse> {
  if (!isAnalyzeKind(kind)) throw new RunlensError('NOT_FOUND', `unknown analysis: ${kind} (${ANALYZE_KINDS.join(' | ')})`);
  const started = Date.now();
  const filter = composeRunFilter(request.runs);
  const handler = ANALYZE_KIND_HANDLERS[kind];
  // one more than the cap tells "exactly maxRuns" from "more than maxRuns"
  const loaded = await loadAnalysedRuns(source, { filter, limit: request.maxRuns + 1, metricKeys: handler.metricKeys?.(request) }, request.maxRuns);
  const runs = loaded.slice(0, request.maxRuns);
  const output = await handler.run({ request, runs, runsMatched: loaded.length, source });
  // kinds that run the query engine warn of the cap themselves (with advice): said once
  const capped = `more than ${request.maxRuns} runs match: analysed the first ${request.maxRuns}`;
  const extra = loaded.length > request.maxRuns && !output.warnings.some((w) => w.startsWith(capped)) ? [capped] : [];
  return {
    kind,
    output: extra.length > 0 ? { ...output, warnings: [...extra, ...output.warnings] } : output,
    metadata: { runsMatched: loaded.length, filter: filter ?? null, runlensVersion: RUNLENS_VERSION, executedAt: new Date(started).toISOString(), durationMs: Date.now() - started },
  };
}

/** The JSON body of an analysis (CLI --json and HTTP): kind, data, warnings, metadata; NaN as "NaN". */
export function analyzeResponseJson(r: AnalyzeResponse): Wired<AnalyzeJson> {
  const body: AnalyzeJson = { ...r.output.data, kind: r.kind, warnings: [...new Set(r.output.warnings)], metadata: r.metadata };
  return toWireJson(body);
}
