/**
 * A resolved theme: every colour, font and size a renderer needs, so that a PlotSpec carries its whole look and
 * renderers stay pure functions of the spec. Built-in themes and user themes (which extend one) resolve to this.
 */
import { z } from 'zod';

const Colour = z.string().min(1).max(64);

export const ThemeSchema = z.object({
  name: z.string().min(1).max(64),
  /** Page background. */
  background: Colour,
  /** Titles, axis lines and labels. */
  foreground: Colour,
  /** Tick labels, subtitles, secondary text. */
  muted: Colour,
  gridColor: Colour,
  showGrid: z.boolean(),
  fontFamily: z.string().min(1).max(200),
  /** Base font size in px (tick labels); titles are larger. */
  fontSize: z.number().min(4).max(72),
  titleFontSize: z.number().min(4).max(96),
  /** Categorical colours, assigned to series in order; must stay distinct for 20+ series. */
  palette: z.array(Colour).min(1).max(256),
  /** Dash patterns (px on, px off; [] = solid) cycled with the palette so lines differ in greyscale too. */
  dashes: z.array(z.array(z.number().min(0).max(100)).max(8)).min(1).max(32),
  /**
   * How series get dashes. `after-palette` (default): solid lines until the palette is used up, then the next dash
   * pattern. `with-palette`: colour and dash both advance with every series, so lines differ in dash from the second
   * series on (greyscale print); with palette and dash counts coprime, `palette × dashes` pairs stay unique.
   */
  dashCycle: z.enum(['after-palette', 'with-palette']).optional(),
  /** Low → high colour ramp of sequential colour scales (heatmaps, histograms over time). */
  sequential: z.array(Colour).min(2).max(32),
  /** Negative → zero → positive ramp of diverging scales (correlation). */
  diverging: z.array(Colour).min(3).max(32),
  /** Status colours of runs. */
  status: z.object({ running: Colour, completed: Colour, failed: Colour, killed: Colour, crashed: Colour }),
  lineWidth: z.number().min(0.1).max(20),
  pointRadius: z.number().min(0.5).max(40),
  /** Fill opacity of bands (min–max, ±std, CI) and areas. */
  bandOpacity: z.number().min(0).max(1),
});
export type Theme = z.infer<typeof ThemeSchema>;
