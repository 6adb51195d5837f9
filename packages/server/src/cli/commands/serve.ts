import type { Command } from 'commander';
import { isRunlensError } from '@runlens/core';
import { startServer } from '../../server/app.js';
import { ConfigSource } from '../../config/config-source.js';
import { addConfigOption, loadCliConfig, parsePort, parsePositiveInt } from '../options.js';

interface ServeOptions {
  config?: string;
  data?: string;
  port?: number;
  host?: string;
  token?: string;
  heartbeatTimeout: number;
  log: boolean;
}

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
    .action(async (o: ServeOptions) => {
      const { config, file } = loadCliConfig(o);
      const data = o.data ?? config.data;
      const token = o.token ?? config.token;
      const server = await startServer({ dataDir: data, port: o.port ?? config.port, host: o.host ?? config.host, token, heartbeatTimeoutMs: o.heartbeatTimeout * 1000, logger: o.log, cache: config.cache });
      console.log(`runlens serving ${server.url}  (data: ${data}${token ? ', token required' : ''}${file ? `, config: ${file}` : ''})`);
      console.log(`API docs: ${server.url}/docs   stop: Ctrl-C`);
      // SIGHUP re-reads the config and announces what changed on the bus (themes, cache sizes, plot defaults)
      const source = new ConfigSource({ file: o.config }, server.bus);
      const onHangup = () => {
        source.reloadConfig().then(
          (keys) => console.log(keys.length ? `config reloaded: ${keys.join(', ')} changed` : 'config reloaded: nothing changed'),
          (e: unknown) => console.error(`runlens: config not reloaded, keeping the current one: ${isRunlensError(e) ? e.message : String(e)}`),
        );
      };
      process.on('SIGHUP', onHangup);
      await waitForSignal();
      process.off('SIGHUP', onHangup);
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
