import { analyzeFailures, composeRunFilter } from '@runlens/core';
import { RUNLENS_VERSION } from '../version.js';
import type { AnalyzeKindHandler } from './analyze-kind.js';
import { compareMetric } from './compare-kind.js';
import { importanceOf } from './importance-kind.js';
import { renderReportMarkdown } from './report-markdown.js';

/** The Markdown report: setup, groups ranked with CIs, significant differences, failures and causes, importance. */
export const reportKind: AnalyzeKindHandler = {
  description: 'a Markdown summary report for a reviewer',
  async run(ctx) {
    const comparison = await compareMetric(ctx);
    const failures = analyzeFailures(ctx.runs);
    const importance = comparison.metric === null ? { metric: null, importance: null, warnings: [] } : await importanceOf(ctx);
    const statusCounts: Record<string, number> = {};
    for (const run of ctx.runs) statusCounts[run.status] = (statusCounts[run.status] ?? 0) + 1;
    const warnings = [...new Set([...comparison.warnings, ...failures.warnings, ...importance.warnings])];
    const markdown = renderReportMarkdown({
      source: ctx.source.describe ?? 'runlens store',
      selection: composeRunFilter(ctx.request.runs) ?? 'all runs',
      runs: ctx.runs.length,
      statusCounts,
      metric: comparison.metric,
      direction: comparison.direction,
      groupBy: comparison.groupBy,
      confidence: ctx.request.confidence,
      comparison: comparison.comparison,
      failures,
      importance: importance.importance,
      warnings,
      generatedAt: new Date().toISOString(),
      version: RUNLENS_VERSION,
    });
    return {
      data: { markdown, metric: comparison.metric, comparison: comparison.comparison, failures, importance: importance.importance },
      warnings,
      text: markdown,
    };
  },
};
