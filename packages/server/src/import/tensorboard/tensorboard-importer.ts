/**
 * `runlens import tensorboard <logdir>`: every directory holding event files becomes one run, named by its path
 * relative to the log directory (as TensorBoard names runs), in the project `ctx.project` or else the log
 * directory's name. Run ids are derived from the start time and the directory's absolute path, so importing again
 * creates nothing new.
 */
import { basename, dirname, relative, sep } from 'node:path';
import { checkName, hasControlChar, LIMITS, PLUGIN_API_VERSION } from '@runlens/core';
import type { ImporterPlugin, ImportContext } from '../importer.js';
import { findEventFiles, type EventFile } from './find-event-files.js';
import { importRunDirectory, type RunDirectory, type RunImportResult } from './import-run-directory.js';

export const tensorboardImporter: ImporterPlugin = {
  kind: 'importer',
  name: 'tensorboard',
  apiVersion: PLUGIN_API_VERSION,
  description: 'TensorBoard event files (tfevents): scalars, histograms, text, hparams',
  pathHelp:
    'a log directory (searched recursively for files named *tfevents*; one run per directory), one event file, ' +
    'or a quoted glob such as "logs/**/version_*" (* and ? within a name, ** across directories)',
  import: importTensorboard,
};

async function importTensorboard(path: string, ctx: ImportContext): Promise<void> {
  const { root, files } = await findEventFiles(path, (m) => ctx.warn(m));
  const project = ctx.project ?? projectName(root);
  const runs = groupByDirectory(root, project, files);
  const progress = { done: 0, total: files.reduce((n, f) => n + f.size, 0) };
  ctx.progress(0, progress.total);
  const results: RunImportResult[] = [];
  for (const run of runs) results.push(await importRunDirectory(run, ctx, progress));
  reportSkipped(results, runs, ctx);
}

function groupByDirectory(root: string, project: string, files: EventFile[]): RunDirectory[] {
  const byDir = new Map<string, EventFile[]>();
  for (const f of files) {
    const dir = dirname(f.path);
    const list = byDir.get(dir);
    if (list) list.push(f);
    else byDir.set(dir, [f]);
  }
  return [...byDir].map(([dir, dirFiles]) => ({ dir, project, name: runName(root, dir), files: dirFiles }));
}

/** TensorBoard's run name: the directory relative to the log directory, or the log directory's own name (`.`). */
function runName(root: string, dir: string): string {
  const rel = relative(root, dir).split(sep).join('/');
  return usableName(rel === '' ? basename(dir) : rel, 'run');
}

function projectName(root: string): string {
  return usableName(basename(root), 'tensorboard');
}

/** Names come from directory names, which may hold what runlens names may not (control characters, 300 chars). */
function usableName(name: string, fallback: string): string {
  if (!checkName(name, 'name', LIMITS.maxNameLength)) return name;
  let cleaned = '';
  for (const ch of name) cleaned += hasControlChar(ch) ? '_' : ch;
  cleaned = cleaned.trim();
  const cut = cleaned.length > LIMITS.maxNameLength ? cleaned.slice(cleaned.length - LIMITS.maxNameLength).trim() : cleaned;
  return cut === '' ? fallback : cut;
}

function reportSkipped(results: RunImportResult[], runs: RunDirectory[], ctx: ImportContext): void {
  results.forEach((r, i) => {
    if (r.skipped.size === 0) return;
    const what = [...r.skipped].map(([reason, n]) => `${n} ${reason}`).join(', ');
    ctx.warn(`${runs[i]!.name}: not imported: ${what}`);
  });
}
