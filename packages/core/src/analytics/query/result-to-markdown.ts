/** An AnalyticsResult as a Markdown summary a reviewer can read: what was asked, the table per group, exclusions, warnings. */
import { formatNumber } from '../outliers/format-number.js';
import type { AnalyticsResult } from './analytics-result.js';
import { metricColumn } from './metric-column.js';
import { isStatisticFunction } from './query-schema.js';
import { markdownTable as table, markdownText as md } from './markdown.js';

const STAT_HEADERS: Record<string, string> = { count: 'n', sem: 'SEM' };

/**
 * The result as Markdown: a heading, the query in words (selection, metric columns, grouping, confidence), the
 * aggregated table (one row per metric and group, the statistics asked for, the CI as `[low, high]`), the excluded
 * runs with their reasons, and the warnings. Numbers have 6 significant digits; NaN is written `NaN`.
 *
 * @example
 * writeFileSync('stats.md', resultToMarkdown(await analytics().metric('val/loss').groupBy('lr').execute(engine)));
 */
export function resultToMarkdown(result: AnalyticsResult, title = 'runlens analytics result'): string {
  const { query, runsMatched, executedAt, versions } = result.metadata;
  const selection = [
    ...(query.runs.projects?.length ? [`projects ${query.runs.projects.map(md).join(', ')}`] : []),
    ...(query.runs.groups?.length ? [`groups ${query.runs.groups.map(md).join(', ')}`] : []),
    ...(query.runs.status?.length ? [`status ${query.runs.status.join(', ')}`] : []),
    ...(query.runs.filter ? [`filter \`${query.runs.filter.replace(/`/g, "'")}\``] : []),
  ];
  const lines = [
    `# ${md(title)}`,
    '',
    `Executed ${executedAt} by runlens ${md(versions.runlens)} (query version ${versions.query}).`,
    '',
    '## Setup',
    '',
    `- Runs: ${runsMatched} matched${selection.length > 0 ? `, selected by ${selection.join('; ')}` : ' (every run)'}; ${result.rows.length} analysed`,
    `- Metrics: ${query.metrics.length > 0 ? query.metrics.map((m) => `\`${metricColumn(m).replace(/`/g, "'")}\` (${m.context === 'summary' ? 'summary value' : `${m.reduce}${m.reduce === 'at-step' ? ` ${m.step ?? ''}` : ''} of the series`})`).join(', ') : 'none'}`,
    `- Grouped by ${md(query.groupBy)}; ${query.includeFailed ? 'failed and crashed runs kept' : 'failed and crashed runs left out'}`,
    ...query.excludeOutliers.map((r) => `- Outliers in ${md(r.metric)} excluded by ${r.method}${r.threshold !== undefined ? ` (threshold ${r.threshold})` : ''}`),
    '',
    '## Groups',
    '',
  ];
  if (result.aggregated.length === 0) {
    lines.push('No groups: no run had a value to describe.');
  } else {
    const stats = query.aggregate.filter(isStatisticFunction);
    const ci = query.aggregate.includes('ci');
    const boot = query.aggregate.includes('bootstrap-ci');
    const level = formatNumber(query.confidence * 100);
    const headers = ['metric', 'group', ...stats.map((f) => STAT_HEADERS[f] ?? f), ...(ci ? [`${level}% CI`] : []), ...(boot ? [`${level}% bootstrap CI`] : [])];
    const rows = result.aggregated.map((a) => [
      md(a.metric),
      md(a.group),
      ...stats.map((f) => (f === 'count' ? String(a.stats.count ?? '') : formatNumber(a.stats[f] ?? Number.NaN))),
      ...(ci ? [a.ci ? `[${formatNumber(a.ci.low)}, ${formatNumber(a.ci.high)}]` : ''] : []),
      ...(boot ? [a.bootstrapCi ? `[${formatNumber(a.bootstrapCi.low)}, ${formatNumber(a.bootstrapCi.high)}]` : ''] : []),
    ]);
    lines.push(...table(headers, rows));
  }
  if (result.excluded.length > 0) {
    lines.push('', '## Excluded runs', '', ...table(['run', 'left out of', 'reason'], result.excluded.map((e) => [md(e.name), e.metric === null ? 'every column' : md(e.metric), md(e.reason)])));
  }
  if (result.warnings.length > 0) lines.push('', '## Warnings', '', ...[...new Set(result.warnings)].map((w) => `- ${md(w)}`));
  return lines.join('\n') + '\n';
}
