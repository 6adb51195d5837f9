/**
 * CSV of the plotted data in long form: one row per plotted point, bar, rule… with its panel, mark type, label and
 * series, then the data columns of every mark type present (empty where a mark has no such column). RFC 4180
 * quoting; text cells starting with = + - @ (or a tab / carriage return) get a leading `'` so a spreadsheet never
 * runs a run name as a formula. Numbers are written in full precision; a missing value is an empty cell.
 */
import { z } from 'zod';
import { PLUGIN_API_VERSION, type ExporterPlugin } from '@runlens/core';
import { csvField } from '../../cli/format.js';
import { COLUMN_ORDER, plottedData, type Cell } from './plotted-data.js';

export const CsvExportOptionsSchema = z.strictObject({});
export type CsvExportOptions = z.infer<typeof CsvExportOptionsSchema>;

/** A text cell a spreadsheet will not evaluate. */
export function csvTextCell(s: string): string {
  return csvField(/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);
}

function cell(v: Cell | undefined): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'number' ? csvField(v) : csvTextCell(v);
}

/** The CSV text of a spec's plotted data. */
export function plottedDataCsv(spec: Parameters<typeof plottedData>[0]): string {
  const marks = plottedData(spec);
  const present = new Set(marks.flatMap((m) => Object.keys(m.columns)));
  const dataColumns = [...COLUMN_ORDER.filter((c) => present.has(c)), ...[...present].filter((c) => !COLUMN_ORDER.includes(c)).sort()];
  const header = ['panel', 'panel_title', 'mark', 'label', 'series', 'row', ...dataColumns];
  const lines = [header.join(',')];
  for (const m of marks) {
    const rows = Math.max(0, ...Object.values(m.columns).map((c) => c.length));
    const fixed = `${m.panel},${cell(m.panelTitle)},${m.mark},${cell(m.label)},${cell(m.series)}`;
    for (let i = 0; i < rows; i++) {
      lines.push(`${fixed},${i},${dataColumns.map((c) => cell(m.columns[c]?.[i])).join(',')}`);
    }
  }
  return lines.join('\n') + '\n';
}

export const csvExporter: ExporterPlugin<CsvExportOptions> = {
  kind: 'exporter',
  name: 'csv',
  apiVersion: PLUGIN_API_VERSION,
  description: 'The plotted data as CSV, one row per plotted point (panel, mark, label, series, columns)',
  extension: 'csv',
  mediaType: 'text/csv; charset=utf-8',
  options: CsvExportOptionsSchema,
  async export({ spec }) {
    return new TextEncoder().encode(plottedDataCsv(spec));
  },
};
