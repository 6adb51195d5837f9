/**
 * A canonical text of JSON-like values, for cache keys: equal values give equal text in any process, browser or
 * Node, whatever the order their object keys were written in. Whoever needs a short key hashes the text (the
 * server's plot cache uses node:crypto's SHA-256).
 */
import { RunlensError } from '../errors.js';

/**
 * A canonical text of `value`: JSON with object keys sorted, typed arrays written as arrays, and NaN, Infinity,
 * -Infinity and bigints written as bare `NaN`, `Infinity`, `-Infinity`, `12n` (not JSON, but never confused with a
 * string, which is always quoted). Keys whose value is `undefined` are left out, as JSON.stringify does; objects
 * with `toJSON` (dates) are written as that. Functions, symbols and cycles throw a VALIDATION {@link RunlensError}.
 *
 * @example stableStringify({ b: [1, NaN], a: 'x' }) // '{"a":"x","b":[1,NaN]}'
 */
export function stableStringify(value: unknown): string {
  const parts: string[] = [];
  write(value, parts, new Set());
  return parts.join('');
}

function write(value: unknown, out: string[], seen: Set<object>): void {
  switch (typeof value) {
    case 'string':
      out.push(JSON.stringify(value));
      return;
    case 'number':
      // -0 is 0 here, as in JSON.
      out.push(Number.isFinite(value) ? JSON.stringify(value) : String(value));
      return;
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    case 'bigint':
      out.push(`${value}n`);
      return;
    case 'undefined':
      out.push('null');
      return;
    case 'object':
      break;
    default:
      throw new RunlensError('VALIDATION', `cannot hash a ${typeof value}`);
  }
  if (value === null) {
    out.push('null');
    return;
  }
  if (seen.has(value)) throw new RunlensError('VALIDATION', 'cannot hash a value that contains itself');
  seen.add(value);
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    out.push('[');
    const items = value as unknown as ArrayLike<number | bigint>;
    for (let i = 0; i < items.length; i++) {
      if (i > 0) out.push(',');
      write(items[i], out, seen);
    }
    out.push(']');
  } else if (Array.isArray(value)) {
    out.push('[');
    value.forEach((item: unknown, i) => {
      if (i > 0) out.push(',');
      write(item, out, seen);
    });
    out.push(']');
  } else if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    write((value as { toJSON: () => unknown }).toJSON(), out, seen);
  } else {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort();
    out.push('{');
    keys.forEach((k, i) => {
      if (i > 0) out.push(',');
      out.push(JSON.stringify(k), ':');
      write(record[k], out, seen);
    });
    out.push('}');
  }
  seen.delete(value);
}
