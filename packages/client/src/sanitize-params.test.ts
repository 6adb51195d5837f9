import { describe, expect, it } from 'vitest';
import { sanitizeParams } from './sanitize-params.js';

describe('sanitizeParams', () => {
  it('keeps plain nested config as it is', () => {
    const config = { lr: 0.1, seed: 1, model: { d: 16, layers: [64, 64], act: 'gelu', bias: true, init: null } };
    expect(sanitizeParams(config)).toEqual(config);
  });

  it('makes values JSON cannot carry safe instead of throwing or losing them', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    const shared = { x: 1 };
    const out = sanitizeParams({
      nan: Number.NaN,
      inf: Number.POSITIVE_INFINITY,
      ninf: Number.NEGATIVE_INFINITY,
      big: 10n,
      when: new Date(0),
      fn: () => 1,
      sym: Symbol('s'),
      undef: undefined,
      typed: new Float32Array([1, 2]),
      cyclic,
      twice: [shared, shared],
      get broken(): number {
        throw new Error('getter');
      },
    });
    expect(out).toEqual({
      nan: 'NaN',
      inf: 'Infinity',
      ninf: '-Infinity',
      big: '10',
      when: '1970-01-01T00:00:00.000Z',
      typed: [1, 2],
      cyclic: { a: 1, self: '[Circular]' },
      twice: [{ x: 1 }, { x: 1 }],
    });
    expect(() => JSON.stringify(out)).not.toThrow();
  });

  it('cuts very deep nesting and ignores non-objects', () => {
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 100; i++) deep = { d: deep };
    expect(JSON.stringify(sanitizeParams(deep))).toContain('[Too deep]');
    expect(sanitizeParams(undefined)).toEqual({});
    expect(sanitizeParams([1, 2])).toEqual({});
    expect(sanitizeParams('x')).toEqual({});
  });
});
