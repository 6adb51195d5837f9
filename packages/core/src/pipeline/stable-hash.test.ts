import { describe, expect, it } from 'vitest';
import { stableStringify } from './stable-hash.js';

describe('stableStringify', () => {
  it('sorts keys at every depth and drops undefined values', () => {
    expect(stableStringify({ b: 1, a: { d: [1, { z: 0, y: null }], c: undefined } })).toBe('{"a":{"d":[1,{"y":null,"z":0}]},"b":1}');
  });

  it('writes non-finite numbers, bigints and typed arrays unambiguously', () => {
    expect(stableStringify([NaN, Infinity, -Infinity, 'NaN', 3n])).toBe('[NaN,Infinity,-Infinity,"NaN",3n]');
    expect(stableStringify(Float64Array.of(1.5, NaN))).toBe('[1.5,NaN]');
    expect(stableStringify(new Date(0))).toBe('"1970-01-01T00:00:00.000Z"');
  });

  it('refuses functions and cycles', () => {
    expect(() => stableStringify({ f: () => 1 })).toThrow(/cannot hash a function/);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => stableStringify(cyclic)).toThrow(/contains itself/);
    // A value seen twice but not inside itself is fine.
    const shared = { a: 1 };
    expect(stableStringify([shared, shared])).toBe('[{"a":1},{"a":1}]');
  });

  it('gives equal text for equal values written in any key order, different text for different values', () => {
    expect(stableStringify({ runId: 'r', steps: [{ name: 'ema', options: { weight: 0.6 } }] })).toBe(
      stableStringify({ steps: [{ options: { weight: 0.6 }, name: 'ema' }], runId: 'r' }),
    );
    expect(stableStringify({ v: 1 })).not.toBe(stableStringify({ v: '1' }));
    expect(stableStringify({ v: 0.6 })).not.toBe(stableStringify({ v: 0.6000000000000001 }));
  });
});
