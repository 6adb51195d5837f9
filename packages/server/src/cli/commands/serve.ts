import type { Command } from 'commander';
import { addConfigOption, parsePort, parsePositiveInt } from '../options.js';
import type { ServeOptions } from './serve-action.js';

export function registerServe(program: Command): void {
  addConfigOption(program
    .command('serve')
    .description('Serve the REST API, live updates and dashboard on the embedded store'))
    .option('--data <dir>', 'data directory (RUNLENS_DATA, config "data"; default ./.runlens)')
    .option('--port <n>', 'port; 0 picks a free one (RUNLENS_PORT, config "port"; default 7878)', parsePort)
    .option('--host <host>', 'interface to bind; anything but loopback requires --token (RUNLENS_HOST, config "host"; default 127.0.0.1)')
    .option('--token <token>', 'require this bearer token on every API request (RUNLENS_TOKEN, config "token")')
    .option('--heartbeat-timeout <seconds>', 'mark a running run crashed after this long without a heartbeat', parsePositiveInt('heartbeat timeout'), 120)
    .option('--log', 'log every request (JSON lines on stdout)', false)
    // loaded on use: the server and @runlens/core stay out of `runlens serve --help`
    .action(async (o: ServeOptions) => (await import('./serve-action.js')).serveAction(o));
}

/** Resolves on the first SIGINT or SIGTERM; a second one exits at once. */
export function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.once('SIGINT', () => process.exit(130));
      process.once('SIGTERM', () => process.exit(143));
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
