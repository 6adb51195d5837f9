import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventBus, type RunlensEvents } from '@runlens/core';
import { ConfigSource } from './config-source.js';
import { changedConfigKeys } from './changed-keys.js';
import { loadConfig } from './load-config.js';

describe('ConfigSource.reloadConfig', () => {
  it('publishes config.changed with the changed keys, and nothing when nothing changed', async () => {
    const d = mkdtempSync(join(tmpdir(), 'runlens-config-'));
    const file = join(d, 'runlens.config.yaml');
    writeFileSync(file, 'port: 1\ncache: { memoryMb: 10 }\nthemes:\n  a: { fontSize: 12 }\n');
    const bus = new EventBus<RunlensEvents>();
    const events: string[][] = [];
    bus.on('config.changed', (e) => void events.push(e.changedKeys));
    const source = new ConfigSource({ cwd: d, env: {} }, bus);
    expect(source.current.config.port).toBe(1);

    expect(await source.reloadConfig()).toEqual([]);
    expect(events).toEqual([]);

    writeFileSync(file, 'port: 1\ncache: { memoryMb: 20, diskMb: 5 }\nthemes:\n  a: { fontSize: 13 }\nplugins: [x]\n');
    expect(await source.reloadConfig()).toEqual(['cache.diskMb', 'cache.memoryMb', 'plugins', 'themes.a']);
    expect(events).toEqual([['cache.diskMb', 'cache.memoryMb', 'plugins', 'themes.a']]);
    expect(source.current.config.cache.memoryMb).toBe(20);
  });

  it('keeps the current config when the new file is invalid', async () => {
    const d = mkdtempSync(join(tmpdir(), 'runlens-config-'));
    const file = join(d, 'runlens.config.json');
    writeFileSync(file, '{"port": 5}');
    const bus = new EventBus<RunlensEvents>();
    let published = 0;
    bus.on('config.changed', () => void published++);
    const source = new ConfigSource({ cwd: d, env: {} }, bus);
    writeFileSync(file, '{"port": "five"}');
    await expect(source.reloadConfig()).rejects.toThrow('runlens.config.json: port: expected number, received string');
    expect(source.current.config.port).toBe(5);
    expect(published).toBe(0);
  });
});

describe('changedConfigKeys', () => {
  it('compares lists whole and themes one by one', () => {
    const d = mkdtempSync(join(tmpdir(), 'runlens-config-'));
    const a = loadConfig({ cwd: d, env: {} }).config;
    expect(changedConfigKeys(a, a)).toEqual([]);
    expect(changedConfigKeys(a, { ...a, plugins: ['x'], themes: { b: { fontSize: 9 } }, token: 't' })).toEqual(['plugins', 'themes.b', 'token']);
  });
});
