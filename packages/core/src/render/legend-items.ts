/** The rows a legend draws: the spec's entries, plus a "+N more" row when entries were left out. */
import type { LegendEntry, PlotSpec } from '../plots/plot-spec.js';

export interface LegendItem {
  label: string;
  color: string;
  /** `none` draws no swatch (the "+N more" row). */
  symbol: LegendEntry['symbol'] | 'none';
  dash: number[];
}

/** Legend rows of a spec; empty when the legend is hidden. */
export function legendItems(spec: PlotSpec): LegendItem[] {
  if (!spec.legend.show) return [];
  const seen = new Set<string>();
  const items: LegendItem[] = [];
  for (const e of spec.legend.entries) {
    // renderers key legend rows by label: the first entry of a label wins
    if (seen.has(e.label)) continue;
    seen.add(e.label);
    items.push({ label: e.label, color: e.color, symbol: e.symbol, dash: e.dash ?? [] });
  }
  if (spec.legend.omitted > 0) items.push({ label: `+${spec.legend.omitted} more`, color: 'transparent', symbol: 'none', dash: [] });
  return items;
}
