import { describe, expect, it } from 'vitest';
import { RunlensError } from '../../errors.js';
import { createSeededRandom } from '../../random/seeded-random.js';
import { analyzeOverfitting } from './analyze-overfitting.js';
import type { CurveSeries } from './types.js';

function curve(steps: readonly number[], f: (step: number) => number): CurveSeries {
  return { steps: Float64Array.from(steps), values: Float64Array.from(steps, f) };
}

const range = (n: number, every = 1): number[] => Array.from({ length: n }, (_, i) => i * every);

describe('analyzeOverfitting', () => {
  it('puts the onset at the bottom of a U-shaped validation curve while training keeps falling', () => {
    const rng = createSeededRandom(11);
    const train = curve(range(400), (s) => 0.1 + 2 * Math.exp(-s / 50) + 0.02 * rng.normal());
    // Minimum of 0.6 + 2·e^(−s/50) + 1e-5·(s − 150)² (for s > 150) near s = 193.
    const validation = curve(range(40, 10), (s) => {
      const overfit = s > 150 ? 1e-5 * (s - 150) ** 2 : 0;
      return 0.6 + 2 * Math.exp(-s / 50) + overfit + 0.01 * rng.normal();
    });
    const a = analyzeOverfitting(train, validation);
    expect(a.onset!.step).toBeGreaterThanOrEqual(180);
    expect(a.onset!.step).toBeLessThanOrEqual(220);
    expect(a.validationBest!.step).toBeGreaterThanOrEqual(170);
    expect(a.validationBest!.step).toBeLessThanOrEqual(220);
    expect(a.gap!.atValidationBest).toBeGreaterThan(0.4);
    expect(a.gap!.final).toBeGreaterThan(a.gap!.atValidationBest + 0.3);
    expect(a.warnings).toEqual([]);
  });

  it('finds the exact minimum of noise-free curves without smoothing', () => {
    const train = curve(range(101), (s) => 1 / (1 + s));
    const validation = curve(range(21, 5), (s) => 0.5 + ((s - 50) / 50) ** 2);
    const a = analyzeOverfitting(train, validation, { smoothing: 0 });
    expect(a.onset).toEqual({ step: 50 });
    expect(a.validationBest).toEqual({ step: 50, value: 0.5 });
    expect(a.gap!.atValidationBest).toBeCloseTo(0.5 - 1 / 51, 12);
    expect(a.gap!.final).toBeCloseTo(1.5 - 1 / 101, 12);
  });

  it('finds no onset while validation keeps improving', () => {
    const rng = createSeededRandom(12);
    const train = curve(range(400), (s) => 0.1 + 2 * Math.exp(-s / 50) + 0.02 * rng.normal());
    const validation = curve(range(40, 10), (s) => 0.6 + 2 * Math.exp(-s / 50) + 0.01 * rng.normal());
    const a = analyzeOverfitting(train, validation);
    expect(a.onset).toBeNull();
    expect(a.warnings).toEqual([]);
    expect(a.gap!.final).toBeCloseTo(0.5, 1);
  });

  it('finds no onset when validation comes back to its best after rising', () => {
    const train = curve(range(101), (s) => 1 / (1 + s));
    // Best 0.5 at step 50, up to 0.8 at 65, back to exactly 0.5 at 80, then up to 0.9 at 100.
    const zigzag = (s: number): number => {
      if (s <= 50) return 1 - s / 100;
      if (s <= 65) return 0.5 + (s - 50) / 50;
      if (s <= 80) return 0.8 - (s - 65) / 50;
      return 0.5 + (s - 80) / 50;
    };
    const validation = curve(range(21, 5), zigzag);
    expect(analyzeOverfitting(train, validation, { smoothing: 0 }).onset).toBeNull();
    // Without the return to 0.5 the same rise is overfitting from step 50.
    const rising = curve(range(21, 5), (s) => (s <= 50 ? zigzag(s) : 0.5 + (s - 50) / 125));
    expect(analyzeOverfitting(train, rising, { smoothing: 0 }).onset).toEqual({ step: 50 });
  });

  it('calls validation rising while training stalls instability, not overfitting', () => {
    const train = curve(range(101), (s) => (s < 50 ? 2 - s / 50 : 1));
    const validation = curve(range(21, 5), (s) => 0.5 + ((s - 50) / 50) ** 2);
    const a = analyzeOverfitting(train, validation, { smoothing: 0 });
    expect(a.onset).toBeNull();
    expect(a.warnings).toEqual([expect.stringMatching(/^validation gets worse after step 50 .* not overfitting$/)]);
  });

  it('reads accuracies with goal maximize', () => {
    const train = curve(range(101), (s) => 1 - 0.5 / (1 + s));
    const validation = curve(range(21, 5), (s) => 0.8 - ((s - 40) / 100) ** 2);
    const a = analyzeOverfitting(train, validation, { goal: 'maximize', smoothing: 0 });
    expect(a.onset).toEqual({ step: 40 });
    expect(a.validationBest).toEqual({ step: 40, value: 0.8 });
    // Training minus validation: the gap grows as validation falls away.
    expect(a.gap!.final).toBeGreaterThan(a.gap!.atValidationBest);
  });

  it('analyses a validation curve only up to its divergence, and says so', () => {
    const train = curve(range(101), (s) => 1 / (1 + s));
    const validation = curve(range(21, 5), (s) => (s >= 90 ? Number.NaN : 0.5 + ((s - 50) / 50) ** 2));
    const a = analyzeOverfitting(train, validation, { smoothing: 0 });
    expect(a.warnings).toEqual(['the validation curve diverges at step 90 (nan): analysed up to it']);
    expect(a.onset).toEqual({ step: 50 });
  });

  it('gives nulls and a warning for too few paired points', () => {
    const train = curve(range(101), (s) => 1 / (1 + s));
    const a = analyzeOverfitting(train, curve([10, 20, 30], () => 1), { smoothing: 0 });
    expect(a.onset).toBeNull();
    expect(a.gap).not.toBeNull();
    expect(a.warnings).toEqual(['only 3 paired validation points: at least 4 are needed to judge overfitting']);
  });

  it('says when the curves do not overlap', () => {
    const a = analyzeOverfitting(curve(range(10), (s) => 1 / (1 + s)), curve([100, 110, 120, 130], () => 1));
    expect(a).toMatchObject({ onset: null, gap: null });
    expect(a.warnings).toEqual(['no validation step lies within the training steps: nothing to compare']);
  });

  it('says when a curve has no finite value', () => {
    const a = analyzeOverfitting(curve(range(10), () => Number.NaN), curve(range(10), () => 1));
    expect(a).toMatchObject({ onset: null, gap: null, validationBest: { step: 0, value: 1 } });
    expect(a.warnings.at(-1)).toBe('the train curve has no finite values to analyse');
  });

  it('rejects bad options', () => {
    const c = curve(range(10), () => 1);
    expect(() => analyzeOverfitting(c, c, { window: 1 })).toThrow(RunlensError);
    expect(() => analyzeOverfitting(c, c, { tolerance: 2 })).toThrow(RunlensError);
    expect(() => analyzeOverfitting(c, c, { smoothing: 1 })).toThrow(RunlensError);
  });
});
