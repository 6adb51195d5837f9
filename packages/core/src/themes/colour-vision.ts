/**
 * Colour-vision-deficiency simulation with the matrices of Machado, Oliveira & Fernandes (2009), severity 1.0 (full
 * dichromacy), applied in linear sRGB as their paper prescribes. Used to check that palettes stay distinguishable for
 * the ~8% of men with a red–green deficiency (protanopia, deuteranopia) and for tritanopia.
 */
import { linearToSrgb, srgbToLinear, type Rgb } from './colour-space.js';

export const COLOUR_VISIONS = ['normal', 'protanopia', 'deuteranopia', 'tritanopia'] as const;
export type ColourVision = (typeof COLOUR_VISIONS)[number];

type Matrix3 = readonly [readonly [number, number, number], readonly [number, number, number], readonly [number, number, number]];

/** Machado et al. 2009, table of simulation matrices, severity 1.0. */
const MACHADO_2009: Record<Exclude<ColourVision, 'normal'>, Matrix3> = {
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
  tritanopia: [
    [1.255528, -0.076749, -0.178779],
    [-0.078411, 0.930809, 0.147602],
    [0.004733, 0.691367, 0.3039],
  ],
};

const clamp01 = (v: number): number => Math.min(1, Math.max(0, v));

/** How an sRGB colour looks to someone with the given colour vision (sRGB 0..1 in and out). */
export function simulateColourVision(rgb: Rgb, vision: ColourVision): Rgb {
  if (vision === 'normal') return rgb;
  const m = MACHADO_2009[vision];
  const lin = rgb.map(srgbToLinear) as [number, number, number];
  const out = m.map((row) => linearToSrgb(clamp01(row[0] * lin[0] + row[1] * lin[1] + row[2] * lin[2])));
  return [out[0]!, out[1]!, out[2]!];
}
