import { describe, expect, it } from 'vitest';
import type { Run } from '../../domain/types.js';
import { selectMetricKeys } from './select-metric-keys.js';

function run(summary: Record<string, number>): Run {
  return {
    id: 'r', project: 'p', name: 'r', group: 'g', status: 'completed', params: {}, tags: [], notes: '', startTime: 0, endTime: 1, heartbeat: 0,
    exitCode: null, error: null, command: null, cwd: null, gitCommit: null, gitDirty: null, host: null, summary, metrics: {},
  };
}

describe('selectMetricKeys', () => {
  const runs = [run({ 'val/loss': 1, 'train/acc': 0.5 }), run({ 'val/acc': 0.7 })];

  it('picks exact keys and regex matches in selector order', () => {
    const warnings: string[] = [];
    expect(selectMetricKeys(['val/loss', '/acc$/'], runs, warnings)).toEqual(['val/loss', 'train/acc', 'val/acc']);
    expect(selectMetricKeys(['/^nothing/'], runs, warnings)).toEqual([]);
    expect(warnings).toEqual(['metric pattern /^nothing/ matches no metric of these runs']);
  });

  it('refuses an unknown exact key, naming the metrics the runs have, but not with no runs', () => {
    expect(() => selectMetricKeys(['val/los'], runs, [])).toThrow('unknown metric: val/los (metrics of these runs: train/acc, val/acc, val/loss)');
    expect(selectMetricKeys(['val/los'], [], [])).toEqual([]);
  });
});
