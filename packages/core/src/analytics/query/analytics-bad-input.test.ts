/**
 * The query engine on the bad input of issue 4 and on contradictory queries: a clear error or a result with a
 * warning, never a silent wrong number. Also the Markdown export of an AnalyticsResult.
 */
import { describe, expect, it } from 'vitest';
import type { Run, RunStatus, SeriesColumns } from '../../domain/types.js';
import { analytics } from './query-builder.js';
import { executeOnRuns } from './execute-on-runs.js';
import { parseAnalyticsQuery } from './parse-query.js';
import { AnalyticsQuerySchema } from './query-schema.js';
import { resultToMarkdown } from './result-to-markdown.js';

function run(i: number, lr: number, last: number, opts: { status?: RunStatus; lastStep?: number } = {}): Run {
  const lastStep = opts.lastStep ?? 100;
  return {
    id: `r${String(i).padStart(6, '0')}`, project: 'p', name: `run ${i}`, group: `lr=${lr}`, status: opts.status ?? 'completed',
    params: { lr, seed: i % 5 }, tags: [], notes: '', startTime: 0, endTime: 1, heartbeat: 1, exitCode: 0, error: null,
    command: null, cwd: null, gitCommit: null, gitDirty: null, host: null,
    summary: { loss: last },
    metrics: {
      loss: { key: 'loss', count: 2, first: 5, last, min: Math.min(5, last), max: Math.max(5, last), firstStep: 0, lastStep, nanCount: Number.isNaN(last) ? 1 : 0, lastTime: 0 },
    },
  };
}

const series = (steps: number[], values: number[]): SeriesColumns => ({ steps: Float64Array.from(steps), values: Float64Array.from(values), times: Float64Array.from(steps) });

describe('contradictory metric selections are errors, not another question answered', () => {
  const cases: [string, unknown, RegExp][] = [
    ['a step without reduce at-step', { metrics: [{ key: 'loss', step: 50 }] }, /metric loss: step 50 applies only to reduce at-step \(reduce is last\)/],
    ['reduce at-step without a step', { metrics: [{ key: 'loss', reduce: 'at-step' }] }, /metric loss: reduce at-step needs a step/],
    ['a reduction of the summary value', { metrics: [{ key: 'loss', context: 'summary', reduce: 'min' }] }, /context summary takes the run's final value, so reduce min does not apply/],
  ];

  it.each(cases)('%s: parseAnalyticsQuery and the builder reject it, naming the field', (_, input, message) => {
    expect(() => parseAnalyticsQuery(input)).toThrow(message);
    try {
      parseAnalyticsQuery(input);
    } catch (e) {
      expect((e as { details?: { field?: string } }).details?.field).toMatch(/^metrics\.0\.(step|reduce)$/);
    }
  });

  it.each(cases)('%s: the bare schema refuses it too (POST /api/v1/analytics/query validates with it)', (_, input, message) => {
    const parsed = AnalyticsQuerySchema.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(message);
    expect(parsed.error?.issues[0]?.path.join('.')).toMatch(/^metrics\.0\.(step|reduce)$/);
  });

  it('the builder forms that are fine stay fine', () => {
    expect(analytics().metrics(['loss'], { context: 'summary' }).toJSON().metrics[0]).toEqual({ key: 'loss', context: 'summary', reduce: 'last' });
    expect(analytics().metrics(['loss'], { context: 'series', reduce: 'at-step', step: 0 }).toJSON().metrics[0]!.step).toBe(0);
  });
});

describe('an empty run selection list', () => {
  it.each(['projects', 'groups', 'status'])('runs.%s: [] is an error naming the field, not "every run"', (key) => {
    expect(() => parseAnalyticsQuery({ runs: { [key]: [] } })).toThrow(/an empty list selects no run/);
    try {
      parseAnalyticsQuery({ runs: { [key]: [] } });
    } catch (e) {
      expect((e as { details?: { field?: string } }).details?.field).toBe(`runs.${key}`);
    }
  });
});

describe('groupBy a bare param name', () => {
  it("groups by params.<name>, as groupBy('lr') reads", async () => {
    const runs = [run(1, 0.1, 2), run(2, 1, 3), run(3, 0.1, 2.5)];
    const bare = await executeOnRuns(analytics().metric('loss').groupBy('lr').toJSON(), runs);
    const prefixed = await executeOnRuns(analytics().metric('loss').groupBy('params.lr').toJSON(), runs);
    expect(bare.aggregated.map((a) => [a.group, a.stats.count])).toEqual([['lr=0.1', 2], ['lr=1', 1]]);
    expect(bare.aggregated).toEqual(prefixed.aggregated);
    // group and project keep meaning the run attributes
    const byGroup = await executeOnRuns(analytics().metric('loss').groupBy('group').toJSON(), runs);
    expect(byGroup.aggregated.map((a) => a.group)).toEqual(['lr=0.1', 'lr=1']);
    await expect(executeOnRuns(analytics().metric('loss').groupBy('colour').toJSON(), runs)).rejects.toThrow(/unknown param: colour/);
  });
});

describe('at-step says why a run has no value, and when a run stopped before the step', () => {
  const readSeries = async (id: string) => (id === 'r000002' ? series([50, 100], [4, 3]) : series([0, 50, 100, 150, 200], [5, 4, 3, 2, 1]));

  it('a step before every point: each run listed with the reason, and the warning says the same', async () => {
    const runs = [run(1, 0.1, 1, { lastStep: 200 }), run(2, 0.1, 3)];
    const r = await executeOnRuns(analytics().metric('loss', { reduce: 'at-step', step: -5 }).toJSON(), runs, { readSeries });
    expect(r.excluded.map((e) => e.reason)).toEqual(['no loss point at or before step -5', 'no loss point at or before step -5']);
    expect(r.warnings).toContain('2 of 2 runs left out of loss@-5: 2 with no loss point at or before step -5');
    expect(r.warnings.join('\n')).not.toMatch(/diverged/);
  });

  it('a run whose series ended before the step keeps its last value, with a warning', async () => {
    const runs = [run(1, 0.1, 1, { lastStep: 200 }), run(2, 0.1, 3, { lastStep: 100 })];
    const r = await executeOnRuns(analytics().metric('loss', { reduce: 'at-step', step: 150 }).toJSON(), runs, { readSeries });
    expect(r.rows.map((row) => row.values['loss@150'])).toEqual([2, 3]);
    expect(r.warnings).toEqual(["loss@150: 1 run's loss series ends before step 150 (at step 100): the value used is the last point logged"]);
  });

  it('NaN and missing values are told apart in the warning', async () => {
    const runs = [run(1, 0.1, Number.NaN), run(2, 0.1, 3), { ...run(3, 0.1, 2), metrics: {} }];
    const r = await executeOnRuns({ ...analytics().metric('loss').toJSON(), includeFailed: true }, runs);
    expect(r.warnings).toContain('2 of 3 runs left out of loss: 1 NaN or infinite (a diverged run); 1 with no loss series');
  });
});

describe('100,000 runs', () => {
  const many = Array.from({ length: 100_001 }, (_, i) => run(i, [0.1, 0.3, 1, 10][i % 4]!, i % 1000 === 0 ? Number.NaN : 1 + (i % 97) / 100, { lastStep: i % 2 ? 100 : 50 }));

  it('the default cap analyses 100,000 of 100,001 with a warning, and the statistics are right', async () => {
    const readSeries = async () => series([0, 50, 100], [3, 2, 1]);
    const q = analytics().metric('loss').metric('loss', { reduce: 'at-step', step: 75 }).groupBy('lr').toJSON();
    const r = await executeOnRuns(q, many, { readSeries, runsMatched: many.length });
    expect(r.warnings[0]).toBe('more than 100000 runs match: analysed the first 100000 (raise maxRuns or narrow the filter)');
    expect(r.rows).toHaveLength(100_000);
    const lr01 = many.slice(0, 100_000).filter((x) => x.params.lr === 0.1 && Number.isFinite(x.summary.loss));
    const mean = lr01.reduce((s, x) => s + x.summary.loss!, 0) / lr01.length;
    const row = r.aggregated.find((a) => a.metric === 'loss' && a.group === 'lr=0.1')!;
    expect(row.stats.count).toBe(lr01.length);
    expect(row.stats.mean).toBeCloseTo(mean, 10);
    expect(r.warnings).toContain('100 of 100000 runs left out of loss: 100 NaN or infinite (a diverged run)');
    // every run's series (lastStep 50 or 100) is read through the stub, which goes up to step 100: no run ended before 75 here
    expect(r.aggregated.filter((a) => a.metric === 'loss@75').map((a) => a.stats.mean)).toEqual([2, 2, 2, 2]);
    expect(r.warnings.some((w) => w.startsWith('loss@75: 50000 runs\' loss series end before step 75 (at step 50)'))).toBe(true);
  });
});

describe('resultToMarkdown', () => {
  it('writes the setup, the group table with CIs, the excluded runs and the warnings', async () => {
    const runs = [run(1, 0.1, 2), run(2, 0.1, 2.2), run(3, 1, 1), run(4, 1, 1.2), run(5, 10, Number.NaN, { status: 'failed' })];
    const r = await executeOnRuns(
      analytics().runs({ project: 'p', filter: 'params.lr | 1' }).metric('loss').groupBy('lr').aggregate(['count', 'mean', 'ci']).toJSON(),
      runs,
      { now: () => Date.UTC(2026, 0, 2), runlensVersion: '9.9.9' },
    );
    const md = resultToMarkdown(r);
    expect(md).toContain('# runlens analytics result');
    expect(md).toContain('Executed 2026-01-02T00:00:00.000Z by runlens 9.9.9 (query version 1).');
    expect(md).toContain('- Runs: 5 matched, selected by projects p; filter `params.lr | 1`; 4 analysed');
    expect(md).toContain('- Metrics: `loss` (last of the series)');
    expect(md).toContain('| metric | group | n | mean | 95% CI |');
    expect(md).toMatch(/\| loss \| lr=0\.1 \| 2 \| 2\.1 \| \[[\d.-]+, [\d.]+\] \|/);
    expect(md).toContain('## Excluded runs');
    expect(md).toContain('| run 5 | every column | run failed: its last values are not final results |');
    expect(md).toContain('## Warnings');
    expect(md.endsWith('\n')).toBe(true);
  });

  it('says so when there is nothing to describe, and escapes table cells', async () => {
    const empty = await executeOnRuns(analytics().metric('loss').toJSON(), []);
    expect(resultToMarkdown(empty, 'a | b')).toContain('# a \\| b');
    expect(resultToMarkdown(empty)).toContain('No groups: no run had a value to describe.');
  });
});
