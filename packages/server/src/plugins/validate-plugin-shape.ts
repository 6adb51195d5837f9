/**
 * Shape checks for plugins that arrive from outside (config `plugins:`): the registry checks kind, name and API
 * version; this checks that each kind's functions and fields are there, so a half-written plugin is refused with a
 * reason at load time instead of failing in the middle of a render.
 */
import { MARK_TYPES, PLUGIN_KINDS, type PluginKind } from '@runlens/core';

interface KindShape {
  functions: readonly string[];
  /** zod schemas (anything with safeParse). */
  schemas?: readonly string[];
  strings?: readonly string[];
  /** Lists of mark types. */
  marks?: boolean;
  /** Functions that may be absent but must be functions when present. */
  optionalFunctions?: readonly string[];
}

const SHAPES: Record<PluginKind, KindShape> = {
  plot: { functions: ['needs', 'compile'], schemas: ['options'], marks: true },
  renderer: { functions: ['compile'], marks: true, optionalFunctions: ['renderSvg', 'renderHtml'] },
  exporter: { functions: ['export'], schemas: ['options'], strings: ['extension', 'mediaType'] },
  processor: { functions: ['apply'], schemas: ['options'], strings: [] },
  parser: { functions: ['detect', 'createParser'] },
  importer: { functions: ['import'], strings: ['pathHelp'] },
};

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** What is wrong with `plugin` (empty when nothing): each problem names the field. */
export function pluginShapeProblems(plugin: unknown): string[] {
  if (!isObject(plugin) || Array.isArray(plugin)) return [`expected a plugin object {kind, name, apiVersion, …}, got ${Array.isArray(plugin) ? 'a list' : plugin === null ? 'null' : typeof plugin}`];
  const kind = plugin.kind;
  if (typeof kind !== 'string' || !(PLUGIN_KINDS as readonly string[]).includes(kind)) {
    return [`kind must be one of ${PLUGIN_KINDS.join(', ')}, got ${JSON.stringify(kind) ?? 'nothing'}`];
  }
  const shape = SHAPES[kind as PluginKind];
  const problems: string[] = [];
  if (typeof plugin.name !== 'string') problems.push('name must be a string');
  if (typeof plugin.apiVersion !== 'number') problems.push('apiVersion must be a number');
  if (typeof plugin.description !== 'string') problems.push('description must be a string');
  for (const f of shape.functions) if (typeof plugin[f] !== 'function') problems.push(`missing function ${f}()`);
  for (const f of shape.optionalFunctions ?? []) if (plugin[f] !== undefined && typeof plugin[f] !== 'function') problems.push(`${f} must be a function`);
  for (const s of shape.schemas ?? []) {
    const v = plugin[s];
    if (!isObject(v) || typeof v.safeParse !== 'function') problems.push(`${s} must be a zod schema`);
  }
  for (const s of shape.strings ?? []) if (typeof plugin[s] !== 'string' || plugin[s] === '') problems.push(`${s} must be a non-empty string`);
  if (shape.marks) {
    const marks = plugin.marks;
    if (!Array.isArray(marks)) problems.push(`marks must be a list of mark types (${MARK_TYPES.join(', ')})`);
    else {
      const unknown = marks.filter((m) => !(MARK_TYPES as readonly unknown[]).includes(m));
      if (unknown.length) problems.push(`unknown mark type ${unknown.map((m) => JSON.stringify(m)).join(', ')} (one of ${MARK_TYPES.join(', ')})`);
    }
  }
  return problems;
}
