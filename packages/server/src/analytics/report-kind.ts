import { analyzeFailures, composeRunFilter } from '@runlens/core';
import { RUNLENS_VERSION } from '../version.js';
import type { AnalyzeContext, AnalyzeKindHandler } from './analyze-kind.js';
import { compareMetric } from './compare-kind.js';
import { importanceOf } from './importance-kind.js';
import { requestMetricKeys, requireMetrics } from './pick-metric.js';
import { renderReportMarkdown, type MetricReport } from './report-markdown.js';

const CONSTANT_PARAMS = 'skipped constant params';

async function metricReport(ctx: AnalyzeContext, metric: string): Promise<MetricReport & { warnings: string[] }> {
  const comparison = await compareMetric(ctx, metric);
  const importance = comparison.metric === null ? { importance: null, warnings: [] } : await importanceOf(ctx, metric);
  return {
    metric: comparison.metric ?? metric,
    direction: comparison.direction,
    comparison: comparison.comparison,
    importance: importance.importance,
    warnings: [...comparison.warnings, ...importance.warnings],
  };
}

/**
 * The warnings of every metric's section: those all sections share once, the others prefixed with their metric
 * unless they name it already.
 */
function metricWarnings(sections: readonly { metric: string; warnings: readonly string[] }[]): string[] {
  const shared = sections[0]?.warnings.filter((w) => sections.every((s) => s.warnings.includes(w))) ?? [];
  return [
    ...shared,
    ...sections.flatMap((s) => s.warnings.filter((w) => !shared.includes(w)).map((w) => (w.includes(s.metric) ? w : `${s.metric}: ${w}`))),
  ];
}

/**
 * The Markdown report: setup, then per metric (comma-separated in `metric`; default one validation loss) the groups
 * ranked with CIs, significant differences and param importance, then failures and their causes.
 */
export const reportKind: AnalyzeKindHandler = {
  description: 'a Markdown summary report for a reviewer',
  // the metrics named (the failure analysis reads none); without a name, every metric to pick one from
  metricKeys: requestMetricKeys,
  async run(ctx) {
    const sections: (MetricReport & { warnings: string[] })[] = [];
    for (const metric of requireMetrics(ctx.request.metric, ctx.runs)) sections.push(await metricReport(ctx, metric));
    const failures = analyzeFailures(ctx.runs);
    // the failure analysis lists constant params with their values: the importance's plain list would repeat it
    const listed = failures.warnings.some((w) => w.startsWith(CONSTANT_PARAMS));
    const fromMetrics = metricWarnings(sections).filter((w) => !(listed && w.includes(CONSTANT_PARAMS)));
    const statusCounts: Record<string, number> = {};
    for (const run of ctx.runs) statusCounts[run.status] = (statusCounts[run.status] ?? 0) + 1;
    const warnings = [...new Set([...fromMetrics, ...failures.warnings])];
    const metrics: MetricReport[] = sections.map(({ metric, direction, comparison, importance }) => ({ metric, direction, comparison, importance }));
    const markdown = renderReportMarkdown({
      source: ctx.source.describe ?? 'runlens store',
      selection: composeRunFilter(ctx.request.runs) ?? 'all runs',
      runs: ctx.runs.length,
      statusCounts,
      metrics,
      reduce: ctx.request.reduce,
      step: ctx.request.step,
      groupBy: ctx.request.groupBy,
      confidence: ctx.request.confidence,
      failures,
      warnings,
      generatedAt: new Date().toISOString(),
      version: RUNLENS_VERSION,
    });
    return { data: { markdown, metrics, failures }, warnings, text: markdown, markdown };
  },
};
