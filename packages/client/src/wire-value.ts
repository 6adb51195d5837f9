/**
 * A metric value on the wire. JSON has no literal for NaN or ±Infinity, which are real values here (a diverged
 * loss), so they travel as strings. Kept in step with `@runlens/core`'s `encodeValue`; copied because the client has
 * no runtime dependencies.
 */
export type WireValue = number | 'NaN' | 'Infinity' | '-Infinity';

/** Encodes one float64 for JSON: finite numbers as they are, NaN and ±Infinity as strings. */
export function encodeValue(v: number): WireValue {
  if (Number.isFinite(v)) return v;
  if (Number.isNaN(v)) return 'NaN';
  return v > 0 ? 'Infinity' : '-Infinity';
}

/** Encodes a column; returns the same array when every value is finite, which is the common case. */
export function encodeColumn(values: number[]): WireValue[] {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]!)) return values.map(encodeValue);
  }
  return values;
}
