/** The exporters runlens ships, in the order `runlens plugins` lists them. */
import type { ExporterPlugin } from '@runlens/core';
import { csvExporter } from './csv-exporter.js';
import { htmlExporter } from './html-exporter.js';
import { jsonExporter } from './json-exporter.js';
import { pdfExporter } from './pdf-exporter.js';
import { pngExporter } from './png-exporter.js';
import { specExporter } from './spec-exporter.js';
import { svgExporter } from './svg-exporter.js';

export const BUILTIN_EXPORTERS: readonly ExporterPlugin<unknown>[] = [
  svgExporter,
  pngExporter,
  pdfExporter,
  htmlExporter,
  csvExporter,
  jsonExporter,
  specExporter,
] as ExporterPlugin<unknown>[];
