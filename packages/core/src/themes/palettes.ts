/**
 * Categorical palettes and dash sets of the built-in themes, and the check that keeps them honest.
 *
 * A palette cannot stay colour-blind safe for 20+ distinct colours, so series beyond the palette reuse its colours
 * with the next dash pattern (`seriesStyle`): `palette.length × dashes.length` series get a unique colour + dash
 * pair. The colours themselves are chosen so that, for everyone, including people with protanopia, deuteranopia
 * or tritanopia (simulated with Machado et al. 2009), every pair stays at least ΔE00 10 apart and every colour stands
 * out from the theme's background; `palettes.test.ts` measures this.
 */
import { ciede2000 } from './colour-difference.js';
import { parseHexColour, rgbToLab } from './colour-space.js';
import { COLOUR_VISIONS, simulateColourVision, type ColourVision } from './colour-vision.js';

/**
 * For light backgrounds: Okabe & Ito's colour-blind-safe set (without its yellow, which vanishes on white), then
 * indigo, black, brown and wine, ordered so the first few series are the most distinct.
 */
export const LIGHT_BACKGROUND_PALETTE: readonly string[] = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#332288', '#000000', '#8c564b', '#882255'];

/** For dark backgrounds: Okabe & Ito's lighter colours (yellow included), light grey instead of black, then brown, pale green and periwinkle. */
export const DARK_BACKGROUND_PALETTE: readonly string[] = ['#56b4e9', '#e69f00', '#009e73', '#cc79a7', '#f0e442', '#d55e00', '#e6e6e6', '#8c564b', '#a6dba0', '#5d69b1'];

/** Four colours whose CIE lightness differs by 20+ (black, light, middle, dark), so they stay apart when printed in greyscale. */
export const GREYSCALE_SAFE_PALETTE: readonly string[] = ['#000000', '#e69f00', '#0072b2', '#332288'];

/** Dash patterns (px on, px off) cycled once a palette is used up. */
export const LINE_DASHES: readonly (readonly number[])[] = [[], [6, 3], [2, 2], [8, 3, 2, 3]];

/** Seven patterns: with the four greyscale colours, 28 unique colour + dash pairs (7 is coprime with 4). */
export const PUBLICATION_DASHES: readonly (readonly number[])[] = [[], [6, 3], [2, 2], [8, 3, 2, 3], [12, 4], [1, 3], [8, 2, 2, 2, 2, 2]];

export interface PaletteCheck {
  vision: ColourVision;
  /** Smallest CIEDE2000 difference between two palette colours as seen with this vision. */
  minPairDistance: number;
  closestPair: [string, string];
  /** Smallest CIEDE2000 difference between a palette colour and the background. */
  minBackgroundDistance: number;
}

/**
 * How distinct the colours of `palette` are from each other and from `background`, for normal vision and the three
 * dichromacies. Colours must be `#rgb`/`#rrggbb`. A palette of one colour has an infinite pair distance.
 */
export function checkPalette(palette: readonly string[], background: string): PaletteCheck[] {
  const rgb = palette.map(parseHexColour);
  const bg = parseHexColour(background);
  return COLOUR_VISIONS.map((vision) => {
    const labs = rgb.map((c) => rgbToLab(simulateColourVision(c, vision)));
    const bgLab = rgbToLab(simulateColourVision(bg, vision));
    let minPairDistance = Infinity;
    let closestPair: [string, string] = [palette[0] ?? '', palette[0] ?? ''];
    for (let i = 0; i < labs.length; i++) {
      for (let j = i + 1; j < labs.length; j++) {
        const d = ciede2000(labs[i]!, labs[j]!);
        if (d < minPairDistance) {
          minPairDistance = d;
          closestPair = [palette[i]!, palette[j]!];
        }
      }
    }
    const minBackgroundDistance = Math.min(...labs.map((l) => ciede2000(l, bgLab)));
    return { vision, minPairDistance, closestPair, minBackgroundDistance };
  });
}
