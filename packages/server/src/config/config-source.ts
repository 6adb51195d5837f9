/**
 * The config of a running app: loaded once, reloaded on demand (a file watcher or SIGHUP can call `reloadConfig`),
 * announcing what changed on the event bus so caches and themes can follow.
 */
import type { EventBus, RunlensEvents } from '@runlens/core';
import { changedConfigKeys } from './changed-keys.js';
import { loadConfig, type LoadConfigOptions, type LoadedConfig } from './load-config.js';

export class ConfigSource {
  private loaded: LoadedConfig;

  /** Loads now; throws like `loadConfig` when the config is invalid. */
  constructor(private readonly options: LoadConfigOptions = {}, private bus?: EventBus<RunlensEvents>) {
    this.loaded = loadConfig(options);
  }

  /** Publishes `config.changed` on `bus` from now on (for a bus that exists only after the config was needed). */
  publishTo(bus: EventBus<RunlensEvents>): void {
    this.bus = bus;
  }

  get current(): LoadedConfig {
    return this.loaded;
  }

  /**
   * Reads the config again. An invalid config throws and leaves the current one in place (a typo while editing must
   * not take settings away from a running server). Publishes `config.changed` when any key changed, after handlers
   * have finished; returns the changed keys.
   */
  async reloadConfig(): Promise<string[]> {
    const next = loadConfig(this.options);
    const changedKeys = changedConfigKeys(this.loaded.config, next.config);
    this.loaded = next;
    if (changedKeys.length && this.bus) await this.bus.publish('config.changed', { changedKeys });
    return changedKeys;
  }
}
