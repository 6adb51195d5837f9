/**
 * JSON of the plotted data: per panel its axes and per mark its type, label, series and data columns (columnar
 * arrays, `null` for a missing value), plus the spec's warnings. For the whole figure description use `spec`.
 */
import { z } from 'zod';
import { PLUGIN_API_VERSION, type ExporterPlugin, type PlotSpec } from '@runlens/core';
import { plottedData, type Cell } from './plotted-data.js';

export const JsonExportOptionsSchema = z.strictObject({});
export type JsonExportOptions = z.infer<typeof JsonExportOptionsSchema>;

export interface PlottedDataJson {
  plot: string;
  title?: string;
  panels: {
    title?: string;
    x: { label?: string; scale: string };
    y: { label?: string; scale: string };
    marks: { type: string; label?: string; series?: string; columns: Record<string, Cell[]> }[];
  }[];
  warnings: string[];
}

/** The plotted data of a spec as a JSON-ready object. */
export function plottedDataJson(spec: PlotSpec): PlottedDataJson {
  const marks = plottedData(spec);
  return {
    plot: spec.plot,
    ...(spec.title !== undefined ? { title: spec.title } : {}),
    panels: spec.panels.map((panel, p) => ({
      ...(panel.title !== undefined ? { title: panel.title } : {}),
      x: { ...(panel.x.label !== undefined ? { label: panel.x.label } : {}), scale: panel.x.scale },
      y: { ...(panel.y.label !== undefined ? { label: panel.y.label } : {}), scale: panel.y.scale },
      marks: marks.filter((m) => m.panel === p).map((m) => ({
        type: m.mark,
        ...(m.label !== undefined ? { label: m.label } : {}),
        ...(m.series !== undefined ? { series: m.series } : {}),
        columns: m.columns,
      })),
    })),
    warnings: spec.warnings,
  };
}

export const jsonExporter: ExporterPlugin<JsonExportOptions> = {
  kind: 'exporter',
  name: 'json',
  apiVersion: PLUGIN_API_VERSION,
  description: 'The plotted data as JSON: panels, axes and each mark\'s columns',
  extension: 'json',
  mediaType: 'application/json',
  options: JsonExportOptionsSchema,
  async export({ spec }) {
    return new TextEncoder().encode(JSON.stringify(plottedDataJson(spec)) + '\n');
  },
};
