/** Gathering each param's values across runs, beside whether each run failed. */
import type { ParamKind, ParamValue } from '../../domain/types.js';
import { compareText } from './compare-text.js';
import type { ClassifiedRun } from './failure-rates.js';

/** One param's values over the runs that have it, aligned with their failure flags. */
export interface ParamColumn {
  readonly param: string;
  /** `numeric` when every value is a finite number. */
  readonly kind: ParamKind;
  readonly values: readonly ParamValue[];
  readonly failed: readonly boolean[];
}

/**
 * A column per param key found in any run, in key order. A run lacking the key is left out of that column; a key
 * present with value `null` is kept (as a categorical value: `scheduler: null` is a real choice).
 */
export function collectParamColumns(runs: readonly ClassifiedRun[]): ParamColumn[] {
  const columns = new Map<string, { values: ParamValue[]; failed: boolean[] }>();
  for (const { run, failed } of runs) {
    for (const [param, value] of Object.entries(run.params)) {
      let column = columns.get(param);
      if (column === undefined) {
        column = { values: [], failed: [] };
        columns.set(param, column);
      }
      column.values.push(value);
      column.failed.push(failed);
    }
  }
  return [...columns.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([param, { values, failed }]) => ({
      param,
      kind: values.every((v) => typeof v === 'number' && Number.isFinite(v)) ? 'numeric' : 'categorical',
      values,
      failed,
    }));
}

/** A key under which equal param values meet and unequal ones stay apart (`1` and `"1"` differ). */
export function paramValueKey(value: ParamValue): string {
  return `${typeof value}:${String(value)}`;
}

/** Numbers ascending, then other values by type name and text: a stable order for listing levels. */
export function compareParamValues(a: ParamValue, b: ParamValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return compareText(paramValueKey(a), paramValueKey(b));
}
