import { describe, expect, it } from 'vitest';
import { RunlensError } from '../errors.js';
import type { DownsampleMethod } from '../schemas/api.js';
import { DOWNSAMPLERS, downsample } from './downsample.js';
import { downsampleLttb } from './lttb.js';
import { downsampleM4 } from './m4.js';
import { downsampleMinMax } from './minmax.js';
import type { XYColumns } from './types.js';

const n = 200;
const cols: XYColumns = {
  xs: Float64Array.from({ length: n }, (_, i) => i),
  values: Float64Array.from({ length: n }, (_, i) => Math.sin(i / 7) * (i % 13)),
  steps: Float64Array.from({ length: n }, (_, i) => i),
  times: Float64Array.from({ length: n }, (_, i) => 5000 + i),
};

describe('downsample', () => {
  it('dispatches each method to its downsampler', () => {
    const opts = { points: 20 };
    expect(downsample(cols, 'minmax', opts)).toEqual(downsampleMinMax(cols, opts));
    expect(downsample(cols, 'm4', opts)).toEqual(downsampleM4(cols, opts));
    expect(downsample(cols, 'lttb', opts)).toEqual(downsampleLttb(cols, opts));
    expect(downsample(cols, 'minmax', opts).xs.length).toBeLessThan(n);
  });

  it('with none only selects [from, to]', () => {
    expect(downsample(cols, 'none', { points: 2 })).toBe(cols);
    const out = downsample(cols, 'none', { points: 2, from: 10, to: 19 });
    expect(Array.from(out.steps)).toEqual(Array.from({ length: 10 }, (_, i) => 10 + i));
  });

  it('rejects an unknown method, including inherited property names', () => {
    for (const bad of ['average', 'toString', '__proto__']) {
      expect(() => downsample(cols, bad as DownsampleMethod, { points: 10 })).toThrow(RunlensError);
    }
  });

  it('has a downsampler for every method', () => {
    expect(Object.keys(DOWNSAMPLERS).sort()).toEqual(['lttb', 'm4', 'minmax', 'none']);
  });
});
