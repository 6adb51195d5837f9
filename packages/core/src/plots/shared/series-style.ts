/** Colours and dashes of the i-th series: the theme's palette, with dashes cycled once the palette is used up. */
import type { Theme } from '../../themes/theme.js';

export interface SeriesStyle {
  color: string;
  /** Dash pattern; [] is solid. */
  dash: number[];
}

/**
 * The style of series `index`. The first palette.length series are solid in distinct colours; after that the
 * colours repeat with the next dash pattern, so 20+ series stay tellable apart. A theme with `dashCycle:
 * 'with-palette'` (publication) changes the dash with every series, so lines differ in greyscale too.
 */
export function seriesStyle(theme: Theme, index: number): SeriesStyle {
  const n = theme.palette.length;
  const i = Math.max(0, Math.floor(index));
  // `with-palette` (publication): every series gets the next dash too, so lines differ in greyscale from the start
  const d = theme.dashCycle === 'with-palette' ? i : Math.floor(i / n);
  return { color: theme.palette[i % n]!, dash: theme.dashes[d % theme.dashes.length]! };
}
