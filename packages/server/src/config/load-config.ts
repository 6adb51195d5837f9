/**
 * Loads the runlens configuration: defaults < config file < `RUNLENS_*` environment (CLI flags go on top, in each
 * command). The file is `--config FILE`, else `RUNLENS_CONFIG`, else `runlens.config.yaml|yml|json` in the working
 * directory; without one, defaults and environment alone. Errors name the file (or variable) and the key:
 * `runlens.config.yaml: cache.memoryMb: expected number, received string`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { RunlensError, resolveTheme, formatIssuePath } from '@runlens/core';
import YAML from 'yaml';
import type { z } from 'zod';
import { RunlensConfigSchema, type RunlensConfig } from './config-schema.js';
import { readEnvOverrides } from './env-overrides.js';

/** Looked for in the working directory, in this order. */
export const CONFIG_FILE_NAMES = ['runlens.config.yaml', 'runlens.config.yml', 'runlens.config.json'] as const;

export interface LoadConfigOptions {
  /** An explicit config file (`--config`); it must exist. */
  file?: string | undefined;
  /** Default: process.cwd(). */
  cwd?: string;
  /** Default: process.env. */
  env?: Readonly<Record<string, string | undefined>>;
}

export interface LoadedConfig {
  config: RunlensConfig;
  /** Absolute path of the file read, if any. */
  file: string | undefined;
  /** What relative paths in the file are relative to: the file's folder, else the working directory. */
  baseDir: string;
  /** Dot keys set by the environment, with the variable that set each. */
  fromEnv: Map<string, string>;
}

/** Finds, reads, merges and validates the config. Throws RunlensError VALIDATION (or NOT_FOUND for a missing --config). */
export function loadConfig(options: LoadConfigOptions = {}): LoadedConfig {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const file = findConfigFile(cwd, options.file ?? (env.RUNLENS_CONFIG || undefined));
  const shown = file ? displayPath(file, cwd) : undefined;
  const fileValues = file ? readConfigFile(file, shown!) : {};
  if (file) resolveFilePaths(fileValues, dirname(file));

  // validate the file on its own first, so its mistakes are blamed on it and not on the environment
  const fromFileOnly = RunlensConfigSchema.safeParse(fileValues);
  if (!fromFileOnly.success) throw configError(shown ?? 'config', fromFileOnly.error.issues[0]!);

  const overrides = readEnvOverrides(env);
  const merged = deepMerge(fileValues, overrides.values);
  const parsed = RunlensConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = formatIssuePath(issue.path);
    throw configError(overrides.setBy.has(key) ? `environment ${overrides.setBy.get(key)!}` : (shown ?? 'config'), issue);
  }
  const config = parsed.data;
  checkThemes(config, overrides.setBy.has('theme') ? `environment ${overrides.setBy.get('theme')!}` : (shown ?? 'config'), shown ?? 'config');
  return { config, file, baseDir: file ? dirname(file) : cwd, fromEnv: overrides.setBy };
}

/** The file to read: an explicit one (which must exist), else the first of CONFIG_FILE_NAMES in `cwd`. */
export function findConfigFile(cwd: string, explicit: string | undefined): string | undefined {
  if (explicit !== undefined) {
    const path = resolve(cwd, explicit);
    if (!existsSync(path)) throw new RunlensError('NOT_FOUND', `config file not found: ${explicit}`);
    return path;
  }
  const found = CONFIG_FILE_NAMES.map((n) => resolve(cwd, n)).filter((p) => existsSync(p));
  if (found.length > 1) {
    throw new RunlensError('VALIDATION', `more than one config file in ${cwd}: ${found.map((p) => displayPath(p, cwd)).join(', ')}; keep one, or pick with --config`);
  }
  return found[0];
}

function readConfigFile(file: string, shown: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new RunlensError('VALIDATION', `${shown}: cannot read: ${(e as Error).message}`);
  }
  let value: unknown;
  if (file.endsWith('.json')) {
    try {
      value = text.trim() === '' ? {} : JSON.parse(text);
    } catch (e) {
      throw new RunlensError('VALIDATION', `${shown}: invalid JSON: ${(e as Error).message}`);
    }
  } else {
    const doc = YAML.parseDocument(text, { uniqueKeys: true });
    if (doc.errors.length) throw new RunlensError('VALIDATION', `${shown}: invalid YAML: ${doc.errors[0]!.message.split('\n')[0]}`);
    value = doc.toJS() ?? {};
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RunlensError('VALIDATION', `${shown}: expected a mapping of settings (data, port, theme, plugins, …), got ${Array.isArray(value) ? 'a list' : typeof value}`);
  }
  return value as Record<string, unknown>;
}

/** Paths in the file are relative to the file, not to wherever runlens was started. Plugins are resolved by the loader. */
function resolveFilePaths(values: Record<string, unknown>, dir: string): void {
  if (typeof values.data === 'string' && !isAbsolute(values.data)) values.data = resolve(dir, values.data);
  const cache = values.cache;
  if (cache && typeof cache === 'object' && !Array.isArray(cache)) {
    const c = cache as Record<string, unknown>;
    if (typeof c.dir === 'string' && !isAbsolute(c.dir)) c.dir = resolve(dir, c.dir);
  }
}

function checkThemes(config: RunlensConfig, themeSource: string, fileSource: string): void {
  for (const name of Object.keys(config.themes)) {
    try {
      resolveTheme(name, config.themes);
    } catch (e) {
      throw new RunlensError('VALIDATION', `${fileSource}: themes.${name}: ${(e as Error).message}`);
    }
  }
  try {
    resolveTheme(config.theme, config.themes);
  } catch (e) {
    throw new RunlensError('VALIDATION', `${themeSource}: theme: ${(e as Error).message}`);
  }
}

function configError(source: string, issue: z.core.$ZodIssue): RunlensError {
  const key = formatIssuePath(issue.path);
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') {
    const parent = key ? `${key}.` : '';
    const keys = issue.keys.map((k) => parent + k).join(', ');
    return new RunlensError('VALIDATION', `${source}: unknown key ${keys}`, { key: key || undefined });
  }
  message = message.replace(/^Invalid input: /, '');
  return new RunlensError('VALIDATION', `${source}: ${key || '(top level)'}: ${message}`, { key });
}

function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = isPlainObject(v) && isPlainObject(out[k]) ? deepMerge(out[k], v) : v;
  return out;
}
