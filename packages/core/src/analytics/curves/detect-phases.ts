/** Splitting a curve into initialisation, rapid learning and convergence. */
import type { CurveTrend } from './curve-trend.js';
import type { TrainingPhase, TrainingPhaseName } from './types.js';

/** Rapid learning starts once the smoothed curve has covered this share of its total improvement. */
export const INITIALISATION_SHARE = 0.1;

/**
 * The phases of a curve, contiguous and covering every analysed point:
 * - `initialisation`: from the first point until the smoothed curve first gets {@link INITIALISATION_SHARE} of its
 *   total improvement below its initial level — warm-up, or the stretch before the loss starts to fall;
 * - `rapid-learning`: from there until `convergence` (the end, when the curve has not converged);
 * - `convergence`: from the convergence index to the end.
 * A phase with no points is left out (a curve falling from its first point has no initialisation). A flat curve is
 * one `initialisation` phase: it never started to learn. Empty for no points.
 */
export function trainingPhases(trend: CurveTrend, convergence: number | null): TrainingPhase[] {
  const { steps, smooth } = trend;
  const m = steps.length;
  if (m === 0) return [];
  if (trend.flat) return [{ name: 'initialisation', from: steps[0]!, to: steps[m - 1]! }];
  const learning = trend.initial - INITIALISATION_SHARE * trend.improvement;
  let rapid = 0;
  while (rapid < m && smooth[rapid]! > learning) rapid++;
  const converged = convergence ?? m;
  const starts: [TrainingPhaseName, number][] = [
    ['initialisation', 0],
    ['rapid-learning', Math.min(rapid, converged)],
    ['convergence', converged],
  ];
  const phases: TrainingPhase[] = [];
  starts.forEach(([name, start], k) => {
    const end = k + 1 < starts.length ? starts[k + 1]![1] : m;
    if (end <= start) return;
    phases.push({ name, from: steps[start]!, to: steps[Math.min(end, m - 1)]! });
  });
  return phases;
}
