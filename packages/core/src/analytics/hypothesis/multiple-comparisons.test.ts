import { describe, expect, it } from 'vitest';
import { RunlensError } from '../../errors.js';
import { createSeededRandom } from '../../random/seeded-random.js';
import { adjustPValues, bonferroniAdjust, holmAdjust } from './multiple-comparisons.js';

describe('holmAdjust', () => {
  it('matches a hand computation, including the monotone step', () => {
    // Sorted: 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04 → raised to 0.06 to stay monotone.
    expect(holmAdjust([0.01, 0.04, 0.03])).toEqual([0.03, 0.06, 0.06]);
  });

  it('keeps the order of p-values, never lowers one, and caps at 1', () => {
    const rng = createSeededRandom(5);
    for (let trial = 0; trial < 50; trial++) {
      const p = Array.from({ length: 1 + rng.int(12) }, () => rng.next() ** 3);
      const adjusted = holmAdjust(p);
      p.forEach((pi, i) => {
        expect(adjusted[i]).toBeGreaterThanOrEqual(pi);
        expect(adjusted[i]).toBeLessThanOrEqual(1);
        p.forEach((pj, j) => {
          if (pi <= pj) expect(adjusted[i]).toBeLessThanOrEqual(adjusted[j]!);
        });
      });
      // Holm is never more conservative than Bonferroni.
      bonferroniAdjust(p).forEach((b, i) => expect(adjusted[i]).toBeLessThanOrEqual(b));
    }
  });

  it('leaves NaN (undefined tests) in place and out of the family size', () => {
    expect(holmAdjust([0.01, Number.NaN, 0.02])).toEqual([0.02, Number.NaN, 0.02]);
    expect(bonferroniAdjust([0.01, Number.NaN, 0.02])).toEqual([0.02, Number.NaN, 0.04]);
    expect(holmAdjust([])).toEqual([]);
  });

  it('throws a RunlensError for values that are not p-values', () => {
    expect(() => holmAdjust([0.5, 1.5])).toThrow(/invalid p-value at index 1: 1.5/);
    expect(() => bonferroniAdjust([-0.1])).toThrow(RunlensError);
    expect(() => holmAdjust([Infinity])).toThrow(RunlensError);
  });
});

describe('adjustPValues', () => {
  it('dispatches by method name, defaulting to Holm', () => {
    const p = [0.01, 0.04, 0.03];
    expect(adjustPValues(p)).toEqual(holmAdjust(p));
    expect(adjustPValues(p, 'bonferroni')).toEqual(bonferroniAdjust(p));
    expect(adjustPValues(p, 'none')).toEqual(p);
    expect(() => adjustPValues(p, 'fdr' as 'none')).toThrow(/invalid correction: fdr/);
  });
});
