/** What `runlens serve` does; loaded when it runs (serve.ts registers the command). */
import { isRunlensError } from '@runlens/core';
import { startServer } from '../../server/app.js';
import { ConfigSource } from '../../config/config-source.js';
import { loadCliConfig } from '../cli-config.js';
import { waitForSignal } from './serve.js';

export interface ServeOptions {
  config?: string;
  data?: string;
  port?: number;
  host?: string;
  token?: string;
  heartbeatTimeout: number;
  log: boolean;
}

export async function serveAction(o: ServeOptions): Promise<void> {
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
}
