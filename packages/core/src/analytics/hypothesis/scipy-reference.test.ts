/**
 * Every statistic against SciPy, from scipy-reference.json (regenerate: /usr/bin/python3
 * scripts/scipy-reference/hypothesis.py). Tolerances are explicit per quantity; the reasons sit beside them.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chiSquareTest, cramersV } from './contingency.js';
import { pearsonCorrelation, pointBiserialCorrelation, spearmanCorrelation } from './correlation.js';
import { cliffsDelta, cohensD, hedgesCorrection, hedgesG } from './effect-sizes.js';
import { fisherExactTest } from './fisher-exact.js';
import { mannWhitneyU, type MannWhitneyMethod } from './mann-whitney.js';
import { meanConfidenceInterval } from './mean-confidence-interval.js';
import { bonferroniAdjust, holmAdjust } from './multiple-comparisons.js';
import type { Alternative } from './p-value.js';
import { welchTTest } from './welch-t-test.js';

type Num = number;
interface WelchRef {
  alternative: Alternative;
  statistic: Num;
  pValue: Num;
  df: Num;
  meanDifference: Num;
  ci: [Num, Num];
}
interface MwuRef {
  method: MannWhitneyMethod;
  alternative: Alternative;
  useContinuity: boolean;
  statistic: Num;
  pValue: Num;
}
interface TwoSampleRef {
  name: string;
  a: Num[];
  b: Num[];
  welch: WelchRef[];
  mannWhitney: MwuRef[];
  effectSizes: { cohensD: Num; hedgesCorrection: Num; hedgesG: Num; hedgesCorrectionApprox: Num; cliffsDelta: Num };
}
interface ChiRef {
  statistic: Num;
  pValue: Num;
  df: number;
  expected: Num[][];
}
interface Reference {
  scipy: string;
  twoSample: TwoSampleRef[];
  hedgesCorrection: { df: number; exact: Num; approx: Num }[];
  meanConfidenceInterval: { name: string; values: Num[]; level: number; mean: Num; ci: [Num, Num] }[];
  multipleComparisons: { name: string; pValues: Num[]; holm: Num[]; bonferroni: Num[] }[];
  contingency: {
    name: string;
    table: number[][];
    chiSquare: { corrected: ChiRef; uncorrected: ChiRef };
    cramersV?: Num;
    fisher?: { alternative: Alternative; oddsRatio: Num; pValue: Num }[];
  }[];
  correlation: {
    name: string;
    x: Num[];
    y: Num[];
    pearson: { alternative: Alternative; r: Num; pValue: Num }[];
    spearman: { alternative: Alternative; rho: Num; pValue: Num }[];
  }[];
  pointBiserial: { name: string; binary: number[]; values: Num[]; r: Num; pValue: Num }[];
}

const NON_FINITE: Record<string, number> = { NaN: Number.NaN, Infinity: Infinity, '-Infinity': -Infinity };
const ref = JSON.parse(
  readFileSync(new URL('./scipy-reference.json', import.meta.url), 'utf8'),
  (_key, value: unknown) => (typeof value === 'string' && value in NON_FINITE ? NON_FINITE[value] : value),
) as Reference;

/** |actual − expected| ≤ max(abs, rel·|expected|); NaN and ±Infinity must match exactly. */
function expectClose(actual: number, expected: number, tol: { rel: number; abs?: number }, what: string): void {
  if (!Number.isFinite(expected)) {
    expect(actual, what).toBe(expected);
    return;
  }
  const error = Math.abs(actual - expected);
  const allowed = Math.max(tol.abs ?? 0, tol.rel * Math.abs(expected));
  expect(error, `${what}: got ${actual}, SciPy ${expected}`).toBeLessThanOrEqual(allowed);
}

// Statistics computed by the same closed formula as SciPy differ only by rounding order (numpy sums pairwise).
const FORMULA = { rel: 1e-12, abs: 1e-300 };
// t- and normal-based p-values: stdlib and SciPy (cephes) evaluate the same incomplete beta / erfc; the largest
// difference seen is ~5e-12 relative (the argument's rounding, amplified in the tails).
const T_P = { rel: 1e-9 };
// Exact discrete p-values (Mann-Whitney exact, Fisher): sums of probabilities, exact up to rounding.
const EXACT_P = { rel: 1e-9 };

describe(`SciPy ${ref.scipy} reference: two samples`, () => {
  for (const c of ref.twoSample) {
    describe(c.name, () => {
      it("Welch's t-test: statistic, df, p-value, difference and CI", () => {
        for (const w of c.welch) {
          const r = welchTTest(c.a, c.b, { alternative: w.alternative });
          const what = `${c.name} ${w.alternative}`;
          expectClose(r.statistic, w.statistic, FORMULA, `${what} t`);
          expectClose(r.df, w.df, FORMULA, `${what} df`);
          expectClose(r.pValue, w.pValue, T_P, `${what} p`);
          expectClose(r.meanDifference, w.meanDifference, FORMULA, `${what} difference`);
          // CI bounds: difference ± quantile · SE; a bound near 0 inherits the error of the larger terms.
          const ciTol = { rel: 1e-12, abs: 1e-12 * Math.abs(w.meanDifference) };
          expectClose(r.ci[0], w.ci[0], ciTol, `${what} ci lower`);
          expectClose(r.ci[1], w.ci[1], ciTol, `${what} ci upper`);
        }
      });

      it('Mann-Whitney U: every method, alternative and continuity setting', () => {
        for (const m of c.mannWhitney) {
          const { method, alternative, useContinuity } = m;
          const r = mannWhitneyU(c.a, c.b, { method, alternative, useContinuity });
          const what = `${c.name} ${m.method} ${m.alternative} continuity=${m.useContinuity}`;
          expect(r.statistic, `${what} U`).toBe(m.statistic);
          expectClose(r.pValue, m.pValue, r.method === 'exact' ? EXACT_P : T_P, `${what} p`);
        }
      });

      it("Cohen's d, Hedges' g and Cliff's delta", () => {
        const e = c.effectSizes;
        expectClose(cohensD(c.a, c.b).value, e.cohensD, FORMULA, 'd');
        const g = hedgesG(c.a, c.b);
        expectClose(g.correction, e.hedgesCorrection, FORMULA, 'J');
        expectClose(g.value, e.hedgesG, FORMULA, 'g');
        // Counted pair by pair in Python, from ranks here: both exact rationals with n_a·n_b in the denominator.
        expectClose(cliffsDelta(c.a, c.b).value, e.cliffsDelta, { rel: 1e-15, abs: 1e-15 }, 'delta');
      });
    });
  }
});

describe('reference: Hedges correction J(df)', () => {
  it('matches Γ(df/2) / (sqrt(df/2) Γ((df-1)/2)) from SciPy gammaln, and approaches 1 - 3/(4df - 1)', () => {
    for (const h of ref.hedgesCorrection) {
      // The recurrence rounds once per step; SciPy's exp(gammaln − gammaln) loses ~|gammaln|·eps.
      expectClose(hedgesCorrection(h.df), h.exact, { rel: 1e-12 }, `J(${h.df})`);
      if (h.df >= 5) expect(Math.abs(h.exact - h.approx) / h.exact).toBeLessThan(2e-3);
    }
  });
});

describe('reference: mean confidence interval', () => {
  for (const c of ref.meanConfidenceInterval) {
    it(`${c.name} at ${c.level}`, () => {
      const r = meanConfidenceInterval(c.values, { confidenceLevel: c.level });
      expectClose(r.mean, c.mean, FORMULA, 'mean');
      expectClose(r.ci[0], c.ci[0], { rel: 1e-12 }, 'lower');
      expectClose(r.ci[1], c.ci[1], { rel: 1e-12 }, 'upper');
    });
  }
});

describe('reference: multiple comparisons (statsmodels algorithm)', () => {
  for (const c of ref.multipleComparisons) {
    it(c.name, () => {
      // One multiplication and a running maximum: no room for rounding differences beyond 1 ulp.
      holmAdjust(c.pValues).forEach((p, i) => expectClose(p, c.holm[i]!, { rel: 1e-15 }, `holm ${i}`));
      bonferroniAdjust(c.pValues).forEach((p, i) =>
        expectClose(p, c.bonferroni[i]!, { rel: 1e-15 }, `bonferroni ${i}`),
      );
    });
  }
});

describe('reference: contingency tables', () => {
  for (const c of ref.contingency) {
    describe(c.name, () => {
      it('chi-square test, with and without Yates correction', () => {
        for (const [key, correction] of [
          ['corrected', true],
          ['uncorrected', false],
        ] as const) {
          const expected = c.chiSquare[key];
          const r = chiSquareTest(c.table, { correction });
          expectClose(r.statistic, expected.statistic, { rel: 1e-12, abs: 1e-12 }, `${key} statistic`);
          expect(r.df).toBe(expected.df);
          // The upper incomplete gamma keeps relative precision however small p is (the 3x3 case: ~1e-231).
          expectClose(r.pValue, expected.pValue, { rel: 1e-9 }, `${key} p`);
          r.expected.forEach((row, i) =>
            row.forEach((e, j) => expectClose(e, expected.expected[i]![j]!, FORMULA, `expected ${i},${j}`)),
          );
        }
      });
      if (c.cramersV !== undefined) {
        const v = c.cramersV;
        it("Cramér's V", () => expectClose(cramersV(c.table).value, v, { rel: 1e-12 }, 'V'));
      }
      if (c.fisher !== undefined) {
        const fisher = c.fisher;
        it("Fisher's exact test, all alternatives", () => {
          for (const f of fisher) {
            const r = fisherExactTest(c.table, { alternative: f.alternative });
            expectClose(r.oddsRatio, f.oddsRatio, FORMULA, `${f.alternative} odds ratio`);
            expectClose(r.pValue, f.pValue, EXACT_P, `${f.alternative} p`);
          }
        });
      }
    });
  }
});

describe('reference: correlation', () => {
  for (const c of ref.correlation) {
    it(`${c.name}: Pearson and Spearman, all alternatives`, () => {
      for (const p of c.pearson) {
        const r = pearsonCorrelation(c.x, c.y, { alternative: p.alternative });
        expectClose(r.coefficient, p.r, FORMULA, `pearson ${p.alternative} r`);
        expectClose(r.pValue, p.pValue, T_P, `pearson ${p.alternative} p`);
      }
      for (const s of c.spearman) {
        const r = spearmanCorrelation(c.x, c.y, { alternative: s.alternative });
        expectClose(r.coefficient, s.rho, FORMULA, `spearman ${s.alternative} rho`);
        expectClose(r.pValue, s.pValue, T_P, `spearman ${s.alternative} p`);
      }
    });
  }
  for (const c of ref.pointBiserial) {
    it(`point-biserial: ${c.name}`, () => {
      const r = pointBiserialCorrelation(c.binary, c.values);
      expectClose(r.coefficient, c.r, FORMULA, 'r');
      expectClose(r.pValue, c.pValue, T_P, 'p');
    });
  }
});
