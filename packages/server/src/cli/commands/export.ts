import type { Command } from 'commander';
import { addRunSourceOptions } from '../options.js';
import type { ExportOptions } from './export-action.js';

export const WHATS: readonly string[] = ['runs', 'series', 'all'];
export const FORMATS: readonly string[] = ['csv', 'json', 'tensorboard'];

export function registerExport(program: Command): void {
  addRunSourceOptions(program.command('export')
    .description('Export runs and/or their series to CSV or JSON (long format: run,key,step,value,time), or TensorBoard event files'))
    .option('-p, --project <name>', 'only runs of this project')
    .option('-f, --filter <expr>', 'filter language expression')
    .option('-w, --what <what>', `what to export: ${WHATS.join(' | ')}`, 'runs')
    .option('--format <format>', `${FORMATS.join(' | ')}`, 'csv')
    .option('-k, --keys <keys>', 'comma-separated metric keys for series (default: all)')
    .option('-o, --out <path>', 'write here instead of stdout (a folder for --format tensorboard)')
    // loaded on use: the store and @runlens/core stay out of `runlens export --help`
    .action(async (o: ExportOptions) => (await import('./export-action.js')).exportAction(o));
}
