/** What a training curve did: its best point, convergence, plateaus, divergence and phases. */
import { formatNumber } from '../outliers/format-number.js';
import { bestPoint } from './best-point.js';
import { checkCurveOptions } from './check-curve-options.js';
import { curveTrend } from './curve-trend.js';
import { convergenceBand, convergenceIndex } from './detect-convergence.js';
import { trainingPhases } from './detect-phases.js';
import { plateauIndexRanges } from './detect-plateaus.js';
import { scanDivergence } from './scan-divergence.js';
import { sortSeries } from './sort-series.js';
import type { AnalyzeCurveOptions, CurveAnalysis, CurvePoint, CurveSeries } from './types.js';

/** Fewer analysed points than this leave the trend detectors nothing to work on. */
export const MIN_TREND_POINTS = 4;

/** Ending more than this share of the improvement above the best gets a warning: the curve got worse. */
const REGRESSION_SHARE = 0.25;

/** Transient steps listed by name in a warning; the rest are counted. */
const LISTED_TRANSIENTS = 5;

/**
 * Analyses one metric curve. Steps are sorted first (see `sortSeries`: unsorted steps are sorted with a warning,
 * repeated steps keep the last value). Then, in order:
 *
 * 1. **Divergence** (`scanDivergence`): the first NaN, ±Infinity, or value more than `explosionFactor` (10) times
 *    the curve's scale beyond its initial level, after which the curve never comes back. Bad values it does come
 *    back from are `transients`, left out of everything else. Everything below sees only the good points before
 *    the divergence.
 * 2. **Best**: the lowest raw value (`'maximize'`: highest), the first on ties.
 * 3. The trend detectors work on the debiased EMA (weight `smoothing`, 0.6) of the values, oriented so lower is
 *    better; the total improvement D is the initial level (median of the first raw values: a twentieth of them, 1 to 5)
 *    minus the lowest
 *    smoothed value, and σ the robust noise of the raw values (see `noiseScale`). A curve is **flat** when D is at
 *    most 1% of its magnitude or 3σ: it gets one plateau, one `initialisation` phase, no convergence, a warning.
 * 4. **Convergence** (`convergenceIndex`): the first step from which the smoothed curve stays within
 *    max(`convergenceTolerance` (0.05) · D, 3 · smoothed σ) of its final level (the median of its last window)
 *    and no longer drifts, provided at least `plateauWindow` points follow; null (with a warning) while the curve
 *    is still moving.
 * 5. **Plateaus** (`plateauIndexRanges`): stretches of at least `plateauWindow` points covered by windows of that
 *    many points whose four block means span at most max(`plateauTolerance` (0.02) · D, the noise of such means);
 *    the converged end of a curve is a plateau too.
 * 6. **Phases** (`trainingPhases`): `initialisation` until the smoothed curve has covered 10% of D,
 *    `rapid-learning` until convergence, `convergence` after; contiguous, up to the last point before the divergence.
 *
 * Fewer than 4 analysed points: `best` and `divergence` are still reported, the trend results are null or empty,
 * with a warning. No good point at all (empty, or all NaN): `best` null. Deterministic. Throws a VALIDATION
 * `RunlensError` for steps and values of different lengths or bad options.
 *
 * @example
 * const { phases, convergence } = analyzeCurve({ steps, values: losses });
 * // phases: [{ name: 'initialisation', from: 0, to: 12 }, { name: 'rapid-learning', from: 12, to: 340 }, ...]
 */
export function analyzeCurve(series: CurveSeries, options: AnalyzeCurveOptions = {}): CurveAnalysis {
  const { goal, smoothing, plateauTolerance, convergenceTolerance, explosionFactor } = checkCurveOptions(options);
  const warnings: string[] = [];
  const sorted = sortSeries(series, 'series', warnings);
  const scan = scanDivergence(sorted, goal, explosionFactor);
  const { divergence, good, transients } = scan;
  if (transients.length > 0) warnings.push(transientWarning(transients));
  const m = good.length;
  const empty = {
    best: null,
    convergence: null,
    plateaus: [],
    divergence,
    phases: [],
    transients,
    analysedPoints: m,
    warnings,
  };
  if (m === 0) {
    warnings.push(
      sorted.steps.length === 0
        ? 'the series is empty'
        : `no finite value before the divergence at step ${formatNumber(divergence?.step ?? Number.NaN)}`,
    );
    return empty;
  }

  const best = bestPoint(sorted, scan, goal);
  if (m < MIN_TREND_POINTS) {
    const points = `${m} analysed point${m === 1 ? '' : 's'}`;
    warnings.push(`only ${points}: at least ${MIN_TREND_POINTS} are needed to find trends`);
    return { ...empty, best };
  }
  const trend = curveTrend(sorted, good, goal, smoothing);

  const window = options.plateauWindow ?? Math.max(3, Math.round(m / 10));
  const convergence = convergenceIndex(trend, window, convergenceTolerance);
  const plateaus = plateauIndexRanges(trend, window, plateauTolerance).map(([from, to]) => ({
    from: trend.steps[from]!,
    to: trend.steps[to]!,
  }));
  const phases = trainingPhases(trend, convergence);

  if (trend.flat) {
    warnings.push(
      `the curve is flat: it improves by ${formatNumber(trend.improvement)} at most, within its noise or 1% of its ` +
        'level, so it has no learning phases',
    );
  } else {
    if (convergence === null) {
      warnings.push(
        'no convergence: the smoothed curve is still moving at its end (it has not stayed within ' +
          `${formatNumber(convergenceBand(trend, convergenceTolerance))} of its final level, without drifting, ` +
          `for its last ${window} points)`,
      );
    }
    const regression = trend.smooth[m - 1]! - trend.low;
    if (regression > REGRESSION_SHARE * trend.improvement) {
      warnings.push(
        `the curve ends worse than its best: after step ${formatNumber(trend.steps[trend.lowIndex]!)} it gave back ` +
          `${formatNumber((100 * regression) / trend.improvement, 3)}% of its improvement`,
      );
    }
  }
  return {
    best,
    convergence: convergence === null ? null : { step: trend.steps[convergence]! },
    plateaus,
    divergence,
    phases,
    transients,
    analysedPoints: m,
    warnings,
  };
}

function transientWarning(transients: readonly CurvePoint[]): string {
  const listed = transients.slice(0, LISTED_TRANSIENTS).map((t) => formatNumber(t.step));
  const more = transients.length > LISTED_TRANSIENTS ? ` and ${transients.length - LISTED_TRANSIENTS} more` : '';
  const n = transients.length;
  return (
    `${n} bad value${n === 1 ? '' : 's'} (NaN, infinite or exploding) that the curve recovered from left out ` +
    `(step${n === 1 ? '' : 's'} ${listed.join(', ')}${more})`
  );
}
