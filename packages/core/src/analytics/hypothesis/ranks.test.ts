import { describe, expect, it } from 'vitest';
import { RunlensError } from '../../errors.js';
import { averageRanks } from './ranks.js';

describe('averageRanks', () => {
  it('gives tied values the mean of the ranks they span', () => {
    const r = averageRanks([10, 20, 20, 5, 20]);
    expect(Array.from(r.ranks)).toEqual([2, 4, 4, 1, 4]);
    // One group of three ties: 3³ − 3.
    expect(r.tieTerm).toBe(24);
    expect(r.hasTies).toBe(true);
  });

  it('ranks ±Infinity at the ends and treats -0 and 0 as tied', () => {
    const r = averageRanks([Infinity, 0, -Infinity, -0]);
    expect(Array.from(r.ranks)).toEqual([4, 2.5, 1, 2.5]);
  });

  it('has no tie term without ties and handles an empty sample', () => {
    expect(averageRanks([3, 1, 2])).toMatchObject({ tieTerm: 0, hasTies: false });
    expect(averageRanks([]).ranks.length).toBe(0);
  });

  it('refuses NaN, which has no rank', () => {
    expect(() => averageRanks([1, Number.NaN])).toThrow(RunlensError);
  });
});
