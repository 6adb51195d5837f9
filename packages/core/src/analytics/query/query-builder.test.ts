import { describe, expect, it } from 'vitest';
import { isRunlensError } from '../../errors.js';
import { analytics } from './query-builder.js';
import { parseAnalyticsQuery } from './parse-query.js';
import { composeRunFilter } from './compose-run-filter.js';
import { parseFilter } from '../../query/filter-parse.js';

describe('analytics query builder', () => {
  it('builds the JSON form with defaults filled in', () => {
    const q = analytics()
      .runs({ project: 'sweep', status: 'completed', filter: 'params.lr < 5' })
      .metric('val/loss', { reduce: 'min' })
      .groupBy('params.lr')
      .excludeOutliers('val/loss.min', 'zscore', 3)
      .aggregate(['mean', 'ci'])
      .toJSON();
    expect(q).toEqual({
      version: 1,
      runs: { projects: ['sweep'], status: ['completed'], filter: 'params.lr < 5' },
      metrics: [{ key: 'val/loss', context: 'series', reduce: 'min' }],
      excludeOutliers: [{ metric: 'val/loss.min', method: 'zscore', threshold: 3 }],
      groupBy: 'params.lr',
      aggregate: ['mean', 'ci'],
      confidence: 0.95,
      includeFailed: false,
      maxRuns: 100_000,
    });
    // the JSON form round-trips through the schema unchanged
    expect(parseAnalyticsQuery(JSON.parse(JSON.stringify(q)))).toEqual(q);
  });

  it('is immutable: each call returns a new builder', () => {
    const base = analytics().metric('loss');
    base.metric('acc');
    expect(base.toJSON().metrics.map((m) => m.key)).toEqual(['loss']);
  });

  it('rejects a bad query naming the field', () => {
    const bad = () => parseAnalyticsQuery({ metrics: [{ key: 'loss', reduce: 'median' }] });
    expect(bad).toThrow(/metrics\.0\.reduce/);
    try {
      bad();
    } catch (e) {
      expect(isRunlensError(e) && e.code).toBe('VALIDATION');
    }
    expect(() => analytics().metric('loss', { reduce: 'at-step' }).toJSON()).toThrow(/at-step needs a step/);
  });

  it('composes the selection into one filter the store can compile', () => {
    const f = composeRunFilter({ projects: ['a"b'], groups: ['g1'], status: ['completed', 'failed'], filter: 'params.lr < 5 or name ~ "x"' });
    expect(f).toBe('(params.lr < 5 or name ~ "x") and project in ["a\\"b"] and group in ["g1"] and status in ["completed", "failed"]');
    expect(parseFilter(f!)).toBeDefined();
    expect(composeRunFilter({})).toBeUndefined();
  });
});
