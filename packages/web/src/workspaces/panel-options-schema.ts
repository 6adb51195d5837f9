/**
 * From a plot type's options JSON Schema (GET /api/v1/plots/types) to what the options form needs: the schema a form
 * can be generated from (or none: the JSON editor then), which fields are lists of names, the help text of a field,
 * and the comma-separated text of a list. Pure functions, no React, so they are unit-tested on their own.
 */

export type JsonSchema = Record<string, unknown>;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The schema to generate a form from, or null when there is nothing to generate (a third-party plot type without a
 * schema, or one that accepts anything): those panels keep the JSON editor. The server writes draft-07, which
 * rjsf's ajv validator reads as it is.
 */
export function formSchemaOf(options: unknown): JsonSchema | null {
  if (!isRecord(options)) return null;
  if (options.type !== undefined && options.type !== 'object') return null;
  if (!isRecord(options.properties) || Object.keys(options.properties).length === 0) return null;
  return options;
}

/** How a field holds a list of names: an array of strings, or (roc/pr `prefix`) one string or an array of them. */
export type ListShape = 'array' | 'string-or-array';

const isStringSchema = (s: unknown): boolean => isRecord(s) && s.type === 'string' && s.enum === undefined;
const isStringArraySchema = (s: unknown): boolean => isRecord(s) && s.type === 'array' && isStringSchema(s.items);

export function listShapeOf(schema: unknown): ListShape | null {
  if (isStringArraySchema(schema)) return 'array';
  if (isRecord(schema) && Array.isArray(schema.anyOf) && schema.anyOf.length === 2) {
    const [a, b] = schema.anyOf;
    if ((isStringSchema(a) && isStringArraySchema(b)) || (isStringArraySchema(a) && isStringSchema(b))) return 'string-or-array';
  }
  return null;
}

/** The rjsf ui schema of an options schema: lists of names get the list field, nested objects recurse. */
export function uiSchemaOf(schema: JsonSchema): Record<string, unknown> {
  const ui: Record<string, unknown> = {};
  const props = isRecord(schema.properties) ? schema.properties : {};
  for (const [name, prop] of Object.entries(props)) {
    const shape = listShapeOf(prop);
    if (shape) ui[name] = { 'ui:field': 'stringList', 'ui:options': { fieldReplacesAnyOrOneOf: true, shape } };
    else if (isRecord(prop) && prop.type === 'object' && isRecord(prop.properties)) ui[name] = uiSchemaOf(prop);
  }
  return ui;
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
/** Bounds as wide as the safe integers say nothing a user needs to read. */
const telling = (v: unknown): v is number => finite(v) && Math.abs(v) < 1e12;

/** The allowed range of a number field as help text ("2 – 100000", "> 0", "(0, 1)"), or '' when unbounded. */
export function rangeText(schema: JsonSchema): string {
  const lo = telling(schema.minimum) ? { v: schema.minimum, open: false } : telling(schema.exclusiveMinimum) ? { v: schema.exclusiveMinimum, open: true } : null;
  const hi = telling(schema.maximum) ? { v: schema.maximum, open: false } : telling(schema.exclusiveMaximum) ? { v: schema.exclusiveMaximum, open: true } : null;
  if (lo && hi) return lo.open || hi.open ? `${lo.open ? '(' : '['}${lo.v}, ${hi.v}${hi.open ? ')' : ']'}` : `${lo.v} – ${hi.v}`;
  if (lo) return `${lo.open ? '>' : '≥'} ${lo.v}`;
  if (hi) return `${hi.open ? '<' : '≤'} ${hi.v}`;
  return '';
}

/** A field's help: its description, then what a list accepts or a number's range. */
export function helpText(schema: JsonSchema, name: string): string {
  const parts: string[] = [];
  if (typeof schema.description === 'string' && schema.description.trim() !== '') parts.push(schema.description.trim());
  const shape = listShapeOf(schema);
  if (shape && (name === 'metrics' || name === 'params')) parts.push(`comma-separated ${name === 'metrics' ? 'metric' : 'parameter'} keys or /regex/`);
  else if (shape) parts.push('comma-separated');
  if (schema.type === 'number' || schema.type === 'integer') {
    const range = rangeText(schema);
    if (range) parts.push(range);
  }
  return parts.join(' · ');
}

/**
 * The entries of a comma-separated list, trimmed, empty ones dropped. A comma inside a /regex/ (`/a{1,3}/`) does not
 * split it: an entry that opens with "/" runs to the entry that closes it.
 */
export function splitList(text: string): string[] {
  const out: string[] = [];
  let open: string | null = null;
  for (const raw of text.split(',')) {
    if (open !== null) {
      open += `,${raw}`;
      if (/\/\s*$/.test(raw)) {
        out.push(open.trim());
        open = null;
      }
      continue;
    }
    const t = raw.trim();
    if (t.startsWith('/') && !(t.length > 1 && t.endsWith('/'))) open = raw;
    else if (t !== '') out.push(t);
  }
  if (open !== null && open.trim() !== '') out.push(open.trim());
  return out;
}

export function joinList(items: readonly string[]): string {
  return items.join(', ');
}

/** A field's value as list entries: an array's strings, or one string. */
export function listItems(value: unknown): string[] {
  if (typeof value === 'string') return value === '' ? [] : [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** The entries back as the field's value: unset when empty; one string stays a string where the schema allows it. */
export function listValue(items: readonly string[], shape: ListShape): string | string[] | undefined {
  if (items.length === 0) return undefined;
  if (shape === 'string-or-array' && items.length === 1) return items[0];
  return [...items];
}

/**
 * Suggestions for a list being typed: each key not yet in it, after the entries already typed, so that a datalist
 * (which matches the whole text) offers the next key: "val/loss, tr" → "val/loss, train/loss", …
 */
export function listSuggestions(text: string, keys: readonly string[], max = 200): string[] {
  const cut = text.lastIndexOf(',');
  const head = cut < 0 ? '' : `${text.slice(0, cut + 1).trimEnd()} `;
  const have = new Set(splitList(head));
  return keys.filter((k) => !have.has(k)).slice(0, max).map((k) => head + k);
}

/** One validation error as the form shows it. */
export interface OptionsError {
  /** The option it concerns ('' for the options object itself). */
  property: string;
  message: string;
}

/** ajv's error (as rjsf reports it) in words a user can act on. */
export function errorMessage(e: { name?: string; message?: string; params?: unknown }): string {
  const params = isRecord(e.params) ? e.params : {};
  if (e.name === 'additionalProperties' && typeof params.additionalProperty === 'string') return `unknown option "${params.additionalProperty}"`;
  if (e.name === 'required' && typeof params.missingProperty === 'string') return 'required';
  if (e.name === 'enum' && Array.isArray(params.allowedValues)) return `must be one of ${params.allowedValues.map(String).join(', ')}`;
  if (e.name === 'minItems' && params.limit === 1) return 'needs at least one entry';
  return e.message ?? 'invalid';
}
