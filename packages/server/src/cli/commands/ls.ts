import type { Command } from 'commander';
import { addRunSourceOptions, parsePositiveInt } from '../options.js';
import type { LsOptions } from './ls-action.js';

export function registerLs(program: Command): void {
  addRunSourceOptions(program.command('ls')
    .description('List runs as a table (or JSON), with the filter language'))
    .option('-p, --project <name>', 'only runs of this project')
    .option('-f, --filter <expr>', 'filter, e.g. \'params.lr > 1e-3 and status == "completed"\'')
    .option('-s, --sort <fields>', 'sort fields, "-" for descending, e.g. -metrics.val_loss.min', '-start_time')
    .option('-n, --limit <n>', 'most runs to show', parsePositiveInt('limit'), 100)
    .option('-m, --metrics <keys>', 'comma-separated summary metrics to show as columns (default: up to 4 common ones)')
    .option('--json', 'print runs as JSON', false)
    // loaded on use: the store and @runlens/core stay out of `runlens ls --help`
    .action(async (o: LsOptions) => (await import('./ls-action.js')).listRunsAction(o));
}
