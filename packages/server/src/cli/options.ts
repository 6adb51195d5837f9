/** Defaults shared by CLI commands, each overridable by a RUNLENS_* environment variable. */
import type { Command } from 'commander';
import { DEFAULT_PORT } from '../server/app.js';

export const env = process.env;

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

/** `--data`, `--url`, `--token`: where read-only commands (ls, export) read runs from. */
export function addRunSourceOptions(cmd: Command): Command {
  return cmd
    .option('--data <dir>', 'data directory to read (RUNLENS_DATA)', defaultDataDir())
    .option('--url <url>', 'read from a runlens server instead of the data directory (RUNLENS_URL)', env.RUNLENS_URL)
    .option('--token <token>', 'bearer token for --url (RUNLENS_TOKEN)', env.RUNLENS_TOKEN);
}
