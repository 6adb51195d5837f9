/**
 * The file format of the pipeline cache's disk tier: a JSON header (the entry's full key, to verify it, and the
 * value's structure) followed by the raw bytes of every Float64Array in it, so frames are written and read without
 * turning millions of numbers into text.
 *
 *   bytes 0–7    magic "RLPCACH1"
 *   bytes 8–11   header length in bytes (uint32 LE)
 *   bytes 12–15  0
 *   header       UTF-8 JSON { key, endian, arrays: [lengths], value }
 *   padding      zero bytes up to a multiple of 8
 *   arrays       the Float64Arrays' bytes, one after another, in the machine's byte order (recorded as `endian`)
 *
 * In `value`, a Float64Array is `{"$f": index}`, a non-finite number `{"$n": "NaN"}`, and an object key starting
 * with `$` gets a second `$`, so no user data is mistaken for a marker.
 */
import { RunlensError } from '@runlens/core';

const MAGIC = Buffer.from('RLPCACH1', 'latin1');
const PREFIX = 16;
const ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1 ? 'le' : 'be';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/**
 * Encodes a cacheable value: null, booleans, numbers (NaN and ±Infinity included), strings, Float64Arrays, arrays
 * and plain objects of these (keys whose value is undefined are left out). Anything else — other typed arrays, Maps,
 * functions, undefined inside arrays — throws a VALIDATION RunlensError naming where it is.
 */
export function encodeCacheValue(key: string, value: unknown): Buffer {
  const arrays: Float64Array[] = [];
  const tree = toJson(value, arrays, 'value');
  const header = Buffer.from(JSON.stringify({ key, endian: ENDIAN, arrays: arrays.map((a) => a.length), value: tree }), 'utf8');
  const dataStart = align8(PREFIX + header.length);
  const out = Buffer.alloc(dataStart + arrays.reduce((s, a) => s + a.byteLength, 0));
  MAGIC.copy(out, 0);
  out.writeUInt32LE(header.length, 8);
  header.copy(out, PREFIX);
  let at = dataStart;
  for (const a of arrays) {
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
    at += a.byteLength;
  }
  return out;
}

/** Throws like {@link encodeCacheValue} for a value that cannot be cached, without encoding anything. */
export function checkCacheValue(value: unknown): void {
  toJson(value, [], 'value');
}

/**
 * Decodes what {@link encodeCacheValue} wrote. Returns `undefined` for anything that is not exactly such a file
 * for `key` (wrong magic, truncated, trailing bytes, bad JSON, another key, another byte order): the caller treats
 * it as corrupt.
 */
export function decodeCacheValue(key: string, bytes: Uint8Array): { value: unknown } | undefined {
  if (bytes.length < PREFIX || !MAGIC.equals(bytes.subarray(0, 8))) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(8, true);
  if (PREFIX + headerLength > bytes.length) return undefined;
  let header: unknown;
  try {
    header = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset + PREFIX, headerLength).toString('utf8'));
  } catch {
    return undefined;
  }
  if (!isHeader(header) || header.key !== key || header.endian !== ENDIAN) return undefined;
  let at = align8(PREFIX + headerLength);
  if (at + header.arrays.reduce((s, n) => s + n * 8, 0) !== bytes.length) return undefined;
  const arrays = header.arrays.map((n) => {
    // A copy: aligned, and not tied to the file's buffer.
    const a = new Float64Array(n);
    new Uint8Array(a.buffer).set(bytes.subarray(at, at + n * 8));
    at += n * 8;
    return a;
  });
  try {
    return { value: fromJson(header.value, arrays) };
  } catch {
    return undefined;
  }
}

/** Roughly the bytes a value takes in memory, for the memory tier's limit. */
export function cacheValueSize(value: unknown): number {
  if (value instanceof Float64Array) return value.byteLength + 64;
  if (typeof value === 'string') return 2 * value.length + 32;
  if (Array.isArray(value)) return value.reduce((s: number, v: unknown) => s + cacheValueSize(v), 32);
  if (value !== null && typeof value === 'object') {
    let size = 64;
    for (const [k, v] of Object.entries(value)) size += 2 * k.length + 16 + cacheValueSize(v);
    return size;
  }
  return 16;
}

interface Header {
  key: string;
  endian: string;
  arrays: number[];
  value: Json;
}

function isHeader(h: unknown): h is Header {
  if (typeof h !== 'object' || h === null) return false;
  const r = h as Record<string, unknown>;
  return (
    typeof r.key === 'string' &&
    typeof r.endian === 'string' &&
    Array.isArray(r.arrays) &&
    r.arrays.every((n) => Number.isSafeInteger(n) && (n as number) >= 0) &&
    'value' in r
  );
}

function align8(n: number): number {
  return Math.ceil(n / 8) * 8;
}

function toJson(value: unknown, arrays: Float64Array[], path: string): Json {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : { $n: String(value) };
  if (value instanceof Float64Array) {
    arrays.push(value);
    return { $f: arrays.length - 1 };
  }
  if (Array.isArray(value)) {
    return value.map((v: unknown, i) => {
      if (v === undefined) throw unsupported(`${path}[${i}]`, 'undefined');
      return toJson(v, arrays, `${path}[${i}]`);
    });
  }
  if (typeof value === 'object' && isPlainObject(value)) {
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue;
      out[k.startsWith('$') ? `$${k}` : k] = toJson(v, arrays, `${path}.${k}`);
    }
    return out;
  }
  const what = ArrayBuffer.isView(value) ? value.constructor.name : typeof value === 'object' ? value.constructor?.name ?? 'object' : typeof value;
  throw unsupported(path, what);
}

function fromJson(tree: Json, arrays: readonly Float64Array[]): unknown {
  if (tree === null || typeof tree !== 'object') return tree;
  if (Array.isArray(tree)) return tree.map((t) => fromJson(t, arrays));
  const keys = Object.keys(tree);
  if (keys.length === 1 && keys[0] === '$f') {
    const a = arrays[tree.$f as number];
    if (!a) throw new Error('bad array index');
    return a;
  }
  if (keys.length === 1 && keys[0] === '$n') return Number(tree.$n);
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k.startsWith('$$') ? k.slice(1) : k] = fromJson(tree[k]!, arrays);
  return out;
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function unsupported(path: string, what: string): RunlensError {
  return new RunlensError('VALIDATION', `cannot cache ${what} at ${path} (cacheable: null, booleans, numbers, strings, Float64Array, arrays and plain objects of these)`);
}
