import { describe, expect, it } from 'vitest';
import { rampColor, sampleRamp } from './color-ramp.js';

describe('rampColor', () => {
  it('interpolates hex stops in RGB', () => {
    expect(rampColor(['#000000', '#ffffff'], 0.5)).toBe('#808080');
    expect(rampColor(['#f00', '#00f'], 0)).toBe('#ff0000');
    expect(rampColor(['#000000', '#ff0000', '#ffffff'], 0.75)).toBe('#ff8080');
    expect(rampColor(['#000000', '#ffffff'], 2)).toBe('#ffffff');
    expect(rampColor(['#000000', '#ffffff'], Number.NaN)).toBe('#000000');
  });

  it('takes the nearest stop when a stop is not hex', () => {
    expect(rampColor(['steelblue', '#ffffff'], 0.4)).toBe('steelblue');
    expect(rampColor(['steelblue', '#ffffff'], 0.6)).toBe('#ffffff');
  });
});

describe('sampleRamp', () => {
  it('samples part of a ramp in either direction', () => {
    expect(sampleRamp(['#000000', '#ffffff'], 0, 1, 3)).toEqual(['#000000', '#808080', '#ffffff']);
    expect(sampleRamp(['#000000', '#ffffff'], 1, 0.5, 2)).toEqual(['#ffffff', '#808080']);
  });
});
