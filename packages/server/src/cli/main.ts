/**
 * The `runlens` command line. Each command lives in commands/ and registers itself here.
 *
 * Start-up is kept short: a command's module (and what it imports: the store, the server, analytics, plotting) is
 * loaded only when that command runs. Every other command is a stub with its name, arguments and description, enough
 * for `runlens --help` and for commander's "did you mean" suggestions. See docs/performance.md.
 */
import { Command, CommanderError } from 'commander';
import { RUNLENS_VERSION } from '../version.js';

/** One command: what `runlens --help` lists, and how to load its full registration. */
interface CommandEntry {
  readonly name: string;
  /** Its arguments as commander declares them, e.g. `<kind> [file]`; '' for none. */
  readonly args: string;
  readonly description: string;
  readonly load: () => Promise<(program: Command) => void>;
}

/** In the order `runlens --help` lists them. The descriptions are those the commands register (checked by main.test.ts). */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'serve',
    args: '',
    description: 'Serve the REST API, live updates and dashboard on the embedded store',
    load: async () => (await import('./commands/serve.js')).registerServe,
  },
  {
    name: 'demo',
    args: '',
    description: 'Train a real sweep of small language models, log them, and serve the dashboard',
    load: async () => (await import('./commands/demo.js')).registerDemo,
  },
  {
    name: 'run',
    args: '<command...>',
    description: 'Run a training command and record it: logs, metrics parsed from its output (live), system use, exit status',
    load: async () => (await import('./commands/run.js')).registerRun,
  },
  {
    name: 'ls',
    args: '',
    description: 'List runs as a table (or JSON), with the filter language',
    load: async () => (await import('./commands/ls.js')).registerLs,
  },
  {
    name: 'export',
    args: '',
    description: 'Export runs and/or their series to CSV or JSON (long format: run,key,step,value,time), or TensorBoard event files',
    load: async () => (await import('./commands/export.js')).registerExport,
  },
  {
    name: 'sync',
    args: '<files...>',
    description: 'Upload offline JSONL files written by the clients to a server, or into a data directory (safe to repeat)',
    load: async () => (await import('./commands/sync.js')).registerSync,
  },
  {
    name: 'import',
    args: '<kind> <path>',
    description: 'Import runs from TensorBoard, MLflow, Hugging Face Trainer, CSV or JSONL (importing twice adds nothing)',
    load: async () => (await import('./commands/import.js')).registerImport,
  },
  {
    name: 'analyze',
    args: '<kind> [file]',
    description: 'Analyse runs: stats, outliers, failures, compare, importance, curves, a Markdown report, or a query JSON file',
    load: async () => (await import('./commands/analyze.js')).registerAnalyze,
  },
  {
    name: 'plot',
    args: '<type>',
    description: 'Render a plot of runs to svg, png, pdf, html, csv, json (plotted data) or its spec',
    load: async () => (await import('./commands/plot.js')).registerPlot,
  },
  {
    name: 'openapi',
    args: '',
    description: 'Print (or write) the OpenAPI 3 document of the REST API',
    load: async () => (await import('./commands/openapi.js')).registerOpenApi,
  },
  {
    name: 'plugins',
    args: '',
    description: 'List plugins (plot types, renderers, exporters, processors, parsers, importers) and plugin load errors',
    load: async () => (await import('./commands/plugins.js')).registerPlugins,
  },
];

/** Commands registered as stubs: they take options, though none are registered. */
const STUBS = new WeakSet<Command>();

/** commander's `name [options] <args>`, with `[options]` for a stub too, so the listing reads the same either way. */
function subcommandTerm(cmd: Command): string {
  const args = cmd.registeredArguments.map((a) => {
    const name = `${a.name()}${a.variadic ? '...' : ''}`;
    return a.required ? `<${name}>` : `[${name}]`;
  });
  return [cmd.name(), ...(cmd.options.length > 0 || STUBS.has(cmd) ? ['[options]'] : []), ...args].join(' ');
}

/**
 * The program with the commands in `load` fully registered (all of them when omitted) and the others as stubs.
 * A stub is never run: `main` loads the command argv names before parsing.
 */
export async function buildProgram(load: ReadonlySet<string> = new Set(COMMANDS.map((c) => c.name))): Promise<Command> {
  const program = new Command('runlens')
    .description('Self-hosted experiment tracker, analytics engine and visualizer for ML training')
    .version(RUNLENS_VERSION)
    .showHelpAfterError('(add --help for usage)')
    .configureHelp({ subcommandTerm })
    .exitOverride();
  const registers = await Promise.all(COMMANDS.map((c) => (load.has(c.name) ? c.load() : undefined)));
  COMMANDS.forEach((c, i) => {
    const register = registers[i];
    if (register !== undefined) register(program);
    else {
      const stub = program.command(c.name).description(c.description);
      if (c.args !== '') stub.arguments(c.args);
      STUBS.add(stub);
    }
  });
  return program;
}

/**
 * The command `argv` (node, script, ...args) runs: the first argument that is not an option, or the one after
 * `help`. Undefined for `runlens`, `runlens --help`, `runlens --version` or an unknown command.
 */
export function commandOf(argv: readonly string[]): string | undefined {
  const args = argv.slice(2);
  let i = args.findIndex((a) => !a.startsWith('-'));
  if (args[i] === 'help') i = args.findIndex((a, k) => k > i && !a.startsWith('-'));
  const name = i >= 0 ? args[i] : undefined;
  return COMMANDS.some((c) => c.name === name) ? name : undefined;
}

export async function main(argv: string[]): Promise<void> {
  const name = commandOf(argv);
  const program = await buildProgram(new Set(name === undefined ? [] : [name]));
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      // commander has printed help, the version or the usage error already
      process.exitCode = e.exitCode;
      return;
    }
    // an error from a command's action; most actions have loaded @runlens/core already, so this costs little
    const { isRunlensError } = await import('@runlens/core');
    if (isRunlensError(e)) {
      console.error(`runlens: ${e.message}`);
      process.exitCode = 1;
      return;
    }
    throw e;
  }
}
