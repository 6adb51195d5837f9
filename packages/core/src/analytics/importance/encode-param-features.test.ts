import { describe, expect, it } from 'vitest';
import type { ParamValue } from '../../domain/types.js';
import { RunlensError } from '../../errors.js';
import { encodeParamFeatures } from './encode-param-features.js';

const values = (encoded: ReturnType<typeof encodeParamFeatures>, param: string) => {
  const found = encoded.params.find((p) => p.param === param);
  return found === undefined ? undefined : { kind: found.kind, values: Array.from(found.values) };
};

describe('encodeParamFeatures', () => {
  it('keeps numbers, codes booleans 0/1 and sorts params by name', () => {
    const encoded = encodeParamFeatures([
      { lr: 0.1, bn: true },
      { lr: 0.3, bn: false },
      { lr: 0.2, bn: true },
    ]);
    expect(encoded.params.map((p) => p.param)).toEqual(['bn', 'lr']);
    expect(values(encoded, 'lr')).toEqual({ kind: 'numeric', values: [0.1, 0.3, 0.2] });
    expect(values(encoded, 'bn')).toEqual({ kind: 'numeric', values: [1, 0, 1] });
  });

  it('makes a missing numeric value NaN, whether absent, null or NaN', () => {
    const encoded = encodeParamFeatures([{ lr: 0.1 }, {}, { lr: null }, { lr: Number.NaN }, { lr: 0.2 }]);
    expect(values(encoded, 'lr')?.values).toEqual([0.1, Number.NaN, Number.NaN, Number.NaN, 0.2]);
  });

  it('reads the stored strings of non-finite numbers as numbers in a numeric param', () => {
    const encoded = encodeParamFeatures([{ clip: 1 }, { clip: 'Infinity' }, { clip: '-Infinity' }, { clip: 'NaN' }]);
    expect(values(encoded, 'clip')).toEqual({ kind: 'numeric', values: [1, Infinity, -Infinity, Number.NaN] });
  });

  it('codes categorical levels by frequency, ties by name, with missing as a level of its own', () => {
    const encoded = encodeParamFeatures([
      { opt: 'sgd' },
      { opt: 'adam' },
      { opt: 'adam' },
      {},
      { opt: 'sgd' },
      { opt: 'adam' },
      { opt: null },
      { opt: 'lion' },
    ]);
    // adam ×3 → 0; missing ×2 and sgd ×2 tie, 'missing' < 'string:sgd' → 1 and 2; lion ×1 → 3.
    expect(values(encoded, 'opt')).toEqual({ kind: 'categorical', values: [2, 0, 0, 1, 2, 0, 1, 3] });
  });

  it('treats mixed types as categorical and keeps 1 apart from "1"', () => {
    const encoded = encodeParamFeatures([{ w: 1 }, { w: '1' }, { w: 1 }, { w: true }]);
    // number 1 ×2 → 0; true and "1" tie at 1 and order by typed key: 'boolean:true' < 'string:1'.
    expect(values(encoded, 'w')).toEqual({ kind: 'categorical', values: [0, 2, 0, 1] });
    expect(values(encodeParamFeatures([{ s: 'auto' }, { s: 0.1 }]), 's')?.kind).toBe('categorical');
    expect(values(encodeParamFeatures([{ b: true }, { b: 'NaN' }]), 'b')?.kind).toBe('categorical');
  });

  it('lists constant params apart, including one missing everywhere', () => {
    const encoded = encodeParamFeatures([
      { seed: 1, opt: 'adam', gone: null, lr: 0.1 },
      { seed: 1, opt: 'adam', lr: 0.2 },
    ]);
    expect(encoded.constant).toEqual(['gone', 'opt', 'seed']);
    expect(encoded.params.map((p) => p.param)).toEqual(['lr']);
  });

  it('does not call a param constant when only its missingness varies', () => {
    const encoded = encodeParamFeatures([{ wd: 0.01 }, {}, { wd: 0.01 }]);
    expect(encoded.constant).toEqual([]);
    expect(values(encoded, 'wd')?.values).toEqual([0.01, Number.NaN, 0.01]);
  });

  it('rejects a value of another type, naming the row and param', () => {
    const bad = [{ lr: 0.1 }, { lr: { nested: 1 } as unknown as ParamValue }];
    expect(() => encodeParamFeatures(bad)).toThrow(RunlensError);
    expect(() => encodeParamFeatures(bad)).toThrow(/rows\[1\]\.params\.lr is a object/);
  });
});
