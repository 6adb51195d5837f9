/**
 * What a running server takes from its config per request, and how a reload reaches it: the plot routes read
 * {@link PlotSettings} (default theme, user themes, figure size, renderer) on every render, so a `config.changed`
 * swaps them at once. Everything else (data directory, host, port, token, cache sizes, plugins) is read once at
 * start; a reload that changes it says a restart is needed.
 */
import type { EventBus, RunlensEvents } from '@runlens/core';
import type { PlotSettings } from '../plots/plot-request.js';
import type { RunlensConfig } from './config-schema.js';
import type { ConfigSource } from './config-source.js';

/** The plot defaults and user themes of a config, as `runlens plot` and the plot routes render with them. */
export function plotSettingsOf(config: RunlensConfig): PlotSettings {
  return { theme: config.theme, userThemes: config.themes, renderer: config.plot.renderer, width: config.plot.width, height: config.plot.height };
}

/** Top-level keys a running server applies on reload (dot keys under them too: `themes.poster`, `plot.width`). */
export const LIVE_CONFIG_KEYS = ['theme', 'themes', 'plot'] as const;

function isLive(key: string): boolean {
  return LIVE_CONFIG_KEYS.some((k) => key === k || key.startsWith(`${k}.`));
}

/** The lines to print for changed keys a running server cannot apply (empty when it applied them all). */
export function restartNotices(changedKeys: readonly string[]): string[] {
  const notices: string[] = [];
  if (changedKeys.includes('plugins')) notices.push('plugins changed: plugins load at start, restart runlens serve to load the new list');
  const others = changedKeys.filter((k) => k !== 'plugins' && !isLive(k));
  if (others.length) notices.push(`${others.join(', ')} changed: ${others.length === 1 ? 'it takes' : 'they take'} effect when runlens serve restarts`);
  return notices;
}

/**
 * The live part of a config: {@link plotSettings} always reflects the config last loaded by `source`, once
 * {@link follow} has subscribed it to the bus that `source` publishes `config.changed` on.
 */
export class LiveConfig {
  private settings: PlotSettings;

  constructor(private readonly source: ConfigSource) {
    this.settings = plotSettingsOf(source.current.config);
  }

  /** The plot settings now; pass `() => live.plotSettings` to the server so every request reads the latest. */
  get plotSettings(): PlotSettings {
    return this.settings;
  }

  /**
   * Applies every `config.changed` on `bus`: swaps the plot settings, and hands `notice` a line for each change that
   * needs a restart. Returns the function that stops following.
   */
  follow(bus: EventBus<RunlensEvents>, notice: (line: string) => void): () => void {
    return bus.on('config.changed', ({ changedKeys }) => {
      this.settings = plotSettingsOf(this.source.current.config);
      for (const line of restartNotices(changedKeys)) notice(line);
    });
  }
}
