import { describeGroups } from '../descriptive/describe-groups.js';
import type { AggregateRow } from './analytics-result.js';
import type { AggregateFunction } from './query-schema.js';

/**
 * The aggregated table of one metric column: {@link describeGroups} over each group's finite values, keeping the
 * functions asked for. Warnings name the column and the group.
 */
export function aggregateGroups(
  metric: string,
  groups: ReadonlyMap<string, number[]>,
  functions: readonly AggregateFunction[],
  confidence: number,
  warnings: string[],
): AggregateRow[] {
  const described = describeGroups(Object.fromEntries(groups), { confidence, percentiles: [] });
  const wanted = new Set(functions);
  return [...groups.keys()].map((group) => {
    const d = described.groups[group]!;
    for (const w of d.warnings) warnings.push(`${metric}, ${group}: ${w}`);
    const all = { count: d.count, mean: d.mean, std: d.std, sem: d.sem, median: d.median, min: d.min, max: d.max };
    const stats = Object.fromEntries(Object.entries(all).filter(([name]) => wanted.has(name as AggregateFunction)));
    return {
      group,
      metric,
      stats,
      ...(wanted.has('ci') ? { ci: { level: d.ci.level, low: d.ci.low, high: d.ci.high } } : {}),
    };
  });
}
