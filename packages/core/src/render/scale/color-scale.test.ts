import { describe, expect, it } from 'vitest';
import { colorScaleColor, contrastingTextColor } from './color-scale.js';

describe('colorScaleColor', () => {
  const scale = { domain: [-1, 1] as [number, number], scheme: ['#000000', '#ffffff', '#ff0000'] };

  it('spreads the scheme over the domain and interpolates between neighbours', () => {
    expect(colorScaleColor(scale, -1)).toBe('#000000');
    expect(colorScaleColor(scale, 0)).toBe('#ffffff');
    expect(colorScaleColor(scale, 1)).toBe('#ff0000');
    expect(colorScaleColor(scale, -0.5)).toBe('#808080');
  });

  it('clamps outside the domain and gives missing values the missing colour', () => {
    expect(colorScaleColor(scale, 5)).toBe('#ff0000');
    expect(colorScaleColor(scale, null)).toBe('transparent');
    expect(colorScaleColor(scale, Number.NaN, '#eee')).toBe('#eee');
  });
});

describe('contrastingTextColor', () => {
  it('writes dark on light and light on dark', () => {
    expect(contrastingTextColor('#f7f7f7', '#123')).toBe('#000000');
    expect(contrastingTextColor('#2166ac', '#123')).toBe('#ffffff');
    expect(contrastingTextColor('steelblue', '#123')).toBe('#123');
  });
});
