/** TensorBoard's smoothing: an exponential moving average with its start-up bias removed. */
import { RunlensError } from '../errors.js';
import { isFiniteConstant } from './finite-constant.js';

/**
 * The debiased exponential moving average TensorBoard draws as "smoothed": `last = w·last + (1 − w)·v` from
 * `last = 0`, divided by `1 − w^k` after k finite values so that the first points are not dragged toward 0.
 * Non-finite values pass through unchanged and do not enter the average; a series whose finite values are all equal
 * (NaN or ±Infinity between them or not) is returned as it is. `weight` in [0, 1), 0 returning the values unchanged;
 * anything else throws a VALIDATION {@link RunlensError}.
 *
 * It is computed in the equivalent weighted-mean form, `Σ w^(k−i)·v_i / Σ w^(k−i)` (multiply TensorBoard's numerator
 * and denominator by 1/(1 − w)), so the first finite value comes out exactly as it went in: TensorBoard's
 * `(1 − w)·v / (1 − w)` is off by one rounding step for about one value in ten.
 *
 * @example debiasedEma([1, 0], 0.5) // [1, 1/3]: (0.5·0.5·1 + 0.5·0) / (1 − 0.25)
 */
export function debiasedEma(values: ArrayLike<number>, weight: number): Float64Array {
  checkSmoothing(weight);
  const out = Float64Array.from(values);
  if (weight === 0 || isFiniteConstant(out)) return out;
  let sum = 0;
  let total = 0;
  for (let i = 0; i < out.length; i++) {
    const v = out[i]!;
    if (!Number.isFinite(v)) continue;
    sum = sum * weight + v;
    total = total * weight + 1;
    out[i] = sum / total;
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
