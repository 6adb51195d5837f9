/**
 * Where the rows of a CSV or JSONL file go: points are grouped into runs by run name (and project column, when the
 * file has one). A run's record is emitted at its first valid point, its points in batches, and at the end an update
 * marks it completed (a file of logged points is a finished record) with the last time seen as its end.
 * Run ids hash the importer, the absolute file path, the run name and the project cell (when there is one), with
 * the run's first time (or 0) as the time part, so importing the file again finds the same runs.
 */
import type { ImportContext } from '../importer.js';
import { importRunId } from '../importer.js';
import type { FileWarnings } from '../file-warnings.js';
import { keyProblem, toName } from '../import-names.js';
import { stepProblem } from '../loose-values.js';
import { SeriesBatcher } from '../record-batcher.js';

export interface TablePoint {
  run: string;
  /** From a project column or field; `--project` still wins. */
  project?: string | undefined;
  key: string;
  step: number;
  value: number;
  time?: number | undefined;
}

export interface TableRunsOptions {
  ctx: ImportContext;
  /** Importer name, part of every run id. */
  importer: string;
  /** Absolute path of the file, part of every run id. */
  file: string;
  /** Project of runs without a project column. */
  defaultProject: string;
  /** Run name when a row names none. */
  defaultRun: string;
  warnings: FileWarnings;
}

interface TableRun {
  id: string;
  batcher: SeriesBatcher;
  lastTime: number | undefined;
}

export class TableRuns {
  private readonly runs = new Map<string, TableRun>();
  private readonly badKeys = new Set<string>();

  constructor(private readonly o: TableRunsOptions) {}

  /** Adds one point read at `line`; a bad key or step is reported (naming the line) and the point skipped. */
  async add(line: number, p: TablePoint): Promise<void> {
    const keyWhy = keyProblem(p.key);
    if (keyWhy !== undefined) {
      if (!this.badKeys.has(p.key)) {
        this.badKeys.add(p.key);
        this.o.warnings.line(line, `${keyWhy}; points with that key are skipped`);
      }
      return;
    }
    const stepWhy = stepProblem(p.step);
    if (stepWhy !== undefined) {
      this.o.warnings.line(line, `${stepWhy}; skipped`);
      return;
    }
    const run = await this.runFor(p);
    await run.batcher.add(p.key, p.step, p.value, p.time);
    if (p.time !== undefined && (run.lastTime === undefined || p.time > run.lastTime)) run.lastTime = p.time;
  }

  /** Emits the pending points and each run's final update; returns how many runs there were. */
  async finish(): Promise<number> {
    for (const run of this.runs.values()) {
      await run.batcher.flush();
      await this.o.ctx.emit({ type: 'update', run: run.id, body: { status: 'completed', ...(run.lastTime !== undefined ? { endTime: run.lastTime } : {}) } });
    }
    return this.runs.size;
  }

  /** Points added so far. */
  get points(): number {
    let n = 0;
    for (const r of this.runs.values()) n += r.batcher.points;
    return n;
  }

  private async runFor(p: TablePoint): Promise<TableRun> {
    const mapKey = `${p.project ?? ''}\u0000${p.run}`;
    let run = this.runs.get(mapKey);
    if (run) return run;
    const { ctx, importer, file } = this.o;
    const id = importRunId(p.time ?? 0, importer, file, p.run, ...(p.project !== undefined ? [p.project] : []));
    run = { id, batcher: new SeriesBatcher(id, ctx.emit), lastTime: undefined };
    this.runs.set(mapKey, run);
    await ctx.emit({
      type: 'run',
      run: {
        id,
        project: ctx.project ?? (p.project !== undefined ? toName(p.project, this.o.defaultProject) : this.o.defaultProject),
        name: toName(p.run, this.o.defaultRun),
        ...(p.time !== undefined ? { startTime: p.time } : {}),
      },
    });
    return run;
  }
}
