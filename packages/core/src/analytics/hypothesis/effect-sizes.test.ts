import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../../random/seeded-random.js';
import { cliffsDelta, cliffsMagnitude, cohensD, hedgesCorrection, hedgesG } from './effect-sizes.js';

describe("Cohen's d and Hedges' g", () => {
  it('matches a hand computation', () => {
    // Means 2 and 3; both sums of squares are 2, so the pooled SD is sqrt(4 / 4) = 1.
    expect(cohensD([1, 2, 3], [2, 3, 4]).value).toBeCloseTo(-1, 15);
    const g = hedgesG([1, 2, 3], [2, 3, 4]);
    // J(4) = Γ(2) / (sqrt(2) Γ(3/2)) = 2 / sqrt(2π).
    expect(g.correction).toBeCloseTo(2 / Math.sqrt(2 * Math.PI), 15);
    expect(g.value).toBeCloseTo(-g.correction, 15);
  });

  it('uses the exact correction, which the usual approximation 1 − 3/(4df − 1) approaches from above', () => {
    let previousGap = Infinity;
    for (const df of [5, 10, 50, 500]) {
      const approx = 1 - 3 / (4 * df - 1);
      const gap = (approx - hedgesCorrection(df)) / hedgesCorrection(df);
      expect(gap).toBeGreaterThan(0);
      expect(gap).toBeLessThan(2e-3);
      expect(gap).toBeLessThan(previousGap);
      previousGap = gap;
    }
    expect(hedgesCorrection(1)).toBeNaN();
    expect(hedgesCorrection(2.5)).toBeNaN();
  });

  it('is 0 for identical samples and NaN with a warning when both samples are constant', () => {
    expect(cohensD([1, 5, 2], [1, 5, 2]).value).toBe(0);
    const constant = cohensD([2, 2], [3, 3, 3]);
    expect(constant.value).toBeNaN();
    expect(constant.warnings.join(' ')).toMatch(/both samples are constant/);
  });

  it('returns NaN with a warning for empty samples, too few values and infinities', () => {
    expect(cohensD([], [1, 2]).warnings.join(' ')).toMatch(/sample a has no values/);
    expect(cohensD([1], [2]).value).toBeNaN();
    expect(cohensD([1, 2], [2, Infinity]).warnings.join(' ')).toMatch(/Infinity/);
    const g = hedgesG([1, 2], [3]);
    expect(g.value).toBeNaN();
    expect(g.warnings.join(' ')).toMatch(/at least 4 values/);
  });

  it('drops NaN and says so', () => {
    const d = cohensD([1, 2, 3, Number.NaN], [2, 3, 4]);
    expect(d.value).toBeCloseTo(-1, 15);
    expect(d.warnings).toEqual(['sample a: 1 NaN value dropped']);
  });
});

describe("Cliff's delta", () => {
  it('matches a hand count', () => {
    // Pairs (x, y): x > y in 8 of 9, one tie (3, 3), none below.
    expect(cliffsDelta([3, 4, 5], [1, 2, 3])).toMatchObject({ value: 8 / 9, magnitude: 'large' });
    expect(cliffsDelta([1, 2, 3], [3, 4, 5]).value).toBe(-8 / 9);
  });

  it('agrees with counting every pair on seeded data with ties', () => {
    const rng = createSeededRandom(3);
    for (let trial = 0; trial < 20; trial++) {
      const a = Array.from({ length: 1 + rng.int(15) }, () => rng.int(6));
      const b = Array.from({ length: 1 + rng.int(15) }, () => rng.int(6) + 0.5 * rng.int(2));
      let net = 0;
      for (const x of a) for (const y of b) net += Math.sign(x - y);
      expect(cliffsDelta(a, b).value).toBeCloseTo(net / (a.length * b.length), 14);
    }
  });

  it('is 0 for all-tied samples and NaN with a warning for an empty one', () => {
    expect(cliffsDelta([2, 2], [2, 2, 2])).toMatchObject({ value: 0, magnitude: 'negligible' });
    const empty = cliffsDelta([1], []);
    expect(empty.value).toBeNaN();
    expect(empty.magnitude).toBeUndefined();
    expect(empty.warnings.join(' ')).toMatch(/sample b has no values/);
  });

  it('labels magnitudes at the thresholds 0.147, 0.33 and 0.474', () => {
    expect(cliffsMagnitude(0.1469)).toBe('negligible');
    expect(cliffsMagnitude(-0.147)).toBe('small');
    expect(cliffsMagnitude(0.33)).toBe('medium');
    expect(cliffsMagnitude(-0.474)).toBe('large');
    expect(cliffsMagnitude(Number.NaN)).toBeUndefined();
  });
});
