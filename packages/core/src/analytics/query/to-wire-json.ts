import { encodeValue, type WireValue } from '../../domain/values.js';

/** The type of `T` after {@link toWireJson}: numbers become wire values, typed arrays plain arrays. */
export type Wired<T> = T extends number
  ? WireValue
  : T extends string | boolean | null | undefined
    ? T
    : T extends ArrayBufferView
      ? WireValue[]
      : T extends readonly (infer U)[]
        ? Wired<U>[]
        : T extends object
          ? { [K in keyof T]: Wired<T[K]> }
          : T;

function wire(value: unknown): unknown {
  if (typeof value === 'number') return encodeValue(value);
  if (value === null || typeof value !== 'object') return value;
  if (ArrayBuffer.isView(value)) return value instanceof DataView ? null : Array.from(value as unknown as ArrayLike<number>, (v) => encodeValue(v));
  if (Array.isArray(value)) return value.map(wire);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = wire(v);
  return out;
}

/**
 * Deep copy of an analytics output for JSON, with NaN and ±Infinity in the wire encoding ({@link encodeValue}):
 * "NaN", "Infinity", "-Infinity". `undefined` fields are dropped, as JSON.stringify would.
 *
 * @example
 * toWireJson({ mean: Number.NaN, n: 3 }) // { mean: 'NaN', n: 3 }
 */
export function toWireJson<T>(value: T): Wired<T> {
  return wire(value) as Wired<T>;
}
