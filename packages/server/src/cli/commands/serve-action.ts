/** What `runlens serve` does; loaded when it runs (serve.ts registers the command). */
import { isRunlensError } from '@runlens/core';
import { startServer } from '../../server/app.js';
import { ConfigSource } from '../../config/config-source.js';
import { LiveConfig } from '../../config/live-config.js';
import { builtinRegistry } from '../../plugins/builtin-registry.js';
import { registryWithPlugins } from '../../plugins/load-plugins.js';
import { sanitizeForTerminal } from '../format.js';
import { env } from '../options.js';
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
  // the config as `loadCliConfig` reads it (--config, else RUNLENS_CONFIG, else the working directory's file), kept
  // so that SIGHUP can re-read it and the plot routes follow what changed
  const source = new ConfigSource({ file: o.config, env });
  const { config, file, baseDir } = source.current;
  const data = o.data ?? config.data;
  const token = o.token ?? config.token;
  // plugins load once, at start (a reload says when the list changed); a broken one is reported and skipped
  const plugins = await registryWithPlugins(builtinRegistry(), config.plugins, { baseDir });
  for (const e of plugins.report.errors) console.error(`warning: ${sanitizeForTerminal(`plugin ${e.name ?? e.from} (${e.from}) skipped: ${e.reason}`)}`);
  const live = new LiveConfig(source);
  const server = await startServer({
    dataDir: data,
    port: o.port ?? config.port,
    host: o.host ?? config.host,
    token,
    heartbeatTimeoutMs: o.heartbeatTimeout * 1000,
    logger: o.log,
    cache: config.cache,
    registry: plugins.registry,
    plotSettings: () => live.plotSettings,
  });
  // SIGHUP re-reads the config and announces what changed on the bus; themes and plot defaults apply at once, the
  // rest (plugins, cache sizes, port, …) is named as needing a restart. The handler is in place before the URL is
  // printed: whoever waits for the URL may send SIGHUP at once (unhandled, it would end the process).
  source.publishTo(server.bus);
  const stopFollowing = live.follow(server.bus, (line) => console.error(`runlens: ${line}`));
  const onHangup = () => {
    source.reloadConfig().then(
      (keys) => console.log(keys.length ? `config reloaded: ${keys.join(', ')} changed` : 'config reloaded: nothing changed'),
      (e: unknown) => console.error(`runlens: config not reloaded, keeping the current one: ${isRunlensError(e) ? e.message : String(e)}`),
    );
  };
  process.on('SIGHUP', onHangup);
  console.log(`runlens serving ${server.url}  (data: ${data}${token ? ', token required' : ''}${file ? `, config: ${file}` : ''})`);
  console.log(`API docs: ${server.url}/docs   stop: Ctrl-C`);
  await waitForSignal();
  process.off('SIGHUP', onHangup);
  stopFollowing();
  await server.close();
}
