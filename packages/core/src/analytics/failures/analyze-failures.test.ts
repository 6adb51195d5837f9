import { describe, expect, it } from 'vitest';
import type { Params, Run, RunStatus } from '../../domain/types.js';
import { RunlensError } from '../../errors.js';
import { createSeededRandom } from '../../random/seeded-random.js';
import { analyzeFailures } from './analyze-failures.js';

const MINUTE = 60_000;

let nextId = 0;
function makeRun(params: Params, status: RunStatus, overrides: Partial<Run> = {}): Run {
  const id = String(nextId++).padStart(4, '0');
  return {
    id,
    project: 'demo',
    name: `run ${id}`,
    group: 'g',
    status,
    params,
    tags: [],
    notes: '',
    startTime: 0,
    endTime: status === 'running' || status === 'crashed' ? null : 30 * MINUTE,
    heartbeat: 30 * MINUTE,
    exitCode: null,
    error: null,
    command: null,
    cwd: null,
    gitCommit: null,
    gitDirty: null,
    host: null,
    summary: {},
    metrics: {},
    ...overrides,
  };
}

/** The demo's sweep: learning rates × seeds; lr = 10 diverges to NaN and fails about 2 minutes in. */
function demoSweep(): Run[] {
  const runs: Run[] = [];
  for (const lr of [0.1, 0.3, 1, 10]) {
    for (const seed of [1, 2, 3]) {
      const failed = lr === 10;
      runs.push(
        makeRun(
          { model: 'char-mlp', optimizer: 'sgd', lr, seed, steps: 1000, batch_size: 64, momentum: 0 },
          failed ? 'failed' : 'completed',
          { group: `lr=${lr}`, endTime: failed ? 2 * MINUTE + seed * 1000 : 30 * MINUTE },
        ),
      );
    }
  }
  return runs;
}

function binomial(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return c;
}

describe('analyzeFailures on the demo sweep', () => {
  const report = analyzeFailures(demoSweep());

  it('names the diverging learning rate as the cause of failures, first', () => {
    expect(report.findings[0]).toBe('lr ≥ 10: 3 of 3 runs failed, against 0 of 9 otherwise (p = 0.0045, Fisher exact)');
    const lr = report.byParam[0]!;
    expect(lr.param).toBe('lr');
    expect(lr.significant).toBe(true);
    expect(lr.threshold).toMatchObject({
      op: '>=',
      value: 10,
      failedAbove: 3,
      totalAbove: 3,
      failedBelow: 0,
      totalBelow: 9,
      candidates: 3,
    });
    // [[3, 0], [0, 9]]: only the observed table is as unlikely as itself, P = C(3,3)·C(9,0) / C(12,3) = 1/220.
    expect(binomial(12, 3)).toBe(220);
    expect(lr.threshold?.pValue).toBeCloseTo(1 / 220, 15);
  });

  it('tests lr as numeric with Mann-Whitney U and the point-biserial r, as SciPy', () => {
    const lr = report.byParam.find((a) => a.param === 'lr')!;
    expect(lr).toMatchObject({ kind: 'numeric', test: 'mann-whitney', runs: 12, failed: 3, statistic: 27 });
    // scipy.stats.mannwhitneyu([10]*3, [0.1]*3 + [0.3]*3 + [1]*3) and pointbiserialr.
    expect(lr.pValue).toBeCloseTo(0.013364835485841239, 12);
    expect(lr.effect).toEqual({ name: 'point-biserial-r', value: expect.closeTo(0.9967395713594069, 12) });
    // Holm over lr and seed: lr's p is the smaller of two.
    expect(lr.adjustedPValue).toBeCloseTo(2 * 0.013364835485841239, 12);
  });

  it('reports the failure rate of each learning rate, because a sweep has few values', () => {
    const lr = report.byParam.find((a) => a.param === 'lr')!;
    expect(lr.levels).toEqual([
      { value: 0.1, runs: 3, failed: 0, rate: 0 },
      { value: 0.3, runs: 3, failed: 0, rate: 0 },
      { value: 1, runs: 3, failed: 0, rate: 0 },
      { value: 10, runs: 3, failed: 3, rate: 1 },
    ]);
  });

  it('finds nothing in the seed', () => {
    const seed = report.byParam.find((a) => a.param === 'seed')!;
    expect(seed.pValue).toBe(1);
    expect(seed.significant).toBe(false);
    expect(report.byParam.map((a) => a.param)).toEqual(['lr', 'seed']);
  });

  it('skips the constant params with one warning that names them', () => {
    expect(report.warnings).toContainEqual(
      'skipped constant params: batch_size (64), model (char-mlp), momentum (0), optimizer (sgd), steps (1000)',
    );
  });

  it('counts failures overall, per project and per group', () => {
    expect(report).toMatchObject({ total: 12, failed: 3, rate: 0.25, excluded: 0 });
    expect(report.byProject).toEqual([{ project: 'demo', runs: 12, failed: 3, rate: 0.25 }]);
    expect(report.byGroup[0]).toEqual({ project: 'demo', group: 'lr=10', runs: 3, failed: 3, rate: 1 });
    expect(report.byGroup.slice(1).map((g) => g.group)).toEqual(['lr=0.1', 'lr=0.3', 'lr=1']);
    expect(report.findings).toContain('every run of group lr=10 (project demo) failed: 3 of 3');
  });

  it('says how soon the failed runs stopped', () => {
    expect(report.timeToFailure).toMatchObject({
      count: 3,
      medianMs: 2 * MINUTE + 2000,
      q1Ms: 2 * MINUTE + 1500,
      q3Ms: 2 * MINUTE + 2500,
      iqrMs: 1000,
      succeededMedianMs: 30 * MINUTE,
      byStatus: [{ status: 'failed', count: 3, medianMs: 2 * MINUTE + 2000 }],
    });
    expect(report.findings).toContain(
      'failed runs stopped after a median of 2 min, against 30 min for the runs that did not fail',
    );
    expect(report.findings.at(-1)).toBe('3 of 12 runs failed (25%)');
  });

  it('gives the same result whatever order the runs come in', () => {
    const runs = demoSweep();
    const rng = createSeededRandom(7);
    for (let i = runs.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [runs[i], runs[j]] = [runs[j]!, runs[i]!];
    }
    const shuffled = analyzeFailures(runs);
    expect(shuffled.findings).toEqual(report.findings);
    expect(shuffled.byParam).toEqual(report.byParam);
  });
});

describe('analyzeFailures', () => {
  it('leaves running runs out by default, and counts killed runs as not failed', () => {
    const runs = [
      ...demoSweep(),
      makeRun({ lr: 10, seed: 4 }, 'running'),
      makeRun({ lr: 10, seed: 5 }, 'running'),
      makeRun({ lr: 0.1, seed: 9 }, 'killed'),
    ];
    const report = analyzeFailures(runs);
    expect(report).toMatchObject({ total: 13, failed: 3, excluded: 2 });
    const counted = analyzeFailures(runs, { failedStatuses: ['failed', 'crashed', 'killed'] });
    expect(counted).toMatchObject({ total: 13, failed: 4 });
  });

  it("tests a two-valued categorical param with Fisher's exact test and Cramér's V", () => {
    const runs = [
      ...Array.from({ length: 6 }, (_, i) => makeRun({ optimizer: 'sgd' }, i < 5 ? 'failed' : 'completed')),
      ...Array.from({ length: 20 }, (_, i) => makeRun({ optimizer: 'adam' }, i < 1 ? 'failed' : 'completed')),
    ];
    const report = analyzeFailures(runs);
    const optimizer = report.byParam[0]!;
    expect(optimizer).toMatchObject({ kind: 'categorical', test: 'fisher', runs: 26, failed: 6 });
    // Levels in text order: adam (1 of 20) before sgd (5 of 6); the odds ratio is adam's odds over sgd's.
    expect(optimizer.statistic).toBeCloseTo((1 * 1) / (19 * 5), 12);
    // scipy.stats.fisher_exact([[1, 19], [5, 1]]) and contingency.association(..., method='cramer').
    expect(optimizer.pValue).toBeCloseTo(0.0005255613951266124, 15);
    expect(optimizer.effect.name).toBe('cramers-v');
    expect(optimizer.effect.value).toBeCloseTo(0.7833333333333333, 12);
    expect(optimizer.threshold).toBeUndefined();
    expect(report.findings[0]).toBe('optimizer = sgd: 5 of 6 runs failed, against 1 of 20 otherwise (p = 0.00053, Fisher exact)');
  });

  it('uses the chi-square test for a categorical param with more than two values', () => {
    const runs = ['relu', 'gelu', 'tanh'].flatMap((activation, a) =>
      Array.from({ length: 10 }, (_, i) => makeRun({ activation }, i < [0, 1, 8][a]! ? 'failed' : 'completed')),
    );
    const association = analyzeFailures(runs).byParam[0]!;
    expect(association.test).toBe('chi-square');
    // scipy.stats.chi2_contingency([[1, 9], [0, 10], [8, 2]]) — levels in text order: gelu, relu, tanh.
    expect(association.statistic).toBeCloseTo(18.095238095238095, 10);
    expect(association.pValue).toBeCloseTo(0.00011767087239324487, 14);
    expect(association.effect.value).toBeCloseTo(Math.sqrt(18.095238095238095 / 30), 12);
    expect(association.levels?.map((l) => l.value)).toEqual(['gelu', 'relu', 'tanh']);
  });

  it('finds a threshold below which runs fail', () => {
    const runs = [16, 32, 64, 128, 256].flatMap((batch) =>
      Array.from({ length: 4 }, (_, i) => makeRun({ batch_size: batch }, batch <= 32 && i < 3 ? 'failed' : 'completed')),
    );
    const association = analyzeFailures(runs).byParam[0]!;
    expect(association.threshold).toMatchObject({
      op: '<=',
      value: 32,
      failedBelow: 6,
      totalBelow: 8,
      failedAbove: 0,
      totalAbove: 12,
    });
    expect(association.effect.value).toBeLessThan(0);
    expect(analyzeFailures(runs).findings[0]).toMatch(/^batch_size ≤ 32: 6 of 8 runs failed, against 0 of 12 otherwise/);
  });

  it('skips params present in too few runs and says so', () => {
    const runs = demoSweep();
    runs[0]!.params = { ...runs[0]!.params, warmup: 5 };
    runs[11]!.params = { ...runs[11]!.params, warmup: 7 };
    const report = analyzeFailures(runs);
    expect(report.byParam.map((a) => a.param)).not.toContain('warmup');
    expect(report.warnings).toContainEqual('skipped params present in fewer than 4 runs (minRuns): warmup (2 runs)');
  });

  it('treats null as a value of a categorical param', () => {
    const runs = Array.from({ length: 8 }, (_, i) =>
      makeRun({ scheduler: i < 4 ? null : 'cosine' }, i < 4 ? 'failed' : 'completed'),
    );
    const association = analyzeFailures(runs).byParam[0]!;
    expect(association.levels?.map((l) => l.value)).toEqual([null, 'cosine']);
    expect(analyzeFailures(runs).findings[0]).toMatch(/^scheduler = null: 4 of 4 runs failed, against 0 of 4/);
  });

  it('reports lost heartbeats and the host they concentrate on', () => {
    const runs = [
      ...Array.from({ length: 6 }, (_, i) => makeRun({ seed: i }, 'completed', { host: i < 3 ? 'gpu-1' : 'gpu-2' })),
      makeRun({ seed: 6 }, 'crashed', { host: 'gpu-3', heartbeat: 10 * MINUTE }),
      makeRun({ seed: 7 }, 'crashed', { host: 'gpu-3', heartbeat: 20 * MINUTE, endTime: 90 * MINUTE }),
      makeRun({ seed: 8 }, 'completed', { host: 'gpu-3' }),
    ];
    const report = analyzeFailures(runs);
    expect(report.heartbeatLoss).toEqual({
      crashed: 2,
      medianMsBeforeCrash: 15 * MINUTE,
      byHost: [{ host: 'gpu-3', runs: 3, crashed: 2 }],
    });
    expect(report.timeToFailure.byStatus).toEqual([{ status: 'crashed', count: 2, medianMs: 15 * MINUTE }]);
    expect(report.findings).toContain('2 runs lost the heartbeat (crashed) after a median of 15 min, all on host gpu-3');
  });

  it('says plainly when no param explains the failures', () => {
    const runs = Array.from({ length: 8 }, (_, i) => makeRun({ seed: i % 4 }, i % 3 === 0 ? 'failed' : 'completed'));
    const report = analyzeFailures(runs);
    expect(report.byParam).toHaveLength(1);
    expect(report.findings[0]).toMatch(/^no param is significantly associated with failure at alpha = 0.05 \(closest: seed/);
  });

  it('has nothing to associate when no run failed', () => {
    const runs = Array.from({ length: 5 }, (_, i) => makeRun({ lr: i }, 'completed'));
    const report = analyzeFailures(runs);
    expect(report).toMatchObject({ total: 5, failed: 0, rate: 0, byParam: [] });
    expect(report.findings).toEqual(['none of the 5 runs failed']);
    expect(report.warnings).toContain('no run failed: no param can be associated with failure');
    expect(Number.isNaN(report.timeToFailure.medianMs)).toBe(true);
  });

  it('does not test params with fewer than minRuns runs in all', () => {
    const runs = [makeRun({ lr: 1 }, 'failed'), makeRun({ lr: 2 }, 'completed'), makeRun({ lr: 3 }, 'completed')];
    const report = analyzeFailures(runs);
    expect(report.byParam).toEqual([]);
    expect(report.warnings).toContain('only 3 runs: testing params for association with failure needs at least 4 (minRuns)');
  });

  it('handles no runs at all', () => {
    const report = analyzeFailures([]);
    expect(report).toMatchObject({ total: 0, failed: 0, byParam: [], findings: [], warnings: ['no runs to analyse'] });
    expect(report.rate).toBeNaN();
  });

  it('leaves failed runs with impossible timestamps out of the time to failure, with a warning', () => {
    const runs = [...demoSweep()];
    runs[9] = { ...runs[9]!, endTime: -5 };
    const report = analyzeFailures(runs);
    expect(report.timeToFailure.count).toBe(2);
    expect(report.warnings).toContainEqual(expect.stringMatching(/^1 failed run has no usable duration/));
  });

  it('rejects bad options', () => {
    const runs = demoSweep();
    const bad = [
      { alpha: 0 },
      { alpha: 1.5 },
      { minRuns: 1 },
      { minRuns: 2.5 },
      { failedStatuses: [] },
      { failedStatuses: ['failed', 'running'] as RunStatus[] },
      { failedStatuses: ['exploded' as RunStatus] },
    ];
    for (const options of bad) expect(() => analyzeFailures(runs, options)).toThrow(RunlensError);
  });
});
