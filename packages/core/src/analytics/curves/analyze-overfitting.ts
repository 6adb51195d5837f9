/** Where a model starts to overfit: validation getting worse for good while training still improves. */
import { formatNumber } from '../outliers/format-number.js';
import { MIN_TREND_POINTS } from './analyze-curve.js';
import { bestPoint } from './best-point.js';
import { checkOverfittingOptions } from './check-curve-options.js';
import { curveTrend, NOISE_MULTIPLE, type CurveTrend } from './curve-trend.js';
import { type DivergenceScan, scanDivergence } from './scan-divergence.js';
import { sortSeries } from './sort-series.js';
import type { AnalyzeOverfittingOptions, CurveSeries, OverfittingAnalysis } from './types.js';

/**
 * Finds the onset of overfitting in a pair of curves of one metric, on training and validation data.
 *
 * Each curve is sorted and cut at its divergence, its transients left out, and smoothed (debiased EMA, weight
 * `smoothing` = 0.6), as in `analyzeCurve`. The validation points analysed are those whose step lies within the
 * training curve's steps; each is paired with the smoothed training value at the last training step at or before
 * it. On these n points, oriented so that lower is better:
 *
 * - the validation best is the first minimum k of the smoothed validation values v;
 * - validation stays worse when at least `window` points (default: n / 10, at least 3) follow k, the last value
 *   ends more than max(`tolerance` (0.1) × G, 3σ) above v[k] — G being what validation gained before k (its
 *   initial level, the median of its first raw values (see `initialPointCount`), minus v[k]) and σ its smoothed
 *   noise — and no value from k + `window` on comes back to within 3σ of v[k];
 * - training still improves when its paired smoothed value at the last point is below the one at k by more than
 *   3 × its smoothed noise.
 *
 * When both hold, `onset` is the step of k. When validation stays worse but training does not improve, `onset` is
 * null with a warning (that is instability, not overfitting). `gap` is validation minus training (training minus
 * validation when maximizing) at k and at the last point. Fewer than 4 paired points: nulls and a warning.
 * Throws a VALIDATION `RunlensError` for bad options or series.
 *
 * @example
 * analyzeOverfitting(trainLoss, valLoss).onset // { step: 1200 }
 */
export function analyzeOverfitting(
  train: CurveSeries,
  validation: CurveSeries,
  options: AnalyzeOverfittingOptions = {},
): OverfittingAnalysis {
  const { goal, smoothing, tolerance, explosionFactor } = checkOverfittingOptions(options);
  const warnings: string[] = [];
  const trainSorted = sortSeries(train, 'train', warnings);
  const valSorted = sortSeries(validation, 'validation', warnings);
  const trainScan = scanDivergence(trainSorted, goal, explosionFactor);
  const valScan = scanDivergence(valSorted, goal, explosionFactor);
  noteDivergence('train', trainScan, warnings);
  noteDivergence('validation', valScan, warnings);
  const validationBest = bestPoint(valSorted, valScan, goal);
  const none = { onset: null, validationBest, gap: null, warnings };
  if (trainScan.good.length === 0 || valScan.good.length === 0) {
    warnings.push(`the ${trainScan.good.length === 0 ? 'train' : 'validation'} curve has no finite values to analyse`);
    return none;
  }

  const trainTrend = curveTrend(trainSorted, trainScan.good, goal, smoothing);
  const valTrend = curveTrend(valSorted, valScan.good, goal, smoothing);
  const paired = pairWithTraining(valTrend, trainTrend);
  const n = paired.steps.length;
  if (n === 0) {
    warnings.push('no validation step lies within the training steps: nothing to compare');
    return none;
  }
  const v = paired.validation;
  const t = paired.train;
  let k = 0;
  for (let j = 1; j < n; j++) if (v[j]! < v[k]!) k = j;
  const gap = { atValidationBest: v[k]! - t[k]!, final: v[n - 1]! - t[n - 1]! };
  if (n < MIN_TREND_POINTS) {
    warnings.push(`only ${n} paired validation points: at least ${MIN_TREND_POINTS} are needed to judge overfitting`);
    return { ...none, gap };
  }

  const window = options.window ?? Math.max(3, Math.round(n / 10));
  const noise = NOISE_MULTIPLE * valTrend.smoothNoise;
  const rise = Math.max(tolerance * Math.max(0, valTrend.initial - v[k]!), noise);
  let staysWorse = k + window <= n - 1 && v[n - 1]! - v[k]! > rise;
  for (let j = k + window; staysWorse && j < n; j++) staysWorse = v[j]! - v[k]! > noise;
  if (!staysWorse) return { ...none, gap };

  const trainGain = t[k]! - t[n - 1]!;
  if (!(trainGain > NOISE_MULTIPLE * trainTrend.smoothNoise)) {
    warnings.push(
      `validation gets worse after step ${formatNumber(paired.steps[k]!)} and stays worse, but training does not ` +
        'improve either: that is instability (or too high a learning rate), not overfitting',
    );
    return { ...none, gap };
  }
  return { onset: { step: paired.steps[k]! }, validationBest, gap, warnings };
}

interface PairedCurves {
  readonly steps: number[];
  /** Smoothed oriented validation values. */
  readonly validation: number[];
  /** Smoothed oriented training values at the last training step at or before each validation step. */
  readonly train: number[];
}

function pairWithTraining(valTrend: CurveTrend, trainTrend: CurveTrend): PairedCurves {
  const paired: PairedCurves = { steps: [], validation: [], train: [] };
  const trainSteps = trainTrend.steps;
  const last = trainSteps[trainSteps.length - 1]!;
  let i = 0;
  valTrend.steps.forEach((step, j) => {
    if (step < trainSteps[0]! || step > last) return;
    while (i + 1 < trainSteps.length && trainSteps[i + 1]! <= step) i++;
    paired.steps.push(step);
    paired.validation.push(valTrend.smooth[j]!);
    paired.train.push(trainTrend.smooth[i]!);
  });
  return paired;
}

function noteDivergence(label: string, scan: DivergenceScan, warnings: string[]): void {
  const d = scan.divergence;
  if (d === null) return;
  warnings.push(`the ${label} curve diverges at step ${formatNumber(d.step)} (${d.kind}): analysed up to it`);
}
