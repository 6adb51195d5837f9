import { useRef } from 'react';
import type { XRange } from './curves-chart.js';

/**
 * The zoom the chart's data was read for, to draw that range exactly: while a newly dragged range loads (the
 * previous read shown meanwhile), the previous data keeps its own range. `loaded`: the data shown is the read of
 * `zoom`. Back to no zoom is at once (the whole series' read is usually cached).
 */
export function useShownZoom(zoom: XRange | null, loaded: boolean): XRange | null {
  const shown = useRef<XRange | null>(zoom);
  if (zoom === null || loaded) shown.current = zoom;
  return shown.current;
}
