import { describe, expect, it } from 'vitest';
import { extendSummary } from './live-cache.js';

const pending = (steps: number[], values: number[]) => ({ steps, values, times: steps.map((s) => 1000 + s) });

describe('extendSummary', () => {
  it('starts a summary from live points', () => {
    const s = extendSummary(undefined, 'loss', pending([0, 1, 2], [3, Number.NaN, 1]));
    expect(s).toMatchObject({ key: 'loss', count: 3, first: 3, firstStep: 0, last: 1, lastStep: 2, min: 1, max: 3, nanCount: 1, lastTime: 1002 });
  });

  it('counts only points after the summary it extends, so a run read after they were stored is not counted twice', () => {
    const read = extendSummary(undefined, 'loss', pending([0, 1, 2, 3], [4, 3, 2, 1]));
    // the same points arrive live (the read already holds them), then one new point
    const s = extendSummary(read, 'loss', pending([2, 3, 4], [2, 1, 0.5]));
    expect(s).toMatchObject({ count: 5, last: 0.5, lastStep: 4, min: 0.5, max: 4 });
  });

  it('takes a re-logged last step as the new last value without counting it', () => {
    const read = extendSummary(undefined, 'loss', pending([0, 1], [2, 1]));
    const s = extendSummary(read, 'loss', pending([1], [7]));
    expect(s).toMatchObject({ count: 2, last: 7, lastStep: 1, max: 7 });
  });
});
