/**
 * Values as an axis can draw them: a missing, non-finite or (on a log axis) non-positive value is `null`, and where
 * the PlotSpec gives `null` a meaning — a rule's, rect's or text's coordinate at the panel's edge — the edge value.
 */
import type { Axis } from '../../plots/plot-spec.js';
import type { AxisDomain } from '../scale/resolve-panel-domains.js';

/** `v` if the axis can place it, else null. */
export function axisValue(v: number | null | undefined, axis: Axis): number | null {
  return typeof v === 'number' && Number.isFinite(v) && (axis.scale !== 'log' || v > 0) ? v : null;
}

/** `v`, or the domain's `edge` end when `v` is missing or not drawable on the axis. */
export function edgeOr(v: number | null | undefined, axis: Axis, domain: AxisDomain, edge: 'min' | 'max' | 'middle'): number {
  const value = axisValue(v, axis);
  if (value !== null) return value;
  if (edge === 'middle') return axis.scale === 'log' ? Math.sqrt(domain.min * domain.max) : (domain.min + domain.max) / 2;
  return domain[edge];
}

/**
 * The edge a text with a null coordinate hugs: the side it is aligned to (`start` → left, `top` → top, …), taking a
 * reversed axis into account.
 */
export function textEdge(align: 'start' | 'middle' | 'end' | 'top' | 'bottom', axis: Axis): 'min' | 'max' | 'middle' {
  if (align === 'middle') return 'middle';
  const low = align === 'start' || align === 'bottom';
  return low !== (axis.reverse === true) ? 'min' : 'max';
}
