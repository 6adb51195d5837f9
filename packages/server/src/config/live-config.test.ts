import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventBus, type RunlensEvents } from '@runlens/core';
import { ConfigSource } from './config-source.js';
import { LiveConfig, plotSettingsOf, restartNotices } from './live-config.js';
import { RunlensConfigSchema } from './config-schema.js';

describe('plotSettingsOf', () => {
  it('takes theme, user themes and plot defaults from the config', () => {
    const config = RunlensConfigSchema.parse({ theme: 'a', themes: { a: { extends: 'dark' } }, plot: { width: 300, renderer: 'vega-lite' } });
    expect(plotSettingsOf(config)).toEqual({ theme: 'a', userThemes: { a: { extends: 'dark' } }, renderer: 'vega-lite', width: 300, height: 500 });
  });
});

describe('restartNotices', () => {
  it('names what a running server cannot apply; themes and plot defaults need nothing', () => {
    expect(restartNotices(['plot.width', 'theme', 'themes.poster'])).toEqual([]);
    expect(restartNotices(['plugins', 'themes.a'])).toEqual(['plugins changed: plugins load at start, restart runlens serve to load the new list']);
    expect(restartNotices(['cache.memoryMb', 'port', 'plot.height'])).toEqual(['cache.memoryMb, port changed: they take effect when runlens serve restarts']);
    expect(restartNotices(['token'])).toEqual(['token changed: it takes effect when runlens serve restarts']);
    // a key that merely starts like a live one is not one
    expect(restartNotices(['plotter'])).toEqual(['plotter changed: it takes effect when runlens serve restarts']);
  });
});

describe('LiveConfig', () => {
  it('follows config.changed: new plot settings at once, a notice for what needs a restart, nothing after stop', async () => {
    const d = mkdtempSync(join(tmpdir(), 'runlens-live-config-'));
    const file = join(d, 'runlens.config.yaml');
    writeFileSync(file, 'themes:\n  poster: { background: "#102030" }\n');
    const source = new ConfigSource({ cwd: d, env: {} });
    const live = new LiveConfig(source);
    expect(live.plotSettings).toEqual({ theme: 'default', userThemes: { poster: { background: '#102030' } }, renderer: 'echarts', width: 800, height: 500 });

    // a bus that exists only later
    const bus = new EventBus<RunlensEvents>();
    source.publishTo(bus);
    const notices: string[] = [];
    const stop = live.follow(bus, (line) => void notices.push(line));

    writeFileSync(file, 'theme: poster\nplugins: [./p.mjs]\nplot: { width: 640 }\nthemes:\n  poster: { background: "#405060" }\n');
    expect(await source.reloadConfig()).toEqual(['plot.width', 'plugins', 'theme', 'themes.poster']);
    expect(live.plotSettings).toEqual({ theme: 'poster', userThemes: { poster: { background: '#405060' } }, renderer: 'echarts', width: 640, height: 500 });
    expect(notices).toEqual(['plugins changed: plugins load at start, restart runlens serve to load the new list']);

    stop();
    writeFileSync(file, 'theme: dark\n');
    expect(await source.reloadConfig()).toEqual(['plot.width', 'plugins', 'theme', 'themes.poster']);
    expect(live.plotSettings.theme).toBe('poster');
    expect(notices).toHaveLength(1);
  });
});
