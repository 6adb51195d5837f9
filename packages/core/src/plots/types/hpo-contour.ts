/**
 * The contour view of `hpo`: the objective over two params, interpolated on a grid by inverse-distance weighting
 * and drawn as coloured cells, with the trials on top.
 */
import type { Theme } from '../../themes/theme.js';
import type { Axis, ColorScale, Panel } from '../plot-spec.js';
import { categoricalAxis } from '../shared/categorical-axis.js';
import { formatPlotNumber } from '../shared/format-plot-number.js';
import { inverseDistanceGrid } from '../shared/inverse-distance-grid.js';
import type { MetricDirection } from '../shared/metric-direction.js';
import type { PlotParam } from '../shared/plot-params.js';
import type { HpoTrial } from './hpo-trials.js';

/** How one param is cut into grid cells and mapped to the interpolation's [0, 1] coordinate. */
interface GridAxis {
  readonly axis: Axis;
  /** Cell edges in data units, one more than the cells. */
  readonly edges: number[];
  /** Cell centres and trial values in the normalised coordinate. */
  readonly centres: number[];
  readonly normalise: (value: number) => number;
}

/** A numeric param: `cells` equal cells over its range (in log10 space when it spans decades). */
function numericGrid(p: PlotParam, values: readonly number[], cells: number): GridAxis {
  const f = p.log ? Math.log10 : (v: number) => v;
  const back = p.log ? (e: number) => 10 ** e : (e: number) => e;
  let lo = values.reduce((a, v) => Math.min(a, f(v)), Number.POSITIVE_INFINITY);
  let hi = values.reduce((a, v) => Math.max(a, f(v)), Number.NEGATIVE_INFINITY);
  const constant = lo === hi;
  if (constant) {
    // one value: a single cell around it (half a decade or ±0.5 either side)
    lo -= 0.5;
    hi += 0.5;
  }
  const n = constant ? 1 : cells;
  const edges = Array.from({ length: n + 1 }, (_, k) => back(lo + ((hi - lo) * k) / n));
  const centres = Array.from({ length: n }, (_, k) => (k + 0.5) / n);
  return {
    axis: { scale: p.log ? 'log' : 'linear', label: p.key, domain: [edges[0]!, edges[n]!] },
    edges,
    centres,
    normalise: (v) => (f(v) - lo) / (hi - lo),
  };
}

/** A categorical param: one cell per level, levels evenly spaced over [0, 1]. */
function levelGrid(p: PlotParam): GridAxis {
  const n = p.levels.length;
  const at = (i: number) => (n <= 1 ? 0.5 : i / (n - 1));
  return {
    axis: categoricalAxis(p.levels, p.key),
    edges: Array.from({ length: n + 1 }, (_, k) => k - 0.5),
    centres: p.levels.map((_, i) => at(i)),
    normalise: at,
  };
}

/**
 * The grid of `cells` × `cells` (numeric params) or one cell per level (categorical), each cell's value the
 * inverse-distance-weighted mean (power 2, distances in normalised units) of the trials' values, which never
 * leaves their range; the colour scale puts the best values at the dark end of the theme's sequential ramp.
 */
export function hpoContour(
  trials: readonly HpoTrial[],
  params: readonly [PlotParam, PlotParam],
  metric: string,
  direction: MetricDirection,
  cells: number,
  theme: Theme,
  warnings: string[],
): Panel {
  const [px, py] = params;
  const used = trials.flatMap((t, r) => (px.values[r] !== null && py.values[r] !== null ? [r] : []));
  const dropped = trials.length - used.length;
  if (dropped > 0) warnings.push(`${dropped} trial${dropped === 1 ? '' : 's'} lacking ${px.key} or ${py.key} left out of the contour`);
  const xs = used.map((r) => px.values[r]!);
  const ys = used.map((r) => py.values[r]!);
  const zs = used.map((r) => trials[r]!.value);
  const empty: Panel = { x: { scale: 'linear', label: px.key }, y: { scale: 'linear', label: py.key }, marks: [] };
  if (used.length === 0) return empty;
  const gx = px.kind === 'numeric' ? numericGrid(px, xs, cells) : levelGrid(px);
  const gy = py.kind === 'numeric' ? numericGrid(py, ys, cells) : levelGrid(py);
  const grid = inverseDistanceGrid({ u: xs.map(gx.normalise), v: ys.map(gy.normalise), z: zs }, gx.centres, gy.centres);
  const rect = { x1: [] as number[], x2: [] as number[], y1: [] as number[], y2: [] as number[], values: [] as number[] };
  grid.forEach((row, j) =>
    row.forEach((value, i) => {
      rect.x1.push(gx.edges[i]!);
      rect.x2.push(gx.edges[i + 1]!);
      rect.y1.push(gy.edges[j]!);
      rect.y2.push(gy.edges[j + 1]!);
      rect.values.push(value);
    }),
  );
  let lo = zs.reduce((a, b) => Math.min(a, b));
  let hi = zs.reduce((a, b) => Math.max(a, b));
  if (lo === hi) [lo, hi] = [lo - 1, hi + 1];
  const scheme = direction === 'minimize' ? [...theme.sequential].reverse() : [...theme.sequential];
  const color: ColorScale = { domain: [lo, hi], scheme, label: metric };
  return {
    x: gx.axis,
    y: gy.axis,
    color,
    marks: [
      { type: 'rect', label: `${metric} (interpolated)`, opacity: 1, ...rect },
      {
        type: 'point',
        label: 'trials',
        color: theme.foreground,
        filled: false,
        x: xs,
        y: ys,
        text: used.map((r, k) => `#${trials[r]!.number} ${trials[r]!.run.name}: ${formatPlotNumber(zs[k]!, 6)}`),
      },
    ],
  };
}
