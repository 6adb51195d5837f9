/**
 * Rows of an Optuna `study.trials_dataframe().to_csv()` file, one run per trial: `params_*` → params (numbers stay
 * numbers), `value` / `values_*` and numeric `user_attrs_*` → summary, other user attrs → params `user_attrs.*`,
 * `state` → status (COMPLETE → completed, FAIL → failed, PRUNED → killed, RUNNING / WAITING → running),
 * `datetime_start` / `datetime_complete` → start and end (pandas writes them in local time, as Optuna recorded
 * them), `system_attrs_fail_reason` → the run's error. A trials table holds no curves, so no series.
 */
import { defaultGroup, encodeValue, type Params, type RunStatus, type WireValue } from '@runlens/core';
import { importRunId, type ImportContext } from '../importer.js';
import type { FileWarnings } from '../file-warnings.js';
import { fitParams, keyProblem } from '../import-names.js';
import { parseMetricValue, parseParamValue, parseTime } from '../loose-values.js';

const STATES: Readonly<Record<string, RunStatus>> = {
  COMPLETE: 'completed',
  FAIL: 'failed',
  PRUNED: 'killed',
  RUNNING: 'running',
  WAITING: 'running',
};

export interface OptunaTrialsOptions {
  ctx: ImportContext;
  importer: string;
  /** Absolute path of the file, part of every run id. */
  file: string;
  defaultProject: string;
  warnings: FileWarnings;
  /** Header names as written. */
  columns: string[];
}

export class OptunaTrials {
  private readonly at: Map<string, number>;
  private trials = 0;

  constructor(private readonly o: OptunaTrialsOptions) {
    this.at = new Map(o.columns.map((c, i) => [c, i]));
  }

  /** Emits the run and update of the trial in `cells` (read at `line`). */
  async row(line: number, cells: readonly string[]): Promise<void> {
    const cell = (name: string) => {
      const i = this.at.get(name);
      return i === undefined ? '' : (cells[i] ?? '').trim();
    };
    const number = Number(cell('number'));
    if (cell('number') === '' || !Number.isInteger(number) || number < 0) {
      this.o.warnings.line(line, `trial number ${JSON.stringify(cell('number'))} is not a non-negative integer; skipped`);
      return;
    }
    const hyper: Params = {};
    const extra: Params = {};
    const summary: Record<string, WireValue> = {};
    for (const [name, i] of this.at) {
      const raw = (cells[i] ?? '').trim();
      if (raw === '') continue;
      if (name.startsWith('params_')) hyper[name.slice('params_'.length)] = parseParamValue(raw);
      else if (name === 'value' || /^values_\d+$/.test(name) || name.startsWith('user_attrs_')) {
        const v = parseMetricValue(raw);
        if (v !== undefined && keyProblem(name) === undefined) summary[name] = encodeValue(v);
        else if (name.startsWith('user_attrs_')) extra[`user_attrs.${name.slice('user_attrs_'.length)}`] = parseParamValue(raw);
        else this.o.warnings.line(line, `${name} ${JSON.stringify(raw.slice(0, 40))} is not a number; skipped`);
      }
    }

    const state = cell('state').replace(/^TrialState\./, '').toUpperCase();
    const status = STATES[state];
    if (state !== '' && !status) this.o.warnings.line(line, `unknown trial state ${JSON.stringify(state)}; the status is left as it is`);
    const start = parseTime(cell('datetime_start'));
    const end = parseTime(cell('datetime_complete'));
    const failReason = cell('system_attrs_fail_reason');
    const name = `trial-${number}`;
    const id = importRunId(start ?? 0, this.o.importer, this.o.file, name);
    const { ctx } = this.o;
    await ctx.emit({
      type: 'run',
      run: {
        id,
        project: ctx.project ?? this.o.defaultProject,
        name,
        group: defaultGroup(hyper),
        params: fitParams({ ...extra, ...hyper }, (why) => this.o.warnings.line(line, why)),
        ...(start !== undefined ? { startTime: start } : {}),
      },
    });
    await ctx.emit({
      type: 'update',
      run: id,
      body: {
        ...(status ? { status } : {}),
        ...(end !== undefined && status !== 'running' ? { endTime: end } : {}),
        ...(Object.keys(summary).length > 0 ? { summary } : {}),
        ...(failReason !== '' && status === 'failed' ? { error: failReason } : {}),
      },
    });
    this.trials++;
  }

  /** Trials imported so far. */
  get count(): number {
    return this.trials;
  }
}
