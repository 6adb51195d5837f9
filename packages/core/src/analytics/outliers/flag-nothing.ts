import type { OutlierRule } from './types.js';

/** A rule that flags nothing, with the warning that says why. */
export function flagNothing(warning: string): OutlierRule {
  return { lower: -Infinity, upper: Infinity, reasonFor: () => undefined, warnings: [warning] };
}
