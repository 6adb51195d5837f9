import { describe, expect, it } from 'vitest';
import { RunlensError } from '../../errors.js';
import { createSeededRandom } from '../../random/seeded-random.js';
import { analyzeCurve } from './analyze-curve.js';
import type { CurveAnalysis, CurveSeries } from './types.js';

function curve(n: number, f: (step: number) => number): CurveSeries {
  const steps = Float64Array.from({ length: n }, (_, i) => i);
  return { steps, values: Float64Array.from(steps, f) };
}

/** A loss falling from 2.2 to 0.2 with time constant `tau`, plus seeded Gaussian noise. */
function decay(n: number, tau: number, noise: number, seed = 1): CurveSeries {
  const rng = createSeededRandom(seed);
  return curve(n, (s) => 0.2 + 2 * Math.exp(-s / tau) + noise * rng.normal());
}

function expectContiguous(analysis: CurveAnalysis, first: number, last: number): void {
  const { phases } = analysis;
  expect(phases[0]!.from).toBe(first);
  expect(phases.at(-1)!.to).toBe(last);
  for (let i = 1; i < phases.length; i++) expect(phases[i]!.from).toBe(phases[i - 1]!.to);
}

describe('analyzeCurve', () => {
  it('splits a noisy exponential decay into its three phases, in order, and finds convergence', () => {
    const a = analyzeCurve(decay(300, 30, 0.02));
    expect(a.phases.map((p) => p.name)).toEqual(['initialisation', 'rapid-learning', 'convergence']);
    expectContiguous(a, 0, 299);
    // 10% of the drop is covered after about 30·ln(1/0.9) ≈ 3 steps (plus the smoothing's lag and the initial median).
    expect(a.phases[0]!.to).toBeGreaterThanOrEqual(2);
    expect(a.phases[0]!.to).toBeLessThanOrEqual(12);
    // Within 5% of the 2.0 drop of the final level once 2·e^(−s/30) ≤ 0.1: s ≈ 90.
    expect(a.convergence!.step).toBeGreaterThanOrEqual(75);
    expect(a.convergence!.step).toBeLessThanOrEqual(120);
    expect(a.phases[2]!.from).toBe(a.convergence!.step);
    // The converged tail is a plateau that runs to the end.
    expect(a.plateaus.at(-1)!.to).toBe(299);
    expect(a.plateaus.at(-1)!.from).toBeGreaterThanOrEqual(a.convergence!.step);
    expect(a.best!.value).toBeLessThan(0.2);
    expect(a.best!.step).toBeGreaterThan(100);
    expect(a).toMatchObject({ divergence: null, transients: [], analysedPoints: 300, warnings: [] });
  });

  it('is deterministic', () => {
    expect(analyzeCurve(decay(300, 30, 0.02))).toEqual(analyzeCurve(decay(300, 30, 0.02)));
  });

  it('puts a warm-up before the drop into initialisation, and sees it as a plateau', () => {
    const rng = createSeededRandom(2);
    const a = analyzeCurve(curve(300, (s) => (s < 40 ? 2.2 : 0.2 + 2 * Math.exp(-(s - 40) / 30)) + 0.02 * rng.normal()));
    expect(a.phases[0]!.name).toBe('initialisation');
    expect(a.phases[0]!.to).toBeGreaterThanOrEqual(40);
    expect(a.phases[0]!.to).toBeLessThanOrEqual(50);
    expect(a.plateaus[0]!.from).toBe(0);
    expect(a.plateaus[0]!.to).toBeGreaterThanOrEqual(35);
    expect(a.plateaus[0]!.to).toBeLessThanOrEqual(45);
  });

  it('finds a plateau between two drops', () => {
    const rng = createSeededRandom(3);
    const stairs = curve(300, (s) =>
      (s < 100 ? 1 + Math.exp(-s / 10) : 0.2 + 0.8 * Math.exp(-(s - 100) / 10)) + 0.01 * rng.normal(),
    );
    const a = analyzeCurve(stairs);
    expect(a.plateaus).toHaveLength(2);
    expect(a.plateaus[0]!.from).toBeGreaterThanOrEqual(25);
    expect(a.plateaus[0]!.from).toBeLessThanOrEqual(50);
    expect(a.plateaus[0]!.to).toBeGreaterThanOrEqual(99);
    expect(a.plateaus[0]!.to).toBeLessThanOrEqual(103);
    expect(a.plateaus[1]!.to).toBe(299);
  });

  it('stops at a divergence to NaN, and so do the phases', () => {
    const rng = createSeededRandom(4);
    const a = analyzeCurve(curve(200, (s) => (s >= 103 ? Number.NaN : 0.2 + 2 * Math.exp(-s / 20) + 0.02 * rng.normal())));
    expect(a.divergence).toEqual({ step: 103, kind: 'nan', value: Number.NaN });
    expect(a.analysedPoints).toBe(103);
    expectContiguous(a, 0, 102);
    expect(a.best!.step).toBeLessThan(103);
    expect(a.plateaus.every((p) => p.to <= 102)).toBe(true);
  });

  it('reports a loss that explodes and never comes back as a divergence', () => {
    const rng = createSeededRandom(5);
    const values = (s: number): number => {
      if (s < 120) return 0.2 + 2 * Math.exp(-s / 20) + 0.02 * rng.normal();
      if (s < 125) return 10 ** (s - 118);
      return s < 128 ? Infinity : Number.NaN;
    };
    const a = analyzeCurve(curve(200, values));
    // 1e2 at step 120: far beyond 2.2 + 10 × 2.2 above the initial level.
    expect(a.divergence).toEqual({ step: 120, kind: 'explosion', value: 100 });
    expectContiguous(a, 0, 119);
  });

  it('calls an infinite value with no recovery an explosion', () => {
    const a = analyzeCurve(curve(50, (s) => (s < 30 ? 2 - s / 30 : Infinity)));
    expect(a.divergence).toEqual({ step: 30, kind: 'explosion', value: Infinity });
  });

  it('sets apart a spike the curve recovers from, instead of stopping there', () => {
    const rng = createSeededRandom(6);
    const a = analyzeCurve(
      curve(200, (s) => (s === 120 ? 1e4 : s === 150 ? Number.NaN : 0.2 + 2 * Math.exp(-s / 20) + 0.02 * rng.normal())),
    );
    expect(a.divergence).toBeNull();
    expect(a.transients).toEqual([
      { step: 120, value: 1e4 },
      { step: 150, value: Number.NaN },
    ]);
    expect(a.analysedPoints).toBe(198);
    expectContiguous(a, 0, 199);
    expect(a.warnings[0]).toMatch(/^2 bad values .* left out \(steps 120, 150\)$/);
  });

  it('treats a constant curve as one plateau with no learning, and says so', () => {
    const a = analyzeCurve(curve(100, () => 1.5));
    expect(a.plateaus).toEqual([{ from: 0, to: 99 }]);
    expect(a.phases).toEqual([{ name: 'initialisation', from: 0, to: 99 }]);
    expect(a.convergence).toBeNull();
    expect(a.best).toEqual({ step: 0, value: 1.5 });
    expect(a.warnings).toEqual([expect.stringMatching(/^the curve is flat/)]);
  });

  it('treats a curve of pure noise as flat too', () => {
    const rng = createSeededRandom(7);
    const a = analyzeCurve(curve(100, () => 1.5 + 0.05 * rng.normal()));
    expect(a.plateaus).toEqual([{ from: 0, to: 99 }]);
    expect(a.phases.map((p) => p.name)).toEqual(['initialisation']);
    expect(a.warnings).toEqual([expect.stringMatching(/^the curve is flat/)]);
  });

  it('does not call a steady linear decline converged', () => {
    const a = analyzeCurve(curve(100, (s) => 2 - 0.01 * s));
    expect(a.convergence).toBeNull();
    expect(a.plateaus).toEqual([]);
    expect(a.phases.map((p) => p.name)).toEqual(['initialisation', 'rapid-learning']);
    expect(a.warnings).toEqual([expect.stringMatching(/^no convergence/)]);
  });

  it('reads a rising accuracy with goal maximize', () => {
    const rng = createSeededRandom(8);
    const accuracy = curve(300, (s) => 0.95 - 0.85 * Math.exp(-s / 30) + 0.01 * rng.normal());
    const a = analyzeCurve(accuracy, { goal: 'maximize' });
    expect(a.phases.map((p) => p.name)).toEqual(['initialisation', 'rapid-learning', 'convergence']);
    expect(a.best!.value).toBeGreaterThan(0.95);
    // As a loss, the same curve is flat at best: it only gets worse.
    const asLoss = analyzeCurve(accuracy);
    expect(asLoss.best!.step).toBeLessThan(5);
  });

  it('warns when the curve ends worse than its best', () => {
    const a = analyzeCurve(curve(200, (s) => 1 + ((s - 80) / 80) ** 2));
    expect(a.warnings).toContainEqual(expect.stringMatching(/^the curve ends worse than its best: after step 8\d/));
  });

  it('sorts unsorted steps, with a warning, and keeps the last value of a repeated step', () => {
    const sorted = decay(60, 10, 0);
    const order = Array.from({ length: 60 }, (_, i) => (i * 7) % 60);
    const steps = [...order.map((i) => sorted.steps[i]!), 59];
    const values = [...order.map((i) => sorted.values[i]!), 0.25];
    const a = analyzeCurve({ steps: Float64Array.from(steps), values: Float64Array.from(values) });
    const fixed = Float64Array.from(sorted.values);
    fixed[59] = 0.25;
    const b = analyzeCurve({ steps: sorted.steps, values: fixed });
    expect(a.warnings.slice(0, 2)).toEqual([
      'series: steps were not in ascending order; sorted them',
      'series: 1 repeated step; kept the last value given for each',
    ]);
    expect({ ...a, warnings: [] }).toEqual({ ...b, warnings: [] });
  });

  it('gives nulls and a warning for a series too short to have trends', () => {
    const a = analyzeCurve(curve(3, (s) => 3 - s));
    expect(a).toMatchObject({ convergence: null, plateaus: [], phases: [], divergence: null, analysedPoints: 3 });
    expect(a.best).toEqual({ step: 2, value: 1 });
    expect(a.warnings).toEqual(['only 3 analysed points: at least 4 are needed to find trends']);
  });

  it('gives nulls for an empty series', () => {
    const a = analyzeCurve({ steps: new Float64Array(0), values: new Float64Array(0) });
    expect(a).toMatchObject({ best: null, convergence: null, divergence: null, phases: [], plateaus: [] });
    expect(a.warnings).toEqual(['the series is empty']);
  });

  it('reports an all-NaN series as diverged from its first step', () => {
    const a = analyzeCurve(curve(10, () => Number.NaN));
    expect(a).toMatchObject({ best: null, convergence: null, phases: [], plateaus: [], analysedPoints: 0 });
    expect(a.divergence).toEqual({ step: 0, kind: 'nan', value: Number.NaN });
    expect(a.warnings).toEqual(['no finite value before the divergence at step 0']);
  });

  it('drops points with a non-finite step', () => {
    const a = analyzeCurve({ steps: [0, 1, Number.NaN, 2, 3], values: [4, 3, 100, 2, 1] });
    expect(a.analysedPoints).toBe(4);
    expect(a.warnings[0]).toBe('series: 1 point with a non-finite step dropped');
  });

  it('rejects bad input and options', () => {
    const ok = decay(20, 5, 0);
    expect(() => analyzeCurve({ steps: [0, 1], values: [1] })).toThrow(RunlensError);
    const bad = [
      { smoothing: 1 },
      { smoothing: -0.1 },
      { plateauWindow: 1 },
      { plateauTolerance: 0 },
      { convergenceTolerance: 1 },
      { explosionFactor: 0 },
      { goal: 'lower' as 'minimize' },
    ];
    for (const options of bad) expect(() => analyzeCurve(ok, options)).toThrow(RunlensError);
  });
});
