import { describe, expect, it } from 'vitest';
import type { Params, Run } from '../../domain/types.js';
import { collectPlotParams } from './plot-params.js';

function run(params: Params): Run {
  return {
    id: 'r', project: 'p', name: 'r', group: 'g', status: 'completed', params, tags: [], notes: '', startTime: 0, endTime: 1, heartbeat: 0,
    exitCode: null, error: null, command: null, cwd: null, gitCommit: null, gitDirty: null, host: null, summary: {}, metrics: {},
  };
}

const RUNS = [
  run({ lr: 1e-5, batch: 32, opt: 'sgd', warm: true, seed: 1, extra: 1 }),
  run({ lr: 1e-3, batch: 64, opt: 'adam', warm: false, seed: 1 }),
  run({ lr: 1e-2, batch: 32, opt: 'adam', warm: true, seed: 1, extra: 1 }),
];

describe('collectPlotParams', () => {
  it('keeps the params that vary, by key, numbers as numbers and the rest as ordered levels', () => {
    const params = collectPlotParams(RUNS, undefined);
    expect(params.map((p) => p.key)).toEqual(['batch', 'extra', 'lr', 'opt', 'warm']);
    const [batch, extra, lr, opt, warm] = params;
    expect(batch).toEqual({ key: 'batch', kind: 'numeric', values: [32, 64, 32], levels: [], log: false });
    // missing is a value of its own (it varies), and null in the column
    expect(extra!.values).toEqual([1, null, 1]);
    expect(lr!.log).toBe(true);
    expect(opt).toMatchObject({ kind: 'categorical', levels: ['adam', 'sgd'], values: [1, 0, 0] });
    expect(warm).toMatchObject({ kind: 'categorical', levels: ['false', 'true'], values: [1, 0, 1] });
  });

  it('takes keys as given, constant ones too, and names the valid keys for an unknown one', () => {
    expect(collectPlotParams(RUNS, ['seed', 'lr']).map((p) => p.key)).toEqual(['seed', 'lr']);
    expect(() => collectPlotParams(RUNS, ['lr', 'momentum'])).toThrow('unknown param: momentum (params of these runs: batch, extra, lr, opt, seed, warm)');
    expect(collectPlotParams([], ['anything'])[0]).toMatchObject({ key: 'anything', values: [] });
  });

  it('treats mixed numbers and strings as levels, numbers first', () => {
    const [p] = collectPlotParams([run({ x: 'auto' }), run({ x: 2 }), run({ x: 10 }), run({ x: null })], undefined);
    expect(p).toMatchObject({ kind: 'categorical', levels: ['2', '10', 'auto', 'null'], values: [2, 0, 1, 3] });
  });
});
