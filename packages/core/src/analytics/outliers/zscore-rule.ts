import { sampleMoments } from '../descriptive/moments.js';
import { flagNothing } from './flag-nothing.js';
import { formatApart, formatNumber } from './format-number.js';
import type { OutlierMethod, OutlierRule } from './types.js';

/**
 * Values whose z-score |x − mean| / std exceeds the threshold are outliers, with the sample std (ddof = 1, as
 * pandas; `scipy.stats.zscore` defaults to ddof = 0).
 *
 * In a sample of n values no z-score can exceed (n − 1) / √n (Shiffler 1988), so below n = 11 a threshold of 3 can
 * never be reached, and an outlier always inflates the std it is measured with. The rule warns when the threshold
 * is out of reach; the modified z-score does not have these problems.
 */
export function zscoreRule(values: Float64Array, method: OutlierMethod<'zscore'>): OutlierRule {
  const threshold = method.threshold ?? 3;
  const n = values.length;
  const { mean, std } = sampleMoments(values);
  if (std === 0) return flagNothing(`all values equal ${formatNumber(mean)}: z-scores are undefined, nothing excluded`);
  const warnings: string[] = [];
  const reachable = (n - 1) / Math.sqrt(n);
  if (reachable <= threshold) {
    warnings.push(
      `with n = ${n} no z-score can exceed ${formatNumber(reachable, 3)}, so threshold ${formatNumber(threshold)} ` +
        'flags nothing; use modified-zscore or iqr',
    );
  }
  const reasonFor = (value: number): string | undefined => {
    const z = (value - mean) / std;
    if (!(Math.abs(z) > threshold)) return undefined;
    const [zText, limit] = formatApart(Math.abs(z), threshold);
    return `value ${formatNumber(value)} has z-score ${z < 0 ? '-' : ''}${zText}, beyond ±${limit} (mean ${formatNumber(mean)}, std ${formatNumber(std)})`;
  };
  return { lower: mean - threshold * std, upper: mean + threshold * std, reasonFor, warnings };
}
