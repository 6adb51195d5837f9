import type { Command } from 'commander';
import { DEFAULT_HOST, startServer } from '../../server/app.js';
import { defaultDataDir, defaultPort, env, parsePort, parsePositiveInt } from '../options.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Serve the REST API, live updates and dashboard on the embedded store')
    .option('--data <dir>', 'data directory (RUNLENS_DATA)', defaultDataDir())
    .option('--port <n>', 'port; 0 picks a free one (RUNLENS_PORT)', parsePort, defaultPort())
    .option('--host <host>', 'interface to bind; anything but loopback requires --token', env.RUNLENS_HOST ?? DEFAULT_HOST)
    .option('--token <token>', 'require this bearer token on every API request (RUNLENS_TOKEN)', env.RUNLENS_TOKEN)
    .option('--heartbeat-timeout <seconds>', 'mark a running run crashed after this long without a heartbeat', parsePositiveInt('heartbeat timeout'), 120)
    .option('--log', 'log every request (JSON lines on stdout)', false)
    .action(async (o: { data: string; port: number; host: string; token?: string; heartbeatTimeout: number; log: boolean }) => {
      const server = await startServer({ dataDir: o.data, port: o.port, host: o.host, token: o.token, heartbeatTimeoutMs: o.heartbeatTimeout * 1000, logger: o.log });
      console.log(`runlens serving ${server.url}  (data: ${o.data}${o.token ? ', token required' : ''})`);
      console.log(`API docs: ${server.url}/docs   stop: Ctrl-C`);
      await waitForSignal();
      await server.close();
    });
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
