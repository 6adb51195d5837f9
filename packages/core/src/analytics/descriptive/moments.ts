/** Mean, sample variance (ddof = 1) and sample standard deviation of a sample. */
export interface SampleMoments {
  readonly mean: number;
  /** NaN for n < 2. May be 0 or Infinity where the true variance lies outside float64's range; `std` is not. */
  readonly variance: number;
  /** NaN for n < 2. */
  readonly std: number;
}

/**
 * Accurate mean, variance and standard deviation of finite `values`, for any magnitude.
 *
 * - The values are first divided by a power of two near their largest magnitude. That is exact, and it keeps
 *   squares of 1e300-scale values from overflowing and squares of 1e-300-scale values from underflowing; the
 *   standard deviation is scaled back from the square root, so it stays finite and exact-to-rounding even when
 *   the variance itself is outside float64's range.
 * - The mean is a compensated (Neumaier) sum, refined by the mean of the residuals: correct to about one ulp even
 *   for 1e16 + small offsets, where a plain sum is off by several units.
 * - The variance is the corrected two-pass formula (Σd² − (Σd)²/n) / (n − 1) with d = x − mean (Chan, Golub &
 *   LeVeque), which cancels what rounding is left in the mean; a one-pass Σx² − n·mean² would lose every digit at
 *   1e15 + noise.
 *
 * NaN for every field on an empty sample; NaN variance and std for n = 1. A sample of equal values has exactly that
 * value as its mean and exactly 0 spread. Non-finite inputs are the caller's business (see `applyNanPolicy`).
 */
export function sampleMoments(values: Float64Array): SampleMoments {
  const n = values.length;
  if (n === 0) return { mean: Number.NaN, variance: Number.NaN, std: Number.NaN };
  let min = values[0]!;
  let max = min;
  for (let i = 1; i < n; i++) {
    const x = values[i]!;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const spreadUndefined = n < 2 ? Number.NaN : 0;
  if (min === max) return { mean: min, variance: spreadUndefined, std: spreadUndefined };

  const scale = powerOfTwoBelow(Math.max(Math.abs(min), Math.abs(max)));
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < n; i++) {
    const x = values[i]! / scale;
    const t = sum + x;
    compensation += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
    sum = t;
  }
  let mean = (sum + compensation) / n;

  let sumD = 0;
  let sumD2 = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i]! / scale - mean;
    sumD += d;
    sumD2 += d * d;
  }
  mean += sumD / n;
  // n >= 2 here: a single value has min === max.
  const scaledVariance = Math.max(0, (sumD2 - (sumD * sumD) / n) / (n - 1));
  return {
    mean: mean * scale,
    variance: scaledVariance * scale * scale,
    std: Math.sqrt(scaledVariance) * scale,
  };
}

/** The largest power of two not above `x` (x > 0, finite); exact, so dividing by it loses nothing. */
function powerOfTwoBelow(x: number): number {
  // log2 may round up across a power of two; the quotient then lies in [0.5, 2) instead of [1, 2), equally fine.
  // Capped at 2^1023: log2 of values near Number.MAX_VALUE rounds to 1024, and 2^1024 is Infinity.
  return 2 ** Math.min(1023, Math.floor(Math.log2(x)));
}
