/**
 * Colour arithmetic the palette checks need: CSS hex → sRGB → linear light → CIELAB (D65). Pure and browser-safe.
 */
import { RunlensError } from '../errors.js';

/** sRGB components in 0..1. */
export type Rgb = readonly [number, number, number];
/** CIELAB L* (0..100), a*, b* under D65. */
export type Lab = readonly [number, number, number];

const HEX = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

/** Parses `#rgb` or `#rrggbb`; anything else (named colours, rgb()) is a VALIDATION error naming the value. */
export function parseHexColour(hex: string): Rgb {
  if (!HEX.test(hex)) throw new RunlensError('VALIDATION', `invalid colour: ${JSON.stringify(hex)} (expected #rgb or #rrggbb)`);
  const h = hex.length === 4 ? [...hex.slice(1)].map((c) => c + c).join('') : hex.slice(1);
  return [parseInt(h.slice(0, 2), 16) / 255, parseInt(h.slice(2, 4), 16) / 255, parseInt(h.slice(4, 6), 16) / 255];
}

/** True for the `#rgb` / `#rrggbb` forms the palette checks can measure. */
export function isHexColour(s: string): boolean {
  return HEX.test(s);
}

/** sRGB transfer function, decoded: a component 0..1 → linear light. */
export function srgbToLinear(c: number): number {
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

export function linearToSrgb(c: number): number {
  return c <= 0.0031308 ? 12.92 * c : 1.055 * c ** (1 / 2.4) - 0.055;
}

const D65 = { x: 0.95047, y: 1, z: 1.08883 };
const EPSILON = 216 / 24389;
const KAPPA = 24389 / 27;

function labF(t: number): number {
  return t > EPSILON ? Math.cbrt(t) : (KAPPA * t + 16) / 116;
}

/** sRGB (0..1) → CIELAB under D65. */
export function rgbToLab(rgb: Rgb): Lab {
  const [r, g, b] = rgb.map(srgbToLinear) as [number, number, number];
  const x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / D65.x;
  const y = (0.2126729 * r + 0.7151522 * g + 0.072175 * b) / D65.y;
  const z = (0.0193339 * r + 0.119192 * g + 0.9503041 * b) / D65.z;
  const fx = labF(x);
  const fy = labF(y);
  const fz = labF(z);
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}

/** CIE L* of a hex colour: how light it prints in greyscale (0 black … 100 white). */
export function lightness(hex: string): number {
  return rgbToLab(parseHexColour(hex))[0];
}
