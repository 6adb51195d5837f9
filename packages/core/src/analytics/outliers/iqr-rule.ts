import { percentileOfSorted } from '../descriptive/sorted-quantiles.js';
import { formatApart, formatNumber } from './format-number.js';
import type { OutlierMethod, OutlierRule } from './types.js';

/**
 * Tukey's fences: values below Q1 − k·IQR or above Q3 + k·IQR are outliers, with quartiles by NumPy's default
 * 'linear' percentile method. An IQR of 0 (at least half the values tied) makes both fences that tied value, so
 * every other value is flagged; the rule says so in a warning.
 */
export function iqrRule(sorted: Float64Array, method: OutlierMethod<'iqr'>): OutlierRule {
  const k = method.k ?? 1.5;
  const q1 = percentileOfSorted(sorted, 25);
  const q3 = percentileOfSorted(sorted, 75);
  const iqr = q3 - q1;
  const lower = q1 - k * iqr;
  const upper = q3 + k * iqr;
  const warnings =
    iqr === 0
      ? [`the IQR is 0 (at least half the values equal ${formatNumber(q1)}): every other value is outside the fences`]
      : [];
  const reasonFor = (value: number): string | undefined => {
    if (value > upper) {
      const [v, fence] = formatApart(value, upper);
      return `value ${v} is above the IQR upper fence ${fence} (Q3 ${formatNumber(q3)} + ${formatNumber(k)} × IQR ${formatNumber(iqr)})`;
    }
    if (value < lower) {
      const [v, fence] = formatApart(value, lower);
      return `value ${v} is below the IQR lower fence ${fence} (Q1 ${formatNumber(q1)} - ${formatNumber(k)} × IQR ${formatNumber(iqr)})`;
    }
    return undefined;
  };
  return { lower, upper, reasonFor, warnings };
}
