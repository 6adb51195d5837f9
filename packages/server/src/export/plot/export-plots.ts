/**
 * Batch export: many compiled plots to many formats in one directory. Each file is written to a temp file and
 * renamed into place, so a failure half-way leaves complete files and no partial one; a plot's files appear
 * together, after all its formats exported. SVG is drawn once per plot however many formats need it.
 */
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { RunlensError, type PlotSpec, type PluginRegistry, type RendererPlugin } from '@runlens/core';
import { resolveExporter, type ResolvedExporter } from './resolve-exporter.js';
import { memoizeRenderer } from './renderer-output.js';
import { tempPathFor, writeDurably } from './write-file-atomic.js';

export interface PlotExportItem {
  /** File name without extension: `loss` → loss.svg, loss.png… */
  name: string;
  spec: PlotSpec;
  renderer: RendererPlugin;
}

export interface ExportPlotsOptions {
  outDir: string;
  /** Exporter names: svg, png, pdf, html, csv, json, spec. */
  formats: readonly string[];
  registry: PluginRegistry;
  /** Options per format, e.g. `{ png: { dpi: 300 } }`. */
  exportOptions?: Readonly<Record<string, Record<string, unknown>>>;
  /** Called after each file is in place. */
  onProgress?: (done: number, total: number, file: ExportedFile) => void;
}

export interface ExportedFile {
  name: string;
  format: string;
  file: string;
  bytes: number;
  ms: number;
}

/** A name usable as a file name on every OS: no separators, no leading dot, no control or reserved characters. */
function isSafeName(name: string): boolean {
  return name.length >= 1 && name.length <= 200 && !name.startsWith('.') && !/[/\\:*?"<>|]/.test(name) && ![...name].some((c) => c.charCodeAt(0) < 0x20);
}

/** Exports every item to every format; returns the files written, in order. */
export async function exportPlots(items: readonly PlotExportItem[], options: ExportPlotsOptions): Promise<ExportedFile[]> {
  if (options.formats.length === 0) throw new RunlensError('VALIDATION', 'no formats to export', { field: 'formats' });
  // every format and name checked before anything is drawn or written
  const exporters: ResolvedExporter[] = [...new Set(options.formats)].map((f) => resolveExporter(options.registry, f, options.exportOptions?.[f] ?? {}));
  const names = new Set<string>();
  for (const item of items) {
    if (!isSafeName(item.name)) throw new RunlensError('VALIDATION', `plot name ${JSON.stringify(item.name)} is not a safe file name (no / \\ : * ? " < > |, no leading dot)`, { field: 'name' });
    if (names.has(item.name)) throw new RunlensError('VALIDATION', `two plots are named ${JSON.stringify(item.name)}: names must be unique`, { field: 'name' });
    names.add(item.name);
  }
  await mkdir(options.outDir, { recursive: true });
  const total = items.length * exporters.length;
  const written: ExportedFile[] = [];
  for (const item of items) {
    const renderer = memoizeRenderer(item.renderer);
    const staged: { tmp: string; file: ExportedFile }[] = [];
    try {
      for (const { exporter, options: exportOptions } of exporters) {
        const t = performance.now();
        let bytes: Uint8Array;
        try {
          bytes = await exporter.export({ spec: item.spec, renderer, registry: options.registry }, exportOptions);
        } catch (e) {
          if (e instanceof RunlensError) throw new RunlensError(e.code, `plot ${item.name} to ${exporter.name}: ${e.message}`, e.details);
          throw e;
        }
        const file = join(options.outDir, `${item.name}.${exporter.extension}`);
        const tmp = tempPathFor(file);
        staged.push({ tmp, file: { name: item.name, format: exporter.name, file, bytes: bytes.length, ms: performance.now() - t } });
        await writeDurably(tmp, bytes);
      }
      for (const s of staged) {
        await rename(s.tmp, s.file.file);
        written.push(s.file);
        options.onProgress?.(written.length, total, s.file);
      }
    } catch (e) {
      await Promise.all(staged.map((s) => rm(s.tmp, { force: true })));
      throw e;
    }
  }
  return written;
}
