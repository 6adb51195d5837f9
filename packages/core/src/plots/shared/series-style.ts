/** Colours and dashes of the i-th series: the theme's palette, with dashes cycled once the palette is used up. */
import type { Theme } from '../../themes/theme.js';

export interface SeriesStyle {
  color: string;
  /** Dash pattern; [] is solid. */
  dash: number[];
}

/**
 * The style of series `index`. The first palette.length series are solid in distinct colours; after that the
 * colours repeat with the next dash pattern, so 20+ series stay tellable apart (and in greyscale with the
 * publication theme, whose palette is short and whose dashes differ from the start).
 */
export function seriesStyle(theme: Theme, index: number): SeriesStyle {
  const n = theme.palette.length;
  const i = Math.max(0, Math.floor(index));
  return { color: theme.palette[i % n]!, dash: theme.dashes[Math.floor(i / n) % theme.dashes.length]! };
}
