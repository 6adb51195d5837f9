/**
 * Which of the three table layouts a header describes:
 * - long: one point per row, columns `run, key, step, value` (+ optional `time`, `project`) — what
 *   `runlens export --what series` writes;
 * - Optuna `trials_dataframe()`: `number`, `value`/`values_*`, `params_*`, `state`, `datetime_*` — one run per trial;
 * - wide: one column per metric, with an optional `step` (`_step`, `global_step`), run (`run`, `name`, `run_name`),
 *   time (`time`, `timestamp`, `_timestamp`, `wall_time`) and `project` column.
 * Column names are matched without regard to case or surrounding spaces.
 */

export interface LongLayout {
  kind: 'long';
  run: number;
  key: number;
  step: number;
  value: number;
  time: number | undefined;
  project: number | undefined;
}

export interface OptunaLayout {
  kind: 'optuna';
  /** Column names as written. */
  columns: string[];
}

export interface WideLayout {
  kind: 'wide';
  step: number | undefined;
  run: number | undefined;
  time: number | undefined;
  project: number | undefined;
  metrics: { index: number; key: string }[];
}

export type TableLayout = LongLayout | OptunaLayout | WideLayout;

const STEP = ['step', '_step', 'global_step'];
const RUN = ['run', 'name', 'run_name'];
const TIME = ['time', 'timestamp', '_timestamp', 'wall_time'];

/** The layout of `header`; `warn` hears about duplicate column names (the first one is used). */
export function detectLayout(header: readonly string[], warn: (why: string) => void): TableLayout {
  const names = header.map((h) => h.trim());
  const index = new Map<string, number>();
  names.forEach((n, i) => {
    const lower = n.toLowerCase();
    if (n === '') return;
    if (index.has(lower)) warn(`column "${n}" appears twice; the second one (column ${i + 1}) is ignored`);
    else index.set(lower, i);
  });
  const col = (...aliases: string[]) => aliases.map((a) => index.get(a)).find((i) => i !== undefined);

  const run = col('run');
  const key = col('key');
  const step = col('step');
  const value = col('value');
  if (run !== undefined && key !== undefined && step !== undefined && value !== undefined) {
    return { kind: 'long', run, key, step, value, time: col('time'), project: col('project') };
  }
  if (index.has('number') && (index.has('state') || index.has('datetime_start') || names.some((n) => n.startsWith('params_')))) {
    return { kind: 'optuna', columns: names };
  }
  const special = new Set<number | undefined>([col(...STEP), col(...RUN), col(...TIME), col('project')]);
  const metrics: WideLayout['metrics'] = [];
  names.forEach((n, i) => {
    if (n !== '' && !special.has(i) && index.get(n.toLowerCase()) === i) metrics.push({ index: i, key: n });
  });
  return { kind: 'wide', step: col(...STEP), run: col(...RUN), time: col(...TIME), project: col('project'), metrics };
}
