/** The shape every `analyze` kind shares, so the CLI and the routes dispatch through one table. */
import type { Run } from '@runlens/core';
import type { AnalyticsSource } from './analytics-source.js';
import type { AnalyzeRequest } from './analyze-request.js';

export const ANALYZE_KINDS = ['stats', 'outliers', 'failures', 'compare', 'importance', 'curves', 'report'] as const;
export type AnalyzeKind = (typeof ANALYZE_KINDS)[number];

/** What a kind reads: the request, the runs its selection matched (loaded once), and the source for points. */
export interface AnalyzeContext {
  readonly request: AnalyzeRequest;
  readonly runs: readonly Run[];
  readonly runsMatched: number;
  readonly source: AnalyticsSource;
}

/** A kind's answer: JSON data (numbers may be NaN; encoded at the edge), and the same for a terminal. */
export interface AnalyzeOutput {
  readonly data: Record<string, unknown>;
  readonly warnings: readonly string[];
  readonly text: string;
}

export interface AnalyzeKindHandler {
  readonly description: string;
  run(ctx: AnalyzeContext): Promise<AnalyzeOutput>;
}
