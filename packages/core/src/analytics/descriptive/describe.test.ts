import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RunlensError } from '../../errors.js';
import { describeSample } from './describe.js';

/** One data set of scipy-reference.json (written by scripts/scipy-reference/descriptive.py). */
interface ReferenceCase {
  name: string;
  description: string;
  values: number[];
  nan_count: number;
  numpy: {
    count: number;
    mean: number;
    median: number;
    std: number;
    variance: number;
    min: number;
    max: number;
    percentiles: Record<string, number>;
    sem: number;
    ci: Record<string, [number, number]>;
  };
  exact: { mean: number; variance: number; std: number; sem: number; ci: Record<string, [number, number]> };
  numpy_moments_exact: boolean;
}

const WIRE_NUMBERS: Record<string, number> = { NaN: Number.NaN, Infinity: Infinity, '-Infinity': -Infinity };
const reference = JSON.parse(readFileSync(new URL('./scipy-reference.json', import.meta.url), 'utf8'), (_key, v: unknown) =>
  typeof v === 'string' && v in WIRE_NUMBERS ? WIRE_NUMBERS[v] : v,
) as { percentiles: number[]; confidence_levels: number[]; describe: ReferenceCase[] };

/**
 * Tolerances, relative to the expected value unless said otherwise.
 * - Order statistics (median, percentiles, min, max) replicate NumPy's arithmetic step for step: bit-identical.
 * - Moments against the exact (rational arithmetic) values: the compensated two-pass algorithm is within a few ulps.
 * - Moments against NumPy, on the data sets where NumPy itself is exact to 1e-12: NumPy's pairwise sums differ from
 *   ours in the last bits, and the variance squares that difference.
 * - Confidence bounds, as a share of the half-width (plus the mean's own tolerance): the t quantile comes from
 *   @stdlib, within 6e-11 relative of the accurate quantile for levels 0.9–0.999 and df 1–1e6 (measured), so 1e-10
 *   against the exact intervals. SciPy 1.10's own t.ppf is off by up to 5e-9 (see the reference script), so
 *   against scipy.stats.t.interval the bounds are held to 1e-8.
 */
const TOL = {
  exactMean: 1e-15,
  exactSpread: 1e-14,
  numpyMean: 1e-12,
  numpySpread: 1e-10,
  exactCi: 1e-10,
  scipyCi: 1e-8,
} as const;

function expectClose(actual: number, expected: number, rel: number, label: string, abs = 0): void {
  if (Number.isNaN(expected) || !Number.isFinite(expected)) {
    expect(actual, label).toBe(expected);
    return;
  }
  const err = Math.abs(actual - expected);
  expect(err <= rel * Math.abs(expected) + abs, `${label}: ${actual} vs ${expected} (error ${err})`).toBe(true);
}

function expectCi(actual: { low: number; high: number }, expected: [number, number], rel: number, label: string): void {
  const mid = (expected[0] + expected[1]) / 2;
  const halfWidth = (expected[1] - expected[0]) / 2;
  const abs = rel * halfWidth + TOL.exactMean * Math.abs(mid);
  expectClose(actual.low, expected[0], 0, `${label} low`, abs);
  expectClose(actual.high, expected[1], 0, `${label} high`, abs);
}

describe('describeSample against NumPy / SciPy', () => {
  it('covers the data sets the issue asks for', () => {
    const names = reference.describe.map((c) => c.name);
    for (const wanted of ['ties_30', 'n1', 'n2', 'n3', 'all_equal_6', 'with_nan_20', 'scale_1e15', 'scale_1e-15', 'heavy_tailed_t2']) {
      expect(names).toContain(wanted);
    }
  });

  for (const c of reference.describe) {
    describe(`${c.name}: ${c.description}`, () => {
      const levels = reference.confidence_levels;
      const results = levels.map((confidence) => describeSample(c.values, { confidence, percentiles: reference.percentiles }));
      const d = results[0]!;

      it('counts values and NaN', () => {
        expect(d.count).toBe(c.numpy.count);
        expect(d.nanCount).toBe(c.nan_count);
        expect(d.infCount).toBe(0);
      });

      it('matches NumPy bit for bit on order statistics', () => {
        expect(d.median).toBe(c.numpy.median);
        expect(d.min).toBe(c.numpy.min);
        expect(d.max).toBe(c.numpy.max);
        for (const p of reference.percentiles) expect(d.percentiles[String(p)], `percentile ${p}`).toBe(c.numpy.percentiles[String(p)]);
      });

      it('matches the exact mean, variance, std, SEM and t intervals', () => {
        expectClose(d.mean, c.exact.mean, TOL.exactMean, 'mean');
        expectClose(d.variance, c.exact.variance, TOL.exactSpread, 'variance');
        expectClose(d.std, c.exact.std, TOL.exactSpread, 'std');
        expectClose(d.sem, c.exact.sem, TOL.exactSpread, 'sem');
        levels.forEach((level, i) => {
          expect(results[i]!.ci.level).toBe(level);
          expectCi(results[i]!.ci, c.exact.ci[String(level)]!, TOL.exactCi, `ci ${level}`);
        });
      });

      // Only where NumPy is itself exact; the others are held to the exact values above.
      if (c.numpy_moments_exact) it('matches NumPy / SciPy moments and t intervals', () => {
        expectClose(d.mean, c.numpy.mean, TOL.numpyMean, 'mean');
        expectClose(d.variance, c.numpy.variance, TOL.numpySpread, 'variance');
        expectClose(d.std, c.numpy.std, TOL.numpySpread, 'std');
        expectClose(d.sem, c.numpy.sem, TOL.numpySpread, 'sem');
        levels.forEach((level, i) => expectCi(results[i]!.ci, c.numpy.ci[String(level)]!, TOL.scipyCi, `ci ${level}`));
      });
    });
  }

  it('is more accurate than NumPy where NumPy loses digits, and says which those are', () => {
    const inexact = reference.describe.filter((c) => !c.numpy_moments_exact).map((c) => c.name);
    expect(inexact).toEqual(expect.arrayContaining(['scale_1e15', 'offset_1e16', 'scale_1e-300', 'scale_1e300']));
    const tiny = reference.describe.find((c) => c.name === 'scale_1e-300')!;
    // NumPy's squares underflow: its std is 0. The true std is about 7e-301, and so is ours.
    expect(tiny.numpy.std).toBe(0);
    expect(describeSample(tiny.values).std).toBeGreaterThan(1e-301);
  });
});

describe('describeSample', () => {
  it('returns NaN statistics and a warning for an empty sample, without throwing', () => {
    const d = describeSample([]);
    expect(d.count).toBe(0);
    for (const v of [d.mean, d.median, d.std, d.variance, d.min, d.max, d.sem, d.ci.low, d.ci.high]) expect(v).toBeNaN();
    expect(Object.keys(d.percentiles)).toEqual(['5', '25', '50', '75', '95']);
    expect(Object.values(d.percentiles).every(Number.isNaN)).toBe(true);
    expect(d.warnings).toEqual(['empty sample: every statistic is NaN']);
  });

  it('describes one value without a spread', () => {
    const d = describeSample([0.42]);
    expect([d.count, d.mean, d.median, d.min, d.max, d.percentiles['95']]).toEqual([1, 0.42, 0.42, 0.42, 0.42, 0.42]);
    for (const v of [d.std, d.variance, d.sem, d.ci.low, d.ci.high]) expect(v).toBeNaN();
    expect(d.warnings).toEqual(['n = 1: no spread, so std, variance, SEM and CI are NaN']);
  });

  it('omits and reports NaN by default; an all-NaN metric gives NaN statistics and says why', () => {
    const some = describeSample([1, Number.NaN, 3, Number.NaN]);
    expect([some.count, some.nanCount, some.mean]).toEqual([2, 2, 2]);
    expect(some.warnings).toEqual(['2 NaN values omitted (nanPolicy "omit")']);

    const all = describeSample([Number.NaN, Number.NaN, Number.NaN]);
    expect([all.count, all.nanCount]).toEqual([0, 3]);
    expect(all.mean).toBeNaN();
    expect(all.warnings).toEqual(['3 NaN values omitted (nanPolicy "omit")', 'no finite values left: every statistic is NaN']);
  });

  it('omits ±Infinity under "omit" like NaN, counting them apart', () => {
    const d = describeSample([1, Infinity, 2, -Infinity, Number.NaN, 3]);
    expect([d.count, d.nanCount, d.infCount, d.mean, d.max]).toEqual([3, 1, 2, 2, 3]);
    expect(d.warnings).toEqual(['1 NaN value and 2 infinite values omitted (nanPolicy "omit")']);
  });

  it('propagates NaN to every statistic under "propagate"', () => {
    const d = describeSample([1, 2, Number.NaN], { nanPolicy: 'propagate' });
    expect([d.count, d.nanCount]).toEqual([3, 1]);
    for (const v of [d.mean, d.median, d.std, d.min, d.max, d.percentiles['50'], d.ci.low]) expect(v).toBeNaN();
    expect(d.warnings).toEqual(['1 NaN value present (nanPolicy "propagate"): every statistic is NaN']);
  });

  it('keeps ±Infinity under "propagate": order statistics stay, moments become undefined', () => {
    const d = describeSample([1, 2, 3, Infinity], { nanPolicy: 'propagate' });
    expect([d.count, d.infCount, d.mean, d.median, d.min, d.max]).toEqual([4, 1, Infinity, 2.5, 1, Infinity]);
    for (const v of [d.std, d.variance, d.sem, d.ci.low, d.ci.high]) expect(v).toBeNaN();
    expect(d.warnings).toEqual(['1 infinite value kept (nanPolicy "propagate"): mean is Infinity; std, variance, SEM and CI are NaN']);
    expect(describeSample([-Infinity, 0, Infinity], { nanPolicy: 'propagate' }).mean).toBeNaN();
    expect(describeSample([-Infinity, 0, 1], { nanPolicy: 'propagate' }).mean).toBe(-Infinity);
  });

  it('throws a VALIDATION error under "raise", naming what it found', () => {
    const raised = (): unknown => {
      try {
        describeSample([1, Number.NaN, Infinity], { nanPolicy: 'raise' });
      } catch (e) {
        return e;
      }
      return undefined;
    };
    expect(raised()).toMatchObject({
      code: 'VALIDATION',
      message: '1 NaN value and 1 infinite value in the sample (nanPolicy "raise"); use "omit" to leave them out',
      details: { nanCount: 1, infCount: 1 },
    });
    expect(describeSample([1, 2], { nanPolicy: 'raise' }).mean).toBe(1.5);
  });

  it('is exact for 1e16 + small offsets, where a plain sum is off', () => {
    const values = [2, 6, 6, 6, 10, 14, 14].map((offset) => 1e16 + offset);
    const d = describeSample(values);
    // Exact: mean 1e16 + 58/7, which rounds to 1e16 + 8 (float64 spacing is 2 here); variance 144/7.
    expect(d.mean).toBe(1e16 + 8);
    expectClose(d.variance, 144 / 7, 1e-15, 'variance');
    const naiveMean = values.reduce((s, x) => s + x, 0) / values.length;
    expect(naiveMean).toBe(1e16 + 10);
  });

  it('keeps the spread of 1e-300-scale and subnormal values, warning that the variance underflows', () => {
    const tiny = describeSample([1e-300, 2e-300, 3e-300, 4e-300]);
    expectClose(tiny.mean, 2.5e-300, 1e-15, 'mean');
    expectClose(tiny.std, Math.sqrt(5 / 3) * 1e-300, 1e-15, 'std');
    expect(tiny.variance).toBe(0);
    expect(tiny.warnings).toEqual(['variance is below the float64 range and reads 0; std is accurate']);

    const subnormal = describeSample([5e-324, 1e-323, 1.5e-323]);
    expect([subnormal.mean, subnormal.std, subnormal.median]).toEqual([1e-323, 5e-324, 1e-323]);
  });

  it('handles magnitudes near the float64 limit without overflowing', () => {
    const d = describeSample([1e308, 1.5e308, -1e308]);
    // Exact: mean 0.5e308, deviations (0.5, 1, -1.5)e308, variance 1.75e616, std √1.75 · 1e308.
    expectClose(d.mean, 0.5e308, 1e-15, 'mean');
    expectClose(d.std, Math.sqrt(1.75) * 1e308, 1e-15, 'std');
    expect(d.variance).toBe(Infinity);
    expect(d.warnings).toEqual(['variance is above the float64 range and reads Infinity; std is accurate']);
    expect(describeSample([1.7e308, 1.79e308]).median).toBe(1.745e308);
  });

  it('gives exactly 0 spread and a collapsed CI for equal values, and warns', () => {
    const d = describeSample([0.1, 0.1, 0.1, 0.1, 0.1, 0.1]);
    expect([d.mean, d.std, d.sem, d.ci.low, d.ci.high]).toEqual([0.1, 0, 0, 0.1, 0.1]);
    expect(d.warnings).toEqual(['all 6 values are equal (0.1): std is 0 and the CI is [mean, mean]']);
  });

  it('takes typed arrays and leaves its input alone', () => {
    const input = Float64Array.of(3, 1, 2);
    expect(describeSample(input).median).toBe(2);
    expect(Array.from(input)).toEqual([3, 1, 2]);
  });

  it('keys percentiles by String(p)', () => {
    const d = describeSample([1, 2, 3, 4], { percentiles: [0, 2.5, 25, 100] });
    expect(d.percentiles).toEqual({ '0': 1, '2.5': 1.075, '25': 1.75, '100': 4 });
  });

  it('rejects bad options with VALIDATION errors', () => {
    const code = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (e) {
        return e instanceof RunlensError ? `${e.code}: ${e.message}` : 'not a RunlensError';
      }
      return undefined;
    };
    expect(code(() => describeSample([1, 2], { confidence: 95 }))).toBe(
      'VALIDATION: confidence must be between 0 and 1 (exclusive), e.g. 0.95; got 95',
    );
    expect(code(() => describeSample([1, 2], { percentiles: [50, 101] }))).toBe(
      'VALIDATION: percentiles must be numbers in [0, 100]; got 101',
    );
    expect(code(() => describeSample([1, 2], { nanPolicy: 'ignore' as never }))).toBe(
      'VALIDATION: unknown nanPolicy: ignore (omit | propagate | raise)',
    );
  });
});
