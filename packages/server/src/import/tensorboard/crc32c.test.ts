import { describe, expect, it } from 'vitest';
import { crc32c as nativeCrc32c } from '@node-rs/crc32';
import { createSeededRandom } from '@runlens/core';
import { crc32c, maskCrc, maskedCrc32c } from './crc32c.js';

describe('crc32c', () => {
  it('gives the published check value', () => {
    // CRC-32C check value for "123456789" (RFC 3720, B.4)
    expect(crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283);
    expect(crc32c(new Uint8Array(0))).toBe(0);
  });

  it('agrees with the native implementation on every length and alignment, both sides of the native cut-over', () => {
    const rng = createSeededRandom(7);
    const bytes = Uint8Array.from({ length: 1200 }, () => rng.int(256));
    for (let length = 0; length <= 600; length++) {
      const start = rng.int(9);
      expect(crc32c(bytes, start, start + length)).toBe(nativeCrc32c(bytes.subarray(start, start + length)) >>> 0);
    }
  });

  it('masks as TensorFlow does', () => {
    // ((crc >>> 15) | (crc << 17)) + 0xa282ead8, modulo 2^32
    expect(maskCrc(0)).toBe(0xa282ead8);
    expect(maskCrc(0xffffffff)).toBe((0xffffffff + 0xa282ead8) % 2 ** 32);
    expect(maskCrc(1)).toBe((2 ** 17 + 0xa282ead8) % 2 ** 32);
    const data = new TextEncoder().encode('123456789');
    expect(maskedCrc32c(data)).toBe(maskCrc(0xe3069283));
  });
});
