/** The scatter-matrix view of `correlation`: a panel per pair of variables, histograms on the diagonal. */
import type { Run } from '../../domain/types.js';
import type { Theme } from '../../themes/theme.js';
import type { Axis, Panel } from '../plot-spec.js';
import { countInBins, histogramBins } from '../shared/histogram-bins.js';
import { formatPlotFixed } from '../shared/format-plot-number.js';
import { CORRELATION_METHODS, type CorrelationMethod } from './correlation-heatmap.js';
import type { CorrelationVariable } from './correlation-variables.js';

/** k variables make k² panels: beyond this the panels are too small to read. */
export const MAX_SCATTER_MATRIX_VARIABLES = 8;

function axis(v: CorrelationVariable, showLabel: boolean): Axis {
  return { scale: v.log ? 'log' : 'linear', ...(showLabel ? { label: v.name } : {}) };
}

function column(values: Float64Array): (number | null)[] {
  return Array.from(values, (v) => (Number.isFinite(v) ? v : null));
}

/** A histogram of one variable as rects (log-spaced bins on a log axis, so that bars keep their widths there). */
function diagonalPanel(v: CorrelationVariable, theme: Theme, first: boolean, last: boolean): Panel {
  const finite = Array.from(v.values).filter(Number.isFinite);
  const space = v.log ? finite.map(Math.log10) : finite;
  const sorted = Float64Array.from(space).sort();
  const edges = histogramBins(sorted).edges;
  const counts = countInBins(sorted, edges);
  const back = (e: number) => (v.log ? 10 ** e : e);
  return {
    title: v.name,
    x: axis(v, last),
    y: { scale: 'linear', domain: [0, null], ...(first ? { label: 'runs' } : {}) },
    marks:
      counts.length === 0
        ? []
        : [
            {
              type: 'rect',
              label: v.name,
              color: theme.palette[0]!,
              opacity: 0.8,
              x1: counts.map((_, b) => back(edges[b]!)),
              x2: counts.map((_, b) => back(edges[b + 1]!)),
              y1: counts.map(() => 0),
              y2: counts,
            },
          ],
  };
}

/**
 * k × k panels, row i against column j: points of y = variable i over x = variable j (one per run, run names as
 * tooltips) titled with their coefficient, and on the diagonal each variable's histogram. Axis labels on the
 * bottom row and the first column only.
 */
export function correlationScatterMatrix(
  variables: readonly CorrelationVariable[],
  runs: readonly Run[],
  method: CorrelationMethod,
  theme: Theme,
): Panel[] {
  const { label, compute } = CORRELATION_METHODS[method];
  const k = variables.length;
  const names = runs.map((run) => run.name);
  const panels: Panel[] = [];
  variables.forEach((row, i) => {
    variables.forEach((col, j) => {
      const last = i === k - 1;
      if (i === j) {
        panels.push(diagonalPanel(row, theme, j === 0, last));
        return;
      }
      const r = compute(col.values, row.values).coefficient;
      panels.push({
        title: `${label} = ${formatPlotFixed(r, 2)}`,
        x: axis(col, last),
        y: axis(row, j === 0),
        marks: [
          {
            type: 'point',
            label: `${row.name} vs ${col.name}`,
            color: theme.palette[0]!,
            opacity: runs.length > 200 ? 0.5 : 0.85,
            size: Math.max(1, theme.pointRadius - (k > 4 ? 1 : 0)),
            x: column(col.values),
            y: column(row.values),
            text: names,
          },
        ],
      });
    });
  });
  return panels;
}
