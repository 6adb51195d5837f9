/**
 * Defaults shared by CLI commands, each overridable by a RUNLENS_* environment variable. Commands that read the
 * config file (`serve`, `plugins`) take `--config` and resolve each setting as flag > environment > config file >
 * default: they leave the flag without a commander default and fall back to `loadCliConfig(o).config`, which already
 * lays the environment over the file.
 */
import type { Command } from 'commander';

// Light on purpose: every command's registration imports this module, and `runlens --help` must not load the
// server, the config schemas or @runlens/core (see main.ts). The config is read by cli-config.ts, loaded on use.

export const env = process.env;

/** The server's default port: the same number as server/app.ts's DEFAULT_PORT (options.test.ts checks it). */
export const DEFAULT_PORT = 7878;

export function defaultDataDir(): string {
  return env.RUNLENS_DATA ?? './.runlens';
}

export function defaultPort(): number {
  const p = env.RUNLENS_PORT;
  return p === undefined ? DEFAULT_PORT : parsePort(p);
}

export function parsePort(s: string): number {
  const n = Number(s);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`port must be a whole number from 0 to 65535, got "${s}"`);
  return n;
}

export function parsePositiveInt(what: string) {
  return (s: string): number => {
    const n = Number(s);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`${what} must be a positive whole number, got "${s}"`);
    return n;
  };
}

/** The flags addRunSourceOptions adds, as commander parses them. */
export interface RunSourceFlags {
  data: string;
  url?: string;
  token?: string;
}

/** `--data`, `--url`, `--token`: where read-only commands (ls, export, plot) read runs from. */
export function addRunSourceOptions(cmd: Command): Command {
  return dataDirFromConfig(cmd
    .option('--data <dir>', 'data directory to read (RUNLENS_DATA, config "data")', defaultDataDir())
    .option('--url <url>', 'read from a runlens server instead of the data directory (RUNLENS_URL)', env.RUNLENS_URL)
    .option('--token <token>', 'bearer token for --url (RUNLENS_TOKEN)', env.RUNLENS_TOKEN));
}

/**
 * When `--data` is not on the command line, use the config's `data` (RUNLENS_DATA, else the config file, else
 * ./.runlens), so `serve`, `ls` and `plot` agree on where the runs are. Runs just before the action: `--help` never
 * reads the config.
 */
export function dataDirFromConfig(cmd: Command): Command {
  return cmd.hook('preAction', async (_program, action) => {
    if (action.getOptionValueSource('data') === 'cli') return;
    const { loadCliConfig } = await import('./cli-config.js');
    action.setOptionValueWithSource('data', loadCliConfig(action.opts<{ config?: string }>()).config.data, 'config');
  });
}

/** `--config <file>`: the config file to read instead of runlens.config.yaml|yml|json in the working directory. */
export function addConfigOption(cmd: Command): Command {
  return cmd.option('--config <file>', 'config file (RUNLENS_CONFIG; default: runlens.config.yaml, .yml or .json in this folder)');
}
