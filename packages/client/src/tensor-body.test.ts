import { describe, expect, it } from 'vitest';
import { encodeTensorBody, histogramOf, sampleRows, takeRows, toFloat16Bits } from './tensor-body.js';

describe('tensor snapshots on the client', () => {
  it('samples the same distinct rows for a name every time', () => {
    const a = sampleRows('tok_emb', 50_257, 2048)!;
    expect(a).toEqual(sampleRows('tok_emb', 50_257, 2048));
    expect(new Set(a).size).toBe(2048);
    expect(a).toEqual([...a].sort((x, y) => x - y));
    expect(a.at(-1)!).toBeLessThan(50_257);
    expect(sampleRows('pos_emb', 50_257, 2048)).not.toEqual(a);
    expect(sampleRows('x', 10, 2048)).toBeUndefined();
  });

  it('copies chosen rows and encodes the RLT1 body with float16 values', () => {
    const rows = takeRows({ data: Float32Array.from([1, 2, 3, 4, 5, 6]), rows: 3, cols: 2 }, [0, 2]);
    expect(Array.from(rows.data)).toEqual([1, 2, 5, 6]);
    const body = encodeTensorBody({ name: 'w', step: 1, dtype: 'float16', shape: [2, 2] }, rows.data);
    expect(new TextDecoder().decode(body.subarray(0, 4))).toBe('RLT1');
    const view = new DataView(body.buffer);
    const h = view.getUint32(4, true);
    expect(JSON.parse(new TextDecoder().decode(body.subarray(8, 8 + h)))).toEqual({ name: 'w', step: 1, dtype: 'float16', shape: [2, 2] });
    expect(view.getUint16(8 + h, true)).toBe(0x3c00);
    expect(body.byteLength).toBe(8 + h + 8);
    expect(toFloat16Bits(1e6)).toBe(0x7bff);
  });

  it('bins finite values into a histogram', () => {
    expect(histogramOf([0, 1, 1, 2, Number.NaN], 2)).toEqual({ edges: [0, 1, 2], counts: [1, 3] });
    expect(histogramOf([Infinity], 3)).toEqual({ edges: [], counts: [] });
  });
});
