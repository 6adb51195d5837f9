/**
 * `runlens import jsonl <file>`: metrics from JSON Lines, one object per line, either long
 * (`{"run", "key", "step", "value", "time"?}`) or wide (`{"step": 1, "loss": 0.5, ...}` with optional `run`/`name`,
 * `project` and `time`/`timestamp`); each line is read on its own, so both may mix. Bare NaN/Infinity literals (as
 * Python's json module writes them) and the strings "NaN", "nan", "inf", "-Infinity" are non-finite values. A line
 * that is not a JSON object is reported with its line number and skipped. Wide lines without a step use their order
 * within the run. Runs are grouped and finished as in the CSV importer.
 */
import { resolve } from 'node:path';
import { PLUGIN_API_VERSION, RunlensError } from '@runlens/core';
import type { ImportContext, ImporterPlugin } from '../importer.js';
import { JsonSyntaxError, parseLenientJson } from '../lenient-json.js';
import { FileWarnings } from '../file-warnings.js';
import { fileStem, toName } from '../import-names.js';
import { requireInputFile, requireTextFile } from '../input-file.js';
import { readLines } from '../line-reader.js';
import { parseMetricValue, parseStep, parseTime, stepProblem } from '../loose-values.js';
import { TableRuns } from './table-runs.js';

const WHAT = 'a JSON Lines file';
const STEP = ['step', '_step', 'global_step'];
const TIME = ['time', 'timestamp', '_timestamp', 'wall_time'];
/** Fields of a wide line that are not metrics. */
const NOT_METRICS = new Set(['run', 'name', 'run_name', 'project', ...STEP, ...TIME]);
const RECORD_TYPES = new Set(['run', 'metrics', 'update', 'logs', 'histograms', 'texts']);

export const jsonlImporter: ImporterPlugin = {
  kind: 'importer',
  name: 'jsonl',
  apiVersion: PLUGIN_API_VERSION,
  description: 'JSON Lines metrics: long ({"run","key","step","value"}) or wide ({"step": 1, "loss": 0.5}) objects',
  pathHelp: 'a .jsonl file with one JSON object per line',
  import: importJsonl,
};

async function importJsonl(path: string, ctx: ImportContext): Promise<void> {
  const size = await requireInputFile(path, WHAT);
  await requireTextFile(path, WHAT);
  const file = resolve(path);
  const stem = toName(fileStem(file), 'imported');
  const warnings = new FileWarnings(ctx.warn, path);
  const runs = new TableRuns({ ctx, importer: 'jsonl', file, defaultProject: stem, defaultRun: stem, warnings });
  const lines = new JsonlLines(runs, warnings, stem);

  let objects = 0;
  for await (const l of readLines(path, (bytes) => ctx.progress(bytes, size))) {
    if (l.overlong) {
      warnings.line(l.line, 'a line longer than 16 MiB; skipped');
      continue;
    }
    if (l.text.trim() === '') continue;
    let value: unknown;
    try {
      const parsed = parseLenientJson(l.text);
      if (parsed.truncated) throw parsed.truncated;
      value = parsed.value;
    } catch (e) {
      if (!(e instanceof JsonSyntaxError)) throw e;
      warnings.line(l.line, `not valid JSON (${e.reason} at column ${e.column}${e.truncated && !l.terminated ? '; the file ends here, cut off?' : ''}); skipped`);
      continue;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      warnings.line(l.line, 'not a JSON object; skipped');
      continue;
    }
    const obj = value as Record<string, unknown>;
    if (objects++ === 0 && typeof obj.type === 'string' && RECORD_TYPES.has(obj.type) && ('body' in obj || typeof obj.run === 'object')) {
      throw new RunlensError('VALIDATION', `${path} holds runlens ingest records (an offline file of a runlens client); upload it with \`runlens sync ${path}\``);
    }
    await lines.object(l.line, obj);
  }
  const runCount = await runs.finish();
  lines.finish();
  warnings.finish();
  ctx.progress(size, size);
  if (runCount === 0) {
    throw new RunlensError('VALIDATION', `${path}: no data found (${objects} JSON object${objects === 1 ? '' : 's'} with no usable metric points); expected ${WHAT} of {"run","key","step","value"} or {"step": 1, "loss": 0.5} objects`);
  }
}

/** Turns the objects of a JSONL file into points. */
class JsonlLines {
  private readonly rowsPerRun = new Map<string, number>();
  private readonly textKeys = new Set<string>();
  private noStep = false;

  constructor(
    private readonly runs: TableRuns,
    private readonly warnings: FileWarnings,
    private readonly defaultRun: string,
  ) {}

  async object(line: number, obj: Record<string, unknown>): Promise<void> {
    const run = text(obj.run) ?? text(obj.name) ?? text(obj.run_name) ?? this.defaultRun;
    const project = text(obj.project);
    const rawTime = TIME.map((k) => obj[k]).find((v) => v !== undefined && v !== null);
    const time = parseTime(rawTime);
    if (rawTime !== undefined && time === undefined) {
      this.warnings.line(line, `time ${JSON.stringify(rawTime).slice(0, 40)} is not ms since the epoch or a date; the point keeps no time`);
    }

    if ('key' in obj && 'value' in obj) {
      if (typeof obj.key !== 'string' || obj.key.trim() === '') {
        this.warnings.line(line, '"key" is not a non-empty string; skipped');
        return;
      }
      if (obj.value === null || obj.value === '') return;
      const value = parseMetricValue(obj.value);
      if (value === undefined) {
        this.warnings.line(line, `value ${JSON.stringify(obj.value).slice(0, 40)} is not a number; skipped`);
        return;
      }
      await this.runs.add(line, { run, project, key: obj.key.trim(), step: parseStep(obj.step), value, time });
      return;
    }

    const rawStep = STEP.map((k) => obj[k]).find((v) => v !== undefined && v !== null);
    let step: number;
    if (rawStep === undefined) {
      this.noStep = true;
      step = this.rowsPerRun.get(run) ?? 0;
      this.rowsPerRun.set(run, step + 1);
    } else {
      step = parseStep(rawStep);
      const why = stepProblem(step);
      if (why !== undefined) {
        this.warnings.line(line, `${why}; skipped`);
        return;
      }
    }
    for (const [key, raw] of Object.entries(obj)) {
      if (NOT_METRICS.has(key) || raw === null || raw === '') continue;
      const value = parseMetricValue(raw);
      if (value === undefined) {
        if (!this.textKeys.has(key)) {
          this.textKeys.add(key);
          this.warnings.line(line, `"${key}" is ${JSON.stringify(raw).slice(0, 40)}, not a number; such values are skipped`);
        }
        continue;
      }
      await this.runs.add(line, { run, project, key, step, value, time });
    }
  }

  finish(): void {
    if (this.noStep) this.warnings.whole('some lines have no "step"; their order within the run is used as the step');
  }
}

/** A run or project name from a string or number field. */
function text(v: unknown): string | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}
