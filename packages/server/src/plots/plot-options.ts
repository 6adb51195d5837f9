/**
 * A plot type's options: their names and JSON Schema (for help, errors and GET /api/v1/plots/types), and
 * validation with errors that name the option and list the valid ones.
 */
import { z } from 'zod';
import { RunlensError, type PlotPlugin } from '@runlens/core';

type JsonSchema = Record<string, unknown>;

/**
 * The JSON Schema of a plugin's options (a plot type's, an exporter's) as a caller writes them: defaults optional.
 * Draft-07, what form generators and validators (the dashboard's react-jsonschema-form with ajv) read without
 * configuration; the keywords zod emits for options mean the same as in 2020-12. A part JSON Schema cannot express
 * (a third-party plugin's transform or custom check) becomes an unconstrained `{}` rather than failing the whole
 * listing: zod's `unrepresentable` setting, whose value for that is named `'any'`.
 */
export function optionsJsonSchema(options: z.ZodType): JsonSchema {
  return z.toJSONSchema(options, { io: 'input', target: 'draft-7', unrepresentable: 'any' }) as JsonSchema;
}

/** The JSON Schema of a plot type's options (see optionsJsonSchema). */
export function plotOptionsJsonSchema(plot: PlotPlugin<unknown>): JsonSchema {
  return optionsJsonSchema(plot.options);
}

/** The option names a plot type accepts, in its schema's order. */
export function plotOptionNames(plot: PlotPlugin<unknown>): string[] {
  const props = plotOptionsJsonSchema(plot).properties;
  return props && typeof props === 'object' ? Object.keys(props) : [];
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return row[b.length]!;
}

/** The closest valid name, when one is close enough to be a typo (`group_by` → `groupBy`). */
export function closestName(name: string, valid: readonly string[]): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[-_]/g, '');
  let best: string | undefined;
  let bestD = Number.POSITIVE_INFINITY;
  for (const v of valid) {
    const d = norm(v) === norm(name) ? 0 : editDistance(name, v);
    if (d < bestD) [best, bestD] = [v, d];
  }
  return bestD <= Math.max(1, Math.floor(name.length / 4)) ? best : undefined;
}

/** Validates and defaults `raw` against the plot type's schema; the error names the option and lists valid ones. */
export function validatePlotOptions(plot: PlotPlugin<unknown>, raw: Record<string, unknown>): unknown {
  const parsed = plot.options.safeParse(raw);
  if (parsed.success) return parsed.data;
  const valid = plotOptionNames(plot);
  const list = valid.length > 0 ? valid.join(', ') : 'none';
  const issue = parsed.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    const near = closestName(key, valid);
    throw new RunlensError('VALIDATION', `unknown option "${key}" for plot ${plot.name}${near ? ` (did you mean "${near}"?)` : ''}; valid options: ${list}`, { field: key });
  }
  const path = issue.path.map(String).join('.');
  if (issue.path.length === 1 && raw[path] === undefined) {
    throw new RunlensError('VALIDATION', `plot ${plot.name} needs option "${path}"; valid options: ${list}`, { field: path });
  }
  const where = path === '' ? `options of plot ${plot.name}` : `option "${path}" of plot ${plot.name}`;
  throw new RunlensError('VALIDATION', `${where}: ${issue.message}; valid options: ${list}`, { field: path || 'options' });
}
