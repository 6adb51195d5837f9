/** The smoothed, oriented curve the trend detectors share, and its overall measures. */
import { medianOfSorted } from '../descriptive/sorted-quantiles.js';
import { debiasedEma } from '../../pipeline/debiased-ema.js';
import { noiseScale, smoothedNoise } from './noise-scale.js';
import { initialPointCount } from './initial-points.js';
import type { SortedSeries } from './sort-series.js';
import type { CurveGoal } from './types.js';

/** A curve counts as flat when it improves by less than this share of its magnitude (or than its noise). */
export const FLAT_TOLERANCE = 0.01;

/** Noise standard deviations a change must exceed to count as more than noise. */
export const NOISE_MULTIPLE = 3;

/**
 * The good points of a curve, oriented so that lower is better (values negated for `'maximize'`). All indices
 * below are into these arrays.
 */
export interface CurveTrend {
  readonly steps: Float64Array;
  readonly raw: Float64Array;
  /** Debiased EMA of `raw`. */
  readonly smooth: Float64Array;
  /** Median of the first raw values (`initialPointCount` of them). */
  readonly initial: number;
  /** The lowest smoothed value, and the first index where it occurs. */
  readonly low: number;
  readonly lowIndex: number;
  /** Total improvement: max(0, initial − low). */
  readonly improvement: number;
  /** Standard deviation of the raw noise (see `noiseScale`), and of what smoothing leaves of it. */
  readonly noise: number;
  readonly smoothNoise: number;
  /** improvement ≤ max(FLAT_TOLERANCE · max(|initial|, |low|), NOISE_MULTIPLE · noise). */
  readonly flat: boolean;
}

/** Builds the trend of the points `good` (indices into `series`), which must not be empty. */
export function curveTrend(
  series: SortedSeries,
  good: readonly number[],
  goal: CurveGoal,
  smoothing: number,
): CurveTrend {
  const sign = goal === 'minimize' ? 1 : -1;
  const steps = Float64Array.from(good, (i) => series.steps[i]!);
  const raw = Float64Array.from(good, (i) => sign * series.values[i]!);
  const smooth = debiasedEma(raw, smoothing);
  const initial = medianOfSorted(raw.slice(0, initialPointCount(raw.length)).sort());
  let lowIndex = 0;
  for (let i = 1; i < smooth.length; i++) if (smooth[i]! < smooth[lowIndex]!) lowIndex = i;
  const low = smooth[lowIndex]!;
  const improvement = Math.max(0, initial - low);
  const noise = noiseScale(raw);
  const flat =
    improvement <= Math.max(FLAT_TOLERANCE * Math.max(Math.abs(initial), Math.abs(low)), NOISE_MULTIPLE * noise);
  return {
    steps,
    raw,
    smooth,
    initial,
    low,
    lowIndex,
    improvement,
    noise,
    smoothNoise: smoothedNoise(noise, smoothing),
    flat,
  };
}
