import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLUGIN_API_VERSION, PluginRegistry, type PlotPlugin } from '@runlens/core';
import { lazyPluginRegistry, loadPlugins, pluginSourceOf, registryWithPlugins } from './load-plugins.js';

/** A plot plugin module in the factory form: needs no imports, so it works from a temp folder. */
function plotModule(name: string, extra = ''): string {
  return `export default ({ z, apiVersion }) => ({
  kind: 'plot', name: ${JSON.stringify(name)}, apiVersion, description: 'test plot ${name}',
  options: z.object({}), marks: ['bar'], needs: () => ({}),
  compile: () => { throw new Error('not in this test'); }, ${extra}
});\n`;
}

function folder(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'runlens-plugins-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(d, path, '..'), { recursive: true });
    writeFileSync(join(d, path), text);
  }
  return d;
}

describe('loadPlugins', () => {
  it('loads a path plugin (factory form) whose options are real zod', async () => {
    const d = folder({ 'plugins/bars.mjs': plotModule('acme/bars') });
    const registry = new PluginRegistry();
    const report = await loadPlugins(registry, ['./plugins/bars.mjs'], { baseDir: d });
    expect(report).toEqual({ loaded: [{ kind: 'plot', name: 'acme/bars', description: 'test plot acme/bars', source: 'path', from: './plugins/bars.mjs' }], errors: [] });
    const p = registry.require('plot', 'acme/bars') as PlotPlugin<Record<string, unknown>>;
    expect(p.options.safeParse({}).success).toBe(true);
  });

  it('accepts a list, a named `plugins` export and plain objects', async () => {
    const schema = '{ safeParse: (v) => ({ success: true, data: v }), parse: (v) => v }';
    const plain = (n: string) => `{ kind: 'plot', name: '${n}', apiVersion: ${PLUGIN_API_VERSION}, description: 'd', options: ${schema}, marks: ['line'], needs: () => ({}), compile: () => null }`;
    const d = folder({
      'list.mjs': `export default [${plain('one')}, ${plain('two')}];`,
      'named.mjs': `export const plugins = ${plain('three')};`,
    });
    const registry = new PluginRegistry();
    const report = await loadPlugins(registry, ['./list.mjs', './named.mjs'], { baseDir: d });
    expect(report.errors).toEqual([]);
    expect(registry.list('plot').map((p) => p.name)).toEqual(['one', 'two', 'three']);
  });

  it('loads npm packages from the config folder, scoped ones too', async () => {
    const d = folder({
      'node_modules/runlens-plugin-acme/package.json': JSON.stringify({ name: 'runlens-plugin-acme', type: 'module', main: 'index.js' }),
      'node_modules/runlens-plugin-acme/index.js': plotModule('acme'),
      'node_modules/@lab/plots/package.json': JSON.stringify({ name: '@lab/plots', type: 'module', exports: { '.': { default: './main.js' } } }),
      'node_modules/@lab/plots/main.js': plotModule('lab/plots'),
    });
    const registry = new PluginRegistry();
    const report = await loadPlugins(registry, ['runlens-plugin-acme', '@lab/plots', 'runlens-plugin-nope'], { baseDir: d });
    expect(report.loaded.map((p) => [p.name, p.source])).toEqual([['acme', 'package'], ['lab/plots', 'package']]);
    expect(report.errors).toEqual([{ from: 'runlens-plugin-nope', source: 'package', reason: expect.stringMatching(/package not found: runlens-plugin-nope|Cannot find (package|module) 'runlens-plugin-nope'/) }]);
  });

  it('reports and skips broken plugins; the rest loads', async () => {
    const d = folder({
      'good.mjs': plotModule('good'),
      'throws.mjs': "throw new Error('boom at import');",
      'syntax.mjs': 'export default {{;',
      'nothing.mjs': 'export const x = 1;',
      'no-compile.mjs': plotModule('half', 'compile: undefined,'),
      'bad-marks.mjs': plotModule('marks', "marks: ['line', 'pie'],"),
      'bad-kind.mjs': "export default { kind: 'widget', name: 'w' };",
      'not-object.mjs': "export default ['just a string'];",
      'dup.mjs': plotModule('good'),
      'old-api.mjs': plotModule('old', 'apiVersion: 0,'),
      'bad-name.mjs': plotModule('Bad Name <script>'),
      'factory-throws.mjs': "export default () => { throw new Error('factory boom'); };",
    });
    const registry = new PluginRegistry();
    const entries = ['./good.mjs', './throws.mjs', './syntax.mjs', './nothing.mjs', './no-compile.mjs', './bad-marks.mjs', './bad-kind.mjs', './not-object.mjs', './dup.mjs', './old-api.mjs', './bad-name.mjs', './factory-throws.mjs', './missing.mjs'];
    const report = await loadPlugins(registry, entries, { baseDir: d });
    expect(report.loaded.map((p) => p.name)).toEqual(['good']);
    const reasons = Object.fromEntries(report.errors.map((e) => [e.from, `${e.name ?? ''}|${e.reason}`]));
    expect(reasons['./throws.mjs']).toBe('|boom at import');
    expect(reasons['./syntax.mjs']).toMatch(/^\|.*(unexpected|syntax)/i); // the wording differs between Node and vitest's loader
    expect(reasons['./nothing.mjs']).toMatch(/exports no plugin/);
    expect(reasons['./no-compile.mjs']).toBe('half|missing function compile()');
    expect(reasons['./bad-marks.mjs']).toBe('marks|unknown mark type "pie" (one of line, area, point, bar, rule, rect, box, polygon, text)');
    expect(reasons['./bad-kind.mjs']).toMatch(/^w\|kind must be one of plot, renderer/);
    expect(reasons['./not-object.mjs']).toMatch(/expected a plugin object/);
    expect(reasons['./dup.mjs']).toBe('good|a plot plugin named "good" is registered already');
    expect(reasons['./old-api.mjs']).toMatch(/built for plugin API 0/);
    expect(reasons['./bad-name.mjs']).toMatch(/invalid plot plugin name: "Bad Name <script>"/);
    expect(reasons['./factory-throws.mjs']).toBe('|the plugin function threw: factory boom');
    expect(reasons['./missing.mjs']).toMatch(/^\|file not found: .*missing\.mjs$/);
    expect(report.errors.every((e) => e.source === 'path')).toBe(true);
    expect(registry.list('plot').map((p) => p.name)).toEqual(['good']);
  });

  it('drops plugins whose requirements nothing provides, and those that depended on them', async () => {
    const d = folder({
      'a.mjs': plotModule('a', "requires: ['renderer:nope'],"),
      'b.mjs': plotModule('b', "requires: ['plot:a'],"),
      'c.mjs': plotModule('c', "requires: ['renderer:echarts', 'fancy'],"),
      'd.mjs': plotModule('d', "capabilities: ['fancy'],"),
    });
    const registry = new PluginRegistry();
    registry.register({ kind: 'renderer', name: 'echarts', apiVersion: PLUGIN_API_VERSION, description: 'built in' } as never);
    const report = await loadPlugins(registry, ['./b.mjs', './a.mjs', './c.mjs', './d.mjs'], { baseDir: d });
    expect(report.loaded.map((p) => p.name)).toEqual(['c', 'd']);
    expect(report.errors).toEqual([
      { from: './a.mjs', source: 'path', kind: 'plot', name: 'a', reason: 'missing dependency renderer:nope (no registered plugin provides it)' },
      { from: './b.mjs', source: 'path', kind: 'plot', name: 'b', reason: 'missing dependency plot:a (no registered plugin provides it)' },
    ]);
    expect(registry.get('plot', 'a')).toBeUndefined();
    expect(registry.get('plot', 'b')).toBeUndefined();
    expect(registry.checkDependencies()).toEqual([]);
  });

  it('gives up on a module that never finishes importing', async () => {
    const d = folder({ 'hang.mjs': 'await new Promise(() => {});\nexport default null;', 'ok.mjs': plotModule('ok') });
    const report = await loadPlugins(new PluginRegistry(), ['./hang.mjs', './ok.mjs'], { baseDir: d, importTimeoutMs: 50 });
    expect(report.errors).toEqual([{ from: './hang.mjs', source: 'path', reason: 'import did not finish within 50 ms: ./hang.mjs' }]);
    expect(report.loaded.map((p) => p.name)).toEqual(['ok']);
  });

  it('an empty list loads nothing', async () => {
    expect(await loadPlugins(new PluginRegistry(), [], { baseDir: tmpdir() })).toEqual({ loaded: [], errors: [] });
  });
});

describe('registryWithPlugins and lazyPluginRegistry', () => {
  it('copies the base registry and leaves it untouched', async () => {
    const base = new PluginRegistry();
    base.register({ kind: 'renderer', name: 'echarts', apiVersion: PLUGIN_API_VERSION, description: 'b' } as never);
    const d = folder({ 'p.mjs': plotModule('p') });
    const { registry } = await registryWithPlugins(base, ['./p.mjs'], { baseDir: d });
    expect(registry.all().map((p) => p.name)).toEqual(['p', 'echarts']);
    expect(base.all().map((p) => p.name)).toEqual(['echarts']);
  });

  it('imports nothing until first asked, then once', async () => {
    const counter = `__runlensLazyTest${Date.now()}`;
    const d = folder({ 'counted.mjs': `globalThis.${counter} = (globalThis.${counter} ?? 0) + 1;\n${plotModule('counted')}` });
    const g = globalThis as Record<string, unknown>;
    let baseCalls = 0;
    const get = lazyPluginRegistry(() => {
      baseCalls++;
      return new PluginRegistry();
    }, { plugins: ['./counted.mjs'], baseDir: d });
    expect(g[counter]).toBeUndefined();
    expect(baseCalls).toBe(0);
    const [a, b] = await Promise.all([get(), get()]);
    expect(a).toBe(b);
    expect(await get()).toBe(a);
    expect(g[counter]).toBe(1);
    expect(baseCalls).toBe(1);
    expect(a.registry.get('plot', 'counted')?.description).toBe('test plot counted');
  });
});

describe('pluginSourceOf', () => {
  it('tells paths from package names', () => {
    for (const p of ['./x.mjs', '../x.mjs', '/abs/x.mjs', 'file:///x.mjs', 'C:\\x.mjs', '.hidden.mjs']) expect(pluginSourceOf(p), p).toBe('path');
    for (const p of ['runlens-plugin-x', '@scope/pkg', 'pkg/sub']) expect(pluginSourceOf(p), p).toBe('package');
  });
});
