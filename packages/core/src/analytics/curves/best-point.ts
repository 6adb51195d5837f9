/** The best point of a curve. */
import type { DivergenceScan } from './scan-divergence.js';
import type { SortedSeries } from './sort-series.js';
import type { CurveGoal, CurvePoint } from './types.js';

/** The lowest (`'maximize'`: highest) value among the scan's good points, the first on ties; null for none. */
export function bestPoint(series: SortedSeries, scan: DivergenceScan, goal: CurveGoal): CurvePoint | null {
  const sign = goal === 'minimize' ? 1 : -1;
  let best: number | undefined;
  for (const i of scan.good) if (best === undefined || sign * series.values[i]! < sign * series.values[best]!) best = i;
  return best === undefined ? null : { step: series.steps[best]!, value: series.values[best]! };
}
