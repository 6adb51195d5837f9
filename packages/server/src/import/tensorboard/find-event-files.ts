/**
 * Finds the TensorBoard event files an import path names: a log directory (searched recursively, as TensorBoard
 * does, for files whose name contains `tfevents`), a single event file, or a glob pattern with `*`, `?` and `**`
 * (Node 20 has no fs.glob). A pattern may match event files or directories; a matched directory contributes every
 * event file beneath it.
 */
import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { RunlensError } from '@runlens/core';

export interface EventFile {
  /** Absolute path. */
  path: string;
  size: number;
}

export interface EventFileSet {
  /** The log directory: run names are directory paths relative to it. */
  root: string;
  /** Sorted by path, so files of one directory are adjacent and in name (= creation time) order. */
  files: EventFile[];
}

/** TensorBoard's own test for an event file (tensorboard/backend/event_processing/io_wrapper.py). */
export function isEventFileName(name: string): boolean {
  return name.includes('tfevents');
}

/** True when `input` uses glob syntax rather than naming one path. */
export function hasGlobSyntax(input: string): boolean {
  return /[*?]/.test(input);
}

/**
 * Resolves `input` to event files. Throws RunlensError NOT_FOUND naming `input` when the path does not exist or
 * nothing in it is an event file. `warn` hears about directories that cannot be read.
 */
export async function findEventFiles(input: string, warn: (message: string) => void = () => {}): Promise<EventFileSet> {
  const set = hasGlobSyntax(input) ? await findByGlob(input, warn) : await findByPath(input, warn);
  if (set.files.length === 0) {
    throw new RunlensError('NOT_FOUND', `no TensorBoard event files (file names containing "tfevents") found in ${input}`, { path: input });
  }
  set.files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return set;
}

async function findByPath(input: string, warn: (message: string) => void): Promise<EventFileSet> {
  const path = resolve(input);
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new RunlensError('NOT_FOUND', `no such file or directory: ${input}`, { path: input });
  // A file named explicitly is imported whatever its name.
  if (info.isFile()) return { root: dirname(path), files: [{ path, size: info.size }] };
  const files: EventFile[] = [];
  await walk(path, new Set(), warn, async (file) => {
    if (isEventFileName(basename(file))) files.push({ path: file, size: await fileSize(file) });
  });
  return { root: path, files };
}

async function findByGlob(input: string, warn: (message: string) => void): Promise<EventFileSet> {
  const segments = input.split(/[\\/]/);
  const firstGlob = segments.findIndex(hasGlobSyntax);
  const fixed = segments.slice(0, firstGlob).join('/');
  const root = resolve(fixed === '' && isAbsolute(input) ? '/' : fixed === '' ? '.' : fixed);
  const pattern = globToRegExp(segments.slice(firstGlob).join('/'));
  const info = await stat(root).catch(() => undefined);
  if (!info?.isDirectory()) throw new RunlensError('NOT_FOUND', `no such directory: ${root} (from pattern ${input})`, { path: input });

  const found = new Map<string, number>();
  const visited = new Set<string>();
  await walk(
    root,
    visited,
    warn,
    async (file) => {
      if (isEventFileName(basename(file)) && pattern.test(toPosix(relative(root, file)))) found.set(file, await fileSize(file));
    },
    async (dir) => {
      if (!pattern.test(toPosix(relative(root, dir)))) return false;
      await walk(dir, visited, warn, async (file) => {
        if (isEventFileName(basename(file))) found.set(file, await fileSize(file));
      });
      return true;
    },
  );
  return { root, files: [...found].map(([path, size]) => ({ path, size })) };
}

/**
 * `*` matches within one path segment, `?` one character, `**` any number of whole segments (including none).
 * Matched against paths relative to the pattern's fixed prefix, with `/` separators.
 */
export function globToRegExp(pattern: string): RegExp {
  let re = '';
  const parts = pattern.split('/');
  parts.forEach((part, i) => {
    const last = i === parts.length - 1;
    if (part === '**') {
      re += last ? '.*' : '(?:[^/]+/)*';
      return;
    }
    for (const ch of part) {
      if (ch === '*') re += '[^/]*';
      else if (ch === '?') re += '[^/]';
      else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
    if (!last) re += '/';
  });
  return new RegExp(`^${re}$`);
}

async function fileSize(path: string): Promise<number> {
  return (await stat(path).catch(() => undefined))?.size ?? 0;
}

function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

/**
 * Depth-first walk calling `onFile` for regular files; `onDir` may claim a subdirectory (return true) so the walk
 * does not descend into it. Symbolic links are followed; `visited` (real paths) stops link cycles.
 */
async function walk(
  dir: string,
  visited: Set<string>,
  warn: (message: string) => void,
  onFile: (path: string) => Promise<void>,
  onDir?: (path: string) => Promise<boolean>,
): Promise<void> {
  const real = await realpath(dir).catch(() => dir);
  if (visited.has(real)) return;
  visited.add(real);
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    warn(`${dir}: cannot read directory (${(e as Error).message}); skipped`);
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      const target = await stat(path).catch(() => undefined);
      isDir = target?.isDirectory() ?? false;
      isFile = target?.isFile() ?? false;
    }
    if (isDir) {
      if (onDir && (await onDir(path))) continue;
      await walk(path, visited, warn, onFile, onDir);
    } else if (isFile) {
      await onFile(path);
    }
  }
}
