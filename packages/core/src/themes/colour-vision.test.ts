import { describe, expect, it } from 'vitest';
import { ciede2000 } from './colour-difference.js';
import { parseHexColour, rgbToLab } from './colour-space.js';
import { simulateColourVision, type ColourVision } from './colour-vision.js';

const seen = (hex: string, vision: ColourVision) => rgbToLab(simulateColourVision(parseHexColour(hex), vision));
const distance = (a: string, b: string, vision: ColourVision) => ciede2000(seen(a, vision), seen(b, vision));

describe('simulateColourVision (Machado et al. 2009)', () => {
  it('leaves greys grey and normal vision untouched', () => {
    for (const vision of ['protanopia', 'deuteranopia', 'tritanopia'] as const) {
      for (const grey of ['#000000', '#808080', '#ffffff']) expect(distance(grey, grey, 'normal')).toBe(0);
      expect(ciede2000(seen('#808080', vision), seen('#808080', 'normal'))).toBeLessThan(1);
    }
    expect(simulateColourVision([0.2, 0.4, 0.6], 'normal')).toEqual([0.2, 0.4, 0.6]);
  });

  it('makes the classic red–green confusion pair hard to tell apart for red–green dichromats only', () => {
    // a red and a green of similar lightness: far apart for normal vision, close for protan/deutan
    expect(distance('#d62728', '#2ca02c', 'normal')).toBeGreaterThan(50);
    expect(distance('#ff7f0e', '#2ca02c', 'protanopia')).toBeLessThan(5);
    expect(distance('#ff7f0e', '#bcbd22', 'deuteranopia')).toBeLessThan(5);
    expect(distance('#ff7f0e', '#bcbd22', 'tritanopia')).toBeGreaterThan(10);
  });

  it('makes blue–green confusions for tritanopes', () => {
    expect(distance('#0000ff', '#00aa00', 'tritanopia')).toBeLessThan(distance('#0000ff', '#00aa00', 'normal') / 2);
  });
});
