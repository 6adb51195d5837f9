import { describe, expect, it } from 'vitest';
import { RunlensError } from '../../errors.js';
import { createSeededRandom } from '../../random/seeded-random.js';
import { fitRandomForest, oobPrediction, predictRandomForest } from './random-forest.js';
import { rSquared } from './r-squared.js';

const rng = createSeededRandom(11);
const N = 400;
const X = Float64Array.from({ length: N }, () => rng.next());
const NOISE = Float64Array.from({ length: N }, () => rng.next());
const STEP = Float64Array.from(X, (x) => (x > 0.5 ? 1 : 0) + 0.05 * rng.normal());

describe('fitRandomForest', () => {
  it('learns a step function and predicts both sides of it', () => {
    const forest = fitRandomForest([X, NOISE], STEP, { seed: 1 });
    expect(rSquared(STEP, oobPrediction(forest, [X, NOISE]))).toBeGreaterThan(0.95);
    const [low, high] = predictRandomForest(forest, [Float64Array.of(0.2, 0.8), Float64Array.of(0.5, 0.5)]);
    expect(low).toBeCloseTo(0, 1);
    expect(high).toBeCloseTo(1, 1);
  });

  it('explains nothing of pure noise out of bag', () => {
    const y = Float64Array.from({ length: N }, () => rng.normal());
    const forest = fitRandomForest([X, NOISE], y, { seed: 2 });
    expect(rSquared(y, oobPrediction(forest, [X, NOISE]))).toBeLessThan(0.05);
  });

  it('repeats exactly for a seed and differs for another', () => {
    const a = fitRandomForest([X, NOISE], STEP, { seed: 5, trees: 10 });
    const b = fitRandomForest([X, NOISE], STEP, { seed: 5, trees: 10 });
    const c = fitRandomForest([X, NOISE], STEP, { seed: 6, trees: 10 });
    expect(b).toEqual(a);
    expect(c.outOfBag).not.toEqual(a.outOfBag);
  });

  it('keeps per-tree out-of-bag rows and leaves NaN where every tree trained on a row', () => {
    const forest = fitRandomForest([X], STEP, { trees: 1, seed: 3 });
    const oob = forest.outOfBag[0]!;
    // A bootstrap of n draws leaves about (1 − 1/n)^n ≈ 36.8 % of rows out.
    expect(oob.length / N).toBeGreaterThan(0.3);
    expect(oob.length / N).toBeLessThan(0.44);
    const prediction = oobPrediction(forest, [X]);
    const inOob = new Set(oob);
    for (let row = 0; row < N; row++) expect(Number.isNaN(prediction[row])).toBe(!inOob.has(row));
  });

  it('draws maxSamples rows per tree', () => {
    const forest = fitRandomForest([X], STEP, { trees: 1, maxSamples: 40, seed: 3 });
    expect(forest.outOfBag[0]!.length).toBeGreaterThanOrEqual(N - 40);
  });

  it('learns from missingness: NaN always takes the same branch', () => {
    const x = Float64Array.from(X, (v, i) => (i % 3 === 0 ? Number.NaN : v));
    const y = Float64Array.from(x, (v) => (Number.isNaN(v) ? 5 : v));
    const forest = fitRandomForest([x], y, { seed: 4 });
    const [missing, present] = predictRandomForest(forest, [Float64Array.of(Number.NaN, 0.3)]);
    expect(missing).toBeCloseTo(5, 1);
    expect(present).toBeCloseTo(0.3, 1);
  });

  it('rejects a non-finite target, columns of the wrong length and bad options', () => {
    expect(() => fitRandomForest([Float64Array.of(1, 2)], [1, Number.NaN])).toThrow(/row 1 is NaN/);
    expect(() => fitRandomForest([Float64Array.of(1)], [1, 2])).toThrow(RunlensError);
    expect(() => fitRandomForest([X], STEP, { trees: 0 })).toThrow(/trees/);
    expect(() => fitRandomForest([X], STEP, { mtry: 2 })).toThrow(/mtry/);
    expect(() => fitRandomForest([X], STEP, { maxDepth: 2.5 })).toThrow(/maxDepth/);
    expect(() => fitRandomForest([], [])).toThrow(RunlensError);
    const forest = fitRandomForest([X], STEP, { trees: 2 });
    expect(() => predictRandomForest(forest, [X, X])).toThrow(/1 features/);
    expect(() => oobPrediction(forest, [X.subarray(1)])).toThrow(RunlensError);
  });
});
