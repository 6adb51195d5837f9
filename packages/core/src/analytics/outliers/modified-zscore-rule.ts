import { medianOfSorted } from '../descriptive/sorted-quantiles.js';
import { flagNothing } from './flag-nothing.js';
import { formatApart, formatNumber } from './format-number.js';
import type { OutlierMethod, OutlierRule } from './types.js';

/** Φ⁻¹(0.75): makes the MAD a consistent estimate of the standard deviation for normal data. */
const MAD_TO_STD = 0.6745;
/** √(π/2): does the same for the mean absolute deviation. */
const MEAN_AD_TO_STD = 1.253314;

/**
 * Iglewicz & Hoaglin's modified z-score, M = 0.6745 (x − median) / MAD with MAD = median |x − median|; values with
 * |M| above the threshold are outliers. Median and MAD are barely moved by the outliers themselves, unlike the
 * mean and std of the plain z-score.
 *
 * When the MAD is 0 (at least half the values tied, common for accuracies on small validation sets) the scale
 * falls back to 1.253314 × the mean absolute deviation from the median (IBM SPSS's rule), so a lone diverged run
 * among tied ones is still caught, and the rule warns. If that is 0 too, all values are equal and nothing is
 * flagged.
 */
export function modifiedZscoreRule(sorted: Float64Array, method: OutlierMethod<'modified-zscore'>): OutlierRule {
  const threshold = method.threshold ?? 3.5;
  const n = sorted.length;
  const median = medianOfSorted(sorted);
  const deviations = sorted.map((x) => Math.abs(x - median)).sort();
  const mad = medianOfSorted(deviations);
  // The score is written exactly as in the definitions (0.6745 (x − median) / MAD), not as a division by a
  // precomputed scale, so a value at the threshold by hand computation is judged the same way here.
  let score: (x: number) => number;
  let scale: number;
  let scaleText: string;
  const warnings: string[] = [];
  if (mad > 0) {
    score = (x) => (MAD_TO_STD * (x - median)) / mad;
    scale = mad / MAD_TO_STD;
    scaleText = `MAD ${formatNumber(mad)}`;
  } else {
    let sum = 0;
    for (const d of deviations) sum += d;
    const meanAd = sum / n;
    if (meanAd === 0) return flagNothing(`all values equal ${formatNumber(median)}: nothing excluded`);
    score = (x) => (x - median) / (MEAN_AD_TO_STD * meanAd);
    scale = MEAN_AD_TO_STD * meanAd;
    scaleText = `MAD 0, so ${MEAN_AD_TO_STD} × mean absolute deviation ${formatNumber(meanAd)}`;
    warnings.push(
      `the MAD is 0 (at least half the values equal ${formatNumber(median)}): scaled by ${MEAN_AD_TO_STD} × the ` +
        'mean absolute deviation instead',
    );
  }
  const reasonFor = (value: number): string | undefined => {
    const m = score(value);
    if (!(Math.abs(m) > threshold)) return undefined;
    const [mText, limit] = formatApart(Math.abs(m), threshold);
    return `value ${formatNumber(value)} has modified z-score ${m < 0 ? '-' : ''}${mText}, beyond ±${limit} (median ${formatNumber(median)}, ${scaleText})`;
  };
  return { lower: median - threshold * scale, upper: median + threshold * scale, reasonFor, warnings };
}
