import { describe, expect, it } from 'vitest';
import { formatDuration } from './format-duration.js';

describe('formatDuration', () => {
  it('writes at most two units, dropping zero parts', () => {
    expect(formatDuration(0)).toBe('0');
    expect(formatDuration(250)).toBe('250ms');
    expect(formatDuration(45_000)).toBe('45s');
    expect(formatDuration(5_400_000)).toBe('1h 30m');
    expect(formatDuration(3_600_000)).toBe('1h');
    expect(formatDuration(93_784_000)).toBe('1d 2h');
    expect(formatDuration(3_601_000)).toBe('1h');
  });

  it('takes the unicode minus for negative durations and nothing for non-finite ones', () => {
    expect(formatDuration(-90_000)).toBe('−1m 30s');
    expect(formatDuration(Number.NaN)).toBe('');
  });
});
