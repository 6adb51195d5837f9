/** Which way a metric improves, for plots that mark the best run or trial (best-so-far, colour of the best lines). */
import { z } from 'zod';
import { guessMetricDirection } from '../../domain/metric-direction.js';

export const METRIC_DIRECTIONS = ['minimize', 'maximize'] as const;
export type MetricDirection = (typeof METRIC_DIRECTIONS)[number];

/** The `direction` plot option: absent means "guess from the metric's name". */
export const MetricDirectionOption = z
  .enum(METRIC_DIRECTIONS)
  .optional()
  .meta({ description: 'Whether lower (minimize) or higher (maximize) is better; unset: guessed from the metric name' });

/**
 * `given` when set; else a guess from the name (`val/loss`, `error` → minimize; `acc`, `f1`, `reward` → maximize);
 * else minimize, with a warning pushed onto `warnings` that asks for the option.
 *
 * @example resolveMetricDirection('val/loss', undefined, warnings) // 'minimize'
 */
export function resolveMetricDirection(metric: string, given: MetricDirection | undefined, warnings: string[]): MetricDirection {
  if (given !== undefined) return given;
  const guess = guessMetricDirection(metric);
  if (guess !== undefined) return guess;
  warnings.push(`cannot tell whether a lower or higher ${metric} is better: assumed lower (set direction to maximize otherwise)`);
  return 'minimize';
}
