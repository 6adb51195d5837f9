import { describe, expect, it } from 'vitest';
import { PLUGIN_API_VERSION, PluginRegistry, type AnyPlugin } from './registry.js';

const plot = (name: string, extra: Partial<AnyPlugin> = {}): AnyPlugin => ({ kind: 'plot', name, apiVersion: PLUGIN_API_VERSION, description: 'a plot', ...extra }) as AnyPlugin;

describe('PluginRegistry', () => {
  it('registers, looks up by kind and name, and lists in registration order', () => {
    const r = new PluginRegistry();
    r.register(plot('curves'));
    r.register(plot('acme/loss-curves'));
    r.register({ kind: 'renderer', name: 'curves', apiVersion: PLUGIN_API_VERSION, description: 'same name, other kind' });
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
