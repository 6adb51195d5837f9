/** A value `JSON.stringify` writes faithfully. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

const MAX_DEPTH = 32;

/**
 * Copies a user's config into something JSON carries without loss or exceptions: `JSON.stringify` throws on BigInt
 * and cycles and silently turns NaN into null, and a config is whatever the user's script built. Non-finite numbers
 * become "NaN"/"Infinity"/"-Infinity" (as the server does when flattening), BigInt and other odd values become
 * strings, Dates ISO strings, typed arrays plain arrays; functions, symbols and undefined are dropped; a cycle is
 * cut with "[Circular]" and nesting deeper than 32 levels with "[Too deep]". Never throws.
 *
 * @example
 * sanitizeParams({ lr: 0.1, warmup: NaN, big: 10n }); // { lr: 0.1, warmup: 'NaN', big: '10' }
 */
export function sanitizeParams(input: unknown): Record<string, JsonValue> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return {};
  const out = copy(input, new WeakSet<object>(), 0);
  return out !== null && typeof out === 'object' && !Array.isArray(out) ? out : {};
}

function copy(v: unknown, seen: WeakSet<object>, depth: number): JsonValue | undefined {
  switch (typeof v) {
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    case 'number':
      if (Number.isFinite(v)) return v;
      return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
    case 'string':
    case 'boolean':
      return v;
    case 'bigint':
      return v.toString();
    default:
      break;
  }
  if (v === null) return null;
  const obj = v as object;
  if (obj instanceof Date) return Number.isNaN(obj.getTime()) ? 'Invalid Date' : obj.toISOString();
  if (seen.has(obj)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Too deep]';
  seen.add(obj);
  try {
    if (ArrayBuffer.isView(obj) && !(obj instanceof DataView)) {
      return Array.from(obj as unknown as ArrayLike<number | bigint>, (x) => copy(x, seen, depth + 1) ?? null);
    }
    if (Array.isArray(obj)) return obj.map((x: unknown) => copy(x, seen, depth + 1) ?? null);
    const out: Record<string, JsonValue> = {};
    for (const key of Object.keys(obj)) {
      let value: unknown;
      try {
        value = (obj as Record<string, unknown>)[key];
      } catch {
        continue; // a throwing getter should not cost the whole config
      }
      const c = copy(value, seen, depth + 1);
      if (c !== undefined) out[key] = c;
    }
    return out;
  } finally {
    seen.delete(obj);
  }
}
