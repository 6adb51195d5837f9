import { describe, expect, it } from 'vitest';
import type { Run, RunStatus, SeriesSummary } from '../../domain/types.js';
import { analytics } from './query-builder.js';
import { executeOnRuns } from './execute-on-runs.js';
import { rowsToCsv, aggregatedToCsv } from './result-to-csv.js';
import { toWireJson } from './to-wire-json.js';

function summary(key: string, values: number[]): SeriesSummary {
  const finite = values.filter((v) => !Number.isNaN(v));
  return {
    key,
    count: values.length,
    first: values[0]!,
    last: values[values.length - 1]!,
    min: finite.length ? Math.min(...finite) : Number.NaN,
    max: finite.length ? Math.max(...finite) : Number.NaN,
    firstStep: 0,
    lastStep: values.length - 1,
    nanCount: values.length - finite.length,
    lastTime: 0,
  };
}

let n = 0;
function run(lr: number, loss: number[], status: RunStatus = 'completed'): Run {
  n++;
  return {
    id: `run${String(n).padStart(3, '0')}`, project: 'p', name: `lr=${lr} #${n}`, group: `lr=${lr}`, status,
    params: { lr, seed: n }, tags: [], notes: '', startTime: 0, endTime: 1, heartbeat: 1, exitCode: 0, error: null,
    command: null, cwd: null, gitCommit: null, gitDirty: null, host: null,
    summary: { 'val/loss': loss[loss.length - 1]! }, metrics: { 'val/loss': summary('val/loss', loss) },
  };
}

const runs = [
  run(0.1, [3, 2.0]), run(0.1, [3, 2.2]), run(0.1, [3, 2.1]),
  run(1, [3, 1.0]), run(1, [3, 1.2]), run(1, [3, 1.1]),
  run(10, [3, Number.NaN], 'failed'), run(10, [3, 9], 'completed'),
];

describe('executeOnRuns', () => {
  it('reduces from summaries, groups by a param, excludes failed and NaN runs with reasons', async () => {
    const q = analytics().metric('val/loss').groupBy('params.lr').toJSON();
    const r = await executeOnRuns(q, runs, { now: () => 0, runlensVersion: 'test' });
    expect(r.aggregated.map((a) => [a.group, a.stats.count])).toEqual([['lr=0.1', 3], ['lr=1', 3], ['lr=10', 1]]);
    const g = r.aggregated[1]!;
    expect(g.stats.mean).toBeCloseTo(1.1, 12);
    expect(g.ci!.low).toBeLessThan(1.1);
    expect(g.ci!.high).toBeGreaterThan(1.1);
    expect(r.excluded).toEqual([{ runId: 'run007', name: 'lr=10 #7', metric: null, reason: 'run failed: its last values are not final results' }]);
    expect(r.warnings.join('\n')).toMatch(/1 failed or crashed run left out/);
    expect(r.metadata.versions).toEqual({ query: 1, runlens: 'test' });
    expect(r.rows).toHaveLength(7);

    const all = await executeOnRuns({ ...q, includeFailed: true }, runs);
    expect(all.excluded).toEqual([{ runId: 'run007', name: 'lr=10 #7', metric: 'val/loss', reason: 'val/loss is NaN' }]);
    expect(all.warnings.join('\n')).toMatch(/1 of 8 runs left out of val\/loss/);
  });

  it('min and max come from the series summary without reading points', async () => {
    const q = analytics().metric('val/loss', { reduce: 'max' }).toJSON();
    const r = await executeOnRuns(q, runs.slice(0, 3), { readSeries: () => Promise.reject(new Error('must not read')) });
    expect(r.rows.map((row) => row.values['val/loss.max'])).toEqual([3, 3, 3]);
  });

  it('mean and at-step read points through the injected reader', async () => {
    const reads: string[] = [];
    const readSeries = async (id: string) => {
      reads.push(id);
      return { steps: Float64Array.of(0, 10, 20), values: Float64Array.of(4, 2, 0), times: Float64Array.of(0, 0, 0) };
    };
    const q = analytics().metric('val/loss', { reduce: 'mean' }).metric('val/loss', { reduce: 'at-step', step: 15 }).toJSON();
    const r = await executeOnRuns(q, runs.slice(0, 2), { readSeries });
    expect(r.rows[0]!.values).toEqual({ 'val/loss.mean': 2, 'val/loss@15': 2 });
    expect(reads).toHaveLength(4);
    await expect(executeOnRuns(q, runs.slice(0, 2))).rejects.toThrow(/no series reader/);
  });

  it('drops outliers with the detector reason', async () => {
    const q = analytics().metric('val/loss').groupBy('project').excludeOutliers('val/loss', 'iqr').toJSON();
    const r = await executeOnRuns(q, runs);
    const outlier = r.excluded.find((e) => e.runId === 'run008');
    expect(outlier?.reason).toMatch(/^outlier in val\/loss \(iqr\): value 9 is above/);
    expect(r.rows.some((row) => row.runId === 'run008')).toBe(false);
  });

  it('names an unknown metric or param, and warns on an empty selection', async () => {
    await expect(executeOnRuns(analytics().metric('val/los').toJSON(), runs)).rejects.toThrow(/unknown metric: val\/los \(metrics of these runs: val\/loss\)/);
    await expect(executeOnRuns(analytics().metric('val/loss').groupBy('params.momentum').toJSON(), runs)).rejects.toThrow(/unknown param: momentum/);
    await expect(executeOnRuns(analytics().metric('val/loss').groupBy('colour').toJSON(), runs)).rejects.toThrow(/unknown param: colour \(params of these runs: lr, seed\)/);
    const empty = await executeOnRuns(analytics().metric('val/loss').toJSON(), []);
    expect(empty.rows).toEqual([]);
    expect(empty.warnings).toEqual(['no runs match the selection: check the project, groups, status and filter']);
  });

  it('warns for one run and an all-NaN group instead of throwing', async () => {
    const one = await executeOnRuns(analytics().metric('val/loss').toJSON(), runs.slice(0, 1));
    expect(one.aggregated[0]!.stats.count).toBe(1);
    expect(Number.isNaN(one.aggregated[0]!.ci!.low)).toBe(true);
    const nan = await executeOnRuns({ ...analytics().metric('val/loss').toJSON(), includeFailed: true }, [runs[6]!]);
    expect(nan.warnings.join('\n')).toMatch(/no usable value in this group/);
  });

  it('caps the runs analysed with a warning', async () => {
    const q = { ...analytics().metric('val/loss').toJSON(), maxRuns: 2 };
    const r = await executeOnRuns(q, runs);
    expect(r.rows).toHaveLength(2);
    expect(r.warnings[0]).toMatch(/more than 2 runs match/);
  });

  it('exports CSV and wire JSON with NaN as a string', async () => {
    const q = { ...analytics().metric('val/loss').groupBy('params.lr').toJSON(), includeFailed: true };
    const r = await executeOnRuns(q, runs);
    const csv = rowsToCsv(r).split('\n');
    expect(csv[0]).toBe('run_id,name,project,group,status,group_key,params.lr,params.seed,val/loss');
    expect(csv[7]).toBe('run007,lr=10 #7,p,lr=10,failed,lr=10,10,7,NaN');
    expect(aggregatedToCsv(r).split('\n')[0]).toBe('metric,group,count,mean,std,ci_low,ci_high');
    const wire = toWireJson(r);
    expect(wire.rows[6]!.values['val/loss']).toBe('NaN');
    expect(JSON.stringify(wire)).not.toContain('null,');
  });
});
