import { flagNothing } from './flag-nothing.js';
import { formatApart } from './format-number.js';
import type { OutlierMethod, OutlierRule } from './types.js';

/** User-given limits: values below `min` or above `max` are outliers; values equal to a bound are kept. */
export function boundsRule(_values: Float64Array, method: OutlierMethod<'bounds'>): OutlierRule {
  const { min = -Infinity, max = Infinity } = method;
  if (method.min === undefined && method.max === undefined) return flagNothing('no min or max given: nothing excluded');
  const reasonFor = (value: number): string | undefined => {
    if (value < min) {
      const [v, bound] = formatApart(value, min);
      return `value ${v} is below the minimum ${bound}`;
    }
    if (value > max) {
      const [v, bound] = formatApart(value, max);
      return `value ${v} is above the maximum ${bound}`;
    }
    return undefined;
  };
  return { lower: min, upper: max, reasonFor, warnings: [] };
}
