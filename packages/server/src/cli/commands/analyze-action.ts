/** What `runlens analyze` does (see analyze.ts, which registers the command); loaded when it runs. */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { RUN_STATUSES, RunlensError, resultToMarkdown, toWireJson, type AnalyticsQuery, type RunStatus } from '@runlens/core';
import type { CsvForms } from '../../analytics/analyze-kind.js';
import { AnalyzeRequestSchema, type AnalyzeRequest } from '../../analytics/analyze-request.js';
import { executeQuery } from '../../analytics/execute-query.js';
import { aggregatedTable, resultCsv } from '../../analytics/result-output.js';
import { analyzeResponseJson, runAnalyze } from '../../analytics/run-analyze.js';
import { openRunSource } from '../run-source.js';
import type { AnalyticsSource } from '../../analytics/analytics-source.js';
import { readQueryFile } from '../read-query-file.js';
import { QUERY, type OutputFormat } from './analyze.js';
import type { RunSourceFlags } from '../options.js';

/** Options that build the request of a kind; a query file holds all of these itself. */
const REQUEST_OPTIONS = [
  'project', 'group', 'status', 'filter', 'metric', 'reduce', 'step', 'groupBy', 'direction', 'test', 'method', 'threshold',
  'confidence', 'includeFailed', 'maxRuns', 'aggregate',
] as const;

export interface AnalyzeOptions extends RunSourceFlags {
  project?: string[];
  group?: string[];
  status?: string;
  filter?: string;
  metric?: string[];
  reduce: string;
  step?: string;
  groupBy: string;
  direction?: string;
  test: string;
  method: string;
  threshold?: string;
  confidence: string;
  aggregate?: string;
  maxRuns?: number;
  includeFailed: boolean;
  format?: OutputFormat;
  json: boolean;
  csv: boolean;
  out?: string;
}

/** What a command prints, in each format. */
interface Printable {
  json(): unknown;
  readonly text: string;
  readonly csv: CsvForms | undefined;
  readonly markdown: string | undefined;
  readonly warnings: readonly string[];
  /** Whether `text` carries the warnings itself (the report), so they are not printed again. */
  readonly warningsInText: boolean;
}

function parseStatuses(list: string | undefined): RunStatus[] | undefined {
  if (list === undefined) return undefined;
  return list.split(',').map((s) => s.trim()).filter(Boolean).map((s) => {
    const known = RUN_STATUSES.find((x) => x === s);
    if (known === undefined) throw new RunlensError('VALIDATION', `unknown status: ${s} (${RUN_STATUSES.join(' | ')})`);
    return known;
  });
}

function toRequest(o: AnalyzeOptions): AnalyzeRequest {
  const number = (what: string, s: string | undefined) => {
    if (s === undefined) return undefined;
    const n = Number(s);
    if (!Number.isFinite(n)) throw new RunlensError('VALIDATION', `${what} must be a number, got "${s}"`);
    return n;
  };
  const parsed = AnalyzeRequestSchema.safeParse({
    runs: { projects: o.project, groups: o.group, status: parseStatuses(o.status), filter: o.filter },
    // repeated and comma-separated both name several metrics; the request carries them as one list
    metric: o.metric?.join(','),
    reduce: o.reduce,
    step: number('--step', o.step),
    groupBy: o.groupBy,
    direction: o.direction,
    test: o.test,
    method: o.method,
    threshold: number('--threshold', o.threshold),
    confidence: number('--confidence', o.confidence),
    aggregate: o.aggregate?.split(',').map((s) => s.trim()).filter(Boolean),
    maxRuns: o.maxRuns,
    includeFailed: o.includeFailed,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new RunlensError('VALIDATION', `--${issue.path.map(String).join('.').replace(/^runs\./, '')}: ${issue.message}`);
  }
  return parsed.data;
}

/** `--format`, or its shorthands `--json` and `--csv`; asking for two different ones is an error. */
function outputFormat(o: AnalyzeOptions): OutputFormat {
  const asked = [
    ...(o.format !== undefined ? [{ flag: `--format ${o.format}`, format: o.format }] : []),
    ...(o.json ? [{ flag: '--json', format: 'json' as const }] : []),
    ...(o.csv ? [{ flag: '--csv', format: 'csv' as const }] : []),
  ];
  if (new Set(asked.map((a) => a.format)).size > 1) {
    throw new RunlensError('VALIDATION', `${asked.map((a) => a.flag).join(' and ')} ask for different output formats: pick one`);
  }
  return asked[0]?.format ?? 'table';
}

/** The options set on the command line that a query file makes meaningless, as their flags. */
function requestFlagsGiven(cmd: Command): string[] {
  return cmd.options
    .filter((opt) => (REQUEST_OPTIONS as readonly string[]).includes(opt.attributeName()) && cmd.getOptionValueSource(opt.attributeName()) === 'cli')
    .map((opt) => opt.long ?? opt.flags);
}

async function analyzeKind(kind: string, o: AnalyzeOptions, source: AnalyticsSource): Promise<Printable> {
  const response = await runAnalyze(kind, toRequest(o), source);
  return {
    json: () => analyzeResponseJson(response),
    text: response.output.text,
    csv: response.output.csv,
    markdown: response.output.markdown,
    warnings: response.output.warnings,
    warningsInText: kind === 'report',
  };
}

async function analyzeQuery(query: AnalyticsQuery, source: AnalyticsSource): Promise<Printable> {
  const result = await executeQuery(query, source);
  return {
    json: () => toWireJson(result),
    text: aggregatedTable(result),
    csv: resultCsv(result),
    markdown: resultToMarkdown(result, 'runlens query result'),
    warnings: result.warnings,
    warningsInText: false,
  };
}

function render(p: Printable, format: OutputFormat, kind: string): string {
  if (format === 'json') return JSON.stringify(p.json(), null, 2) + '\n';
  if (format === 'table') return p.text.replace(/\n?$/, '\n');
  if (format === 'markdown') {
    if (p.markdown === undefined) throw new RunlensError('VALIDATION', `--format markdown: ${kind} has no Markdown form (stats, query and report have one); use --json`);
    return p.markdown;
  }
  if (p.csv === undefined) {
    throw new RunlensError('VALIDATION', `--format ${format}: ${kind} has no CSV form (stats, compare and query have one); use --json`);
  }
  return format === 'csv' ? p.csv.table : p.csv.rows;
}

export async function analyzeAction(kind: string, file: string | undefined, o: AnalyzeOptions, cmd: Command): Promise<void> {
  const format = outputFormat(o);
  let query: AnalyticsQuery | undefined;
  if (kind === QUERY) {
    if (file === undefined) throw new RunlensError('VALIDATION', 'analyze query needs a FILE: a query JSON (see docs/analytics.md), or - to read it from stdin');
    const given = requestFlagsGiven(cmd);
    if (given.length > 0) {
      throw new RunlensError('VALIDATION', `analyze query takes the selection, metrics and grouping from ${file === '-' ? 'stdin' : file}: ${given.join(', ')} do not apply`);
    }
    query = await readQueryFile(file);
  } else if (file !== undefined) {
    throw new RunlensError('VALIDATION', `analyze ${kind} takes no FILE (got "${file}"); only analyze query reads one`);
  }
  const source = openRunSource(o);
  try {
    const printable = query !== undefined ? await analyzeQuery(query, source) : await analyzeKind(kind, o, source);
    const body = render(printable, format, kind);
    if (o.out !== undefined) {
      writeFileSync(o.out, body);
      console.log(`wrote ${o.out}`);
    } else {
      process.stdout.write(body);
    }
    const warnings = [...new Set(printable.warnings)];
    if (format !== 'json' && format !== 'markdown' && warnings.length > 0 && !printable.warningsInText) {
      console.error(warnings.map((w) => `warning: ${w}`).join('\n'));
    }
  } finally {
    await source.close();
  }
}
