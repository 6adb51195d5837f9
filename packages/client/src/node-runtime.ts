import type * as Fs from 'node:fs';
import type * as Os from 'node:os';
import type * as Path from 'node:path';

/** The Node built-ins the client uses for its offline file and run metadata; absent in browsers. */
export interface NodeRuntime {
  fs: typeof Fs;
  path: typeof Path;
  os: typeof Os;
}

let loading: Promise<NodeRuntime | undefined> | undefined;

/** True when running under Node (or a runtime that imitates it well enough to have `process.versions.node`). */
export function isNode(): boolean {
  return typeof process !== 'undefined' && typeof process.versions === 'object' && typeof process.versions.node === 'string';
}

/**
 * Loads `node:fs`, `node:path` and `node:os` once, lazily, and only under Node, so a browser bundle of the client
 * never touches them. The specifier goes through a variable, with ignore hints, because bundlers otherwise try to
 * resolve (or polyfill) it at build time.
 */
export function loadNodeRuntime(): Promise<NodeRuntime | undefined> {
  loading ??= isNode()
    ? Promise.all([importBuiltin('node:fs'), importBuiltin('node:path'), importBuiltin('node:os')]).then(
        ([fs, path, os]) => ({ fs: fs as typeof Fs, path: path as typeof Path, os: os as typeof Os }),
        () => undefined,
      )
    : Promise.resolve(undefined);
  return loading;
}

function importBuiltin(specifier: string): Promise<unknown> {
  return import(/* @vite-ignore */ /* webpackIgnore: true */ specifier);
}
