/**
 * `runlens run [options] -- <command...>`: wraps a training command and records it as a run (see
 * run-wrapper/run-command.ts). The command's output and exit code are its own; the wrapper speaks only on stderr,
 * in lines starting `runlens:`.
 */
import type { Command } from 'commander';
import { PluginRegistry, registerBuiltinParsers, type ParserPlugin } from '@runlens/core';
import { PARSER_CHOICES } from '../../run-wrapper/parser-factory.js';
import { defaultDataDir, env } from '../options.js';
import type { RunOptions } from './run-action.js';

const DEFAULT_PROJECT = 'default';

function parseSeconds(s: string): number {
  const n = Number(s);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--sys-interval must be a positive number of seconds, got "${s}"`);
  return n;
}

/** The parsers of the built-in registry (server/plugins/builtin-registry.ts), which are core's. */
function builtinParsers(): ParserPlugin[] {
  const registry = new PluginRegistry();
  registerBuiltinParsers(registry);
  return registry.list('parser');
}

export function registerRun(program: Command): void {
  // the built-in parsers only (core's): the renderers, exporters and importers stay out of `runlens run --help`
  const parsers = builtinParsers();
  program
    .command('run')
    .usage('[options] -- <command...>')
    .description('Run a training command and record it: logs, metrics parsed from its output (live), system use, exit status')
    .argument('<command...>', 'the command and its arguments, after --')
    .option('-p, --project <name>', 'project of the run (RUNLENS_PROJECT)', env.RUNLENS_PROJECT || DEFAULT_PROJECT)
    .option('-n, --name <name>', 'run name (default: made from the run id)')
    .option('--parser <name>', `how to read metrics from the output: ${[...PARSER_CHOICES, ...parsers.map((p) => p.name)].join(' | ')}`, 'auto')
    .option('--data <dir>', 'data directory to write when no server runs on it (RUNLENS_DATA)', defaultDataDir())
    .option('--url <url>', 'send to this server instead (RUNLENS_URL)', env.RUNLENS_URL)
    .option('--token <token>', 'bearer token for the server (RUNLENS_TOKEN)', env.RUNLENS_TOKEN)
    .option('--sys-interval <seconds>', 'seconds between system metric samples (cpu, memory, GPUs)', parseSeconds, 5)
    .option('--no-sys', 'do not sample system metrics')
    .addHelpText(
      'after',
      `
The command's output reaches the terminal unchanged and the wrapper exits with its exit code (128 + n when
signal n ended it). Ctrl-C and SIGTERM are passed on to it; a second Ctrl-C kills it.

Examples:
  runlens run -- python3 train.py config/train_shakespeare_char.py
  runlens run -p gpt2 -n lr-3e-4 --parser nanogpt -- python3 train.py --learning_rate=3e-4`,
    )
    // loaded on use: the recorders and the store stay out of `runlens run --help`
    .action(async (argv: string[], o: RunOptions) => (await import('./run-action.js')).runAction(argv, o, parsers));
}
