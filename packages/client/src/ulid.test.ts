import { describe, expect, it } from 'vitest';
import { ulid, ulidTime } from './ulid.js';

const FORMAT = /^[0-9A-HJKMNP-TV-Z]{26}$/;

describe('ulid', () => {
  it('is 26 Crockford base32 characters, the format the server requires', () => {
    for (let i = 0; i < 1000; i++) expect(ulid()).toMatch(FORMAT);
  });

  it('encodes the 48-bit time in the first 10 characters', () => {
    expect(ulid(0, new Uint8Array(10))).toBe('0'.repeat(26));
    expect(ulid(2 ** 48 - 1, new Uint8Array(10).fill(255))).toBe('7ZZZZZZZZZ' + 'Z'.repeat(16));
    const t = 1_732_380_000_123;
    expect(ulidTime(ulid(t))).toBe(t);
  });

  it('encodes the 80 random bits after the time, 5 bits per character', () => {
    // 0x01 followed by zeros: bit 72 of 80 set -> character 1 holds value 0b00000 and character 2 holds 0b00100.
    const r = new Uint8Array(10);
    r[0] = 0x01;
    expect(ulid(0, r).slice(10)).toBe('04' + '0'.repeat(14));
    r.fill(0);
    r[9] = 0x1f;
    expect(ulid(0, r).slice(10)).toBe('0'.repeat(15) + 'Z');
  });

  it('sorts by time and does not repeat', () => {
    const a = ulid(1000);
    const b = ulid(1001);
    expect(a < b).toBe(true);
    const many = new Set(Array.from({ length: 10_000 }, () => ulid(5)));
    expect(many.size).toBe(10_000);
  });

  it('rejects times outside 48 bits', () => {
    expect(() => ulid(-1)).toThrow(/invalid ULID time/);
    expect(() => ulid(2 ** 48)).toThrow(/invalid ULID time/);
  });
});
