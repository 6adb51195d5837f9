/** SVG: the renderer's own standalone SVG document. */
import { z } from 'zod';
import { PLUGIN_API_VERSION, type ExporterPlugin } from '@runlens/core';
import { renderSvgOf } from './renderer-output.js';

export const SvgExportOptionsSchema = z.strictObject({});
export type SvgExportOptions = z.infer<typeof SvgExportOptionsSchema>;

export const svgExporter: ExporterPlugin<SvgExportOptions> = {
  kind: 'exporter',
  name: 'svg',
  apiVersion: PLUGIN_API_VERSION,
  description: 'Scalable vector graphics drawn by the renderer (its renderSvg)',
  extension: 'svg',
  mediaType: 'image/svg+xml',
  options: SvgExportOptionsSchema,
  async export(input) {
    return new TextEncoder().encode(await renderSvgOf(input));
  },
};
