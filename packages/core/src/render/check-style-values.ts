/**
 * Colours and font families reach SVG attributes and CSS through the drawing libraries, and not every library
 * escapes them (ECharts' server-side SVG writes `style="font-family:…"` as given). So renderers accept only
 * values that cannot break out of an attribute: CSS colour syntax and plain font-family lists.
 */
import { RunlensError } from '../errors.js';
import type { PlotSpec } from '../plots/plot-spec.js';

const COLOUR = /^(?:#[0-9a-f]{3,8}|[a-z]{3,30}|(?:rgba?|hsla?)\(\s*[-+\d.%\s,/]+\))$/i;
const FONT_FAMILY = /^[\p{L}\p{N} ,'._-]+$/u;

function checkColour(value: string, where: string): void {
  if (!COLOUR.test(value)) {
    throw new RunlensError('VALIDATION', `invalid colour at ${where}: ${JSON.stringify(value)} (use #rgb, #rrggbb, #rrggbbaa, rgb(), rgba(), hsl() or a colour name)`, { field: where });
  }
}

/**
 * Throws VALIDATION naming the first colour or font family of `spec` (theme, marks, legend, colour scales) that is
 * not plain CSS colour syntax or a plain list of font names.
 */
export function checkStyleValues(spec: PlotSpec): void {
  const { theme } = spec;
  if (!FONT_FAMILY.test(theme.fontFamily)) {
    throw new RunlensError('VALIDATION', `invalid font family in theme "${theme.name}": ${JSON.stringify(theme.fontFamily)} (font names separated by commas; letters, digits, spaces, ' . _ - only)`, { field: 'theme.fontFamily' });
  }
  for (const key of ['background', 'foreground', 'muted', 'gridColor'] as const) checkColour(theme[key], `theme.${key}`);
  for (const key of ['palette', 'sequential', 'diverging'] as const) theme[key].forEach((c, i) => checkColour(c, `theme.${key}[${i}]`));
  for (const [status, c] of Object.entries(theme.status)) checkColour(c, `theme.status.${status}`);
  spec.legend.entries.forEach((e, i) => checkColour(e.color, `legend.entries[${i}].color`));
  spec.panels.forEach((panel, p) => {
    panel.color?.scheme.forEach((c, i) => checkColour(c, `panels[${p}].color.scheme[${i}]`));
    panel.marks.forEach((mark, m) => {
      if (mark.color !== undefined) checkColour(mark.color, `panels[${p}].marks[${m}].color`);
      if ('colors' in mark && mark.colors) mark.colors.forEach((c, i) => checkColour(c, `panels[${p}].marks[${m}].colors[${i}]`));
    });
  });
}
