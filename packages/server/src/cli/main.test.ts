import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PORT as SERVER_DEFAULT_PORT } from '../server/app.js';
import { buildProgram, commandOf, COMMANDS } from './main.js';
import { DEFAULT_PORT } from './options.js';

const BIN = fileURLToPath(new URL('../../bin/runlens.js', import.meta.url));
const BUILT = existsSync(fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url)));

function subcommand(program: Command, name: string): Command {
  const cmd = program.commands.find((c) => c.name() === name);
  if (cmd === undefined) throw new Error(`no command ${name}`);
  return cmd;
}

describe('runlens command table', () => {
  it('lists the commands in --help exactly as their full registrations do', async () => {
    const full = await buildProgram();
    const stubs = await buildProgram(new Set());
    expect(stubs.helpInformation()).toBe(full.helpInformation());
    expect(full.commands.map((c) => c.name())).toEqual(COMMANDS.map((c) => c.name));
    for (const entry of COMMANDS) {
      const cmd = subcommand(full, entry.name);
      expect(cmd.description(), entry.name).toBe(entry.description);
      const args = cmd.registeredArguments.map((a) => (a.required ? `<${a.name()}${a.variadic ? '...' : ''}>` : `[${a.name()}${a.variadic ? '...' : ''}]`));
      expect(args.join(' '), entry.name).toBe(entry.args);
      expect(cmd.options.length, `${entry.name} takes options`).toBeGreaterThan(0);
    }
  });

  it('registers only the command argv names in full', async () => {
    const program = await buildProgram(new Set(['ls']));
    expect(subcommand(program, 'ls').options.length).toBeGreaterThan(0);
    expect(subcommand(program, 'analyze').options).toEqual([]);
  });

  it('finds the command argv runs', () => {
    const argv = (...args: string[]) => ['node', 'runlens', ...args];
    expect(commandOf(argv())).toBeUndefined();
    expect(commandOf(argv('--help'))).toBeUndefined();
    expect(commandOf(argv('-V'))).toBeUndefined();
    expect(commandOf(argv('ls', '--data', 'x'))).toBe('ls');
    expect(commandOf(argv('analyze', '--help'))).toBe('analyze');
    expect(commandOf(argv('help', 'plot'))).toBe('plot');
    expect(commandOf(argv('help'))).toBeUndefined();
    expect(commandOf(argv('lss'))).toBeUndefined();
  });

  it('defaults to the port the server defaults to', () => {
    expect(DEFAULT_PORT).toBe(SERVER_DEFAULT_PORT);
  });
});

/** The modules `runlens ARGS` loads, as file URLs (an ESM resolve hook reports them on stderr). */
function loadedModules(args: string[]): string[] {
  const hooks = `import { writeSync } from 'node:fs'; export async function resolve(s, c, next) { const r = await next(s, c); writeSync(2, 'LOADED ' + r.url + '\\n'); return r; }`;
  const register = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)});`;
  const r = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(register)}`, BIN, ...args], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stderr.split('\n').filter((l) => l.startsWith('LOADED ')).map((l) => l.slice('LOADED '.length));
}

describe.runIf(BUILT)('runlens start-up (built CLI)', () => {
  it('--help and a light command\'s --help load neither @runlens/core, the store nor the server', () => {
    for (const args of [['--help'], ['ls', '--help'], ['analyze', '--help'], ['serve', '--help'], ['export', '--help']]) {
      const loaded = loadedModules(args);
      expect(loaded.some((u) => u.includes('/cli/main.js')), args.join(' ')).toBe(true);
      const heavy = loaded.filter((u) => /\/core\/(dist|src)\/|\/@runlens\/core\/|better-sqlite3|fastify|echarts|zod/.test(u));
      expect(heavy, args.join(' ')).toEqual([]);
    }
  });
});
