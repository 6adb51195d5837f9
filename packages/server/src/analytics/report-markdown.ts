/**
 * The Markdown summary report a reviewer reads: setup; per metric the groups ranked with CIs, the significant
 * differences and param importance; failures; warnings.
 */
import { markdownTable as table, markdownText as md, pValueText, type CompareGroupsResult, type FailureAnalysis, type MetricReduction, type ParamImportanceResult } from '@runlens/core';
import { formatNumber } from '../cli/format.js';
import { formatP } from './format-p.js';

/** `= 0.0045`, or `< 1e-300` for one that underflowed: after "p " in a sentence. */

/** One metric's section. */
export interface MetricReport {
  /** The column studied, e.g. `val/loss` or `val/loss.min`. */
  readonly metric: string;
  readonly direction: 'lower' | 'higher' | null;
  readonly comparison: CompareGroupsResult | null;
  readonly importance: ParamImportanceResult | null;
}

export interface ReportInput {
  readonly source: string;
  readonly selection: string;
  readonly runs: number;
  readonly statusCounts: Readonly<Record<string, number>>;
  /** In the order asked for; empty when no run matched. */
  readonly metrics: readonly MetricReport[];
  /** How each run's value of a metric was taken from its series. */
  readonly reduce: MetricReduction;
  readonly step?: number | undefined;
  readonly groupBy: string;
  readonly confidence: number;
  readonly failures: FailureAnalysis;
  readonly warnings: readonly string[];
  readonly generatedAt: string;
  readonly version: string;
}

const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;

const REDUCED: Readonly<Record<MetricReduction, string>> = {
  last: 'the final value',
  first: 'the first value',
  min: 'the minimum',
  max: 'the maximum',
  mean: 'the mean over steps',
  'at-step': 'the value at a step',
};

function setup(r: ReportInput): string[] {
  const statuses = Object.entries(r.statusCounts).map(([s, n]) => `${n} ${s}`).join(', ') || 'none';
  const metrics = r.metrics.map((m) => `${code(m.metric)} (${m.direction ?? 'n/a'} is better)`).join(', ') || 'none';
  const valueOf = r.reduce === 'at-step' && r.step !== undefined ? `the value at step ${r.step}` : REDUCED[r.reduce];
  const tests = r.metrics.find((m) => m.comparison !== null)?.comparison ?? null;
  return [
    '## Setup',
    '',
    `- Source: ${md(r.source)}`,
    `- Runs: ${r.runs} (${statuses}), selected by ${md(r.selection)}`,
    `- ${r.metrics.length > 1 ? 'Metrics' : 'Metric'}: ${metrics}; per run, ${valueOf} of its series`,
    `- Groups: by ${md(r.groupBy)}; means with ${Math.round(r.confidence * 100)}% t confidence intervals`,
    tests ? `- Tests: ${tests.test} on every pair of groups, ${tests.correction}-corrected, alpha ${tests.alpha}` : '- Tests: none',
  ];
}

function groups(r: ReportInput, m: MetricReport): string[] {
  const c = m.comparison;
  if (c === null || c.ranking.length === 0) return ['### Groups', '', 'No group has a usable value of the metric.'];
  const half = (ci: readonly [number, number]) => (Number.isFinite(ci[0]) ? formatNumber((ci[1] - ci[0]) / 2) : 'n/a');
  const rows = c.ranking.map((g) => [
    String(g.rank),
    md(g.group),
    String(g.n),
    `${formatNumber(g.mean)} ± ${half(g.ci)}`,
    `[${formatNumber(g.ci[0])}, ${formatNumber(g.ci[1])}]`,
  ]);
  return [
    '### Groups ranked',
    '',
    `Best first by mean ${md(m.metric)} (${m.direction} is better). Runs without a finite value (e.g. diverged) are left out; see Warnings.`,
    '',
    ...table(['rank', 'group', 'n', `mean ± ${Math.round(r.confidence * 100)}% CI half-width`, 'CI'], rows),
  ];
}

function differences(m: MetricReport): string[] {
  const c = m.comparison;
  if (c === null) return [];
  const significant = c.pairs.filter((p) => p.significant);
  const lines = significant.map((p) => {
    const worse = p.better === p.a ? p.b : p.a;
    return `- ${md(p.better ?? p.a)} beats ${md(worse)}: mean difference ${formatNumber(Math.abs(p.meanDifference))}, adjusted ${pValueText(p.adjustedPValue, { format: formatNumber })}, Hedges' g ${formatNumber(p.hedgesG)}`;
  });
  return [
    '### Significant differences',
    '',
    ...(lines.length > 0 ? lines : [`No pair of groups differs significantly at alpha ${c.alpha} after correction.`]),
  ];
}

function failures(r: ReportInput): string[] {
  const f = r.failures;
  const cause = f.byParam.find((p) => p.significant);
  const likely = cause
    ? [`**Likely cause:** ${md(cause.param)}${cause.threshold ? ` ${cause.threshold.op} ${formatNumber(cause.threshold.value)}` : ''} (adjusted ${pValueText(cause.adjustedPValue, { format: formatNumber })}, ${cause.test}).`, '']
    : [];
  return [
    '## Failures',
    '',
    // the last finding is the overall rate
    `${md(f.findings.at(-1) ?? `${f.failed} of ${f.total} runs failed`)}.`,
    '',
    ...likely,
    ...f.findings.slice(0, -1).map((x) => `- ${md(x)}`),
  ];
}

function importance(m: MetricReport): string[] {
  const imp = m.importance;
  if (imp === null || imp.params.length === 0) return ['### Parameter importance', '', 'No param varies across the runs with a usable value.'];
  const rows = imp.params.map((p) => [
    md(p.param),
    formatNumber(p.importance),
    p.spearman ? formatNumber(p.spearman.rho) : 'n/a',
    p.spearman ? formatP(p.spearman.pValue) : 'n/a',
  ]);
  return [
    '### Parameter importance',
    '',
    `For ${md(m.metric)} over ${imp.n} runs (random-forest permutation importance; out-of-bag R² ${formatNumber(imp.oobR2)}).`,
    '',
    ...table(['param', 'importance', 'Spearman rho', 'p'], rows),
  ];
}

/** A metric's section: its groups ranked, the significant differences, and which params matter for it. */
function metricSection(r: ReportInput, m: MetricReport): string[] {
  const parts = [groups(r, m), differences(m), importance(m)].filter((s) => s.length > 0);
  return [`## ${md(m.metric)} (${m.direction ?? 'n/a'} is better)`, ...parts.flatMap((s) => ['', ...s])];
}

/** The whole report, ending with a newline. */
export function renderReportMarkdown(r: ReportInput): string {
  const sections = [
    [`# runlens analysis report`, '', `Generated ${r.generatedAt} by runlens ${r.version}.`],
    setup(r),
    ...(r.metrics.length === 0 ? [['## Metrics', '', 'No runs to analyse.']] : r.metrics.map((m) => metricSection(r, m))),
    failures(r),
    r.warnings.length > 0 ? ['## Warnings', '', ...[...new Set(r.warnings)].map((w) => `- ${md(w)}`)] : [],
  ];
  return sections.filter((s) => s.length > 0).map((s) => s.join('\n')).join('\n\n') + '\n';
}
