import { describe, expect, it } from 'vitest';
import type { PlotSeries } from '../plot-plugin.js';
import { pairSeriesByStep } from './pair-series-by-step.js';

function series(key: string, steps: number[], values: number[]): PlotSeries {
  return { runId: 'r', key, x: Float64Array.from(steps), y: Float64Array.from(values), steps: Float64Array.from(steps), times: new Float64Array(steps.length) };
}

describe('pairSeriesByStep', () => {
  it('joins values at equal steps in step order and counts what is left out', () => {
    const x = series('fpr', [3, 0, 1, 2], [1, 0, 0.1, Number.NaN]);
    const y = series('tpr', [0, 1, 2, 3, 7], [0, 0.6, 0.7, 1, 1]);
    expect(pairSeriesByStep(x, y)).toEqual({ x: [0, 0.1, 1], y: [0, 0.6, 1], steps: [0, 1, 3], unmatched: 1, nonFinite: 1 });
  });

  it('lets the last value of a repeated step win, and pairs nothing with empty series', () => {
    expect(pairSeriesByStep(series('a', [0, 0], [1, 2]), series('b', [0], [5]))).toMatchObject({ x: [2], y: [5] });
    expect(pairSeriesByStep(series('a', [], []), series('b', [1], [1]))).toMatchObject({ x: [], unmatched: 1 });
  });
});
