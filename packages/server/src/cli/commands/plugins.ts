/**
 * `runlens plugins`: every plugin the registry holds — built-ins and the config's third-party plugins — by kind, with
 * where each came from, and the plugins that failed to load with the reason.
 */
import type { Command } from 'commander';
import { PLUGIN_KINDS } from '@runlens/core';
import { addConfigOption } from '../options.js';
import type { PluginsOptions } from './plugins-action.js';

export function registerPlugins(program: Command): void {
  addConfigOption(program
    .command('plugins')
    .description('List plugins (plot types, renderers, exporters, processors, parsers, importers) and plugin load errors'))
    .option('-k, --kind <kind>', `only this kind: ${PLUGIN_KINDS.join(', ')}`)
    .option('--json', 'print {plugins, errors} as JSON', false)
    // loaded on use: the plugin registry (renderers, exporters, importers) stays out of `runlens plugins --help`
    .action(async (o: PluginsOptions) => (await import('./plugins-action.js')).pluginsAction(o));
}
