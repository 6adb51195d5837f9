/**
 * PNG: the renderer's SVG rasterised by resvg with the bundled DejaVu fonts (no system fonts), so the image is the
 * same on every machine. Only characters DejaVu has no glyph for (CJK) come from a fallback font found on the
 * machine (fallback-fonts.ts). The file records its resolution in a pHYs chunk.
 */
import { crc32 } from 'node:zlib';
import { z } from 'zod';
import { PLUGIN_API_VERSION, RunlensError, type ExporterPlugin } from '@runlens/core';
import { BUNDLED_FONTS, bundledFontFiles } from './bundled-fonts.js';
import { fallbackFilesForSvg } from './fallback-fonts.js';
import { renderSvgOf } from './renderer-output.js';

/** CSS pixels per inch: an SVG px is 1/96 in, so `dpi: 96` is scale 1. */
export const CSS_DPI = 96;
/** Most pixels one PNG may have (about 256 MB of RGBA while drawing). */
export const MAX_PNG_PIXELS = 64 * 1024 * 1024;

export const PngExportOptionsSchema = z.strictObject({
  dpi: z.number().min(10).max(2400).default(144).meta({ description: 'Resolution: scale = dpi / 96 (default 144 → 1.5×)' }),
  scale: z.number().positive().max(50).optional().meta({ description: 'Pixels per SVG px; overrides dpi' }),
});
export type PngExportOptions = z.infer<typeof PngExportOptionsSchema>;

/** The pixel scale the options ask for. */
export function pngScale(options: PngExportOptions): number {
  return options.scale ?? options.dpi / CSS_DPI;
}

/** Inserts a pHYs chunk (pixels per metre) after IHDR, so viewers and print layouts know the DPI. */
export function withPngDpi(png: Uint8Array, dpi: number): Uint8Array {
  const IHDR_END = 8 + 4 + 4 + 13 + 4; // signature, then IHDR: length, type, 13 data bytes, crc
  const ppm = Math.round(dpi / 0.0254);
  const chunk = new Uint8Array(4 + 4 + 9 + 4);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, 9);
  chunk.set(new TextEncoder().encode('pHYs'), 4);
  view.setUint32(8, ppm);
  view.setUint32(12, ppm);
  chunk[16] = 1; // unit: metre
  view.setUint32(17, crc32(chunk.subarray(4, 17)));
  const out = new Uint8Array(png.length + chunk.length);
  out.set(png.subarray(0, IHDR_END), 0);
  out.set(chunk, IHDR_END);
  out.set(png.subarray(IHDR_END), IHDR_END + chunk.length);
  return out;
}

export const pngExporter: ExporterPlugin<PngExportOptions> = {
  kind: 'exporter',
  name: 'png',
  apiVersion: PLUGIN_API_VERSION,
  description: 'Raster image (resvg, bundled DejaVu fonts, a system CJK font for what DejaVu lacks); options dpi (default 144) or scale',
  extension: 'png',
  mediaType: 'image/png',
  options: PngExportOptionsSchema,
  async export(input, options) {
    const scale = pngScale(options);
    const w = Math.round(input.spec.width * scale);
    const h = Math.round(input.spec.height * scale);
    if (w * h > MAX_PNG_PIXELS) {
      throw new RunlensError('VALIDATION', `a ${input.spec.width}×${input.spec.height} plot at scale ${scale} is a ${w}×${h} px PNG; at most ${MAX_PNG_PIXELS.toLocaleString('en-US')} pixels: lower dpi or scale`, { field: 'dpi' });
    }
    const svg = await renderSvgOf(input);
    // renderAsync draws on libuv's thread pool: a server stays responsive while a large figure rasterises
    // loaded on the first PNG, not with every `runlens` command
    const { renderAsync } = await import('@resvg/resvg-js');
    const image = await renderAsync(svg, {
      fitTo: { mode: 'zoom', value: scale },
      background: input.spec.theme.background,
      font: {
        loadSystemFonts: false,
        // characters DejaVu has no glyph for (CJK): resvg takes them from a fallback font found on the machine
        fontFiles: [...bundledFontFiles(), ...fallbackFilesForSvg(svg)],
        defaultFontFamily: BUNDLED_FONTS.sans.family,
        sansSerifFamily: BUNDLED_FONTS.sans.family,
        serifFamily: BUNDLED_FONTS.serif.family,
        monospaceFamily: BUNDLED_FONTS.mono.family,
        cursiveFamily: BUNDLED_FONTS.serif.family,
        fantasyFamily: BUNDLED_FONTS.sans.family,
      },
      logLevel: 'off',
    });
    return withPngDpi(image.asPng(), scale * CSS_DPI);
  },
};
