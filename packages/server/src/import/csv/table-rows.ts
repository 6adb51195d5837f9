/**
 * Turns the data rows of a long or wide table (CSV cells as text) into points for `TableRuns`. Empty cells are
 * skipped silently (wide files leave a metric's cell empty on rows where it was not logged); cells that are not
 * numbers are reported with their line.
 */
import type { FileWarnings } from '../file-warnings.js';
import { parseMetricValue, parseStep, parseTime, stepProblem } from '../loose-values.js';
import type { LongLayout, WideLayout } from './table-layout.js';
import type { TableRuns } from './table-runs.js';

export interface RowHandler {
  row(line: number, cells: readonly string[]): Promise<void>;
}

const cellOf = (cells: readonly string[], i: number | undefined): string => (i === undefined ? '' : (cells[i] ?? '').trim());

function timeOf(cells: readonly string[], i: number | undefined, line: number, warnings: FileWarnings): number | undefined {
  const raw = cellOf(cells, i);
  if (raw === '') return undefined;
  const t = parseTime(raw);
  if (t === undefined) warnings.line(line, `time ${JSON.stringify(raw.slice(0, 40))} is not ms since the epoch or a date; the point keeps no time`);
  return t;
}

/** `run, key, step, value[, time][, project]`: one point per row. */
export class LongRows implements RowHandler {
  constructor(
    private readonly layout: LongLayout,
    private readonly runs: TableRuns,
    private readonly warnings: FileWarnings,
  ) {}

  async row(line: number, cells: readonly string[]): Promise<void> {
    const l = this.layout;
    const run = cellOf(cells, l.run);
    const key = cellOf(cells, l.key);
    const rawValue = cellOf(cells, l.value);
    if (run === '' || key === '') {
      this.warnings.line(line, `no ${run === '' ? 'run' : 'key'}; skipped`);
      return;
    }
    if (rawValue === '') return;
    const value = parseMetricValue(rawValue);
    if (value === undefined) {
      this.warnings.line(line, `value ${JSON.stringify(rawValue.slice(0, 40))} is not a number; skipped`);
      return;
    }
    const project = cellOf(cells, l.project);
    await this.runs.add(line, {
      run,
      project: project === '' ? undefined : project,
      key,
      step: parseStep(cellOf(cells, l.step)),
      value,
      time: timeOf(cells, l.time, line, this.warnings),
    });
  }
}

/** One column per metric; rows of one run share a step. */
export class WideRows implements RowHandler {
  /** Rows seen per run, the step when there is no step column. */
  private readonly rowsPerRun = new Map<string, number>();
  /** Columns already reported for holding text, each reported once. */
  private readonly textColumns = new Map<string, number>();

  constructor(
    private readonly layout: WideLayout,
    private readonly runs: TableRuns,
    private readonly warnings: FileWarnings,
    private readonly defaultRun: string,
  ) {
    if (layout.step === undefined) warnings.whole('no "step" column; each run\'s row order is used as the step');
  }

  async row(line: number, cells: readonly string[]): Promise<void> {
    const l = this.layout;
    const run = cellOf(cells, l.run) || this.defaultRun;
    let step: number;
    if (l.step === undefined) {
      step = this.rowsPerRun.get(run) ?? 0;
      this.rowsPerRun.set(run, step + 1);
    } else {
      const raw = cellOf(cells, l.step);
      if (raw === '') {
        this.warnings.line(line, 'no step; skipped');
        return;
      }
      step = parseStep(raw);
      const why = stepProblem(step);
      if (why !== undefined) {
        this.warnings.line(line, `${why}; skipped`);
        return;
      }
    }
    const project = cellOf(cells, l.project);
    const time = timeOf(cells, l.time, line, this.warnings);
    for (const { index, key } of l.metrics) {
      const raw = cellOf(cells, index);
      if (raw === '') continue;
      const value = parseMetricValue(raw);
      if (value === undefined) {
        this.noteText(key, line, raw);
        continue;
      }
      await this.runs.add(line, { run, project: project === '' ? undefined : project, key, step, value, time });
    }
  }

  /** Reports columns that held text (once each, with the count of such cells). */
  finish(): void {
    for (const [key, n] of this.textColumns) {
      if (n > 1) this.warnings.whole(`column "${key}" held ${n} cells that are not numbers; they were skipped`);
    }
  }

  private noteText(key: string, line: number, raw: string): void {
    const n = this.textColumns.get(key) ?? 0;
    if (n === 0) this.warnings.line(line, `column "${key}" holds ${JSON.stringify(raw.slice(0, 40))}, not a number; such cells are skipped`);
    this.textColumns.set(key, n + 1);
  }
}
