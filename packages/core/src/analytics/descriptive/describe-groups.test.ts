import { describe, expect, it } from 'vitest';
import { RunlensError } from '../../errors.js';
import { describeSample } from './describe.js';
import { describeGroups } from './describe-groups.js';

describe('describeGroups', () => {
  it('describes each group as describeSample would, in key order, with the same options', () => {
    const groups = { 'lr=1e-3': [0.41, 0.39, 0.44], 'lr=1e-2': [0.52, Number.NaN, 0.5], 'lr=1e-1': [0.9, 0.7, 0.8, 2.1] };
    const options = { confidence: 0.9, percentiles: [10, 90] };
    const d = describeGroups(groups, options);
    expect(Object.keys(d.groups)).toEqual(['lr=1e-3', 'lr=1e-2', 'lr=1e-1']);
    for (const [name, values] of Object.entries(groups)) expect(d.groups[name]).toEqual(describeSample(values, options));
    expect(d.groups['lr=1e-2']!.nanCount).toBe(1);
    expect(d.warnings).toEqual([]);
  });

  it('keeps empty, single-run and all-NaN groups apart from the others, each with its warning', () => {
    const d = describeGroups({ empty: [], one: [0.3], nan: [Number.NaN, Number.NaN], fine: [1, 2, 3] });
    expect(d.groups.empty!.warnings).toEqual(['empty sample: every statistic is NaN']);
    expect(d.groups.one!.warnings).toEqual(['n = 1: no spread, so std, variance, SEM and CI are NaN']);
    expect(d.groups.nan!.warnings).toEqual([
      '2 NaN values omitted (nanPolicy "omit")',
      'no finite values left: every statistic is NaN',
    ]);
    expect(d.groups.fine).toMatchObject({ count: 3, mean: 2, median: 2, warnings: [] });
  });

  it('warns when there are no groups at all', () => {
    expect(describeGroups({})).toEqual({ groups: {}, warnings: ['no groups to describe'] });
  });

  it('names the group in errors', () => {
    let caught: unknown;
    try {
      describeGroups({ a: [1, 2], 'seed sweep': [1, Number.NaN] }, { nanPolicy: 'raise' });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(RunlensError);
    expect(caught).toMatchObject({
      code: 'VALIDATION',
      message: 'group "seed sweep": 1 NaN value in the sample (nanPolicy "raise"); use "omit" to leave them out',
      details: { group: 'seed sweep', nanCount: 1, infCount: 0 },
    });
  });

  it('treats a group called "__proto__" as a group', () => {
    const groups = JSON.parse('{"__proto__": [1, 2, 3]}') as Record<string, number[]>;
    const d = describeGroups(groups);
    expect(Object.keys(d.groups)).toEqual(['__proto__']);
    expect(Object.getOwnPropertyDescriptor(d.groups, '__proto__')?.value).toMatchObject({ mean: 2 });
    expect(Object.getPrototypeOf(d.groups)).toBe(Object.prototype);
  });
});
