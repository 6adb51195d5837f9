import { writeFileSync } from 'node:fs';
import { Argument, type Command } from 'commander';
import { RUN_STATUSES, RunlensError, type RunStatus } from '@runlens/core';
import { ANALYZE_KINDS } from '../../analytics/analyze-kind.js';
import { AnalyzeRequestSchema, type AnalyzeRequest } from '../../analytics/analyze-request.js';
import { analyzeResponseJson, runAnalyze } from '../../analytics/run-analyze.js';
import { openRunSource } from '../run-source.js';
import { addRunSourceOptions, parsePositiveInt } from '../options.js';

interface AnalyzeOptions {
  data: string;
  url?: string;
  token?: string;
  project?: string[];
  group?: string[];
  status?: string;
  filter?: string;
  metric?: string;
  reduce: string;
  step?: string;
  groupBy: string;
  direction?: string;
  test: string;
  method: string;
  threshold?: string;
  confidence: string;
  maxRuns?: number;
  includeFailed: boolean;
  json: boolean;
  out?: string;
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

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
    metric: o.metric,
    reduce: o.reduce,
    step: number('--step', o.step),
    groupBy: o.groupBy,
    direction: o.direction,
    test: o.test,
    method: o.method,
    threshold: number('--threshold', o.threshold),
    confidence: number('--confidence', o.confidence),
    maxRuns: o.maxRuns,
    includeFailed: o.includeFailed,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new RunlensError('VALIDATION', `--${issue.path.map(String).join('.').replace(/^runs\./, '')}: ${issue.message}`);
  }
  return parsed.data;
}

export function registerAnalyze(program: Command): void {
  addRunSourceOptions(program.command('analyze')
    .description('Analyse runs: stats, outliers, failures, compare, importance, curves, or a Markdown report')
    .addArgument(new Argument('<kind>', 'what to compute').choices(ANALYZE_KINDS)))
    .option('-p, --project <name>', 'only runs of this project (repeatable)', collect)
    .option('--group <name>', 'only runs of this group (repeatable)', collect)
    .option('--status <list>', 'only runs with these statuses, comma-separated, e.g. completed,failed')
    .option('-f, --filter <expr>', 'filter, e.g. \'params.lr < 5 and tags contains "baseline"\'')
    .option('-m, --metric <key>', 'metric studied (stats: comma-separated list); default: a validation loss')
    .option('--reduce <how>', 'per-run value of the series: last | first | min | max | mean | at-step', 'last')
    .option('--step <n>', 'step for --reduce at-step')
    .option('-g, --group-by <field>', 'group | project | params.<key>', 'group')
    .option('--direction <dir>', 'lower | higher is better (default: guessed from the metric name)')
    .option('--test <name>', 'welch | mann-whitney', 'welch')
    .option('--method <name>', 'outlier method: iqr | zscore | modified-zscore', 'iqr')
    .option('--threshold <x>', 'outlier threshold (k for iqr)')
    .option('--confidence <level>', 'level of the confidence intervals', '0.95')
    .option('--include-failed', 'keep failed and crashed runs in metric statistics', false)
    .option('--max-runs <n>', 'most runs to load', parsePositiveInt('max-runs'))
    .option('--json', 'print JSON (NaN as "NaN"); fields in docs/analytics.md', false)
    .option('-o, --out <file>', 'write the output (report: Markdown) to a file instead of stdout')
    .action(async (kind: string, o: AnalyzeOptions) => {
      const request = toRequest(o);
      const source = openRunSource(o);
      try {
        const response = await runAnalyze(kind, request, source);
        const body = o.json ? JSON.stringify(analyzeResponseJson(response), null, 2) + '\n' : response.output.text.replace(/\n?$/, '\n');
        if (o.out !== undefined) {
          writeFileSync(o.out, body);
          console.log(`wrote ${o.out}`);
        } else {
          process.stdout.write(body);
        }
        const warnings = [...new Set(response.output.warnings)];
        if (!o.json && warnings.length > 0 && kind !== 'report') {
          console.error(warnings.map((w) => `warning: ${w}`).join('\n'));
        }
      } finally {
        await source.close();
      }
    });
}
