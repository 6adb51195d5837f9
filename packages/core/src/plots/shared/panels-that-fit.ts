/**
 * How many panels of a per-run (or per-key) grid a figure can hold at a readable size, and in how many columns: a
 * grid of 36 panels in 800 × 500 px is not a figure anyone reads. Plot types draw the first ones that fit and say
 * how to see the rest.
 */

/** The smallest panel that still reads (axes, a title, a few buckets or cells), in px. */
const MIN_PANEL_WIDTH = 220;
const MIN_PANEL_HEIGHT = 150;
/** Room the figure's title takes above the grid, in px. */
const TITLE_ROOM = 40;

export interface PanelFit {
  /** Panels that fit (at least 1, at most `cap`). */
  count: number;
  /** Columns of the grid (at most 3). */
  columns: number;
}

/**
 * The grid for `wanted` panels in a `width` × `height` figure; with the default smallest panel (220 × 150 px) an
 * 800 × 500 figure holds 3 × 3. Panels that need more room (a labelled matrix) pass their own `min`.
 */
export function panelsThatFit(wanted: number, width: number, height: number, cap = Infinity, min = { width: MIN_PANEL_WIDTH, height: MIN_PANEL_HEIGHT }): PanelFit {
  const fitColumns = Math.max(1, Math.min(3, Math.floor(width / min.width)));
  const fitRows = Math.max(1, Math.floor((height - TITLE_ROOM) / min.height));
  const count = Math.max(1, Math.min(cap, fitColumns * fitRows));
  const shown = Math.min(wanted, count);
  // a row of up to three; four as 2 × 2
  return { count, columns: Math.max(1, Math.min(fitColumns, shown === 4 ? 2 : shown)) };
}

/** The warning when `wanted` panels were cut to `fit`. */
export function panelsCutWarning(what: string, wanted: number, fit: number, width: number, height: number, how: string): string {
  return `${wanted} ${what}: ${fit} fit in ${width} × ${height} px, drawing the first ${fit}; ${how}, or make the figure taller`;
}
