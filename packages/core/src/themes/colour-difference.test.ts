import { describe, expect, it } from 'vitest';
import { ciede2000 } from './colour-difference.js';
import { lightness, parseHexColour, rgbToLab } from './colour-space.js';

// Sharma, Wu & Dalal (2005), "The CIEDE2000 color-difference formula", table 1: pairs chosen to cover hue
// wrap-around at 0°/360°, the mean-hue branch and near-black colours.
const SHARMA: [[number, number, number], [number, number, number], number][] = [
  [[50, 2.6772, -79.7751], [50, 0, -82.7485], 2.0425],
  [[50, 0, 0], [50, -1, 2], 2.3669],
  [[50, 2.49, -0.001], [50, -2.49, 0.0009], 7.1792],
  [[50, 2.49, -0.001], [50, -2.49, 0.0011], 7.2195],
  [[50, -0.001, 2.49], [50, 0.0009, -2.49], 4.8045],
  [[50, 2.5, 0], [73, 25, -18], 27.1492],
  [[50, 2.5, 0], [56, -27, -3], 31.903],
  [[50, 2.5, 0], [58, 24, 15], 19.4535],
  [[60.2574, -34.0099, 36.2677], [60.4626, -34.1751, 39.4387], 1.2644],
  [[2.0776, 0.0795, -1.135], [0.9033, -0.0636, -0.5514], 0.9082],
];

describe('ciede2000', () => {
  it('matches the published test data of Sharma et al. to 4 decimals, both ways round', () => {
    for (const [a, b, expected] of SHARMA) {
      expect(ciede2000(a, b)).toBeCloseTo(expected, 4);
      expect(ciede2000(b, a)).toBeCloseTo(expected, 4);
    }
  });

  it('is 0 for a colour and itself, and large for black and white', () => {
    expect(ciede2000([40, 10, -20], [40, 10, -20])).toBe(0);
    expect(ciede2000(rgbToLab(parseHexColour('#000')), rgbToLab(parseHexColour('#fff')))).toBeCloseTo(100, 0);
  });
});

describe('colour space', () => {
  it('converts sRGB hex to CIELAB (D65) like the reference values', () => {
    const [l, a, b] = rgbToLab(parseHexColour('#ff0000'));
    expect(l).toBeCloseTo(53.24, 1);
    expect(a).toBeCloseTo(80.09, 1);
    expect(b).toBeCloseTo(67.2, 1);
    expect(lightness('#777777')).toBeCloseTo(50.03, 1);
  });

  it('rejects what it cannot measure, naming the value', () => {
    for (const bad of ['red', '#12345', 'rgb(0,0,0)', '', '#ggg']) expect(() => parseHexColour(bad), bad).toThrow(/invalid colour/);
  });
});
