/** Legends that stay usable: at most `max` entries listed, the rest counted. */
import type { Legend, LegendEntry } from '../plot-spec.js';

/** Default number of entries a legend lists before it counts the rest. */
export const MAX_LEGEND_ENTRIES = 30;

export function buildLegend(entries: readonly LegendEntry[], options: { max?: number; title?: string } = {}): Legend {
  const max = options.max ?? MAX_LEGEND_ENTRIES;
  // one entry per label: several marks of a series (line + band) share a swatch
  const seen = new Set<string>();
  const unique: LegendEntry[] = [];
  for (const e of entries) {
    const id = `${e.series ?? ''}\u0000${e.label}`;
    if (seen.has(id)) continue;
    seen.add(id);
    unique.push(e);
  }
  return {
    show: unique.length > 0,
    entries: unique.slice(0, max),
    omitted: Math.max(0, unique.length - max),
    ...(options.title !== undefined ? { title: options.title } : {}),
  };
}
