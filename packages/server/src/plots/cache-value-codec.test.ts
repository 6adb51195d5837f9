import { describe, expect, it } from 'vitest';
import { RunlensError } from '@runlens/core';
import { cacheValueSize, checkCacheValue, decodeCacheValue, encodeCacheValue } from './cache-value-codec.js';

const value = {
  x: Float64Array.of(0, 1, 2),
  y: Float64Array.of(0.5, NaN, -Infinity),
  empty: new Float64Array(0),
  meta: { name: '<script>alert(1)</script> ✓ 训练', $f: 3, $$n: 'dollar', list: [1, NaN, null, true, 'a'] },
  skipped: undefined,
};

describe('cache value codec', () => {
  it('round-trips Float64Arrays, non-finite numbers, unicode and $-keys', () => {
    const decoded = decodeCacheValue('k', encodeCacheValue('k', value));
    const { skipped: _skipped, ...expected } = value;
    expect(decoded).toEqual({ value: expected });
    const out = decoded!.value as typeof expected;
    expect(out.y).toBeInstanceOf(Float64Array);
    expect(Object.is(out.y[1], NaN)).toBe(true);
    expect(out.meta.$f).toBe(3);
  });

  it('round-trips a subarray view without the rest of its buffer', () => {
    const big = Float64Array.of(9, 1, 2, 9);
    const decoded = decodeCacheValue('k', encodeCacheValue('k', { y: big.subarray(1, 3) }));
    expect(Array.from((decoded!.value as { y: Float64Array }).y)).toEqual([1, 2]);
  });

  it('rejects another key, truncation, extra bytes, bad magic and garbage', () => {
    const bytes = encodeCacheValue('k', value);
    expect(decodeCacheValue('other', bytes)).toBeUndefined();
    expect(decodeCacheValue('k', bytes.subarray(0, bytes.length - 1))).toBeUndefined();
    expect(decodeCacheValue('k', Buffer.concat([bytes, Buffer.alloc(8)]))).toBeUndefined();
    const badMagic = Buffer.from(bytes);
    badMagic[0] = 0;
    expect(decodeCacheValue('k', badMagic)).toBeUndefined();
    const badJson = Buffer.from(bytes);
    badJson[17] = 0x7b;
    expect(decodeCacheValue('k', badJson)).toBeUndefined();
    expect(decodeCacheValue('k', new Uint8Array(0))).toBeUndefined();
    expect(decodeCacheValue('k', Buffer.from('RLPCACH1\xff\xff\xff\xff', 'latin1'))).toBeUndefined();
  });

  it('refuses values it cannot write back exactly', () => {
    for (const bad of [{ a: new Map() }, { a: Uint8Array.of(1) }, [undefined], () => 1, { d: new Date(0) }]) {
      expect(() => checkCacheValue(bad)).toThrow(RunlensError);
      expect(() => encodeCacheValue('k', bad)).toThrow(/cannot cache/);
    }
    expect(() => checkCacheValue({ a: Uint8Array.of(1) })).toThrow(/Uint8Array at value.a/);
  });

  it('estimates memory by the arrays it holds', () => {
    expect(cacheValueSize({ y: new Float64Array(1000) })).toBeGreaterThan(8000);
    expect(cacheValueSize({ y: new Float64Array(1000) })).toBeLessThan(8300);
  });
});
