/** The variables a correlation plot relates: numeric params and per-run metric values, one value per run. */
import type { Run } from '../../domain/types.js';
import { type MetricReducer, runMetricValue } from '../shared/run-metric-value.js';
import { collectPlotParams } from '../shared/plot-params.js';
import { selectMetricKeys } from '../shared/select-metric-keys.js';

/** One variable: a value per run (NaN when the run lacks it), and whether a log axis suits it. */
export interface CorrelationVariable {
  readonly name: string;
  readonly source: 'param' | 'metric';
  readonly values: Float64Array;
  readonly log: boolean;
}

/** More variables than this make a heatmap whose labels cannot be read. */
export const MAX_CORRELATION_VARIABLES = 60;

/**
 * The params (numeric ones and booleans as 0/1; other categorical params have no order and are skipped with a
 * warning) and the metrics of the runs, params first. Warnings count the runs without a finite metric value.
 */
export function correlationVariables(
  runs: readonly Run[],
  options: { metrics: readonly string[]; params?: readonly string[] | undefined; reduce: MetricReducer },
  warnings: string[],
): CorrelationVariable[] {
  const out: CorrelationVariable[] = [];
  const unordered: string[] = [];
  for (const p of collectPlotParams(runs, options.params)) {
    const boolean = p.kind === 'categorical' && p.levels.length === 2 && p.levels[0] === 'false' && p.levels[1] === 'true';
    if (p.kind === 'categorical' && !boolean) {
      unordered.push(p.key);
      continue;
    }
    out.push({ name: p.key, source: 'param', values: Float64Array.from(p.values, (v) => v ?? Number.NaN), log: p.log });
  }
  if (unordered.length > 0) {
    warnings.push(`categorical param${unordered.length === 1 ? '' : 's'} ${unordered.join(', ')} skipped: levels have no order to correlate`);
  }
  for (const key of selectMetricKeys(options.metrics, runs, warnings)) {
    // A diverged run's ±Infinity would rank as the most extreme value; like NaN it is no final result.
    const values = Float64Array.from(runs, (run) => {
      const v = runMetricValue(run, key, options.reduce);
      return v !== undefined && Number.isFinite(v) ? v : Number.NaN;
    });
    const missing = values.filter(Number.isNaN).length;
    if (missing > 0) {
      warnings.push(`${key}: ${missing} of ${runs.length} runs have no finite value (NaN, infinite or not logged): left out of its correlations`);
    }
    out.push({ name: key, source: 'metric', values, log: false });
  }
  return out;
}
