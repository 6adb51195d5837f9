/**
 * The registry the server and CLI use: every built-in plugin, registered once. Third-party plugins from config are
 * added on top of a copy of it (load-plugins.ts), so a broken plugin never changes what the built-ins are.
 */
import { BUILTIN_PLOTS, BUILTIN_PROCESSORS, PluginRegistry, registerBuiltinParsers } from '@runlens/core';
import type { ImporterPlugin } from '../import/importer.js';
import { BUILTIN_IMPORTERS } from '../import/builtin-importers.js';
import { BUILTIN_RENDERERS } from '../render/builtin-renderers.js';
import { BUILTIN_EXPORTERS } from '../export/plot/builtin-exporters.js';

let registry: PluginRegistry | undefined;

export function builtinRegistry(): PluginRegistry {
  if (!registry) {
    registry = new PluginRegistry();
    registerBuiltinParsers(registry);
    for (const importer of BUILTIN_IMPORTERS) registry.register(importer);
    for (const processor of BUILTIN_PROCESSORS) registry.register(processor);
    for (const plot of BUILTIN_PLOTS) registry.register(plot);
    for (const renderer of BUILTIN_RENDERERS) registry.register(renderer);
    for (const exporter of BUILTIN_EXPORTERS) registry.register(exporter);
  }
  return registry;
}

/** An importer by name; an unknown name lists the valid ones. */
export function importerNamed(name: string): ImporterPlugin {
  return builtinRegistry().require('importer', name) as ImporterPlugin;
}
