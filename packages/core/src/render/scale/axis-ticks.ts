/**
 * Ticks an axis must show at exact places with exact labels, the same in every renderer: the explicit ticks of a
 * categorical axis (labels truncated to the room the layout gave them) and the clock-friendly ticks of a duration
 * axis. Other axes leave tick placement to the drawing library.
 */
import type { Axis } from '../../plots/plot-spec.js';
import { formatDuration } from '../format/format-duration.js';
import { truncateText } from '../layout/estimate-text-width.js';
import { formatPlotNumber } from '../../plots/shared/format-plot-number.js';
import { durationTicks, linearTicks } from './nice-domain.js';
import type { AxisDomain } from './resolve-panel-domains.js';

export interface FixedTicks {
  values: number[];
  labels: string[];
  /** True for category ticks: positions, not quantities (no grid lines through them). */
  categorical: boolean;
}

/**
 * The fixed ticks of an axis, or undefined when the library should choose. With `numbers`, a plain linear axis gets
 * round ticks labelled like the rest of runlens' text (true minus signs, no float noise, never a raw bound such as
 * 2.875990794397438): static renderers ask for it; the dashboard's zoomable uPlot charts leave ticks to uPlot.
 */
export function fixedAxisTicks(axis: Axis, domain: AxisDomain, labelWidth: number, fontSize: number, numbers = false): FixedTicks | undefined {
  if (axis.ticks && axis.ticks.length > 0) {
    const inside = axis.ticks.filter((t) => t.value >= domain.min && t.value <= domain.max);
    return { values: inside.map((t) => t.value), labels: inside.map((t) => truncateText(t.label, fontSize, labelWidth)), categorical: true };
  }
  if (axis.format === 'duration' && axis.scale === 'linear') {
    const values = durationTicks(domain.min, domain.max);
    return { values, labels: values.map(formatDuration), categorical: false };
  }
  if (numbers && axis.scale === 'linear' && (axis.format ?? 'number') === 'number' && domain.max > domain.min) {
    const values = linearTicks(domain.min, domain.max);
    return { values, labels: values.map((v) => formatPlotNumber(v, 6)), categorical: false };
  }
  return undefined;
}
