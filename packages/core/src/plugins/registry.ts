/**
 * The plugin registry (DESIGN.md, Plot system). Plot types, renderers, exporters, processors, log-line parsers and
 * importers are plain objects `{kind, name, apiVersion, ...}` looked up here by kind and name — never chosen with a
 * switch over types. Registering rejects duplicates and bad names; a lookup of an unknown name lists the valid ones.
 *
 * Dependencies: a plugin may declare `requires: ['renderer:echarts', 'processor:ema', 'webgl']`. A requirement is met
 * when some registered plugin provides it: every plugin provides `kind:name` implicitly, plus whatever it lists in
 * `capabilities`. Registering never checks requirements (plugins arrive in any order, and the app must start even
 * when one is broken); call `checkDependencies()` once everything is registered — the server's plugin loader does,
 * and drops what it reports.
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
  /**
   * What this plugin provides beyond its own `kind:name` (which every plugin provides): free-form strings another
   * plugin can require, e.g. `'renderer:svg-output'`, `'processor:smoothing'`.
   */
  capabilities?: readonly string[];
  /** What must be registered for this plugin to work: `kind:name` of another plugin, or a capability string. */
  requires?: readonly string[];
}

/** A plugin whose requirements are not all provided by registered plugins. */
export interface DependencyProblem {
  kind: PluginKind;
  name: string;
  missing: string[];
}

const CAPABILITY = /^[a-z0-9][a-z0-9:/._-]{0,127}$/;

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
    for (const field of ['capabilities', 'requires'] as const) {
      const list: unknown = p[field];
      if (list === undefined) continue;
      if (!Array.isArray(list) || list.length > 64 || !list.every((c) => typeof c === 'string' && CAPABILITY.test(c))) {
        throw new RunlensError('VALIDATION', `${p.kind} plugin "${p.name}": ${field} must be a list of at most 64 strings like "renderer:echarts" (lower-case letters, digits, ":/._-")`);
      }
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

  /** Every plugin, kind by kind in PLUGIN_KINDS order, each kind in registration order. */
  all(): AnyPlugin[] {
    return PLUGIN_KINDS.flatMap((kind) => this.list(kind));
  }

  /** Removes a plugin; returns whether it was there. */
  unregister(kind: PluginKind, name: string): boolean {
    return this.byKind.get(kind)?.delete(name) ?? false;
  }

  /** Whether a registered plugin provides `capability` (its `kind:name`, or one of its `capabilities`). */
  provides(capability: string): boolean {
    return this.providedCapabilities().has(capability);
  }

  /**
   * Plugins whose `requires` are not all provided by the registered plugins, with what is missing. Empty when every
   * dependency is met. It does not change the registry: the caller decides whether to drop them.
   */
  checkDependencies(): DependencyProblem[] {
    const provided = this.providedCapabilities();
    const problems: DependencyProblem[] = [];
    for (const p of this.all()) {
      const missing = (p.requires ?? []).filter((r) => !provided.has(r));
      if (missing.length) problems.push({ kind: p.kind, name: p.name, missing });
    }
    return problems;
  }

  private providedCapabilities(): Set<string> {
    const provided = new Set<string>();
    for (const p of this.all()) {
      provided.add(`${p.kind}:${p.name}`);
      for (const c of p.capabilities ?? []) provided.add(c);
    }
    return provided;
  }
}
