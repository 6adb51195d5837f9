/** The optimisation history view of `hpo`: every trial's value in start order and the best value so far. */
import type { Theme } from '../../themes/theme.js';
import type { Axis, LegendEntry, Panel } from '../plot-spec.js';
import type { MetricDirection } from '../shared/metric-direction.js';
import { bestSoFar, type HpoTrial } from './hpo-trials.js';

/** x of a trial: its number in start order, or its start time. */
export type HpoHistoryX = 'trial' | 'time';

/**
 * A point per trial and a step line of the best value so far (the running min for minimize, max for maximize), in
 * trial order. On a log y axis trials with a value ≤ 0 are left out with a warning.
 */
export function hpoHistory(
  trials: readonly HpoTrial[],
  metric: string,
  direction: MetricDirection,
  options: { x: HpoHistoryX; logY: boolean },
  theme: Theme,
  warnings: string[],
): { panel: Panel; legend: LegendEntry[] } {
  let shown = [...trials];
  if (options.logY) {
    shown = shown.filter((t) => t.value > 0);
    const dropped = trials.length - shown.length;
    if (dropped > 0) warnings.push(`${dropped} trial${dropped === 1 ? '' : 's'} with ${metric} \u2264 0 left out of the log axis`);
  }
  const x = shown.map((t) => (options.x === 'time' ? t.run.startTime : t.number));
  const y = shown.map((t) => t.value);
  const best = bestSoFar(y, direction);
  const [trialColour, bestColour] = [theme.palette[0]!, theme.palette[1 % theme.palette.length]!];
  const xAxis: Axis = options.x === 'time' ? { scale: 'time', label: 'start time (UTC)' } : { scale: 'linear', label: 'trial (in start order)' };
  const bestLabel = `best so far (${direction === 'minimize' ? 'lowest' : 'highest'})`;
  return {
    panel: {
      x: xAxis,
      y: { scale: options.logY ? 'log' : 'linear', label: metric },
      marks:
        shown.length === 0
          ? []
          : [
              { type: 'point', label: 'trials', color: trialColour, opacity: 0.8, x, y, text: shown.map((t) => `#${t.number} ${t.run.name}`) },
              { type: 'line', label: bestLabel, color: bestColour, curve: 'step', strokeWidth: theme.lineWidth * 1.5, x, y: best },
            ],
    },
    legend: [
      { label: 'trials', color: trialColour, symbol: 'point' },
      { label: bestLabel, color: bestColour, symbol: 'line' },
    ],
  };
}
