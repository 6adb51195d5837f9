import { describe, expect, it } from 'vitest';
import type { Run } from '@runlens/core';
import { buildTableRows, type GroupRow } from './table-rows.js';

function run(id: string, lr: number | undefined, loss: number): Run {
  return {
    id, project: 'p', name: id, group: `g${lr}`, status: 'completed', params: lr === undefined ? {} : { lr, seed: 1 }, tags: [], notes: '',
    startTime: 0, endTime: 1, heartbeat: 1, exitCode: 0, error: null, command: null, cwd: null, gitCommit: null, gitDirty: null, host: null,
    summary: { loss }, metrics: { loss: { key: 'loss', count: 1, first: loss, last: loss, min: loss, max: loss, firstStep: 0, lastStep: 0, nanCount: 0, lastTime: 0 } },
  };
}

describe('buildTableRows', () => {
  const cols = [{ id: 'metrics.loss.last', field: { kind: 'metric', key: 'loss', agg: 'last' } as const }];

  it('groups by a param in value order, missing last, with mean ± std of numeric columns', () => {
    const runs = [run('a', 0.3, 2), run('b', 0.1, 1), run('c', 0.3, 4), run('d', undefined, 9), run('e', 0.1, Number.NaN)];
    const rows = buildTableRows(runs, { kind: 'param', key: 'lr' }, cols, new Set(), 0);
    const groups = rows.filter((r): r is GroupRow => r.kind === 'group');
    expect(groups.map((g) => g.label)).toEqual(['0.1', '0.3', '(not set)']);
    expect(groups.map((g) => g.runs.length)).toEqual([2, 2, 1]);
    const agg = groups[1]!.aggregates.get('metrics.loss.last')!;
    expect(agg.mean).toBe(3);
    expect(agg.std).toBeCloseTo(Math.SQRT2, 12);
    // NaN is left out of the statistics
    expect(groups[0]!.aggregates.get('metrics.loss.last')).toMatchObject({ mean: 1, n: 1 });
    expect(rows.map((r) => (r.kind === 'run' ? r.run.id : `[${r.label}]`))).toEqual(['[0.1]', 'b', 'e', '[0.3]', 'a', 'c', '[(not set)]', 'd']);
  });

  it('hides the runs of a collapsed group and keeps the plain order without grouping', () => {
    const runs = [run('a', 0.3, 2), run('b', 0.1, 1)];
    const rows = buildTableRows(runs, { kind: 'attr', name: 'group' }, cols, new Set([JSON.stringify('g0.1')]), 0);
    expect(rows.map((r) => (r.kind === 'run' ? r.run.id : `[${r.label}]`))).toEqual(['[g0.1]', '[g0.3]', 'a']);
    expect(buildTableRows(runs, null, cols, new Set(), 0).map((r) => (r.kind === 'run' ? r.run.id : ''))).toEqual(['a', 'b']);
  });
});
