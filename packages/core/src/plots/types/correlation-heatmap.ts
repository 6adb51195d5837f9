/** The heatmap view of `correlation`: one cell per pair of variables, coloured by the coefficient. */
import { pearsonCorrelation, spearmanCorrelation, type CorrelationResult } from '../../analytics/hypothesis/correlation.js';
import type { Theme } from '../../themes/theme.js';
import type { Panel } from '../plot-spec.js';
import { categoricalAxis } from '../shared/categorical-axis.js';
import { formatPlotFixed } from '../shared/format-plot-number.js';
import type { CorrelationVariable } from './correlation-variables.js';

/** Which coefficient, by option value. */
export const CORRELATION_METHODS = {
  spearman: { label: 'Spearman \u03c1', compute: spearmanCorrelation },
  pearson: { label: 'Pearson r', compute: pearsonCorrelation },
} as const satisfies Record<string, { label: string; compute: (x: Float64Array, y: Float64Array) => CorrelationResult }>;
export type CorrelationMethod = keyof typeof CORRELATION_METHODS;

/**
 * Rows and columns: every variable against every other (`all`, a symmetric matrix with 1 on the diagonal), or
 * params as rows against metrics as columns (`params-metrics`). Undefined coefficients (a constant variable, fewer
 * than two runs with both values) are empty cells reading "n/a", counted in a warning.
 */
export function correlationHeatmap(
  variables: readonly CorrelationVariable[],
  method: CorrelationMethod,
  pairs: 'all' | 'params-metrics',
  theme: Theme,
  warnings: string[],
): Panel {
  const rows = pairs === 'all' ? variables : variables.filter((v) => v.source === 'param');
  const cols = pairs === 'all' ? variables : variables.filter((v) => v.source === 'metric');
  const { label, compute } = CORRELATION_METHODS[method];
  const cell = { x1: [] as number[], x2: [] as number[], y1: [] as number[], y2: [] as number[], values: [] as (number | null)[], text: [] as string[] };
  const memo = new Map<string, number>();
  let undefinedCells = 0;
  rows.forEach((row, i) => {
    cols.forEach((col, j) => {
      const id = [row.name, col.name].sort().join('\u0000');
      let r = memo.get(id);
      if (r === undefined) memo.set(id, (r = compute(row.values, col.values).coefficient));
      if (Number.isNaN(r)) undefinedCells++;
      cell.x1.push(j - 0.5);
      cell.x2.push(j + 0.5);
      cell.y1.push(i - 0.5);
      cell.y2.push(i + 0.5);
      cell.values.push(Number.isNaN(r) ? null : r);
      cell.text.push(formatPlotFixed(r, 2));
    });
  });
  if (undefinedCells > 0) {
    warnings.push(`${undefinedCells} cell${undefinedCells === 1 ? '' : 's'} undefined (n/a): a constant variable or fewer than 2 runs with both values`);
  }
  return {
    x: categoricalAxis(cols.map((v) => v.name)),
    y: { ...categoricalAxis(rows.map((v) => v.name)), reverse: true },
    color: { domain: [-1, 1], scheme: [...theme.diverging], label },
    marks: rows.length > 0 && cols.length > 0 ? [{ type: 'rect', label, opacity: 1, ...cell }] : [],
  };
}
