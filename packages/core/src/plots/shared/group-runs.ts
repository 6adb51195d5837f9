/** Runs split into the groups a plot draws (one mean line, one box, one histogram per group). */
import { compareGroupValues, groupKeyReader } from '../../analytics/query/group-key.js';
import type { ParamValue, Run } from '../../domain/types.js';

/** One group of runs. */
export interface RunGroup {
  /** Stable identity of the group (the `series` of its marks); at most 200 characters, as PlotSpec allows. */
  readonly key: string;
  /** What the legend and the axis say: `lr=0.1`, a group or project name, a run name; at most 200 characters. */
  readonly label: string;
  readonly runs: Run[];
}

/** PlotSpec's limit on a mark's `series`; labels are cut to it too so that one string serves as both. */
const MAX_GROUP_LABEL = 200;

/** A long string param value (up to 4,096 characters) cut to fit, marked with an ellipsis. */
function clipLabel(label: string): string {
  return label.length > MAX_GROUP_LABEL ? `${label.slice(0, MAX_GROUP_LABEL - 1)}…` : label;
}

/**
 * Groups `runs` by `groupBy`: `'group'`, `'project'`, `'params.<key>'` (as the analytics engine reads them), or
 * `'run'` (each run on its own). Groups are ordered by their value (numbers numerically, missing last); runs keep
 * their order inside a group. Labels longer than 200 characters are cut (grouping uses the whole value). Throws a
 * VALIDATION RunlensError for any other `groupBy` and for a param none of the runs has (naming the params they do
 * have).
 */
export function groupRuns(runs: readonly Run[], groupBy: string): RunGroup[] {
  if (groupBy === 'run') return runs.map((run) => ({ key: run.id, label: clipLabel(run.name), runs: [run] }));
  const reader = groupKeyReader(groupBy, runs);
  const groups = new Map<string, { label: string; value: ParamValue | undefined; runs: Run[] }>();
  for (const run of runs) {
    const label = reader.label(run);
    let g = groups.get(label);
    if (g === undefined) groups.set(label, (g = { label, value: reader.value(run), runs: [] }));
    g.runs.push(run);
  }
  return [...groups.values()]
    .sort((a, b) => compareGroupValues(a.value, b.value))
    .map((g) => ({ key: clipLabel(g.label), label: clipLabel(g.label), runs: g.runs }));
}
