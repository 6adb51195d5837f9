import { describe, expect, it } from 'vitest';
import { RunlensError } from '../errors.js';
import { PluginRegistry } from '../plugins/registry.js';
import { BUILTIN_PARSERS, registerBuiltinParsers } from './builtin-parsers.js';

describe('registerBuiltinParsers', () => {
  it('registers the five built-in parsers, specific formats first', () => {
    const registry = new PluginRegistry();
    registerBuiltinParsers(registry);
    expect(registry.list('parser').map((p) => p.name)).toEqual(['nanogpt', 'hf', 'keras', 'lightning', 'kv']);
    expect(registry.require('parser', 'keras')).toBe(BUILTIN_PARSERS[2]);
  });

  it('refuses to register them twice', () => {
    const registry = new PluginRegistry();
    registerBuiltinParsers(registry);
    expect(() => registerBuiltinParsers(registry)).toThrow(RunlensError);
  });

  it('gives every parser a fresh state per createParser()', () => {
    for (const plugin of BUILTIN_PARSERS) expect(plugin.createParser()).not.toBe(plugin.createParser());
  });
});
