/** The aggregate functions beyond mean ± t CI: variance, percentiles, SEM and a seeded bootstrap CI of the mean. */
import { describe, expect, it } from 'vitest';
import type { Run } from '../../domain/types.js';
import { bootstrapCi } from '../descriptive/bootstrap-ci.js';
import { describeSample } from '../descriptive/describe.js';
import { AGGREGATE_BOOTSTRAP } from './aggregate-groups.js';
import { executeOnRuns } from './execute-on-runs.js';
import { analytics } from './query-builder.js';
import { aggregatedToCsv } from './result-to-csv.js';
import { resultToMarkdown } from './result-to-markdown.js';

const LOSSES: Record<string, number[]> = { a: [2.1, 2.4, 1.9, 2.2, 2.0, 2.6, 2.3, 1.8, 2.05, 2.15, 2.5, 1.95], b: [1.2, 1.1, 1.3] };

function run(i: number, group: string, loss: number): Run {
  return {
    id: `r${i}`, project: 'p', name: `run ${i}`, group, status: 'completed', params: { seed: i }, tags: [], notes: '',
    startTime: 0, endTime: 1, heartbeat: 1, exitCode: 0, error: null, command: null, cwd: null, gitCommit: null, gitDirty: null, host: null,
    summary: { loss },
    metrics: { loss: { key: 'loss', count: 1, first: loss, last: loss, min: loss, max: loss, firstStep: 0, lastStep: 0, nanCount: 0, lastTime: 0 } },
  };
}

const runs = Object.entries(LOSSES).flatMap(([group, xs], g) => xs.map((x, i) => run(g * 100 + i, group, x)));
const ALL = ['count', 'mean', 'std', 'variance', 'sem', 'median', 'min', 'max', 'p5', 'p25', 'p75', 'p95', 'ci', 'bootstrap-ci'] as const;

describe('aggregate functions', () => {
  it('match describeSample and a seeded bootstrapCi of the mean, group by group', async () => {
    const r = await executeOnRuns(analytics().metric('loss').aggregate(ALL).confidence(0.9).toJSON(), runs);
    for (const [group, xs] of Object.entries(LOSSES)) {
      const row = r.aggregated.find((a) => a.group === group)!;
      const d = describeSample(xs, { confidence: 0.9, percentiles: [5, 25, 75, 95] });
      expect(row.stats).toEqual({
        count: d.count, mean: d.mean, std: d.std, variance: d.variance, sem: d.sem, median: d.median, min: d.min, max: d.max,
        p5: d.percentiles['5'], p25: d.percentiles['25'], p75: d.percentiles['75'], p95: d.percentiles['95'],
      });
      expect(row.ci).toEqual({ level: 0.9, low: d.ci.low, high: d.ci.high });
      const mean = (v: Float64Array) => v.reduce((s, x) => s + x, 0) / v.length;
      const b = bootstrapCi(xs, mean, { confidence: 0.9, ...AGGREGATE_BOOTSTRAP });
      expect(row.bootstrapCi).toEqual({ level: 0.9, low: b.low, high: b.high, resamples: 2000, seed: 0 });
      expect(row.bootstrapCi!.low).toBeLessThan(d.mean);
      expect(row.bootstrapCi!.high).toBeGreaterThan(d.mean);
    }
    // seeded: the same runs give the same interval
    const again = await executeOnRuns(analytics().metric('loss').aggregate(ALL).confidence(0.9).toJSON(), runs);
    expect(again.aggregated).toEqual(r.aggregated);
    // the small group is warned about, as the bootstrap of 3 values is too narrow
    expect(r.warnings.some((w) => w.startsWith('loss, b: bootstrap: n = 3'))).toBe(true);
  });

  it('only the functions asked for, in CSV and Markdown too', async () => {
    const r = await executeOnRuns(analytics().metric('loss').aggregate(['count', 'variance', 'p25', 'bootstrap-ci']).toJSON(), runs);
    expect(Object.keys(r.aggregated[0]!.stats)).toEqual(['count', 'variance', 'p25']);
    expect(r.aggregated[0]!.ci).toBeUndefined();
    expect(aggregatedToCsv(r).split('\n')[0]).toBe('metric,group,count,variance,p25,bootstrap_ci_low,bootstrap_ci_high');
    expect(resultToMarkdown(r)).toContain('| metric | group | n | variance | p25 | 95% bootstrap CI |');
  });

  it('an empty group gives NaN statistics and no bootstrap crash', async () => {
    const nan = [run(1, 'x', Number.NaN), run(2, 'x', Number.NaN)];
    const r = await executeOnRuns({ ...analytics().metric('loss').aggregate(ALL).toJSON(), includeFailed: true }, nan);
    const row = r.aggregated[0]!;
    expect(row.stats.count).toBe(0);
    expect(Number.isNaN(row.stats.p95)).toBe(true);
    expect(Number.isNaN(row.bootstrapCi!.low)).toBe(true);
    expect(r.warnings).toContain('loss, x: no usable value in this group');
  });
});
