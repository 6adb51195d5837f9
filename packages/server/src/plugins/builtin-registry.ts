/**
 * The registry the server and CLI use: every built-in plugin, registered once. Third-party plugins from config
 * arrive with the plot system (issue 5).
 */
import { PluginRegistry, registerBuiltinParsers } from '@runlens/core';
import type { ImporterPlugin } from '../import/importer.js';
import { BUILTIN_IMPORTERS } from '../import/builtin-importers.js';

let registry: PluginRegistry | undefined;

export function builtinRegistry(): PluginRegistry {
  if (!registry) {
    registry = new PluginRegistry();
    registerBuiltinParsers(registry);
    for (const importer of BUILTIN_IMPORTERS) registry.register(importer);
  }
  return registry;
}

/** An importer by name; an unknown name lists the valid ones. */
export function importerNamed(name: string): ImporterPlugin {
  return builtinRegistry().require('importer', name) as ImporterPlugin;
}
