/** Dropping NaN from a sample before a test, and saying so: runlens reports what it left out, never hides it. */

/** A sample without NaN, and how many NaN values were removed from it. */
export interface CleanSample {
  readonly values: Float64Array;
  readonly nanDropped: number;
}

/**
 * Copies `values` without its NaN entries. When some were dropped, a warning naming the sample (`label`) is pushed
 * onto `warnings`. ±Infinity is kept: it is a real value (a diverged loss), which rank tests can order.
 */
export function cleanSample(values: ArrayLike<number>, label: string, warnings: string[]): CleanSample {
  const kept: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isNaN(v)) kept.push(v);
  }
  const nanDropped = values.length - kept.length;
  if (nanDropped > 0) warnings.push(`${label}: ${nanDropped} NaN value${nanDropped === 1 ? '' : 's'} dropped`);
  return { values: Float64Array.from(kept), nanDropped };
}

/** True when every value is finite (no ±Infinity). */
export function allFinite(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i]!)) return false;
  return true;
}
