import { describe, expect, it } from 'vitest';
import { RunlensError } from '../../errors.js';
import { createSeededRandom } from '../../random/seeded-random.js';
import { compareGroups } from './compare-groups.js';
import { cliffsDelta, cohensD, hedgesG } from './effect-sizes.js';
import { mannWhitneyU } from './mann-whitney.js';
import { holmAdjust } from './multiple-comparisons.js';
import { welchTTest } from './welch-t-test.js';

const rng = createSeededRandom(2024);
const sample = (n: number, mean: number, sd: number): number[] =>
  Array.from({ length: n }, () => mean + sd * rng.normal());
// Final validation losses of three optimisers, five seeds each: adam clearly best, sgd clearly worst.
const LOSSES = { sgd: sample(5, 0.9, 0.03), adam: sample(5, 0.5, 0.03), lion: sample(5, 0.7, 0.03) };

describe('compareGroups', () => {
  it('tests every pair with Welch, corrects with Holm and adds effect sizes', () => {
    const r = compareGroups(LOSSES, { direction: 'lower' });
    expect(r.groups).toEqual(['sgd', 'adam', 'lion']);
    expect(r.pairs.map((p) => `${p.a}-${p.b}`)).toEqual(['sgd-adam', 'sgd-lion', 'adam-lion']);
    const raw = r.pairs.map((p) => welchTTest(LOSSES[p.a as keyof typeof LOSSES], LOSSES[p.b as keyof typeof LOSSES]));
    r.pairs.forEach((p, k) => {
      const a = LOSSES[p.a as keyof typeof LOSSES];
      const b = LOSSES[p.b as keyof typeof LOSSES];
      expect(p.statistic).toBe(raw[k]!.statistic);
      expect(p.pValue).toBe(raw[k]!.pValue);
      expect(p.meanDifference).toBe(raw[k]!.meanDifference);
      expect(p.cohensD).toBe(cohensD(a, b).value);
      expect(p.hedgesG).toBe(hedgesG(a, b).value);
      expect(p.cliffsDelta).toBe(cliffsDelta(a, b).value);
    });
    expect(r.pairs.map((p) => p.adjustedPValue)).toEqual(holmAdjust(raw.map((t) => t.pValue)));
    expect(r.pairs.every((p) => p.significant)).toBe(true);
    expect(r.pairs.map((p) => p.better)).toEqual(['adam', 'lion', 'adam']);
    expect(r.warnings).toEqual([]);
  });

  it('ranks by mean in the better direction, with CIs and whom each group beats', () => {
    const lower = compareGroups(LOSSES, { direction: 'lower' });
    expect(lower.ranking.map((g) => [g.group, g.rank])).toEqual([
      ['adam', 1],
      ['lion', 2],
      ['sgd', 3],
    ]);
    expect(lower.ranking.map((g) => g.significantlyBetterThan)).toEqual([['sgd', 'lion'], ['sgd'], []]);
    for (const g of lower.ranking) {
      expect(g.ci[0]).toBeLessThan(g.mean);
      expect(g.ci[1]).toBeGreaterThan(g.mean);
      expect(g.n).toBe(5);
    }
    const higher = compareGroups(LOSSES, { direction: 'higher' });
    expect(higher.ranking.map((g) => g.group)).toEqual(['sgd', 'lion', 'adam']);
    expect(higher.pairs.map((p) => p.better)).toEqual(['sgd', 'sgd', 'lion']);
  });

  it('gives a symmetric matrix of adjusted p-values with NaN on the diagonal', () => {
    const r = compareGroups(LOSSES, { direction: 'lower' });
    r.adjustedPValues.forEach((row, i) =>
      row.forEach((p, j) => {
        if (i === j) expect(p).toBeNaN();
        else expect(p).toBe(r.adjustedPValues[j]![i]);
      }),
    );
    expect(r.adjustedPValues[0]![1]).toBe(r.pairs[0]!.adjustedPValue);
  });

  it('runs Mann-Whitney when asked, judging the better group by ranks', () => {
    const r = compareGroups(LOSSES, { direction: 'lower', test: 'mann-whitney', correction: 'bonferroni' });
    expect(r.pairs[0]!.statistic).toBe(mannWhitneyU(LOSSES.sgd, LOSSES.adam).statistic);
    // Five against five, completely separated: exact two-sided p = 2 / C(10, 5), times 3 pairs.
    expect(r.pairs[0]!.adjustedPValue).toBeCloseTo((3 * 2) / 252, 15);
    expect(r.pairs.every((p) => p.significant)).toBe(true);
    expect(r.ranking[0]!.significantlyBetterThan).toEqual(['sgd', 'lion']);
  });

  it('reports dropped NaN and too-small groups, and never calls a pair of constant groups significant', () => {
    const r = compareGroups(
      { flat1: [1, 1, 1], flat2: [2, 2, Number.NaN, 2], single: [5], empty: [] },
      { direction: 'higher' },
    );
    expect(r.warnings).toEqual(
      expect.arrayContaining([
        'group flat2: 1 NaN value dropped',
        'group single has 1 value: a confidence interval needs at least 2',
        'group empty has no values: a confidence interval needs at least 2',
      ]),
    );
    const flat = r.pairs.find((p) => p.a === 'flat1' && p.b === 'flat2')!;
    expect(flat.pValue).toBeNaN();
    expect(flat.adjustedPValue).toBeNaN();
    expect(flat.significant).toBe(false);
    expect(flat.better).toBeUndefined();
    expect(flat.warnings.join(' ')).toMatch(/zero variance/);
    expect(r.ranking.map((g) => g.group)).toEqual(['single', 'flat2', 'flat1', 'empty']);
    expect(r.ranking.find((g) => g.group === 'flat2')).toMatchObject({ n: 3, nanDropped: 1, mean: 2 });
    expect(r.ranking.every((g) => g.significantlyBetterThan.length === 0)).toBe(true);
  });

  it('leaves undefined tests out of the correction family', () => {
    const r = compareGroups({ a: [1, 1], b: [2, 2], c: [0.5, 1.5, 1.1] }, { direction: 'lower' });
    const defined = r.pairs.filter((p) => !Number.isNaN(p.pValue));
    expect(defined).toHaveLength(2);
    expect(defined.map((p) => p.adjustedPValue)).toEqual(holmAdjust(defined.map((p) => p.pValue)));
  });

  it('warns that a single group has nothing to compare', () => {
    const r = compareGroups({ only: [1, 2, 3] }, { direction: 'lower' });
    expect(r.pairs).toEqual([]);
    expect(r.ranking).toHaveLength(1);
    expect(r.warnings).toEqual(['1 group: nothing to compare']);
  });

  it('throws a RunlensError for invalid options', () => {
    expect(() => compareGroups(LOSSES, { direction: 'up' as 'lower' })).toThrow(/invalid direction: up/);
    expect(() => compareGroups(LOSSES, { direction: 'lower', test: 't' as 'welch' })).toThrow(RunlensError);
    expect(() => compareGroups(LOSSES, { direction: 'lower', alpha: 5 })).toThrow(/invalid alpha/);
  });
});
