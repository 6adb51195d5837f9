import type { Command } from 'commander';
import { BUILTIN_IMPORTERS } from '../../import/builtin-importers.js';
import type { ImporterPlugin } from '../../import/importer.js';
import { defaultDataDir, env } from '../options.js';
import type { ImportOptions } from './import-action.js';

export function registerImport(program: Command): void {
  // the importers themselves, not the whole plugin registry (renderers, exporters): they are what the help lists
  const importers: readonly ImporterPlugin[] = BUILTIN_IMPORTERS;
  program
    .command('import')
    .description('Import runs from TensorBoard, MLflow, Hugging Face Trainer, CSV or JSONL (importing twice adds nothing)')
    .argument('<kind>', importers.map((i) => i.name).join(' | '))
    .argument('<path>', 'what to import (see below)')
    .option('-p, --project <name>', 'put every imported run in this project')
    .option('--include-deleted', 'also import runs the source marks deleted (MLflow)', false)
    .option('--data <dir>', 'data directory to write when no server runs on it (RUNLENS_DATA)', defaultDataDir())
    .option('--url <url>', 'send to this server instead (RUNLENS_URL)', env.RUNLENS_URL)
    .option('--token <token>', 'bearer token for the server (RUNLENS_TOKEN)', env.RUNLENS_TOKEN)
    .option('--json', 'print the summary as JSON', false)
    .addHelpText('after', `\nPaths by kind:\n${importers.map((i) => `  ${i.name.padEnd(12)} ${i.pathHelp}`).join('\n')}`)
    // loaded on use: the store and the sinks stay out of `runlens import --help`
    .action(async (kind: string, path: string, o: ImportOptions) => (await import('./import-action.js')).importAction(kind, path, o));
}
