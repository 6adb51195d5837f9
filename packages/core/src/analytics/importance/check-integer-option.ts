import { RunlensError } from '../../errors.js';

/** `value`, or `fallback` when undefined; throws a VALIDATION error naming `name` unless an integer in [min, max]. */
export function checkIntegerOption(
  name: string,
  value: number | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new RunlensError('VALIDATION', `${name} must be an integer in [${min}, ${max}] (got ${String(v)})`, {
      field: name,
    });
  }
  return v;
}
