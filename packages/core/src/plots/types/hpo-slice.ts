/** The slice view of `hpo`: the objective against each param on its own, a panel per param. */
import { createSeededRandom } from '../../random/seeded-random.js';
import type { Theme } from '../../themes/theme.js';
import type { Axis, Panel } from '../plot-spec.js';
import { categoricalAxis } from '../shared/categorical-axis.js';
import type { PlotParam } from '../shared/plot-params.js';
import type { HpoTrial } from './hpo-trials.js';

/** Half the spread of the seeded jitter of points on a categorical axis, in level units. */
const JITTER = 0.15;

/**
 * One panel per param: a point per trial at (param value, metric value). Numeric params spanning more than two
 * decades get a log x axis; categorical ones sit at their levels, jittered (seeded) so that equal values stay
 * visible. Trials lacking the param are left out of its panel.
 */
export function hpoSlice(trials: readonly HpoTrial[], params: readonly PlotParam[], metric: string, logY: boolean, theme: Theme): Panel[] {
  return params.map((p) => {
    const rng = createSeededRandom(0);
    const keep = trials.flatMap((t, r) => (p.values[r] !== null && (!logY || t.value > 0) ? [r] : []));
    const x = keep.map((r) => p.values[r]! + (p.kind === 'categorical' ? (rng.next() * 2 - 1) * JITTER : 0));
    const xAxis: Axis = p.kind === 'categorical' ? categoricalAxis(p.levels, p.key) : { scale: p.log ? 'log' : 'linear', label: p.key };
    return {
      title: p.key,
      x: xAxis,
      y: { scale: logY ? 'log' : 'linear', label: metric },
      marks:
        keep.length === 0
          ? []
          : [
              {
                type: 'point',
                label: 'trials',
                color: theme.palette[0]!,
                opacity: trials.length > 300 ? 0.5 : 0.8,
                x,
                y: keep.map((r) => trials[r]!.value),
                text: keep.map((r) => `#${trials[r]!.number} ${trials[r]!.run.name}`),
              },
            ],
    };
  });
}
