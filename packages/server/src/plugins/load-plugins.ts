/**
 * Third-party plugins from config (`plugins: ["./my-plot.mjs", "runlens-plugin-acme"]`). Each entry is a path
 * (relative to the config file) or an npm package name, imported with a dynamic import only when a registry is first
 * asked for. A module's default export — or its named export `plugins` — is a plugin, a list of plugins, or a
 * function `(api) => plugin | plugins` that receives `{ core, z, apiVersion }`, so a plugin file needs no imports
 * of its own and works wherever it lives.
 *
 * One broken plugin never takes the app down: a module that fails to import, exports nothing usable, has the wrong
 * shape, takes a name already registered or requires what nothing provides is reported (name, source, reason) and
 * skipped; everything else loads.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as core from '@runlens/core';
import { PLUGIN_API_VERSION, PluginRegistry, type AnyPlugin, type PluginKind } from '@runlens/core';
import { z } from 'zod';
import { pluginShapeProblems } from './validate-plugin-shape.js';

/** Where a plugin came from. */
export type PluginSource = 'builtin' | 'path' | 'package';

/** What a plugin factory (`export default (api) => plugin`) receives. */
export interface PluginApi {
  /** The whole of `@runlens/core`: PlotSpec helpers (createPlotSpec, seriesStyle, buildLegend, …), errors, themes. */
  core: typeof core;
  /** The zod that runlens validates options with. */
  z: typeof z;
  apiVersion: number;
}

export interface LoadedPlugin {
  kind: PluginKind;
  name: string;
  description: string;
  source: Exclude<PluginSource, 'builtin'>;
  /** The config entry as written. */
  from: string;
}

export interface PluginLoadError {
  /** The config entry as written (`builtin` for a built-in plugin with a missing dependency). */
  from: string;
  source: PluginSource;
  /** Plugin kind and name, when the problem is with one plugin of the module. */
  kind?: string;
  name?: string;
  reason: string;
}

export interface PluginLoadReport {
  loaded: LoadedPlugin[];
  errors: PluginLoadError[];
}

export interface LoadPluginsOptions {
  /** Folder relative paths and package names are resolved from: the config file's folder. */
  baseDir: string;
  /** A module that has not finished importing after this long is reported and skipped. Default 10 s. */
  importTimeoutMs?: number;
}

const DEFAULT_IMPORT_TIMEOUT_MS = 10_000;

/** A path when it starts with `.`, `/`, `file:` or a drive letter; otherwise an npm package name (`@scope/pkg` too). */
export function pluginSourceOf(entry: string): Exclude<PluginSource, 'builtin'> {
  return entry.startsWith('.') || entry.startsWith('file:') || isAbsolute(entry) || /^[a-zA-Z]:[\\/]/.test(entry) ? 'path' : 'package';
}

/**
 * Imports the plugins named in `entries` and registers them into `registry` (in order), then drops third-party
 * plugins whose `requires` nothing provides (repeatedly, since dropping one can strand another). Never throws for a
 * broken plugin: see the report.
 */
export async function loadPlugins(registry: PluginRegistry, entries: readonly string[], options: LoadPluginsOptions): Promise<PluginLoadReport> {
  const report: PluginLoadReport = { loaded: [], errors: [] };
  const api: PluginApi = { core, z, apiVersion: PLUGIN_API_VERSION };
  for (const from of entries) {
    const source = pluginSourceOf(from);
    let candidates: unknown[];
    try {
      const mod = await withTimeout(importEntry(from, source, options.baseDir), options.importTimeoutMs ?? DEFAULT_IMPORT_TIMEOUT_MS, from);
      candidates = await pluginsOfModule(mod, api);
    } catch (e) {
      report.errors.push({ from, source, reason: errorMessage(e) });
      continue;
    }
    if (candidates.length === 0) {
      report.errors.push({ from, source, reason: 'exports no plugin: expected a default export (a plugin, a list of plugins, or a function returning them) or a named export "plugins"' });
      continue;
    }
    for (const candidate of candidates) {
      const id = identify(candidate);
      const problems = pluginShapeProblems(candidate);
      if (problems.length) {
        report.errors.push({ from, source, ...id, reason: problems.join('; ') });
        continue;
      }
      const plugin = candidate as AnyPlugin;
      try {
        registry.register(plugin);
      } catch (e) {
        report.errors.push({ from, source, ...id, reason: errorMessage(e) });
        continue;
      }
      report.loaded.push({ kind: plugin.kind, name: plugin.name, description: plugin.description, source, from });
    }
  }
  dropUnmetDependencies(registry, report);
  return report;
}

function dropUnmetDependencies(registry: PluginRegistry, report: PluginLoadReport): void {
  const reportedBuiltins = new Set<string>();
  for (;;) {
    let dropped = false;
    for (const problem of registry.checkDependencies()) {
      const idx = report.loaded.findIndex((p) => p.kind === problem.kind && p.name === problem.name);
      const reason = `missing dependency ${problem.missing.join(', ')} (no registered plugin provides it)`;
      if (idx < 0) {
        // a built-in with an unmet requirement is a runlens bug, not the user's: report it, keep it
        const key = `${problem.kind}:${problem.name}`;
        if (!reportedBuiltins.has(key)) report.errors.push({ from: 'builtin', source: 'builtin', kind: problem.kind, name: problem.name, reason });
        reportedBuiltins.add(key);
        continue;
      }
      const [gone] = report.loaded.splice(idx, 1);
      registry.unregister(problem.kind, problem.name);
      report.errors.push({ from: gone!.from, source: gone!.source, kind: problem.kind, name: problem.name, reason });
      dropped = true;
    }
    if (!dropped) return;
  }
}

async function importEntry(from: string, source: Exclude<PluginSource, 'builtin'>, baseDir: string): Promise<unknown> {
  if (source === 'path') {
    const url = from.startsWith('file:') ? new URL(from) : pathToFileURL(resolve(baseDir, from));
    if (url.protocol === 'file:' && !existsSync(url)) throw new Error(`file not found: ${decodeURIComponent(url.pathname)}`);
    return import(url.href);
  }
  // a package is looked up from the config's folder first (the project's node_modules), then from runlens itself
  let resolved: string | undefined;
  try {
    resolved = createRequire(join(baseDir, 'runlens.config.js')).resolve(from);
  } catch {
    resolved = undefined;
  }
  if (resolved) return import(pathToFileURL(resolved).href);
  try {
    return await import(from);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' && String((e as Error).message).includes(`'${from}'`)) {
      throw new Error(`package not found: ${from} (install it in ${baseDir}, or give a path starting with ./)`);
    }
    throw e;
  }
}

async function pluginsOfModule(mod: unknown, api: PluginApi): Promise<unknown[]> {
  const m = (typeof mod === 'object' && mod !== null ? mod : {}) as Record<string, unknown>;
  let exported = m.default !== undefined ? m.default : m.plugins;
  if (typeof exported === 'function') {
    const factory = exported as (api: PluginApi) => unknown;
    try {
      exported = await factory(api);
    } catch (e) {
      throw new Error(`the plugin function threw: ${errorMessage(e)}`);
    }
  }
  if (exported === undefined || exported === null) return [];
  return Array.isArray(exported) ? exported : [exported];
}

function identify(candidate: unknown): { kind?: string; name?: string } {
  if (typeof candidate !== 'object' || candidate === null) return {};
  const c = candidate as Record<string, unknown>;
  return { ...(typeof c.kind === 'string' ? { kind: c.kind } : {}), ...(typeof c.name === 'string' ? { name: c.name } : {}) };
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message.split('\n')[0]! : String(e);
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`import did not finish within ${ms} ms: ${what}`)), ms);
    timer.unref();
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

export interface PluginRegistryWithReport {
  registry: PluginRegistry;
  report: PluginLoadReport;
}

/**
 * A fresh registry holding every plugin of `base` plus the config's third-party plugins. `base` (the shared
 * built-in registry) is left untouched.
 */
export async function registryWithPlugins(base: PluginRegistry, entries: readonly string[], options: LoadPluginsOptions): Promise<PluginRegistryWithReport> {
  const registry = new PluginRegistry();
  for (const p of base.all()) registry.register(p);
  const report = await loadPlugins(registry, entries, options);
  return { registry, report };
}

/**
 * The lazy form the app uses: nothing is imported until the returned function is first called, and every later call
 * gets the same registry.
 *
 * @example
 * const pluginRegistry = lazyPluginRegistry(builtinRegistry, { plugins: config.plugins, baseDir });
 * const { registry } = await pluginRegistry(); // imports the plugins now, once
 */
export function lazyPluginRegistry(base: () => PluginRegistry, config: { plugins: readonly string[]; baseDir: string; importTimeoutMs?: number }): () => Promise<PluginRegistryWithReport> {
  let pending: Promise<PluginRegistryWithReport> | undefined;
  return () => (pending ??= registryWithPlugins(base(), config.plugins, { baseDir: config.baseDir, ...(config.importTimeoutMs !== undefined ? { importTimeoutMs: config.importTimeoutMs } : {}) }));
}
