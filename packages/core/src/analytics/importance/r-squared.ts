/**
 * The coefficient of determination of predictions, as `sklearn.metrics.r2_score`: 1 − SS_res / SS_tot, where SS_tot
 * is taken about the mean of the observed values scored. Rows whose prediction is NaN (no out-of-bag tree saw them)
 * are left out. NaN when fewer than 2 rows are scored or the observed values are all equal (nothing to explain).
 *
 * @example rSquared(Float64Array.of(1, 2, 3), Float64Array.of(1.1, 1.9, 3.2)) // 0.97
 */
export function rSquared(observed: ArrayLike<number>, predicted: ArrayLike<number>): number {
  let count = 0;
  let sum = 0;
  for (let i = 0; i < observed.length; i++) {
    if (Number.isNaN(predicted[i])) continue;
    count++;
    sum += observed[i]!;
  }
  if (count < 2) return Number.NaN;
  const mean = sum / count;
  let residual = 0;
  let total = 0;
  for (let i = 0; i < observed.length; i++) {
    const p = predicted[i]!;
    if (Number.isNaN(p)) continue;
    const y = observed[i]!;
    residual += (y - p) * (y - p);
    total += (y - mean) * (y - mean);
  }
  return total > 0 ? 1 - residual / total : Number.NaN;
}
