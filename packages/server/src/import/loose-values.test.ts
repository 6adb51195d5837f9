import { describe, expect, it } from 'vitest';
import { parseMetricValue, parseParamValue, parseStep, parseTime, stepProblem } from './loose-values.js';

describe('loose values', () => {
  it('reads metric values from numbers, decimals and the non-finite words Python, pandas and JS write', () => {
    expect(parseMetricValue(0.5)).toBe(0.5);
    expect(parseMetricValue(' 1e-05 ')).toBe(1e-5);
    expect(parseMetricValue('-.5')).toBe(-0.5);
    expect(parseMetricValue('nan')).toBeNaN();
    expect(parseMetricValue('NaN')).toBeNaN();
    expect(parseMetricValue('inf')).toBe(Infinity);
    expect(parseMetricValue('Infinity')).toBe(Infinity);
    expect(parseMetricValue('-inf')).toBe(-Infinity);
    expect(parseMetricValue('-Infinity')).toBe(-Infinity);
    for (const bad of ['', 'abc', '0x10', '1,5', true, null, undefined, {}]) expect(parseMetricValue(bad)).toBeUndefined();
  });

  it('checks steps', () => {
    expect(parseStep('12')).toBe(12);
    expect(parseStep('12.0')).toBe(12);
    expect(stepProblem(parseStep('x'))).toBe('step is not a number');
    expect(stepProblem(2.5)).toBe('step 2.5 is not an integer');
    expect(stepProblem(-1)).toBe('step -1 is negative');
    expect(stepProblem(0)).toBeUndefined();
  });

  it('types params written as text, keeping what would not survive as a number', () => {
    expect(parseParamValue('0.001')).toBe(0.001);
    expect(parseParamValue('128')).toBe(128);
    expect(parseParamValue('1e-4')).toBe(1e-4);
    expect(parseParamValue('True')).toBe(true);
    expect(parseParamValue('false')).toBe(false);
    expect(parseParamValue('None')).toBeNull();
    expect(parseParamValue('007')).toBe('007');
    expect(parseParamValue('1.')).toBe('1.');
    expect(parseParamValue('nan')).toBe('nan');
    expect(parseParamValue('adam')).toBe('adam');
  });

  it('reads times as ms, seconds (below 1e11) or date strings', () => {
    expect(parseTime(1700000000000)).toBe(1700000000000);
    expect(parseTime('1700000000000')).toBe(1700000000000);
    expect(parseTime(1700000000.5)).toBe(1700000000500);
    expect(parseTime('2023-11-14T22:13:20Z')).toBe(1700000000000);
    expect(parseTime('2023-11-14 22:13:20.123456')).toBe(1700000000123); // tests run with TZ=UTC
    for (const bad of ['', 'yesterday', -5, 1e20, null]) expect(parseTime(bad)).toBeUndefined();
  });
});
