/**
 * Position channels of a panel: scale type, resolved bounds (no Vega-Lite "nice" — the shared domains are nice
 * already), axis look, and fixed tick labels read from a top-level param rather than spliced into an expression,
 * so no run name ever becomes expression code.
 */
import type { Axis } from '../../plots/plot-spec.js';
import type { Theme } from '../../themes/theme.js';
import { estimateTextWidth } from '../layout/estimate-text-width.js';
import { fixedAxisTicks } from '../scale/axis-ticks.js';
import { logTicks } from '../scale/nice-domain.js';
import type { AxisDomain } from '../scale/resolve-panel-domains.js';
import type { VegaLiteObject } from './vega-lite-spec.js';

export interface VegaLitePositionChannel {
  /** The channel definition for x or y (field `x` / `y`). */
  channel: VegaLiteObject;
  /** A top-level param holding fixed tick labels, when the axis has some. */
  param?: VegaLiteObject;
}

const SCALE_TYPES: Record<Axis['scale'], string> = { linear: 'linear', log: 'log', time: 'utc' };

export function vegaLitePositionChannel(
  axis: Axis,
  dim: 'x' | 'y',
  domain: AxisDomain,
  opts: { panelIndex: number; labelWidth: number; labelHeight: number; labelAngle: number; length: number; theme: Theme },
): VegaLitePositionChannel {
  const { theme } = opts;
  const ticks = fixedAxisTicks(axis, domain, opts.labelWidth, theme.fontSize, true);
  const paramName = `runlens_ticks_${opts.panelIndex}_${dim}`;
  const axisDef: VegaLiteObject = {
    title: axis.label !== undefined && axis.label !== '' ? axis.label : null,
    grid: theme.showGrid && ticks?.categorical !== true,
    // labels are truncated already (with our text widths); Vega's own estimate without a canvas is far wider
    labelLimit: 0,
    // fixed ticks are truncated to fit; Vega's overlap test (with its wide estimates) would drop good labels
    labelOverlap: ticks === undefined,
    ...(opts.labelAngle ? { labelAngle: -opts.labelAngle, labelAlign: 'right', labelBaseline: 'top' } : {}),
    // the title sits where the shared layout reserved room, not after Vega's canvas-less (wide) label estimate
    ...(dim === 'x' ? { titleY: Math.round(opts.labelHeight + 12 + theme.fontSize), titleBaseline: 'bottom' } : { titleX: -Math.round(opts.labelWidth + 10), titleBaseline: 'bottom' }),
  };
  if (ticks) {
    axisDef['values'] = ticks.values;
    axisDef['labelExpr'] = `${paramName}.labels[indexof(${paramName}.values, datum.value)]`;
  } else if (axis.scale === 'log') {
    // decades, thinned to every k-th where their labels would overlap (by our estimate; Vega's own overlap test
    // uses a much wider one and would drop too many)
    const decades = logTicks(domain.min, domain.max);
    const size = (v: number) => (dim === 'x' ? estimateTextWidth(String(v), theme.fontSize) + 8 : theme.fontSize * 1.6);
    const need = decades.reduce((sum, v) => sum + size(v), 0);
    const k = Math.max(1, Math.ceil(need / Math.max(1, opts.length * 0.9)));
    axisDef['values'] = decades.filter((_, i) => i % k === 0);
    axisDef['labelOverlap'] = false;
  } else if (axis.format === 'percent') {
    axisDef['format'] = '~%';
  }
  return {
    channel: {
      field: dim,
      type: axis.scale === 'time' ? 'temporal' : 'quantitative',
      scale: { type: SCALE_TYPES[axis.scale], domain: [domain.min, domain.max], nice: false, ...(axis.scale === 'linear' ? { zero: false } : {}), ...(axis.reverse ? { reverse: true } : {}) },
      axis: axis.hidden ? null : axisDef,
    },
    ...(ticks ? { param: { name: paramName, value: { values: ticks.values, labels: ticks.labels } } } : {}),
  };
}
