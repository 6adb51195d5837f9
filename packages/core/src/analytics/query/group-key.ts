import type { ParamValue, Run } from '../../domain/types.js';
import { RunlensError } from '../../errors.js';

/** How a run's group label and sort value are read for a `groupBy`. */
export interface GroupKeyReader {
  /** A label for tables: `lr=0.1` for `params.lr`, the group or project name otherwise. */
  readonly label: (run: Run) => string;
  /** The raw value behind the label, for ordering groups (numbers numerically). */
  readonly value: (run: Run) => ParamValue | undefined;
}

const PARAM_PREFIX = 'params.';

const ATTRIBUTE_KEYS: Record<string, GroupKeyReader> = {
  group: { label: (run) => run.group, value: (run) => run.group },
  project: { label: (run) => run.project, value: (run) => run.project },
};

/**
 * The reader of `groupBy`: `'group'`, `'project'` or `'params.<key>'`. Throws a VALIDATION RunlensError for anything
 * else, and for a param that none of `runs` has (naming the params they do have).
 */
export function groupKeyReader(groupBy: string, runs: readonly Run[]): GroupKeyReader {
  if (Object.hasOwn(ATTRIBUTE_KEYS, groupBy)) return ATTRIBUTE_KEYS[groupBy]!;
  if (!groupBy.startsWith(PARAM_PREFIX) || groupBy.length === PARAM_PREFIX.length) {
    throw new RunlensError('VALIDATION', `invalid groupBy: ${groupBy} (expected group, project or params.<key>)`, { field: 'groupBy' });
  }
  const key = groupBy.slice(PARAM_PREFIX.length);
  if (runs.length > 0 && !runs.some((run) => Object.hasOwn(run.params, key))) {
    const known = [...new Set(runs.flatMap((run) => Object.keys(run.params)))].sort().slice(0, 30);
    throw new RunlensError('VALIDATION', `unknown param: ${key} (params of these runs: ${known.join(', ') || 'none'})`, {
      field: 'groupBy',
    });
  }
  const value = (run: Run): ParamValue | undefined => (Object.hasOwn(run.params, key) ? run.params[key] : undefined);
  return {
    value,
    label: (run) => {
      const v = value(run);
      return `${key}=${v === undefined ? '(missing)' : String(v)}`;
    },
  };
}

/** Orders group values: missing last, then booleans < numbers (numerically) < strings, like the filter's sort. */
export function compareGroupValues(a: ParamValue | undefined, b: ParamValue | undefined): number {
  const rank = (v: ParamValue | undefined) => (v === undefined ? 4 : v === null ? 3 : typeof v === 'boolean' ? 0 : typeof v === 'number' ? 1 : 2);
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/**
 * An analytics query's `groupBy` in the form {@link groupKeyReader} reads: a bare param name (`'lr'`, as in
 * `groupBy('lr')`) becomes `'params.lr'`; `group`, `project` and `params.<key>` are kept. A param named `group` or
 * `project` needs the prefix.
 */
export function normalizeGroupBy(groupBy: string): string {
  if (Object.hasOwn(ATTRIBUTE_KEYS, groupBy) || groupBy.startsWith(PARAM_PREFIX) || groupBy.trim() === '') return groupBy;
  return `${PARAM_PREFIX}${groupBy}`;
}
