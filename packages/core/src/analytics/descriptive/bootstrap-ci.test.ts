import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RunlensError } from '../../errors.js';
import { createSeededRandom } from '../../random/seeded-random.js';
import { bootstrapCi } from './bootstrap-ci.js';
import { resampleStatistics } from './resample-statistics.js';
import { medianOfSorted } from './sorted-quantiles.js';

/** One bootstrap case of scipy-reference.json (written by scripts/scipy-reference/descriptive.py). */
interface BootstrapReference {
  name: string;
  description: string;
  values: number[];
  statistic: 'mean' | 'median';
  resamples: number;
  seed: number;
  confidence: number;
  estimate: number;
  first_resample_statistics: number[];
  percentile: [number, number];
  bca: [number, number];
  bca_z0: number;
  bca_acceleration: number;
}

const reference = JSON.parse(readFileSync(new URL('./scipy-reference.json', import.meta.url), 'utf8')) as {
  bootstrap: BootstrapReference[];
};

// A plain left-to-right sum, as NumPy's on these data sets: integers and multiples of 1/64 add exactly.
const mean = (xs: Float64Array): number => {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
};
const median = (xs: Float64Array): number => medianOfSorted(xs.sort());
const STATISTICS = { mean, median } as const;

/**
 * Tolerances. The script feeds SciPy the very resamples runlens draws, so the percentile bounds are the same
 * order statistics interpolated the same way: identical. BCa goes through a normal quantile and CDF (@stdlib here,
 * Cephes' ndtri/ndtr in SciPy, both accurate to ~1e-16), which moves the interpolation point by a hair; 1e-9 of
 * the interval's width covers it. The acceleration is a ratio of sums of cubed and squared small differences,
 * which NumPy adds in another order (4.6e-13 apart on dyadic_mean_40).
 */
const TOL = { bcaBoundsOfWidth: 1e-9, acceleration: 1e-10, biasCorrection: 1e-12 } as const;

function expectRelClose(actual: number, expected: number, rel: number, label: string): void {
  const err = Math.abs(actual - expected);
  expect(err <= rel * Math.abs(expected), `${label}: ${actual} vs ${expected}`).toBe(true);
}

describe('bootstrapCi against SciPy, on the same resamples', () => {
  for (const c of reference.bootstrap) {
    describe(`${c.name}: ${c.description}`, () => {
      const statistic = STATISTICS[c.statistic];
      const options = { resamples: c.resamples, seed: c.seed, confidence: c.confidence };

      it('draws the resamples the script reproduces', () => {
        const stats = resampleStatistics(Float64Array.from(c.values), statistic, c.resamples, c.seed);
        expect(Array.from(stats.subarray(0, 5))).toEqual(c.first_resample_statistics);
      });

      it('gives SciPy\'s percentile interval', () => {
        const ci = bootstrapCi(c.values, statistic, { ...options, method: 'percentile' });
        expect(ci.estimate).toBe(c.estimate);
        expect([ci.low, ci.high]).toEqual(c.percentile);
        expect(ci.bca).toBeUndefined();
      });

      it('gives SciPy\'s BCa interval, bias correction and acceleration', () => {
        const ci = bootstrapCi(c.values, statistic, { ...options, method: 'bca' });
        const width = c.bca[1] - c.bca[0];
        expect(Math.abs(ci.low - c.bca[0])).toBeLessThanOrEqual(TOL.bcaBoundsOfWidth * width);
        expect(Math.abs(ci.high - c.bca[1])).toBeLessThanOrEqual(TOL.bcaBoundsOfWidth * width);
        expectRelClose(ci.bca!.biasCorrection, c.bca_z0, TOL.biasCorrection, 'z0');
        expectRelClose(ci.bca!.acceleration, c.bca_acceleration, TOL.acceleration, 'acceleration');
      });
    });
  }
});

describe('bootstrapCi', () => {
  const sample = Array.from({ length: 30 }, (_, i) => Math.sin(i) * 3 + i / 10);

  it('is deterministic for a seed and moves with the seed', () => {
    const a = bootstrapCi(sample, mean, { seed: 42, resamples: 2000 });
    const b = bootstrapCi(sample, mean, { seed: 42, resamples: 2000 });
    const c = bootstrapCi(sample, mean, { seed: 43, resamples: 2000 });
    expect(b).toEqual(a);
    expect([c.low, c.high]).not.toEqual([a.low, a.high]);
    expect(a).toMatchObject({ level: 0.95, method: 'percentile', count: 30, resamples: 2000, seed: 42, warnings: [] });
    expect(a.low).toBeLessThan(a.estimate);
    expect(a.high).toBeGreaterThan(a.estimate);
  });

  it('defaults to 10,000 resamples, seed 0, 95 % and the percentile method', () => {
    const d = bootstrapCi(sample, mean);
    expect(d).toMatchObject({ resamples: 10_000, seed: 0, level: 0.95, method: 'percentile' });
    expect(d).toEqual(bootstrapCi(sample, mean, { resamples: 10_000, seed: 0, confidence: 0.95, method: 'percentile' }));
  });

  // Seeded, so the coverages are fixed numbers; the bounds are several binomial standard errors (~1.5 %) wide.
  it('covers the true mean about 95 % of the time (percentile: normal data; BCa: skewed data)', () => {
    const rng = createSeededRandom(2024);
    const trials = 200;
    let percentileHits = 0;
    let bcaHits = 0;
    for (let t = 0; t < trials; t++) {
      const normal = Array.from({ length: 30 }, () => 5 + 2 * rng.normal());
      const p = bootstrapCi(normal, mean, { seed: t, resamples: 1000 });
      if (p.low <= 5 && 5 <= p.high) percentileHits++;
      // exponential(1): mean 1, skewness 2
      const skewed = Array.from({ length: 30 }, () => -Math.log(1 - rng.next()));
      const b = bootstrapCi(skewed, mean, { seed: t, resamples: 1000, method: 'bca' });
      if (b.low <= 1 && 1 <= b.high) bcaHits++;
    }
    expect(percentileHits / trials).toBeGreaterThan(0.88);
    expect(percentileHits / trials).toBeLessThan(0.99);
    expect(bcaHits / trials).toBeGreaterThan(0.86);
    expect(bcaHits / trials).toBeLessThan(0.99);
  });

  it('returns NaN bounds with a warning for fewer than 2 values, never throwing', () => {
    const empty = bootstrapCi([], mean);
    expect([empty.low, empty.high, empty.estimate]).toEqual([Number.NaN, Number.NaN, Number.NaN]);
    expect(empty.warnings).toEqual(['n = 0: at least 2 values are needed to bootstrap; the interval is NaN']);
    const one = bootstrapCi([3], mean, { method: 'bca' });
    expect([one.estimate, one.count]).toEqual([3, 1]);
    expect(one.low).toBeNaN();
    const allNaN = bootstrapCi([Number.NaN, Number.NaN], mean);
    expect(allNaN.warnings).toEqual([
      '2 NaN values omitted (nanPolicy "omit")',
      'n = 0: at least 2 values are needed to bootstrap; the interval is NaN',
    ]);
  });

  it('omits NaN and infinities by default, propagates NaN to the interval under "propagate"', () => {
    const omitted = bootstrapCi([...sample, Number.NaN, -Infinity], mean, { resamples: 500 });
    expect(omitted).toMatchObject({ count: 30, nanCount: 1, infCount: 1 });
    expect([omitted.low, omitted.high]).toEqual(
      (({ low, high }) => [low, high])(bootstrapCi(sample, mean, { resamples: 500 })),
    );
    expect(omitted.warnings[0]).toBe('1 NaN value and 1 infinite value omitted (nanPolicy "omit")');
    const propagated = bootstrapCi([...sample, Number.NaN], mean, { nanPolicy: 'propagate' });
    expect(propagated.low).toBeNaN();
    expect(propagated.warnings).toEqual(['1 NaN value present (nanPolicy "propagate"): the interval is NaN']);
  });

  it('collapses to the value for equal values, with either method', () => {
    const flat = [2, 2, 2, 2, 2, 2, 2, 2, 2, 2];
    expect(bootstrapCi(flat, mean, { resamples: 200 })).toMatchObject({ low: 2, high: 2 });
    const bca = bootstrapCi(flat, mean, { resamples: 200, method: 'bca' });
    expect(bca).toMatchObject({ low: 2, high: 2, bca: { biasCorrection: 0, acceleration: 0 } });
    expect(bca.warnings).toContain('BCa: the jackknife estimates are all equal, so the acceleration is taken as 0');
  });

  it('warns about tiny samples and few resamples', () => {
    const d = bootstrapCi([1, 2, 4], mean, { resamples: 100 });
    expect(d.warnings).toEqual([
      'n = 3: bootstrap intervals of samples this small are too narrow; prefer the t interval',
      'only 100 resamples: the bounds are noisy; use at least 1000',
    ]);
  });

  it('leaves out resamples where the statistic is NaN, and says how many', () => {
    // NaN whenever the resample misses the largest value
    const statistic = (xs: Float64Array): number => (xs.includes(29) ? mean(xs) : Number.NaN);
    const d = bootstrapCi(Array.from({ length: 30 }, (_, i) => i), statistic, { resamples: 1000, seed: 5 });
    expect(d.warnings).toHaveLength(1);
    expect(d.warnings[0]).toMatch(/^the statistic was NaN on \d+ of 1000 resamples; they are left out$/);
    expect(Number.isFinite(d.low) && Number.isFinite(d.high)).toBe(true);
  });

  it('reports BCa as undefined when every resample statistic lies on one side of the estimate', () => {
    // The number of distinct values is n on the sample and (almost surely) fewer on every resample.
    const distinct = (xs: Float64Array): number => new Set(xs).size;
    const d = bootstrapCi(sample, distinct, { resamples: 500, method: 'bca' });
    expect(d.low).toBeNaN();
    expect(d.high).toBeNaN();
    expect(d.bca!.biasCorrection).toBe(Infinity);
    expect(d.warnings.at(-1)).toMatch(/^BCa interval is undefined/);
  });

  it('rejects bad options with VALIDATION errors', () => {
    const message = (f: () => unknown): string => {
      try {
        f();
      } catch (e) {
        return e instanceof RunlensError ? `${e.code}: ${e.message}` : 'not a RunlensError';
      }
      return 'no error';
    };
    expect(message(() => bootstrapCi(sample, mean, { resamples: 0 }))).toBe(
      'VALIDATION: resamples must be a positive integer; got 0',
    );
    expect(message(() => bootstrapCi(sample, mean, { seed: 1.5 }))).toBe('VALIDATION: seed must be an integer; got 1.5');
    expect(message(() => bootstrapCi(sample, mean, { method: 'basic' as never }))).toBe(
      'VALIDATION: unknown bootstrap method: basic (percentile | bca)',
    );
    expect(message(() => bootstrapCi(sample, mean, { confidence: 0 }))).toMatch(/^VALIDATION: confidence must be/);
  });
});
