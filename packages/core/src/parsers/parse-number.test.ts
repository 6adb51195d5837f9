import { describe, expect, it } from 'vitest';
import { parseMetricNumber, parseStep } from './parse-number.js';

describe('parseMetricNumber', () => {
  it('reads decimals and exponents as Python, Keras and tqdm print them', () => {
    expect(parseMetricNumber('0.5')).toBe(0.5);
    expect(parseMetricNumber('5e-05')).toBe(5e-5);
    expect(parseMetricNumber('3.93e+4')).toBe(39300);
    expect(parseMetricNumber('0.0000e+00')).toBe(0);
    expect(parseMetricNumber('-100.00')).toBe(-100);
    expect(parseMetricNumber('.5')).toBe(0.5);
    expect(parseMetricNumber('7.')).toBe(7);
    expect(parseMetricNumber('+2')).toBe(2);
  });

  it('reads every non-finite spelling', () => {
    for (const s of ['nan', 'NaN', 'NAN', '-nan']) expect(parseMetricNumber(s)).toBeNaN();
    for (const s of ['inf', 'Infinity', '+inf', 'INF']) expect(parseMetricNumber(s)).toBe(Infinity);
    for (const s of ['-inf', '-Infinity']) expect(parseMetricNumber(s)).toBe(-Infinity);
  });

  it('refuses what Number() would accept but is not a printed metric', () => {
    for (const s of ['', ' ', ' 1', '0x10', '0b1', '1_000', '1e', 'e5', '-', '.', 'nanx', 'constructor', '1'.repeat(65)]) {
      expect(parseMetricNumber(s), s).toBeUndefined();
    }
  });
});

describe('parseStep', () => {
  it('reads digits up to the largest safe integer', () => {
    expect(parseStep('0')).toBe(0);
    expect(parseStep('6000')).toBe(6000);
    expect(parseStep('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('refuses signs, decimals and unsafe integers', () => {
    for (const s of ['', '-1', '1.5', '9007199254740993', '1'.repeat(20), ' 1']) expect(parseStep(s), s).toBeUndefined();
  });
});
