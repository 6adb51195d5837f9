/** The failure rate of each distinct value of a param. */
import type { ParamValue } from '../../domain/types.js';
import { failureRate } from './failure-rates.js';
import { compareParamValues, paramValueKey } from './param-columns.js';
import type { ParamLevelFailureRate } from './types.js';

/** One row per distinct value of `values` (aligned with `failed`), in {@link compareParamValues} order. */
export function paramLevels(values: readonly ParamValue[], failed: readonly boolean[]): ParamLevelFailureRate[] {
  const levels = new Map<string, { value: ParamValue; runs: number; failed: number }>();
  values.forEach((value, i) => {
    const key = paramValueKey(value);
    let level = levels.get(key);
    if (level === undefined) {
      level = { value, runs: 0, failed: 0 };
      levels.set(key, level);
    }
    level.runs++;
    if (failed[i]) level.failed++;
  });
  return [...levels.values()]
    .sort((a, b) => compareParamValues(a.value, b.value))
    .map((level) => ({ value: level.value, ...failureRate(level.runs, level.failed) }));
}
