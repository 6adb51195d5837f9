import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveTheme } from '@runlens/core';
import { loadConfig } from './load-config.js';
import { envNameOf, readEnvOverrides } from './env-overrides.js';

function dir(): string {
  return mkdtempSync(join(tmpdir(), 'runlens-config-'));
}

function withFile(name: string, text: string): string {
  const d = dir();
  writeFileSync(join(d, name), text);
  return d;
}

describe('loadConfig', () => {
  it('gives defaults without a file or environment', () => {
    const d = dir();
    const { config, file, baseDir } = loadConfig({ cwd: d, env: {} });
    expect(file).toBeUndefined();
    expect(baseDir).toBe(d);
    expect(config).toEqual({
      data: './.runlens',
      host: '127.0.0.1',
      port: 7878,
      theme: 'default',
      themes: {},
      plugins: [],
      cache: { memoryMb: 256, diskMb: 1024 },
      plot: { width: 800, height: 500, renderer: 'echarts' },
    });
  });

  it('reads runlens.config.yaml from the working directory; relative paths are relative to the file', () => {
    const d = withFile('runlens.config.yaml', ['data: ./runs', 'port: 9001', 'theme: poster', 'themes:', '  poster: { extends: publication, fontSize: 14 }', 'plugins: [./p.mjs, some-package]', 'cache:', '  memoryMb: 64', '  dir: cache', 'plot: { width: 1200 }'].join('\n'));
    const { config, file } = loadConfig({ cwd: d, env: {} });
    expect(file).toBe(join(d, 'runlens.config.yaml'));
    expect(config.data).toBe(join(d, 'runs'));
    expect(config.port).toBe(9001);
    expect(config.plugins).toEqual(['./p.mjs', 'some-package']);
    expect(config.cache).toEqual({ memoryMb: 64, diskMb: 1024, dir: join(d, 'cache') });
    expect(config.plot).toEqual({ width: 1200, height: 500, renderer: 'echarts' });
    expect(resolveTheme(config.theme, config.themes).fontFamily).toMatch(/^DejaVu Serif/);
  });

  it('reads .yml and .json, --config and RUNLENS_CONFIG; an empty file is a valid config', () => {
    expect(loadConfig({ cwd: withFile('runlens.config.yml', 'port: 1'), env: {} }).config.port).toBe(1);
    expect(loadConfig({ cwd: withFile('runlens.config.json', '{"port": 2}'), env: {} }).config.port).toBe(2);
    expect(loadConfig({ cwd: withFile('runlens.config.yaml', ''), env: {} }).config.port).toBe(7878);
    expect(loadConfig({ cwd: withFile('runlens.config.yaml', '# only a comment\n'), env: {} }).config.port).toBe(7878);
    const d = withFile('other.yaml', 'port: 3');
    expect(loadConfig({ cwd: d, file: 'other.yaml', env: {} }).config.port).toBe(3);
    expect(loadConfig({ cwd: d, env: { RUNLENS_CONFIG: join(d, 'other.yaml') } }).config.port).toBe(3);
    // the flag wins over the variable
    writeFileSync(join(d, 'flag.json'), '{"port": 4}');
    expect(loadConfig({ cwd: d, file: 'flag.json', env: { RUNLENS_CONFIG: 'other.yaml' } }).config.port).toBe(4);
    expect(() => loadConfig({ cwd: d, file: 'missing.yaml', env: {} })).toThrow('config file not found: missing.yaml');
  });

  it('refuses two config files in one folder', () => {
    const d = withFile('runlens.config.yaml', 'port: 1');
    writeFileSync(join(d, 'runlens.config.json'), '{}');
    expect(() => loadConfig({ cwd: d, env: {} })).toThrow(/more than one config file .*runlens\.config\.yaml, runlens\.config\.json/);
  });

  it('environment overrides the file, nested keys with __', () => {
    const d = withFile('runlens.config.yaml', 'port: 9001\ncache: { memoryMb: 64, diskMb: 10 }\ntheme: dark');
    const { config, fromEnv } = loadConfig({
      cwd: d,
      env: { RUNLENS_PORT: '9002', RUNLENS_CACHE__MEMORY_MB: '512', RUNLENS_THEME: 'publication', RUNLENS_PLUGINS: 'a, ./b.mjs', RUNLENS_DATA: 'rel', RUNLENS_URL: 'http://x', RUNLENS_PROJECT: 'p', RUNLENS_TOKEN: '' },
    });
    expect(config.port).toBe(9002);
    expect(config.cache).toEqual({ memoryMb: 512, diskMb: 10 });
    expect(config.theme).toBe('publication');
    expect(config.plugins).toEqual(['a', './b.mjs']);
    expect(config.data).toBe('rel'); // environment paths are as given (relative to where runlens runs)
    expect(config.token).toBeUndefined(); // empty = unset
    expect(fromEnv.get('cache.memoryMb')).toBe('RUNLENS_CACHE__MEMORY_MB');
  });

  it('names the file and the key in errors', () => {
    const cases: [string, string, RegExp][] = [
      ['runlens.config.yaml', 'cache:\n  memoryMb: lots', /^runlens\.config\.yaml: cache\.memoryMb: expected number, received string$/],
      ['runlens.config.yaml', 'port: 70000', /^runlens\.config\.yaml: port: Too big/],
      ['runlens.config.yaml', 'prot: 1', /^runlens\.config\.yaml: unknown key prot$/],
      ['runlens.config.yaml', 'cache: { memoryMB: 1 }', /^runlens\.config\.yaml: unknown key cache\.memoryMB$/],
      ['runlens.config.yaml', 'plugins: ./one.mjs', /^runlens\.config\.yaml: plugins: expected array/],
      ['runlens.config.yaml', 'themes:\n  poster: { palette: [1] }', /^runlens\.config\.yaml: themes\.poster\.palette\.0: expected string/],
      ['runlens.config.yaml', 'themes:\n  poster: { extends: nope }', /^runlens\.config\.yaml: themes\.poster: unknown theme: nope/],
      ['runlens.config.yaml', 'theme: neon', /^runlens\.config\.yaml: theme: unknown theme: neon \(one of default, dark, publication\)$/],
      ['runlens.config.yaml', 'port: [1\nhost: x', /^runlens\.config\.yaml: invalid YAML: .*line \d+/],
      ['runlens.config.yaml', 'port: 1\nport: 2', /^runlens\.config\.yaml: invalid YAML: Map keys must be unique/],
      ['runlens.config.yaml', '- a\n- b', /^runlens\.config\.yaml: expected a mapping of settings .*got a list/],
      ['runlens.config.json', '{"port": }', /^runlens\.config\.json: invalid JSON/],
      ['runlens.config.json', '"<script>"', /^runlens\.config\.json: expected a mapping .*got string/],
    ];
    for (const [name, text, error] of cases) expect(() => loadConfig({ cwd: withFile(name, text), env: {} }), text).toThrow(error);
  });

  it('names the environment variable when the environment is to blame', () => {
    const d = withFile('runlens.config.yaml', 'port: 1');
    expect(() => loadConfig({ cwd: d, env: { RUNLENS_PORT: 'abc' } })).toThrow('environment RUNLENS_PORT: expected a number, got "abc"');
    expect(() => loadConfig({ cwd: d, env: { RUNLENS_PORT: '1.5' } })).toThrow(/^environment RUNLENS_PORT: port: expected int/);
    expect(() => loadConfig({ cwd: d, env: { RUNLENS_CACHE__MAX_MB: '5' } })).toThrow('environment RUNLENS_CACHE__MAX_MB: no such config key (one of RUNLENS_CACHE__MEMORY_MB, RUNLENS_CACHE__DISK_MB, RUNLENS_CACHE__DIR)');
    expect(() => loadConfig({ cwd: d, env: { RUNLENS_CAHCE__MEMORY_MB: '5' } })).toThrow(/RUNLENS_CAHCE__MEMORY_MB: no such config key \(config sections settable this way: cache, plot\)/);
    expect(() => loadConfig({ cwd: d, env: { RUNLENS_THEMES: 'x' } })).toThrow(/RUNLENS_THEMES: "themes" cannot be set from the environment/);
    expect(() => loadConfig({ cwd: d, env: { RUNLENS_THEME: 'neon' } })).toThrow(/^environment RUNLENS_THEME: theme: unknown theme: neon/);
  });

  it('unicode and odd characters in values survive', () => {
    const d = withFile('runlens.config.yaml', 'data: "./données <script>"\nplot: { renderer: "vega-lite" }');
    expect(loadConfig({ cwd: d, env: {} }).config.data).toBe(join(d, 'données <script>'));
    mkdirSync(join(d, 'sub'));
    expect(loadConfig({ cwd: join(d, 'sub'), env: {} }).file).toBeUndefined(); // the working directory only, not parents
  });
});

describe('env names', () => {
  it('map camelCase keys to RUNLENS_ names with __ between levels', () => {
    expect(envNameOf('cache.memoryMb')).toBe('RUNLENS_CACHE__MEMORY_MB');
    expect(envNameOf('port')).toBe('RUNLENS_PORT');
    expect(readEnvOverrides({ RUNLENS_PLOT__WIDTH: '640', RUNLENS_MODE: 'offline' }).values).toEqual({ plot: { width: 640 } });
  });
});
