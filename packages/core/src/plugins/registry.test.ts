import { describe, expect, it } from 'vitest';
import { PLUGIN_API_VERSION, PluginRegistry, type AnyPlugin } from './registry.js';

const plot = (name: string, extra: Partial<AnyPlugin> = {}): AnyPlugin => ({ kind: 'plot', name, apiVersion: PLUGIN_API_VERSION, description: 'a plot', ...extra }) as AnyPlugin;

describe('PluginRegistry', () => {
  it('registers, looks up by kind and name, and lists in registration order', () => {
    const r = new PluginRegistry();
    r.register(plot('curves'));
    r.register(plot('acme/loss-curves'));
    r.register({ kind: 'renderer', name: 'curves', apiVersion: PLUGIN_API_VERSION, description: 'same name, other kind' } as AnyPlugin);
    expect(r.get('plot', 'curves')?.description).toBe('a plot');
    expect(r.get('renderer', 'curves')?.description).toBe('same name, other kind');
    expect(r.list('plot').map((p) => p.name)).toEqual(['curves', 'acme/loss-curves']);
    expect(r.get('plot', 'nope')).toBeUndefined();
    expect(r.list('exporter')).toEqual([]);
  });

  it('rejects duplicates, bad names, bad kinds and other API versions with clear errors', () => {
    const r = new PluginRegistry();
    r.register(plot('curves'));
    expect(() => r.register(plot('curves'))).toThrow(/plot plugin named "curves" is registered already/);
    for (const bad of ['', 'Curves', 'my plot', '-x', 'a//b', 'x'.repeat(65), '../etc', 'a/b/c']) {
      expect(() => r.register(plot(bad)), bad).toThrow(/invalid plot plugin name/);
    }
    expect(() => r.register({ kind: 'widget', name: 'x', apiVersion: PLUGIN_API_VERSION, description: '' } as unknown as AnyPlugin)).toThrow(/invalid plugin kind: widget/);
    expect(() => r.register(plot('old', { apiVersion: 0 }))).toThrow(/plugin API 0; this runlens supports 1/);
  });

  it('require names the valid choices for an unknown plugin', () => {
    const r = new PluginRegistry();
    r.register(plot('curves'));
    r.register(plot('compare'));
    expect(() => r.require('plot', 'pie')).toThrow('unknown plot: pie (one of curves, compare)');
    expect(r.require('plot', 'compare').name).toBe('compare');
  });
});

describe('PluginRegistry dependencies', () => {
  it('a requirement is met by a plugin of that kind:name or by a declared capability', () => {
    const r = new PluginRegistry();
    r.register(plot('curves', { requires: ['renderer:echarts', 'processor:ema'] }));
    r.register(plot('fancy', { requires: ['webgl'] }));
    expect(r.checkDependencies()).toEqual([
      { kind: 'plot', name: 'curves', missing: ['renderer:echarts', 'processor:ema'] },
      { kind: 'plot', name: 'fancy', missing: ['webgl'] },
    ]);
    r.register({ kind: 'renderer', name: 'echarts', apiVersion: PLUGIN_API_VERSION, description: 'r', capabilities: ['webgl'] } as unknown as AnyPlugin);
    expect(r.checkDependencies()).toEqual([{ kind: 'plot', name: 'curves', missing: ['processor:ema'] }]);
    expect(r.provides('webgl')).toBe(true);
    expect(r.provides('renderer:echarts')).toBe(true);
    expect(r.provides('renderer:vega-lite')).toBe(false);
    r.register({ kind: 'processor', name: 'ema', apiVersion: PLUGIN_API_VERSION, description: 'p' } as AnyPlugin);
    expect(r.checkDependencies()).toEqual([]);
  });

  it('registering in any order works; unregistering brings the problem back', () => {
    const r = new PluginRegistry();
    r.register(plot('a', { requires: ['plot:b'] }));
    r.register(plot('b'));
    expect(r.checkDependencies()).toEqual([]);
    expect(r.unregister('plot', 'b')).toBe(true);
    expect(r.unregister('plot', 'b')).toBe(false);
    expect(r.checkDependencies()).toEqual([{ kind: 'plot', name: 'a', missing: ['plot:b'] }]);
    expect(r.get('plot', 'b')).toBeUndefined();
    r.register(plot('b')); // the name is free again
  });

  it('rejects malformed capabilities and requires', () => {
    const r = new PluginRegistry();
    for (const bad of ['renderer:echarts', ['Renderer:ECharts'], [''], [3], Array.from({ length: 65 }, (_, i) => `c${i}`), ['<script>']]) {
      expect(() => r.register(plot('x', { requires: bad } as unknown as Partial<AnyPlugin>)), JSON.stringify(bad)).toThrow(/requires must be a list/);
      expect(() => r.register(plot('x', { capabilities: bad } as unknown as Partial<AnyPlugin>))).toThrow(/capabilities must be a list/);
    }
    expect(r.list('plot')).toEqual([]);
  });

  it('all() lists every kind in PLUGIN_KINDS order', () => {
    const r = new PluginRegistry();
    r.register({ kind: 'renderer', name: 'r', apiVersion: PLUGIN_API_VERSION, description: '' } as AnyPlugin);
    r.register(plot('p'));
    expect(r.all().map((p) => `${p.kind}:${p.name}`)).toEqual(['plot:p', 'renderer:r']);
  });
});
