/** Finds the exporter of a format and validates its options; errors list the formats or name the bad option. */
import { RunlensError, type ExporterPlugin, type PluginRegistry } from '@runlens/core';

export interface ResolvedExporter {
  exporter: ExporterPlugin<unknown>;
  /** Validated, defaults filled in. */
  options: unknown;
}

export function resolveExporter(registry: PluginRegistry, format: string, raw: Record<string, unknown> = {}): ResolvedExporter {
  const exporter = registry.get('exporter', format);
  if (!exporter) {
    const valid = registry.list('exporter').map((e) => e.name);
    throw new RunlensError('VALIDATION', `unknown format: ${format} (one of ${valid.join(', ') || 'none registered'})`, { field: 'format' });
  }
  const parsed = exporter.options.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = issue.code === 'unrecognized_keys' ? issue.keys[0] : issue.path.map(String).join('.');
    throw new RunlensError('VALIDATION', `${format} export option${key ? ` "${key}"` : 's'}: ${issue.message}`, { field: key || 'exportOptions' });
  }
  return { exporter, options: parsed.data };
}

/** The exporter whose extension ends a file name (`fig.spec.json` → spec, `fig.png` → png); longest match wins. */
export function exporterForFile(registry: PluginRegistry, file: string): ExporterPlugin<unknown> | undefined {
  const lower = file.toLowerCase();
  return registry
    .list('exporter')
    .filter((e) => lower.endsWith(`.${e.extension.toLowerCase()}`))
    .sort((a, b) => b.extension.length - a.extension.length)[0];
}
