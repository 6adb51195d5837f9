/**
 * The data a spec plots, as tables: one per mark, with the mark's panel, type, label and series and its data
 * columns (never its styling). CSV and JSON exports are written from this, so they hold exactly what the figure
 * shows — after downsampling, smoothing and grouping — not the raw series.
 */
import type { Axis, Mark, MarkType, PlotSpec } from '@runlens/core';

export type Cell = number | string | null;

export interface PlottedMark {
  /** 0-based panel index (row by row in the grid). */
  panel: number;
  panelTitle: string | undefined;
  mark: MarkType;
  label: string | undefined;
  series: string | undefined;
  /** Equal-length columns. Polygons get a `part` column (which polygon a vertex belongs to). */
  columns: Record<string, Cell[]>;
}

/** The data channels of each mark type, in column order. A Record over MarkType: the compiler proves every mark has one. */
const MARK_COLUMNS: { readonly [T in MarkType]: readonly string[] } = {
  line: ['x', 'y'],
  area: ['x', 'y1', 'y2'],
  point: ['x', 'y', 'size', 'text'],
  bar: ['x', 'y', 'base'],
  rule: ['x1', 'x2', 'y1', 'y2'],
  rect: ['x1', 'x2', 'y1', 'y2', 'values', 'text'],
  box: ['x', 'q1', 'median', 'q3', 'lo', 'hi'],
  polygon: ['x', 'y'],
  text: ['x', 'y', 'text'],
};

/** Canonical column order of a table that mixes marks. */
export const COLUMN_ORDER = ['part', 'x', 'x_tick', 'y', 'y_tick', 'x1', 'x2', 'y1', 'y2', 'base', 'size', 'values', 'q1', 'median', 'q3', 'lo', 'hi', 'text'];

function isCell(v: unknown): v is Cell {
  return v === null || typeof v === 'number' || typeof v === 'string';
}

/** Array columns as they are, scalars (a bar's base) repeated, nested arrays (polygons) flattened with `part`. */
function markColumns(mark: Mark): Record<string, Cell[]> {
  const fields: Record<string, unknown> = mark;
  const present = MARK_COLUMNS[mark.type].filter((k) => fields[k] !== undefined);
  const nested = present.some((k) => Array.isArray(fields[k]) && (fields[k] as unknown[]).some(Array.isArray));
  const out: Record<string, Cell[]> = {};
  if (nested) {
    const part: Cell[] = [];
    const first = fields[present[0]!] as unknown[];
    first.forEach((p, i) => {
      if (Array.isArray(p)) for (let k = 0; k < p.length; k++) part.push(i);
    });
    out.part = part;
    for (const k of present) {
      const v = fields[k];
      out[k] = Array.isArray(v) ? v.flatMap((p: unknown) => (Array.isArray(p) ? p.filter(isCell) : [])) : part.map(() => (isCell(v) ? v : null));
    }
    return out;
  }
  const rows = Math.max(0, ...present.map((k) => (Array.isArray(fields[k]) ? (fields[k] as unknown[]).length : 0)));
  for (const k of present) {
    const v = fields[k];
    out[k] = Array.isArray(v) ? Array.from({ length: rows }, (_, i) => (isCell(v[i]) ? v[i] : null)) : Array.from({ length: rows }, () => (isCell(v) ? v : null));
  }
  return out;
}

/** The category names of a categorical axis' positions, or undefined when none of `values` is one. */
function tickNames(axis: Axis, values: Cell[] | undefined): Cell[] | undefined {
  if (!axis.ticks || !values) return undefined;
  const names = new Map(axis.ticks.map((t) => [t.value, t.label]));
  const out = values.map((v) => (typeof v === 'number' ? (names.get(v) ?? null) : null));
  return out.some((v) => v !== null) ? out : undefined;
}

/** One table per mark of the spec, panel by panel, in drawing order. */
export function plottedData(spec: PlotSpec): PlottedMark[] {
  const out: PlottedMark[] = [];
  spec.panels.forEach((panel, p) => {
    for (const mark of panel.marks) {
      const columns = markColumns(mark);
      // categorical axes place categories at 0, 1, 2…: name them, or the numbers mean nothing in a spreadsheet
      const xTick = mark.type === 'polygon' ? undefined : tickNames(panel.x, columns.x);
      const yTick = mark.type === 'polygon' ? undefined : tickNames(panel.y, columns.y);
      if (xTick) columns.x_tick = xTick;
      if (yTick) columns.y_tick = yTick;
      out.push({ panel: p, panelTitle: panel.title, mark: mark.type, label: mark.label, series: mark.series, columns });
    }
  });
  return out;
}
