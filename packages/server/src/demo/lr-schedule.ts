/**
 * The demo's learning-rate schedule: linear warmup, then cosine decay. Besides helping the healthy runs, the warmup
 * makes the too-high learning rate fail the way real runs do: the loss first falls, then blows up to NaN once the
 * rate has climbed past what the model can take, instead of on the very first steps.
 */
export interface LrSchedule {
  /** Peak learning rate, reached at the end of warmup. */
  peak: number;
  /** Steps of linear warmup from `peak / warmupSteps` to `peak`; 0 for none. */
  warmupSteps: number;
  /** Total steps; the rate decays along a half cosine from `peak` at the end of warmup to `peak·minRatio` here. */
  totalSteps: number;
  /** Final rate as a share of the peak. */
  minRatio: number;
}

/**
 * Learning rate for optimisation step `step` (1-based: step 1 is the first update).
 *
 * @example
 * learningRateAt({ peak: 0.3, warmupSteps: 10, totalSteps: 100, minRatio: 0.1 }, 5); // 0.15
 */
export function learningRateAt(schedule: LrSchedule, step: number): number {
  const { peak, warmupSteps, totalSteps, minRatio } = schedule;
  if (warmupSteps > 0 && step <= warmupSteps) return (peak * Math.max(0, step)) / warmupSteps;
  const decaySteps = totalSteps - warmupSteps;
  if (decaySteps <= 0) return peak;
  const progress = Math.min(1, (step - warmupSteps) / decaySteps);
  return peak * (minRatio + (1 - minRatio) * 0.5 * (1 + Math.cos(Math.PI * progress)));
}
