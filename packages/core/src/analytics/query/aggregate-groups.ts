import { bootstrapCi } from '../descriptive/bootstrap-ci.js';
import { describeGroups } from '../descriptive/describe-groups.js';
import type { AggregateRow } from './analytics-result.js';
import type { AggregateFunction, StatisticFunction } from './query-schema.js';

/** The bootstrap of `bootstrap-ci`: seeded, so the same runs give the same interval. */
export const AGGREGATE_BOOTSTRAP = { resamples: 2000, seed: 0 } as const;

function meanOf(xs: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += xs[i]!;
  return sum / xs.length;
}

const PERCENTILES: readonly [StatisticFunction, number][] = [['p5', 5], ['p25', 25], ['p75', 75], ['p95', 95]];

/**
 * The aggregated table of one metric column: {@link describeGroups} over each group's finite values, keeping the
 * functions asked for, and a seeded bootstrap interval of the mean when `bootstrap-ci` is asked for. Warnings name
 * the column and the group.
 */
export function aggregateGroups(
  metric: string,
  groups: ReadonlyMap<string, number[]>,
  functions: readonly AggregateFunction[],
  confidence: number,
  warnings: string[],
): AggregateRow[] {
  const wanted = new Set(functions);
  const percentiles = PERCENTILES.filter(([name]) => wanted.has(name));
  const described = describeGroups(Object.fromEntries(groups), { confidence, percentiles: percentiles.map(([, p]) => p) });
  return [...groups.keys()].map((group) => {
    const d = described.groups[group]!;
    for (const w of d.warnings) warnings.push(`${metric}, ${group}: ${w}`);
    const all: Record<StatisticFunction, number> = {
      count: d.count, mean: d.mean, std: d.std, variance: d.variance, sem: d.sem, median: d.median, min: d.min, max: d.max,
      p5: Number.NaN, p25: Number.NaN, p75: Number.NaN, p95: Number.NaN,
    };
    for (const [name, p] of percentiles) all[name] = d.percentiles[String(p)] ?? Number.NaN;
    const stats = Object.fromEntries(Object.entries(all).filter(([name]) => wanted.has(name as AggregateFunction)));
    let bootstrap: AggregateRow['bootstrapCi'];
    if (wanted.has('bootstrap-ci')) {
      const b = bootstrapCi(groups.get(group)!, meanOf, { confidence, ...AGGREGATE_BOOTSTRAP });
      // the description has said what is wrong with an empty or tiny sample already
      for (const w of b.warnings) if (!d.warnings.includes(w)) warnings.push(`${metric}, ${group}: bootstrap: ${w}`);
      bootstrap = { level: b.level, low: b.low, high: b.high, resamples: b.resamples, seed: b.seed };
    }
    return {
      group,
      metric,
      stats,
      ...(wanted.has('ci') ? { ci: { level: d.ci.level, low: d.ci.low, high: d.ci.high } } : {}),
      ...(bootstrap !== undefined ? { bootstrapCi: bootstrap } : {}),
    };
  });
}
