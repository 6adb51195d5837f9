/** The PlotSpec itself as JSON (validated by docs/plot-spec.schema.json): for other tools, tests and debugging. */
import { z } from 'zod';
import { PLUGIN_API_VERSION, type ExporterPlugin } from '@runlens/core';

export const SpecExportOptionsSchema = z.strictObject({});
export type SpecExportOptions = z.infer<typeof SpecExportOptionsSchema>;

export const specExporter: ExporterPlugin<SpecExportOptions> = {
  kind: 'exporter',
  name: 'spec',
  apiVersion: PLUGIN_API_VERSION,
  description: 'The renderer-agnostic PlotSpec as JSON',
  // `fig.json` is the plotted data; the spec needs its own suffix
  extension: 'spec.json',
  mediaType: 'application/json',
  options: SpecExportOptionsSchema,
  async export({ spec }) {
    return new TextEncoder().encode(JSON.stringify(spec) + '\n');
  },
};
