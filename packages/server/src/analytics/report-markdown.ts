/** The Markdown summary report a reviewer reads: setup, groups ranked with CIs, differences, failures, importance. */
import type { CompareGroupsResult, FailureAnalysis, ParamImportanceResult } from '@runlens/core';
import { formatNumber } from '../cli/format.js';

export interface ReportInput {
  readonly source: string;
  readonly selection: string;
  readonly runs: number;
  readonly statusCounts: Readonly<Record<string, number>>;
  readonly metric: string | null;
  readonly direction: 'lower' | 'higher' | null;
  readonly groupBy: string;
  readonly confidence: number;
  readonly comparison: CompareGroupsResult | null;
  readonly failures: FailureAnalysis;
  readonly importance: ParamImportanceResult | null;
  readonly warnings: readonly string[];
  readonly generatedAt: string;
  readonly version: string;
}

/** User text in a table cell or a line: no pipes, backticks or line breaks that would break the Markdown. */
function md(s: string): string {
  return s.replace(/[\r\n]+/g, ' ').replace(/([\\`*_|<>[\]])/g, '\\$1');
}

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [`| ${headers.join(' | ')} |`, `|${headers.map(() => ' --- ').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

function setup(r: ReportInput): string[] {
  const statuses = Object.entries(r.statusCounts).map(([s, n]) => `${n} ${s}`).join(', ') || 'none';
  return [
    '## Setup',
    '',
    `- Source: ${md(r.source)}`,
    `- Runs: ${r.runs} (${statuses}), selected by ${md(r.selection)}`,
    `- Metric: ${r.metric === null ? 'none' : `\`${r.metric.replace(/`/g, "'")}\``} (final value; ${r.direction ?? 'n/a'} is better)`,
    `- Groups: by ${md(r.groupBy)}; means with ${Math.round(r.confidence * 100)}% t confidence intervals`,
    r.comparison ? `- Tests: ${r.comparison.test} on every pair of groups, ${r.comparison.correction}-corrected, alpha ${r.comparison.alpha}` : '- Tests: none',
  ];
}

function groups(r: ReportInput): string[] {
  const c = r.comparison;
  if (c === null || c.ranking.length === 0) return ['## Groups', '', 'No group has a usable value of the metric.'];
  const half = (ci: readonly [number, number]) => (Number.isFinite(ci[0]) ? formatNumber((ci[1] - ci[0]) / 2) : 'n/a');
  const rows = c.ranking.map((g) => [
    String(g.rank),
    md(g.group),
    String(g.n),
    `${formatNumber(g.mean)} ± ${half(g.ci)}`,
    `[${formatNumber(g.ci[0])}, ${formatNumber(g.ci[1])}]`,
  ]);
  return [
    '## Groups ranked',
    '',
    `Best first by mean ${r.metric ?? ''} (${r.direction} is better). Runs without a finite value (e.g. diverged) are left out; see Warnings.`,
    '',
    ...table(['rank', 'group', 'n', `mean ± ${Math.round(r.confidence * 100)}% CI half-width`, 'CI'], rows),
  ];
}

function differences(r: ReportInput): string[] {
  const c = r.comparison;
  if (c === null) return [];
  const significant = c.pairs.filter((p) => p.significant);
  const lines = significant.map((p) => {
    const worse = p.better === p.a ? p.b : p.a;
    return `- ${md(p.better ?? p.a)} beats ${md(worse)}: mean difference ${formatNumber(Math.abs(p.meanDifference))}, adjusted p = ${formatNumber(p.adjustedPValue)}, Hedges' g ${formatNumber(p.hedgesG)}`;
  });
  return [
    '## Significant differences',
    '',
    ...(lines.length > 0 ? lines : [`No pair of groups differs significantly at alpha ${c.alpha} after correction.`]),
  ];
}

function failures(r: ReportInput): string[] {
  const f = r.failures;
  const cause = f.byParam.find((p) => p.significant);
  const likely = cause
    ? [`**Likely cause:** ${md(cause.param)}${cause.threshold ? ` ${cause.threshold.op} ${formatNumber(cause.threshold.value)}` : ''} (adjusted p = ${formatNumber(cause.adjustedPValue)}, ${cause.test}).`, '']
    : [];
  return [
    '## Failures',
    '',
    `${f.failed} of ${f.total} runs failed (${formatNumber(f.rate * 100)}%).`,
    '',
    ...likely,
    ...f.findings.map((x) => `- ${md(x)}`),
  ];
}

function importance(r: ReportInput): string[] {
  const imp = r.importance;
  if (imp === null || imp.params.length === 0) return ['## Parameter importance', '', 'No param varies across the runs with a usable value.'];
  const rows = imp.params.map((p) => [
    md(p.param),
    formatNumber(p.importance),
    p.spearman ? formatNumber(p.spearman.rho) : 'n/a',
    p.spearman ? formatNumber(p.spearman.pValue) : 'n/a',
  ]);
  return [
    '## Parameter importance',
    '',
    `For ${r.metric ?? 'the metric'} over ${imp.n} runs (random-forest permutation importance; out-of-bag R² ${formatNumber(imp.oobR2)}).`,
    '',
    ...table(['param', 'importance', 'Spearman rho', 'p'], rows),
  ];
}

/** The whole report, ending with a newline. */
export function renderReportMarkdown(r: ReportInput): string {
  const sections = [
    [`# runlens analysis report`, '', `Generated ${r.generatedAt} by runlens ${r.version}.`],
    setup(r),
    groups(r),
    differences(r),
    failures(r),
    importance(r),
    r.warnings.length > 0 ? ['## Warnings', '', ...[...new Set(r.warnings)].map((w) => `- ${md(w)}`)] : [],
  ];
  return sections.filter((s) => s.length > 0).map((s) => s.join('\n')).join('\n\n') + '\n';
}
