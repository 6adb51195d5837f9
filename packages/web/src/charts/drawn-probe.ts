/**
 * Measurement only (`npm run bench`, bench/live-bench.ts): when the page was opened with `window.__runlensDrawn`
 * already defined (the bench's init script does it), every curves chart appends, after each uPlot draw, the largest x
 * it has drawn and the time (`Date.now()`, comparable with the bench process's clock on one machine), keyed by
 * metric. In normal use the property is absent and a draw costs one property read.
 */
import type uPlot from 'uplot';

export interface DrawnEntry {
  x: number;
  t: number;
}

declare global {
  interface Window {
    __runlensDrawn?: Record<string, DrawnEntry[]>;
  }
}

/** The largest x at which some series of the chart has a value: how far its curves reach. */
export function lastDrawnX(u: uPlot): number | null {
  const xs = u.data[0];
  let last = -Infinity;
  for (let i = 1; i < u.data.length; i++) {
    const col = u.data[i];
    if (!col) continue;
    let j = col.length - 1;
    while (j >= 0 && (col[j] === null || col[j] === undefined)) j--;
    const x = j >= 0 ? xs[j] : undefined;
    if (x !== undefined && x > last) last = x;
  }
  return last === -Infinity ? null : last;
}

export function recordDrawn(u: uPlot, metric: string): void {
  const log = window.__runlensDrawn;
  if (!log) return;
  const t = Date.now();
  const last = lastDrawnX(u);
  if (last === null) return;
  const entries = (log[metric] ??= []);
  if (entries.length === 0 || entries[entries.length - 1]!.x < last) entries.push({ x: last, t });
}
