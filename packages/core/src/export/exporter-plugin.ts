/** Exporters turn a rendered plot into a file: SVG, PNG, PDF, HTML, CSV, JSON. */
import type { z } from 'zod';
import type { PluginBase, PluginRegistry } from '../plugins/registry.js';
import type { PlotSpec } from '../plots/plot-spec.js';
import type { RendererPlugin } from '../render/renderer-plugin.js';

export interface ExportInput {
  spec: PlotSpec;
  renderer: RendererPlugin;
  /** Where the other plugins are: lets an exporter name the renderers that can do what this one cannot. */
  registry?: PluginRegistry | undefined;
}

export interface ExporterPlugin<O = Record<string, unknown>> extends PluginBase {
  kind: 'exporter';
  /** File extension without the dot (`png`); `runlens plot --out fig.png` picks the exporter by it. */
  extension: string;
  mediaType: string;
  options: z.ZodType<O>;
  export(input: ExportInput, options: O): Promise<Uint8Array>;
}
