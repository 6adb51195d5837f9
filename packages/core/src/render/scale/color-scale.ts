/**
 * Colours of rect `values` through a panel's colour scale, computed here so every renderer paints a heatmap cell
 * the same colour, and the text colour that stays readable on a fill.
 */
import type { ColorScale } from '../../plots/plot-spec.js';
import { isHexColour, parseHexColour, lightness } from '../../themes/colour-space.js';

const toHex = (c: number): string => Math.round(Math.max(0, Math.min(1, c)) * 255).toString(16).padStart(2, '0');

/**
 * The colour of `value`: the scheme's colours spread evenly over the domain, interpolated in sRGB between
 * neighbours; values outside the domain take the end colours. `null` (a missing value) returns `missing`.
 */
export function colorScaleColor(scale: ColorScale, value: number | null, missing = 'transparent'): string {
  if (value === null || !Number.isFinite(value)) return missing;
  const [d0, d1] = scale.domain;
  const scheme = scale.scheme;
  const t = d1 === d0 ? 0.5 : Math.max(0, Math.min(1, (value - d0) / (d1 - d0)));
  const pos = t * (scheme.length - 1);
  const i = Math.min(scheme.length - 2, Math.floor(pos));
  const a = scheme[i]!;
  const b = scheme[i + 1]!;
  if (!isHexColour(a) || !isHexColour(b)) return pos - i < 0.5 ? a : b;
  const ca = parseHexColour(a);
  const cb = parseHexColour(b);
  const f = pos - i;
  return `#${toHex(ca[0] + (cb[0] - ca[0]) * f)}${toHex(ca[1] + (cb[1] - ca[1]) * f)}${toHex(ca[2] + (cb[2] - ca[2]) * f)}`;
}

/** Dark text on light fills, light text on dark ones; colours that are not hex keep `fallback`. */
export function contrastingTextColor(fill: string, fallback: string): string {
  if (!isHexColour(fill)) return fallback;
  return lightness(fill) > 55 ? '#000000' : '#ffffff';
}
