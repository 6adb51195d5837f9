import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../random/seeded-random.js';
import { encodeUtf8, sha256Hex, stableHash, stableStringify } from './stable-hash.js';

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
});

describe('stableHash', () => {
  it('is SHA-256: the FIPS 180-2 test vectors', () => {
    expect(sha256Hex(encodeUtf8('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex(encodeUtf8(''))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex(encodeUtf8('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it('agrees with node:crypto on random unicode text of every length around the block size', () => {
    const rng = createSeededRandom(3);
    const alphabet = ['a', 'é', '€', '😀', '<script>', '\n', 'z', '\u0000'];
    for (let n = 0; n < 140; n++) {
      const text = Array.from({ length: n }, () => alphabet[rng.int(alphabet.length)]!).join('');
      expect(sha256Hex(encodeUtf8(text))).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
    }
    // A lone surrogate is encoded as U+FFFD, as Node and browsers do.
    expect(sha256Hex(encodeUtf8('a\ud800b'))).toBe(createHash('sha256').update('a\ud800b', 'utf8').digest('hex'));
  });

  it('hashes equal values equally and different values differently', () => {
    expect(stableHash({ runId: 'r', steps: [{ name: 'ema', options: { weight: 0.6 } }] })).toBe(
      stableHash({ steps: [{ options: { weight: 0.6 }, name: 'ema' }], runId: 'r' }),
    );
    expect(stableHash({ v: 1 })).not.toBe(stableHash({ v: '1' }));
    expect(stableHash({ v: 0.6 })).not.toBe(stableHash({ v: 0.6000000000000001 }));
  });
});
