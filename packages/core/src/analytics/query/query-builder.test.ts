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

  it('drops unknown fields by default, and with rejectUnknownFields names the first, nested ones included', () => {
    const typo = { metrics: [{ key: 'loss' }], group_by: 'params.lr' };
    expect(parseAnalyticsQuery(typo).groupBy).toBe('group');
    expect(() => parseAnalyticsQuery(typo, { rejectUnknownFields: true })).toThrow(
      /^invalid analytics query: unknown field group_by \(fields: version, runs, metrics, .*groupBy/,
    );
    const nested = (q: unknown) => () => parseAnalyticsQuery(q, { rejectUnknownFields: true });
    expect(nested({ metrics: [{ key: 'a' }, { key: 'b', reduction: 'min' }] })).toThrow(/unknown field metrics\.1\.reduction \(fields: key, context, reduce, step\)/);
    expect(nested({ runs: { project: ['x'] } })).toThrow(/unknown field runs\.project \(fields: projects, groups, status, filter\)/);
    expect(nested({ excludeOutliers: [{ metric: 'a', k: 2 }] })).toThrow(/unknown field excludeOutliers\.0\.k/);
    const q = analytics().runs({ project: 'p' }).metric('loss', { reduce: 'min' }).excludeOutliers('loss.min').toJSON();
    expect(parseAnalyticsQuery(q, { rejectUnknownFields: true })).toEqual(q);
  });

  it('composes the selection into one filter the store can compile', () => {
    const f = composeRunFilter({ projects: ['a"b'], groups: ['g1'], status: ['completed', 'failed'], filter: 'params.lr < 5 or name ~ "x"' });
    expect(f).toBe('(params.lr < 5 or name ~ "x") and project in ["a\\"b"] and group in ["g1"] and status in ["completed", "failed"]');
    expect(parseFilter(f!)).toBeDefined();
    expect(composeRunFilter({})).toBeUndefined();
  });
});
