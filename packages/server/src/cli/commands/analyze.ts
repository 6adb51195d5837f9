import { Argument, Option, type Command } from 'commander';
import { ANALYZE_KINDS } from '../../analytics/analyze-kind.js';
import { addRunSourceOptions, parsePositiveInt } from '../options.js';
import type { AnalyzeOptions } from './analyze-action.js';

/** `analyze query FILE` runs a query JSON (as POST /api/v1/analytics/query); the other kinds build a request. */
export const QUERY = 'query';
const CLI_KINDS = [...ANALYZE_KINDS, QUERY];

export const OUTPUT_FORMATS = ['table', 'json', 'csv', 'csv-rows', 'markdown'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

const collect = (v: string, prev: string[] = []) => [...prev, v];

export function registerAnalyze(program: Command): void {
  addRunSourceOptions(program.command('analyze')
    .description('Analyse runs: stats, outliers, failures, compare, importance, curves, a Markdown report, or a query JSON file')
    .addArgument(new Argument('<kind>', 'what to compute').choices(CLI_KINDS))
    .argument('[file]', 'for query: the query JSON (format in docs/analytics.md), - for stdin'))
    .option('-p, --project <name>', 'only runs of this project (repeatable)', collect)
    .option('--group <name>', 'only runs of this group (repeatable)', collect)
    .option('--status <list>', 'only runs with these statuses, comma-separated, e.g. completed,failed')
    .option('-f, --filter <expr>', 'filter, e.g. \'params.lr < 5 and tags contains "baseline"\'')
    .option('-m, --metric <key>', 'metric studied; stats and report take several (repeat, or a,b); default: a validation loss', collect)
    .option('--reduce <how>', 'per-run value of the series: last | first | min | max | mean | at-step', 'last')
    .option('--step <n>', 'step for --reduce at-step')
    .option('-g, --group-by <field>', 'group | project | params.<key> (or a bare param name)', 'group')
    .option('--direction <dir>', 'lower | higher is better (default: guessed from the metric name)')
    .option('--test <name>', 'welch | mann-whitney', 'welch')
    .option('--method <name>', 'outlier method: iqr | zscore | modified-zscore', 'iqr')
    .option('--threshold <x>', 'outlier threshold (k for iqr)')
    .option('--confidence <level>', 'level of the confidence intervals', '0.95')
    .option('--aggregate <list>', 'stats: statistics to show, comma-separated: count mean std variance sem median min max p5 p25 p75 p95 ci bootstrap-ci')
    .option('--include-failed', 'keep failed and crashed runs in metric statistics', false)
    .option('--max-runs <n>', 'most runs to load', parsePositiveInt('max-runs'))
    .addOption(new Option('--format <format>', 'output; csv is the table and csv-rows a line per run (stats, compare, query); markdown (stats, query, report)').choices(OUTPUT_FORMATS))
    .option('--json', 'same as --format json (NaN as "NaN"); fields in docs/analytics.md', false)
    .option('--csv', 'same as --format csv', false)
    .option('-o, --out <file>', 'write the output (report: Markdown) to a file instead of stdout')
    // loaded on use: the analytics engine and @runlens/core stay out of `runlens analyze --help`
    .action(async (kind: string, file: string | undefined, o: AnalyzeOptions, cmd: Command) => (await import('./analyze-action.js')).analyzeAction(kind, file, o, cmd));
}
