import { describe, expect, it } from 'vitest';
import { BUILTIN_PARSERS } from '@runlens/core';
import { parserFactory } from './parser-factory.js';

describe('parserFactory', () => {
  it('gives no parser for none, a detecting one for auto and the named one otherwise', () => {
    expect(parserFactory('none', BUILTIN_PARSERS)).toBeUndefined();
    const auto = parserFactory('auto', BUILTIN_PARSERS)!();
    expect(auto!.push('iter 3: loss 2.5000, time 10.00ms, mfu 1.00%')).toEqual([{ step: 3, metrics: { 'train/loss': 2.5, time_ms: 10, mfu: 1 } }]);
    const nano = parserFactory('nanogpt', BUILTIN_PARSERS)!();
    expect(nano!.push('iter 4: loss 2.0000, time 10.00ms, mfu 1.00%')[0]!.step).toBe(4);
  });

  it('names the valid parsers when given an unknown one', () => {
    expect(() => parserFactory('nanoGPT', BUILTIN_PARSERS)).toThrow('unknown parser: nanoGPT (one of auto, none, nanogpt, hf, keras, lightning, kv)');
  });
});
