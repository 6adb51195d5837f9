/** Run params as plot columns: numbers stay numbers, anything else becomes levels placed at 0, 1, 2, … */
import { compareGroupValues } from '../../analytics/query/group-key.js';
import type { ParamKind, ParamValue, Run } from '../../domain/types.js';
import { RunlensError } from '../../errors.js';

/** One param across the runs of a plot. */
export interface PlotParam {
  readonly key: string;
  /** `numeric` when every present value is a finite number; booleans, strings, null and mixtures are levels. */
  readonly kind: ParamKind;
  /** Per run (in the order given): the number, or for a categorical param the level's index; null when missing. */
  readonly values: (number | null)[];
  /** Level names of a categorical param in their axis order (booleans, numbers ascending, strings, null); else []. */
  readonly levels: string[];
  /** A numeric param with only positive values spanning more than two decades (a learning rate): use a log axis. */
  readonly log: boolean;
}

/** More than this many levels on a categorical axis stop being readable. */
export const MAX_PARAM_LEVELS = 100;

/**
 * The params to plot: `keys` in the order given, or by default every param whose value differs between runs (a
 * missing value counts as a value), sorted by key. Throws a VALIDATION RunlensError for a key no run has, naming
 * the params the runs do have.
 *
 * @example collectPlotParams(runs, undefined)[0] // { key: 'lr', kind: 'numeric', values: [0.1, 0.01], levels: [], log: false }
 */
export function collectPlotParams(runs: readonly Run[], keys: readonly string[] | undefined): PlotParam[] {
  const all = [...new Set(runs.flatMap((run) => Object.keys(run.params)))].sort();
  if (keys !== undefined && runs.length > 0) {
    const unknown = keys.filter((k) => !all.includes(k));
    if (unknown.length > 0) {
      throw new RunlensError(
        'VALIDATION',
        `unknown param${unknown.length === 1 ? '' : 's'}: ${unknown.join(', ')} (params of these runs: ${all.slice(0, 50).join(', ') || 'none'})`,
        { field: 'params' },
      );
    }
  }
  const chosen = keys ?? all.filter((k) => varies(runs, k));
  return chosen.map((key) => plotParam(runs, key));
}

function read(run: Run, key: string): ParamValue | undefined {
  return Object.hasOwn(run.params, key) ? run.params[key] : undefined;
}

function valueKey(v: ParamValue | undefined): string {
  return v === undefined ? 'missing' : `${typeof v}:${String(v)}`;
}

function varies(runs: readonly Run[], key: string): boolean {
  const first = valueKey(runs[0] === undefined ? undefined : read(runs[0], key));
  return runs.some((run) => valueKey(read(run, key)) !== first);
}

function plotParam(runs: readonly Run[], key: string): PlotParam {
  const raw = runs.map((run) => read(run, key));
  const present = raw.filter((v): v is ParamValue => v !== undefined);
  if (present.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    const values = raw.map((v) => (typeof v === 'number' ? v : null));
    const nums = values.filter((v): v is number => v !== null);
    const min = nums.reduce((a, b) => Math.min(a, b), Number.POSITIVE_INFINITY);
    const max = nums.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY);
    return { key, kind: 'numeric', values, levels: [], log: nums.length > 1 && min > 0 && max / min > 100 };
  }
  const distinct = new Map<string, ParamValue>();
  for (const v of present) distinct.set(valueKey(v), v);
  const ordered = [...distinct.entries()].sort((a, b) => compareGroupValues(a[1], b[1]));
  const index = new Map(ordered.map(([k], i) => [k, i]));
  return {
    key,
    kind: 'categorical',
    values: raw.map((v) => (v === undefined ? null : index.get(valueKey(v))!)),
    levels: ordered.map(([, v]) => String(v)),
    log: false,
  };
}
