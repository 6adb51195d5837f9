import { describe, expect, it } from 'vitest';
import type { Run, SeriesSummary } from './types.js';
import { pickSummaryColumns } from './summary-columns.js';

function run(keys: string[], summaryOnly: string[] = []): Run {
  const metrics: Record<string, SeriesSummary> = {};
  for (const key of keys) metrics[key] = { key, count: 1, first: 1, last: 1, min: 1, max: 1, firstStep: 0, lastStep: 0, nanCount: 0, lastTime: 0 };
  const summary = Object.fromEntries([...keys, ...summaryOnly].map((k) => [k, 1]));
  return { id: 'x', project: 'p', name: 'n', group: 'g', status: 'completed', params: {}, tags: [], notes: '', startTime: 0, endTime: null, heartbeat: 0, exitCode: null, error: null, command: null, cwd: null, gitCommit: null, gitDirty: null, host: null, summary, metrics };
}

describe('pickSummaryColumns', () => {
  it('puts validation loss, training loss, then other losses and accuracy first, series over one-off summaries', () => {
    const r = run(['epoch', 'lr', 'train/loss', 'val/loss', 'val/perplexity', 'sys/cpu', 'aux_loss', 'throughput/tokens_per_s'], ['bestValLoss', 'durationMs']);
    expect(pickSummaryColumns([r], 4)).toEqual(['val/loss', 'train/loss', 'aux_loss', 'val/perplexity']);
  });

  it('prefers keys most runs have, then sorts alphabetically; handles no runs', () => {
    expect(pickSummaryColumns([run(['b', 'a']), run(['b'])], 5)).toEqual(['b', 'a']);
    expect(pickSummaryColumns([], 3)).toEqual([]);
  });
});
