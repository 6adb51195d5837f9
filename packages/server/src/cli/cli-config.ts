/** The config file as CLI commands read it; apart from options.ts so that registering a command does not load it. */
import { loadConfig, type LoadedConfig } from '../config/load-config.js';
import { env } from './options.js';

/** The config for a command's options: `--config`, else RUNLENS_CONFIG, else the file in the working directory. */
export function loadCliConfig(o: { config?: string | undefined }): LoadedConfig {
  return loadConfig({ file: o.config, env });
}
