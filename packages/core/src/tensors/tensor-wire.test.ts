import { describe, expect, it } from 'vitest';
import { decodeFloat16, encodeFloat16, fromFloat16Bits, toFloat16Bits } from './float16.js';
import { checkTensorHeader } from './tensor-header.js';
import { decodeTensorBody, decodeTensorValues, encodeTensorBody, sanitizeNonFinite } from './tensor-wire.js';

describe('float16', () => {
  it('round-trips representable values exactly and rounds others to nearest', () => {
    for (const v of [0, 1, -2, 0.5, 65504, -65504, 2 ** -24, 1025]) expect(fromFloat16Bits(toFloat16Bits(v))).toBe(v);
    expect(toFloat16Bits(1)).toBe(0x3c00);
    expect(toFloat16Bits(-0)).toBe(0x8000);
    expect(fromFloat16Bits(toFloat16Bits(70000))).toBe(Infinity);
    expect(Number.isNaN(fromFloat16Bits(toFloat16Bits(Number.NaN)))).toBe(true);
    expect(Math.abs(fromFloat16Bits(toFloat16Bits(0.1)) - 0.1)).toBeLessThan(1e-4);
    expect(Array.from(decodeFloat16(encodeFloat16([1, -1.5, 3])))).toEqual([1, -1.5, 3]);
  });
});

describe('binary tensor body', () => {
  it('encodes and decodes header and values', () => {
    const labels = ['é', '😀', '学', 'a\nb'];
    const body = encodeTensorBody({ name: 'tok_emb', step: 3, dtype: 'float16', shape: [4, 1], labels }, [1, 2, 3, 4]);
    const { headerBytes, data } = decodeTensorBody(body);
    // the header is ASCII JSON (non-ASCII as \u escapes), so any UTF-8 decoder reads it
    expect(headerBytes.every((b) => b < 0x80)).toBe(true);
    const header = checkTensorHeader(JSON.parse(Buffer.from(headerBytes).toString('utf8')), data.byteLength);
    expect(header).toMatchObject({ name: 'tok_emb', step: 3, rows: 4, cols: 1, labels });
    expect(Array.from(decodeTensorValues('float16', data))).toEqual([1, 2, 3, 4]);
  });

  it('rejects a bad magic, a short body, a shape that does not match the bytes and wrong label counts', () => {
    expect(() => decodeTensorBody(new Uint8Array([1, 2]))).toThrow(/2 bytes/);
    expect(() => decodeTensorBody(new Uint8Array(12))).toThrow(/expected "RLT1"/);
    expect(() => checkTensorHeader({ name: 'w', step: 0, dtype: 'float32', shape: [3, 2] }, 20)).toThrow(/24 bytes, but 20 were sent/);
    expect(() => checkTensorHeader({ name: 'w', step: 0, shape: [2, 1], labels: ['a'] }, 8)).toThrow(/1 labels for 2 rows/);
    expect(() => checkTensorHeader({ name: 'bad name', step: 0, shape: [1] }, 4)).toThrow(/name/);
    expect(() => checkTensorHeader({ name: 'w', step: -1, shape: [1] }, 4)).toThrow(/step/);
  });

  it('counts and zeroes non-finite values', () => {
    const v = Float32Array.from([1, Number.NaN, Infinity, -Infinity, Number.NaN]);
    expect(sanitizeNonFinite(v)).toEqual({ nan: 2, posInf: 1, negInf: 1 });
    expect(Array.from(v)).toEqual([1, 0, 0, 0, 0]);
  });
});
