/** Categorical axes: categories sit at 0, 1, 2, … and the axis names them with explicit ticks. */
import type { Axis } from '../plot-spec.js';

export function categoricalAxis(categories: readonly string[], label?: string): Axis {
  return {
    scale: 'linear',
    domain: [-0.5, Math.max(0, categories.length - 1) + 0.5],
    ticks: categories.map((c, i) => ({ value: i, label: c })),
    ...(label !== undefined ? { label } : {}),
  };
}
