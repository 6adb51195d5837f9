/**
 * The vertical axes of a parallel-coordinates plot: each param or metric mapped onto [0, 1] by its own scale, with
 * the tick values that scale shows. The panel's one y axis is hidden; these ticks are drawn as marks.
 */
import { formatPlotNumber } from '../shared/format-plot-number.js';
import { logTicks, niceTicks } from '../shared/nice-ticks.js';
import type { PlotParam } from '../shared/plot-params.js';

/** One axis: the position in [0, 1] of each run (null: missing or not placeable) and its ticks. */
export interface ParallelAxis {
  readonly name: string;
  readonly positions: (number | null)[];
  readonly ticks: { readonly at: number; readonly label: string }[];
  /** Finite range of the raw values (NaN, NaN when none). */
  readonly min: number;
  readonly max: number;
}

/** A categorical axis lists at most this many level names; more levels are still placed, unnamed. */
const MAX_LEVEL_LABELS = 25;

function spread(i: number, n: number): number {
  return n <= 1 ? 0.5 : i / (n - 1);
}

/** Levels at evenly spaced positions, first at the bottom. */
function categoricalAxis(name: string, values: readonly (number | null)[], levels: readonly string[]): ParallelAxis {
  const every = Math.ceil(levels.length / MAX_LEVEL_LABELS);
  return {
    name,
    positions: values.map((v) => (v === null ? null : spread(v, levels.length))),
    ticks: levels.flatMap((label, i) => (i % every === 0 ? [{ at: spread(i, levels.length), label }] : [])),
    min: 0,
    max: levels.length - 1,
  };
}

/**
 * A numeric axis from min (bottom) to max (top), log-spaced when `log`. A constant axis puts every run in the
 * middle with one tick. Non-finite values get no position.
 */
export function numericParallelAxis(name: string, values: readonly (number | null)[], log: boolean): ParallelAxis {
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v) && (!log || v > 0));
  if (finite.length === 0) return { name, positions: values.map(() => null), ticks: [], min: Number.NaN, max: Number.NaN };
  const min = finite.reduce((a, b) => Math.min(a, b));
  const max = finite.reduce((a, b) => Math.max(a, b));
  const f = log ? Math.log10 : (v: number) => v;
  const lo = f(min);
  const span = f(max) - lo;
  const at = (v: number) => (span === 0 ? 0.5 : (f(v) - lo) / span);
  const placeable = (v: number | null): v is number => v !== null && Number.isFinite(v) && (!log || v > 0);
  const tickValues = span === 0 ? [min] : log ? logTicks(min, max) : niceTicks(min, max, 5);
  return {
    name,
    positions: values.map((v) => (placeable(v) ? at(v) : null)),
    ticks: tickValues.map((v) => ({ at: at(v), label: formatPlotNumber(v, 4) })),
    min,
    max,
  };
}

/** The axis of a param: numeric (log when it spans decades) or its levels. */
export function paramParallelAxis(param: PlotParam): ParallelAxis {
  return param.kind === 'numeric'
    ? numericParallelAxis(param.key, param.values, param.log)
    : categoricalAxis(param.key, param.values, param.levels);
}
