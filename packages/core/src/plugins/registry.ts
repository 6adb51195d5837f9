/**
 * The plugin registry (DESIGN.md, Plot system). Plot types, renderers, exporters, processors, log-line parsers and
 * importers are plain objects `{kind, name, apiVersion, ...}` looked up here by kind and name — never chosen with a
 * switch over types. Registering rejects duplicates and bad names; a lookup of an unknown name lists the valid ones.
 */
import { RunlensError } from '../errors.js';
import type { ExporterPlugin } from '../export/exporter-plugin.js';
import type { ProcessorPlugin } from '../pipeline/processor-plugin.js';
import type { PlotPlugin } from '../plots/plot-plugin.js';
import type { RendererPlugin } from '../render/renderer-plugin.js';
import type { ParserPlugin } from './parser-plugin.js';

export const PLUGIN_KINDS = ['plot', 'renderer', 'exporter', 'processor', 'parser', 'importer'] as const;
export type PluginKind = (typeof PLUGIN_KINDS)[number];

/** The plugin API this runlens implements; a plugin built for another version is refused. */
export const PLUGIN_API_VERSION = 1;

export interface PluginBase {
  kind: PluginKind;
  /** Lower-case words joined by `-`, optionally scoped `scope/name`: `nanogpt`, `acme/loss-curves`. */
  name: string;
  apiVersion: number;
  /** One line for `runlens plugins` and error messages. */
  description: string;
}

/**
 * The plugin type of each kind. Importers are described in the server package because they read files; here they
 * are PluginBase.
 */
export interface PluginTypes {
  plot: PlotPlugin<unknown>;
  renderer: RendererPlugin;
  exporter: ExporterPlugin<unknown>;
  processor: ProcessorPlugin<unknown>;
  parser: ParserPlugin;
  importer: PluginBase & { kind: 'importer' };
}

export type AnyPlugin = PluginTypes[PluginKind];

const NAME = /^(?:[a-z][a-z0-9]*(?:-[a-z0-9]+)*\/)?[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

export class PluginRegistry {
  private readonly byKind = new Map<PluginKind, Map<string, AnyPlugin>>();

  /** Adds a plugin; throws VALIDATION for a bad kind, name or API version, CONFLICT for a name already taken. */
  register(plugin: AnyPlugin): void {
    const p = plugin as Partial<PluginBase>;
    if (!PLUGIN_KINDS.includes(p.kind as PluginKind)) {
      throw new RunlensError('VALIDATION', `invalid plugin kind: ${String(p.kind)} (one of ${PLUGIN_KINDS.join(', ')})`);
    }
    if (typeof p.name !== 'string' || p.name.length > 64 || !NAME.test(p.name)) {
      throw new RunlensError('VALIDATION', `invalid ${p.kind} plugin name: ${JSON.stringify(p.name)} (lower-case words joined by "-", optionally "scope/name", at most 64 characters)`);
    }
    if (p.apiVersion !== PLUGIN_API_VERSION) {
      throw new RunlensError('VALIDATION', `${p.kind} plugin "${p.name}" is built for plugin API ${String(p.apiVersion)}; this runlens supports ${PLUGIN_API_VERSION}`);
    }
    let names = this.byKind.get(plugin.kind);
    if (!names) this.byKind.set(plugin.kind, (names = new Map()));
    if (names.has(plugin.name)) throw new RunlensError('CONFLICT', `a ${plugin.kind} plugin named "${plugin.name}" is registered already`);
    names.set(plugin.name, plugin);
  }

  get<K extends PluginKind>(kind: K, name: string): PluginTypes[K] | undefined {
    return this.byKind.get(kind)?.get(name) as PluginTypes[K] | undefined;
  }

  /** Like get, but an unknown name is an error that lists the valid ones. */
  require<K extends PluginKind>(kind: K, name: string): PluginTypes[K] {
    const p = this.get(kind, name);
    if (!p) {
      const valid = this.list(kind).map((x) => x.name);
      throw new RunlensError('VALIDATION', `unknown ${kind}: ${name}${valid.length ? ` (one of ${valid.join(', ')})` : ''}`);
    }
    return p;
  }

  /** Plugins of a kind in registration order. */
  list<K extends PluginKind>(kind: K): PluginTypes[K][] {
    return [...(this.byKind.get(kind)?.values() ?? [])] as PluginTypes[K][];
  }
}
