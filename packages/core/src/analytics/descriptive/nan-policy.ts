import { RunlensError } from '../../errors.js';

/**
 * What a statistic does with non-finite values (NaN, +Infinity, -Infinity), after SciPy's `nan_policy`:
 * - `omit`: leave them out, count them (`nanCount`, `infCount`) and say so in a warning;
 * - `propagate`: keep them, so they poison the result the way IEEE arithmetic does (NumPy's behaviour);
 * - `raise`: throw a VALIDATION {@link RunlensError}.
 *
 * Infinities follow the same policy as NaN: in a tracker they are diverged runs just like NaN, and a mean of
 * `Infinity` is no more useful than a mean of `NaN`.
 */
export type NanPolicy = 'omit' | 'propagate' | 'raise';

/** Every {@link NanPolicy}, for validating input that did not come through the type checker. */
export const NAN_POLICIES: readonly NanPolicy[] = ['omit', 'propagate', 'raise'];

/** The values a statistic is computed over, and the non-finite ones that were seen. */
export interface PolicedValues {
  /** Finite values only under `omit`; every value under `propagate`. */
  readonly values: Float64Array;
  readonly nanCount: number;
  readonly infCount: number;
}

/**
 * Applies `policy` to `input`: counts NaN and infinite values, drops them under `omit`, keeps them under
 * `propagate` and throws under `raise`. Throws a VALIDATION error for an unknown policy.
 */
export function applyNanPolicy(input: ArrayLike<number>, policy: NanPolicy): PolicedValues {
  if (!NAN_POLICIES.includes(policy)) {
    throw new RunlensError('VALIDATION', `unknown nanPolicy: ${String(policy)} (omit | propagate | raise)`);
  }
  let nanCount = 0;
  let infCount = 0;
  for (let i = 0; i < input.length; i++) {
    const x = input[i]!;
    if (Number.isNaN(x)) nanCount++;
    else if (!Number.isFinite(x)) infCount++;
  }
  if (policy === 'raise' && nanCount + infCount > 0) {
    throw new RunlensError(
      'VALIDATION',
      `${describeNonFinite(nanCount, infCount)} in the sample (nanPolicy "raise"); use "omit" to leave them out`,
      { nanCount, infCount },
    );
  }
  if (policy === 'propagate' || nanCount + infCount === 0) {
    return { values: Float64Array.from(input), nanCount, infCount };
  }
  const values = new Float64Array(input.length - nanCount - infCount);
  let j = 0;
  for (let i = 0; i < input.length; i++) {
    const x = input[i]!;
    if (Number.isFinite(x)) values[j++] = x;
  }
  return { values, nanCount, infCount };
}

/** "2 NaN values and 1 infinite value": for warnings and errors. */
export function describeNonFinite(nanCount: number, infCount: number): string {
  const parts: string[] = [];
  if (nanCount > 0) parts.push(`${nanCount} NaN ${nanCount === 1 ? 'value' : 'values'}`);
  if (infCount > 0) parts.push(`${infCount} infinite ${infCount === 1 ? 'value' : 'values'}`);
  return parts.join(' and ');
}
