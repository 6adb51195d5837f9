/** Defaults shared by CLI commands, each overridable by a RUNLENS_* environment variable. */
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
