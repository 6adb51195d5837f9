import { describe, expect, it } from 'vitest';
import { RunlensError } from '../../errors.js';
import { matchMetricKeys, parseMetricPattern } from './metric-pattern.js';

describe('metric patterns', () => {
  it('matches exact keys exactly and /regex/flags as expressions', () => {
    expect(parseMetricPattern('val/loss').test('val/loss_2')).toBe(false);
    expect(parseMetricPattern('/LOSS$/i').test('val/loss')).toBe(true);
    expect(parseMetricPattern('/loss$/').isRegex).toBe(true);
    // `//` is not an empty regex (it would match everything): it is a key
    expect(parseMetricPattern('//').isRegex).toBe(false);
  });

  it('keeps selector order, sorts within a regex, lists selectors that matched nothing', () => {
    expect(matchMetricKeys(['val/loss', '/acc/', 'nope', '/^zz/'], ['train/acc', 'val/loss', 'val/acc', 'val/loss'])).toEqual({
      keys: ['val/loss', 'train/acc', 'val/acc'],
      unmatched: ['nope', '/^zz/'],
    });
  });

  it('a stateful g flag does not make every other key miss', () => {
    expect(matchMetricKeys(['/a/g'], ['a1', 'a2', 'a3']).keys).toEqual(['a1', 'a2', 'a3']);
  });

  it('names the selector of a regex that does not compile', () => {
    expect(() => parseMetricPattern('/(unclosed/')).toThrow(RunlensError);
    expect(() => parseMetricPattern('/(unclosed/')).toThrow(/invalid metric pattern \/\(unclosed\//);
  });
});
