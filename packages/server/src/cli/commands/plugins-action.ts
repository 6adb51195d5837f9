/** What `runlens plugins` does (see plugins.ts, which registers the command); loaded when it runs. */
import { PLUGIN_KINDS, RunlensError, type AnyPlugin, type PluginKind } from '@runlens/core';
import { builtinRegistry } from '../../plugins/builtin-registry.js';
import { registryWithPlugins, type PluginLoadError, type PluginSource } from '../../plugins/load-plugins.js';
import { renderTable, sanitizeForTerminal } from '../format.js';
import { loadCliConfig } from '../cli-config.js';

export interface PluginsOptions {
  config?: string;
  kind?: string;
  json: boolean;
}

/** One row of `runlens plugins --json`. */
export interface PluginListing {
  kind: PluginKind;
  name: string;
  description: string;
  source: PluginSource;
  /** The config entry it was loaded from (third-party plugins only). */
  from?: string;
  apiVersion: number;
  capabilities?: readonly string[];
  requires?: readonly string[];
}

export async function pluginsAction(o: PluginsOptions): Promise<void> {
  if (o.kind !== undefined && !(PLUGIN_KINDS as readonly string[]).includes(o.kind)) {
    throw new RunlensError('VALIDATION', `unknown plugin kind: ${o.kind} (one of ${PLUGIN_KINDS.join(', ')})`);
  }
  const { config, baseDir } = loadCliConfig(o);
  const { registry, report } = await registryWithPlugins(builtinRegistry(), config.plugins, { baseDir });
  const origin = new Map(report.loaded.map((p) => [`${p.kind}:${p.name}`, p]));
  const listing: PluginListing[] = registry
    .all()
    .filter((p) => o.kind === undefined || p.kind === o.kind)
    .map((p: AnyPlugin) => {
      const loaded = origin.get(`${p.kind}:${p.name}`);
      return {
        kind: p.kind,
        name: p.name,
        description: p.description,
        source: loaded?.source ?? 'builtin',
        ...(loaded ? { from: loaded.from } : {}),
        apiVersion: p.apiVersion,
        ...(p.capabilities ? { capabilities: p.capabilities } : {}),
        ...(p.requires ? { requires: p.requires } : {}),
      };
    });
  const errors = report.errors.filter((e) => o.kind === undefined || e.kind === undefined || e.kind === o.kind);
  if (o.json) {
    console.log(JSON.stringify({ plugins: listing, errors }, null, 2));
    return;
  }
  printListing(listing, errors, o.kind);
}

function printListing(listing: PluginListing[], errors: PluginLoadError[], onlyKind: string | undefined): void {
  const kinds = PLUGIN_KINDS.filter((k) => onlyKind === undefined || k === onlyKind);
  const blocks: string[] = [];
  for (const kind of kinds) {
    const rows = listing.filter((p) => p.kind === kind);
    if (rows.length === 0) {
      if (onlyKind !== undefined) blocks.push(`${kind}: none`);
      continue;
    }
    // what plugins provide and need, as a last column, in kinds where any plugin declares some
    const declared = rows.some((p) => p.capabilities?.length || p.requires?.length);
    const table = renderTable(
      ['name', 'source', 'description', ...(declared ? ['provides / requires'] : [])],
      rows.map((p) => [p.name, p.from ? `${p.source} ${p.from}` : p.source, p.description, ...(declared ? [dependencyCell(p)] : [])]),
      60,
    );
    blocks.push(`${kind} (${rows.length})\n${table}`);
  }
  if (errors.length) {
    const lines = errors.map((e) => {
      const what = e.name ? `${e.kind ?? 'plugin'} "${e.name}" from ` : '';
      return `  ${sanitizeForTerminal(`${what}${e.from} (${e.source}): ${e.reason}`)}`;
    });
    blocks.push(`failed to load (${errors.length}):\n${lines.join('\n')}`);
  }
  console.log(blocks.join('\n\n'));
}

function dependencyCell(p: PluginListing): string {
  const parts = [...(p.capabilities ?? []), ...(p.requires ?? []).map((r) => `needs ${r}`)];
  return parts.join(', ');
}
