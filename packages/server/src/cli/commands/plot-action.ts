/**
 * What `runlens plot <type>` does (see plot.ts, which registers the command); loaded when it runs: renders a plot of
 * the selected runs to a file (svg, png, pdf, html, csv, json or the spec), or to several formats at once. Common flags map to the plot type's options when it has them; `--opt key=value`
 * sets any option.
 */
import { mkdir } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { RUN_STATUSES, RunlensError, type PluginRegistry, type RunStatus } from '@runlens/core';
import { exportPlots, type ExportedFile } from '../../export/plot/export-plots.js';
import { exporterForFile, resolveExporter } from '../../export/plot/resolve-exporter.js';
import { writeFileAtomic } from '../../export/plot/write-file-atomic.js';
import { builtinRegistry } from '../../plugins/builtin-registry.js';
import { registryWithPlugins } from '../../plugins/load-plugins.js';
import { openPlotDataSource } from '../../plots/plot-data-source.js';
import { plotOptionNames } from '../../plots/plot-options.js';
import { DEFAULT_PLOT_MAX_RUNS, type PlotRenderRequestInput } from '../../plots/plot-request.js';
import { preparePlot, type PlotTiming } from '../../plots/render-plot.js';
import { sanitizeForTerminal } from '../format.js';
import { loadCliConfig } from '../cli-config.js';
import { plotSettingsOf } from '../../config/live-config.js';
import type { RunSourceFlags } from '../options.js';

/** The flags as commander parses them. */
export interface PlotFlags extends RunSourceFlags {
  config?: string;
  project?: string[];
  group?: string[];
  status?: string;
  filter?: string;
  runs?: string;
  maxRuns?: number;
  metrics?: string[];
  x?: string;
  groupBy?: string;
  smooth?: string;
  opt?: string[];
  theme?: string;
  renderer?: string;
  width?: number;
  height?: number;
  title?: string;
  dpi?: string;
  out?: string;
  format?: string;
  json: boolean;
}

/**
 * Splits a comma-separated list, keeping /regex/ items whole even when they contain commas:
 * `loss,/^val\/(a,b)/` → [`loss`, `/^val\/(a,b)/`].
 */
export function splitList(s: string): string[] {
  const out: string[] = [];
  let open: string | undefined;
  for (const part of s.split(',')) {
    if (open !== undefined) {
      open = `${open},${part}`;
      if (/^\/.*\/[a-z]*$/s.test(open.trim())) {
        out.push(open.trim());
        open = undefined;
      }
      continue;
    }
    const t = part.trim();
    if (t.startsWith('/') && !/^\/.+\/[a-z]*$/s.test(t)) open = part;
    else if (t !== '') out.push(t);
  }
  if (open !== undefined) out.push(open.trim());
  return out;
}

/** `key=value`, value parsed as JSON when it is JSON (`true`, `3`, `["a"]`), else a string; `a.b=1` nests. */
export function parseOptAssignment(s: string): { path: string[]; value: unknown } {
  const eq = s.indexOf('=');
  if (eq <= 0) throw new RunlensError('VALIDATION', `--opt ${s}: expected key=value, e.g. --opt band=ci or --opt logY=true`);
  const path = s.slice(0, eq).trim().split('.');
  if (path.some((p) => p === '' || p === '__proto__' || p === 'constructor' || p === 'prototype')) {
    throw new RunlensError('VALIDATION', `--opt ${s}: bad option name`);
  }
  const raw = s.slice(eq + 1);
  let value: unknown = raw;
  try {
    value = JSON.parse(raw);
  } catch {
    // not JSON: the text itself (`--opt band=ci`)
  }
  return { path, value };
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let obj = target;
  for (const key of path.slice(0, -1)) {
    const next = obj[key];
    if (typeof next === 'object' && next !== null && !Array.isArray(next)) obj = next as Record<string, unknown>;
    else obj = obj[key] = {};
  }
  obj[path[path.length - 1]!] = value;
}

function parseStatuses(list: string | undefined): RunStatus[] | undefined {
  if (list === undefined) return undefined;
  return splitList(list).map((s) => {
    const known = RUN_STATUSES.find((x) => x === s);
    if (known === undefined) throw new RunlensError('VALIDATION', `unknown status: ${s} (${RUN_STATUSES.join(' | ')})`);
    return known;
  });
}

/** Flags that set a plot option, with the option they set. */
const OPTION_FLAGS = [
  { flag: '--metrics', option: 'metrics', value: (f: PlotFlags) => (f.metrics ? f.metrics.flatMap(splitList) : undefined) },
  { flag: '--x', option: 'x', value: (f: PlotFlags) => f.x },
  { flag: '--group-by', option: 'groupBy', value: (f: PlotFlags) => f.groupBy },
  { flag: '--smooth', option: 'smooth', value: (f: PlotFlags) => f.smooth },
] as const;

/** The plot options the flags ask for; a flag the plot type has no option for is an error naming it. */
export function plotOptionsFromFlags(registry: PluginRegistry, type: string, flags: PlotFlags): Record<string, unknown> {
  const plot = registry.require('plot', type);
  const names = plotOptionNames(plot);
  const options: Record<string, unknown> = {};
  for (const { flag, option, value } of OPTION_FLAGS) {
    const v = value(flags);
    if (v === undefined) continue;
    if (!names.includes(option)) {
      throw new RunlensError('VALIDATION', `${flag}: plot ${type} has no option "${option}" (its options: ${names.join(', ') || 'none'})`, { field: option });
    }
    options[option] = v;
  }
  for (const assignment of flags.opt ?? []) {
    const { path, value } = parseOptAssignment(assignment);
    if (path.length === 1 && options[path[0]!] !== undefined) {
      throw new RunlensError('VALIDATION', `option "${path[0]}" is set twice: by a flag and by --opt ${assignment}`, { field: path[0] });
    }
    setPath(options, path, value);
  }
  return options;
}

/** Where each format goes: `fig.png` alone, or `fig.svg`, `fig.png`, … for several formats. */
export interface PlotOutputs {
  formats: string[];
  /** A file path, or `-` for stdout (one format only). */
  out: string;
}

export function plotOutputs(registry: PluginRegistry, type: string, flags: Pick<PlotFlags, 'out' | 'format'>): PlotOutputs {
  const valid = () => registry.list('exporter').map((e) => e.name).join(', ');
  if (flags.format !== undefined) {
    const formats = [...new Set(splitList(flags.format))];
    if (formats.length === 0) throw new RunlensError('VALIDATION', `--format: name at least one format (${valid()})`);
    if (flags.out === '-' && formats.length > 1) throw new RunlensError('VALIDATION', '--out -: stdout takes one format');
    const first = registry.get('exporter', formats[0]!);
    return { formats, out: flags.out ?? `${type}.${first?.extension ?? formats[0]}` };
  }
  if (flags.out === undefined) throw new RunlensError('VALIDATION', `name the output file: --out fig.svg|png|pdf|html|csv|json (or --format with one of ${valid()})`);
  if (flags.out === '-') throw new RunlensError('VALIDATION', `--out -: say which format with --format (${valid()})`);
  const exporter = exporterForFile(registry, flags.out);
  if (!exporter) throw new RunlensError('VALIDATION', `cannot tell the format of ${flags.out} from its extension: use --format (one of ${valid()})`);
  return { formats: [exporter.name], out: flags.out };
}

/** `fig.png` → `fig` when `.png` belongs to an exporter (several formats are written beside each other). */
function stripKnownExtension(registry: PluginRegistry, file: string): string {
  const e = exporterForFile(registry, file);
  return e ? file.slice(0, file.length - e.extension.length - 1) : file;
}

export interface PlotCommandResult {
  files: ExportedFile[];
  runs: number;
  warnings: string[];
  timing: PlotTiming;
}

function formatBytes(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Runs the command: returns what it wrote. `registry` defaults to the built-ins plus the config's plugins. */
export async function runPlotCommand(type: string, flags: PlotFlags, deps: { registry?: PluginRegistry; stdout?: (bytes: Uint8Array) => void; progress?: (line: string) => void } = {}): Promise<PlotCommandResult> {
  const { config, baseDir } = loadCliConfig(flags);
  const pluginWarnings: string[] = [];
  let registry = deps.registry;
  if (!registry) {
    const loaded = await registryWithPlugins(builtinRegistry(), config.plugins, { baseDir });
    registry = loaded.registry;
    for (const e of loaded.report.errors) pluginWarnings.push(`plugin ${e.name ?? e.from} (${e.from}) skipped: ${e.reason}`);
  }
  const options = plotOptionsFromFlags(registry, type, flags);
  const outputs = plotOutputs(registry, type, flags);
  const exportOptions: Record<string, Record<string, unknown>> = {};
  if (flags.dpi !== undefined) {
    if (!outputs.formats.includes('png')) throw new RunlensError('VALIDATION', '--dpi applies to png output only');
    const dpi = Number(flags.dpi);
    if (!Number.isFinite(dpi)) throw new RunlensError('VALIDATION', `--dpi must be a number, got "${flags.dpi}"`);
    exportOptions.png = { dpi };
  }
  // formats and their options are checked before any data is read
  for (const f of outputs.formats) resolveExporter(registry, f, exportOptions[f] ?? {});
  const request: PlotRenderRequestInput = {
    type,
    options,
    selection: {
      projects: flags.project,
      groups: flags.group,
      status: parseStatuses(flags.status),
      filter: flags.filter,
      runIds: flags.runs !== undefined ? splitList(flags.runs) : undefined,
      maxRuns: flags.maxRuns ?? DEFAULT_PLOT_MAX_RUNS,
    },
    theme: flags.theme,
    renderer: flags.renderer,
    width: flags.width,
    height: flags.height,
    title: flags.title,
  };
  const source = openPlotDataSource(flags);
  try {
    const started = performance.now();
    const prepared = await preparePlot(request, { registry, source, settings: plotSettingsOf(config) });
    const t = performance.now();
    const warnings = [...pluginWarnings, ...prepared.warnings];
    let files: ExportedFile[];
    if (outputs.formats.length === 1) {
      const format = outputs.formats[0]!;
      const { exporter, options: o } = resolveExporter(registry, format, exportOptions[format] ?? {});
      const bytes = await exporter.export({ spec: prepared.spec, renderer: prepared.renderer, registry }, o);
      if (outputs.out === '-') (deps.stdout ?? ((b) => process.stdout.write(b)))(bytes);
      else {
        await mkdir(dirname(outputs.out), { recursive: true });
        await writeFileAtomic(outputs.out, bytes);
      }
      files = [{ name: basename(outputs.out), format: exporter.name, file: outputs.out, bytes: bytes.length, ms: performance.now() - t }];
    } else {
      const base = stripKnownExtension(registry, outputs.out);
      const progress = deps.progress;
      files = await exportPlots([{ name: basename(base), spec: prepared.spec, renderer: prepared.renderer }], {
        outDir: dirname(base),
        formats: outputs.formats,
        registry,
        exportOptions,
        ...(progress ? { onProgress: (done: number, total: number, f: ExportedFile) => progress(`[${done}/${total}] ${f.file}  ${formatBytes(f.bytes)}  ${f.ms.toFixed(0)} ms`) } : {}),
      });
    }
    const end = performance.now();
    return { files, runs: prepared.runs, warnings, timing: { ...prepared.timing, exportMs: end - t, totalMs: end - started } };
  } finally {
    await source.close();
  }
}

/** Runs the command and prints what it wrote. */
export async function plotAction(type: string, flags: PlotFlags): Promise<void> {
  const progress = (line: string) => process.stderr.write(`${line}\n`);
  const result = await runPlotCommand(type, flags, { progress });
  for (const w of result.warnings) console.error(`warning: ${sanitizeForTerminal(w)}`);
  const first = result.files[0]!;
  if (flags.json) {
    const round = (ms: number) => Math.round(ms * 10) / 10;
    const timing = Object.fromEntries(Object.entries(result.timing).map(([k, v]) => [k, round(v)]));
    const files = result.files.map((f) => ({ file: f.file, format: f.format, bytes: f.bytes, ms: round(f.ms) }));
    console.log(JSON.stringify({ file: first.file, bytes: first.bytes, ms: round(result.timing.totalMs), files, runs: result.runs, warnings: result.warnings, timing }, null, 2));
  } else if (first.file !== '-') {
    for (const f of result.files) console.log(`wrote ${f.file} (${formatBytes(f.bytes)})`);
    console.log(`${result.runs} run${result.runs === 1 ? '' : 's'}, ${result.timing.totalMs.toFixed(0)} ms`);
  }
}
