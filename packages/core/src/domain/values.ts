/**
 * Metric values are float64 and NaN/±Infinity are real values (a diverged loss). JSON has no literal for them, so
 * on the wire they travel as the strings "NaN", "Infinity" and "-Infinity"; every other string is an error.
 */
export type WireValue = number | 'NaN' | 'Infinity' | '-Infinity';

export const NON_FINITE_STRINGS = ['NaN', 'Infinity', '-Infinity'] as const;

/** Encode one float64 for JSON. */
export function encodeValue(v: number): WireValue {
  if (Number.isFinite(v)) return v;
  if (Number.isNaN(v)) return 'NaN';
  return v > 0 ? 'Infinity' : '-Infinity';
}

/** Decode a wire value; returns undefined for anything that is not a finite number or one of the three strings. */
export function decodeValue(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (v === 'NaN') return Number.NaN;
  if (v === 'Infinity') return Number.POSITIVE_INFINITY;
  if (v === '-Infinity') return Number.NEGATIVE_INFINITY;
  return undefined;
}

/** Encode a whole column for JSON (plain array, non-finite values as strings). */
export function encodeColumn(values: ArrayLike<number>): WireValue[] {
  const out: WireValue[] = new Array<WireValue>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = encodeValue(values[i]!);
  return out;
}

/** Decode a column received as JSON; throws with the index of the first bad value. */
export function decodeColumn(values: readonly unknown[]): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const d = decodeValue(values[i]);
    if (d === undefined) throw new TypeError(`value at index ${i} is not a number or "NaN"/"Infinity"/"-Infinity"`);
    out[i] = d;
  }
  return out;
}
