/** The `runlens` command line. Each command lives in commands/ and registers itself here. */
import { Command, CommanderError } from 'commander';
import { isRunlensError } from '@runlens/core';
import { RUNLENS_VERSION } from '../version.js';
import { registerServe } from './commands/serve.js';
import { registerLs } from './commands/ls.js';
import { registerExport } from './commands/export.js';
import { registerSync } from './commands/sync.js';
import { registerOpenApi } from './commands/openapi.js';
import { registerImport } from './commands/import.js';
import { registerAnalyze } from './commands/analyze.js';
import { registerRun } from './commands/run.js';
import { registerDemo } from './commands/demo.js';
import { registerPlot } from './commands/plot.js';
import { registerPlugins } from './commands/plugins.js';

export function buildProgram(): Command {
  const program = new Command('runlens')
    .description('Self-hosted experiment tracker, analytics engine and visualizer for ML training')
    .version(RUNLENS_VERSION)
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();
  registerServe(program);
  registerDemo(program);
  registerRun(program);
  registerLs(program);
  registerExport(program);
  registerSync(program);
  registerImport(program);
  registerAnalyze(program);
  registerPlot(program);
  registerOpenApi(program);
  registerPlugins(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      // commander has printed help, the version or the usage error already
      process.exitCode = e.exitCode;
      return;
    }
    if (isRunlensError(e)) {
      console.error(`runlens: ${e.message}`);
      process.exitCode = 1;
      return;
    }
    throw e;
  }
}
