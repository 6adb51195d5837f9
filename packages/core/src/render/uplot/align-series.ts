/**
 * uPlot's data model: one shared x column, the union of every series' x values. A value that several points of one
 * series share (the corner of a step line) gets as many slots as the series with the most points there needs.
 * Each series fills its own slots and leaves `undefined` elsewhere (bridged); its `null`s (gaps) stay `null`.
 */
import type { UplotAlignedData } from './uplot-types.js';

/** One series' points in drawing order; x never decreases. */
export interface SeriesPoints {
  x: number[];
  y: (number | null)[];
}

export function alignSeries(series: readonly SeriesPoints[]): UplotAlignedData {
  const slots = new Map<number, number>();
  for (const s of series) {
    const seen = new Map<number, number>();
    for (const x of s.x) {
      const n = (seen.get(x) ?? 0) + 1;
      seen.set(x, n);
      if (n > (slots.get(x) ?? 0)) slots.set(x, n);
    }
  }
  const xs = [...slots.keys()].sort((a, b) => a - b);
  const first = new Map<number, number>();
  const aligned: number[] = [];
  for (const x of xs) {
    first.set(x, aligned.length);
    for (let k = 0; k < slots.get(x)!; k++) aligned.push(x);
  }
  const columns = series.map((s) => {
    const column: (number | null | undefined)[] = new Array<number | null | undefined>(aligned.length).fill(undefined);
    const used = new Map<number, number>();
    for (let i = 0; i < s.x.length; i++) {
      const x = s.x[i]!;
      const k = used.get(x) ?? 0;
      used.set(x, k + 1);
      column[first.get(x)! + k] = s.y[i] ?? null;
    }
    return column;
  });
  return [aligned, ...columns];
}
