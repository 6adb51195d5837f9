/** Which way a metric improves, for plots that mark the best run or trial (best-so-far, colour of the best lines). */
import { z } from 'zod';

export const METRIC_DIRECTIONS = ['minimize', 'maximize'] as const;
export type MetricDirection = (typeof METRIC_DIRECTIONS)[number];

/** The `direction` plot option: absent means "guess from the metric's name". */
export const MetricDirectionOption = z.enum(METRIC_DIRECTIONS).optional();

// The same name patterns the analytics commands guess from (server/analytics/pick-metric.ts); lower-is-better first,
// so that `val/loss_acc_weighted` counts as a loss.
const MINIMIZE = /loss|err|perplexity|ppl|mse|mae|rmse|wer|cer|regret|latency/i;
const MAXIMIZE = /acc|auc|f1|precision|recall|reward|score|bleu|rouge|map|iou|return/i;

/**
 * `given` when set; else a guess from the name (`val/loss`, `error` → minimize; `acc`, `f1`, `reward` → maximize);
 * else minimize, with a warning pushed onto `warnings` that asks for the option.
 *
 * @example resolveMetricDirection('val/loss', undefined, warnings) // 'minimize'
 */
export function resolveMetricDirection(metric: string, given: MetricDirection | undefined, warnings: string[]): MetricDirection {
  if (given !== undefined) return given;
  if (MINIMIZE.test(metric)) return 'minimize';
  if (MAXIMIZE.test(metric)) return 'maximize';
  warnings.push(`cannot tell whether a lower or higher ${metric} is better: assumed lower (set direction to maximize otherwise)`);
  return 'minimize';
}
