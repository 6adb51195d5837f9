/** TensorBoard's smoothing: an exponential moving average with its start-up bias removed. */
import { RunlensError } from '../errors.js';

/**
 * The debiased exponential moving average TensorBoard draws as "smoothed": `last = w·last + (1 − w)·v` from
 * `last = 0`, divided by `1 − w^k` after k finite values so that the first points are not dragged toward 0.
 * Non-finite values pass through unchanged and do not enter the average; a series whose values are all equal is
 * returned as it is (no rounding drift). `weight` in [0, 1), 0 returning the values unchanged; anything else throws
 * a VALIDATION {@link RunlensError}.
 *
 * @example debiasedEma([1, 0], 0.5) // [1, 1/3]: (0.5·0.5·1 + 0.5·0) / (1 − 0.25)
 */
export function debiasedEma(values: ArrayLike<number>, weight: number): Float64Array {
  checkSmoothing(weight);
  const out = Float64Array.from(values);
  if (weight === 0 || out.every((v) => Object.is(v, out[0]))) return out;
  let last = 0;
  let count = 0;
  for (let i = 0; i < out.length; i++) {
    const v = out[i]!;
    if (!Number.isFinite(v)) continue;
    last = last * weight + (1 - weight) * v;
    count++;
    out[i] = last / (1 - weight ** count);
  }
  return out;
}

/** Throws unless `weight` is a smoothing weight in [0, 1). */
export function checkSmoothing(weight: number): void {
  if (!(weight >= 0 && weight < 1)) {
    throw new RunlensError('VALIDATION', `invalid smoothing: ${weight} (expected a number in [0, 1))`, {
      field: 'smoothing',
    });
  }
}
