/**
 * The x and y bounds of a panel, computed once for every renderer: the axis's fixed `domain` ends, else the extent
 * of every mark's data, made nice (linear: 1-2-5 steps; log: decades; time: the data's own extent). Non-positive
 * values never count on a log axis (renderers drop them; plot types warn about them).
 */
import { RunlensError } from '../../errors.js';
import type { Axis, Mark, MarkOfType, MarkType, Panel } from '../../plots/plot-spec.js';
import { niceDurationStep, niceLinearDomain, niceLogDomain, niceStep } from './nice-domain.js';

/** Resolved bounds of one axis, min < max, both finite (both > 0 on a log axis). */
export interface AxisDomain {
  min: number;
  max: number;
}

export interface PanelDomains {
  x: AxisDomain;
  y: AxisDomain;
}

type Values = readonly (number | null)[];

/** The numbers each mark puts on x and on y. */
interface MarkExtent {
  x: Values[];
  y: Values[];
}

const halfWidths = (centres: Values, width: number): Values[] => [
  centres.map((c) => (c === null ? null : c - width / 2)),
  centres.map((c) => (c === null ? null : c + width / 2)),
];

const barBase = (mark: MarkOfType<'bar'>): Values => (Array.isArray(mark.base) ? mark.base : [mark.base ?? 0]);

/** What each mark type contributes to the panel's extent; the Record makes the type checker prove none is missed. */
const MARK_EXTENTS: { [T in MarkType]: (mark: MarkOfType<T>) => MarkExtent } = {
  line: (m) => ({ x: [m.x], y: [m.y] }),
  area: (m) => ({ x: [m.x], y: [m.y1, m.y2] }),
  point: (m) => ({ x: [m.x], y: [m.y] }),
  bar: (m) =>
    m.orient === 'horizontal'
      ? { x: [m.x, barBase(m)], y: halfWidths(m.y, m.width) }
      : { x: halfWidths(m.x, m.width), y: [m.y, barBase(m)] },
  // a null coordinate is the panel's edge, so it adds nothing
  rule: (m) => ({ x: [m.x1, m.x2], y: [m.y1, m.y2] }),
  rect: (m) => ({ x: [m.x1, m.x2], y: [m.y1, m.y2] }),
  box: (m) => ({ x: halfWidths(m.x, m.width), y: [m.lo, m.hi, m.q1, m.q3, m.median] }),
  polygon: (m) => ({ x: m.x, y: m.y }),
  text: (m) => ({ x: [m.x], y: [m.y] }),
};

/** The x and y values a mark draws, for bounds. */
export function markExtent(mark: Mark): MarkExtent {
  return (MARK_EXTENTS[mark.type] as (m: Mark) => MarkExtent)(mark);
}

function usable(v: number | null | undefined, axis: Axis): v is number {
  return typeof v === 'number' && Number.isFinite(v) && (axis.scale !== 'log' || v > 0);
}

const EMPTY: Record<Axis['scale'], [number, number]> = { linear: [0, 1], log: [1, 10], time: [0, 86_400_000] };

/** Bounds of one axis from the values drawn on it. */
export function resolveAxisDomain(axis: Axis, values: readonly Values[], where = 'axis'): AxisDomain {
  const [fixedMin, fixedMax] = axis.domain ?? [null, null];
  for (const end of [fixedMin, fixedMax]) {
    if (end !== null && (!Number.isFinite(end) || (axis.scale === 'log' && end <= 0))) {
      throw new RunlensError('VALIDATION', `invalid ${where} domain end ${end} for a ${axis.scale} scale (${axis.scale === 'log' ? 'a log axis needs positive bounds' : 'bounds must be finite'})`);
    }
  }
  if (fixedMin !== null && fixedMax !== null) {
    if (fixedMin === fixedMax) return { min: fixedMin, max: fixedMin + (axis.scale === 'log' ? fixedMin * 9 : 1) };
    return { min: Math.min(fixedMin, fixedMax), max: Math.max(fixedMin, fixedMax) };
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (const column of values) {
    for (const v of column) {
      if (!usable(v, axis)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  // explicit ticks (categories) are part of what the axis shows
  for (const t of axis.ticks ?? []) {
    if (!usable(t.value, axis)) continue;
    lo = Math.min(lo, t.value);
    hi = Math.max(hi, t.value);
  }
  if (lo === Infinity) [lo, hi] = EMPTY[axis.scale];
  // one fixed end: the data fills the other side; data entirely beyond the fixed end leaves one default span
  const span = (v: number, dir: 1 | -1): number => (axis.scale === 'log' ? (dir > 0 ? v * 10 : v / 10) : v + dir);
  if (fixedMin !== null) {
    lo = fixedMin;
    if (hi <= lo) hi = span(lo, 1);
  }
  if (fixedMax !== null) {
    hi = fixedMax;
    if (lo >= hi) lo = span(hi, -1);
  }
  const fixed = { min: fixedMin !== null, max: fixedMax !== null };
  if (axis.scale === 'log') {
    const [min, max] = niceLogDomain(lo, hi, fixed);
    return { min, max };
  }
  if (axis.scale === 'time' || (axis.ticks !== undefined && axis.ticks.length > 0)) {
    // time ticks are the renderer's calendar ticks and categories sit on their own positions: no 1-2-5 rounding
    if (hi === lo) return { min: fixed.min ? lo : lo - (axis.scale === 'time' ? 60_000 : 0.5), max: fixed.max ? hi : hi + (axis.scale === 'time' ? 60_000 : 0.5) };
    return { min: Math.min(lo, hi), max: Math.max(lo, hi) };
  }
  const [min, max] = niceLinearDomain(lo, hi, fixed, axis.format === 'duration' ? niceDurationStep : niceStep);
  return { min, max };
}

/** Bounds of both axes of a panel. */
export function resolvePanelDomains(panel: Panel, where = 'panel'): PanelDomains {
  const xs: Values[] = [];
  const ys: Values[] = [];
  for (const mark of panel.marks) {
    const e = markExtent(mark);
    xs.push(...e.x);
    ys.push(...e.y);
  }
  return { x: resolveAxisDomain(panel.x, xs, `${where} x`), y: resolveAxisDomain(panel.y, ys, `${where} y`) };
}
