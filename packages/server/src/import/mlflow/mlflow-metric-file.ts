/**
 * One MLflow metric file: a line `timestamp value step` per logged point (`timestamp value` before MLflow 1.0),
 * timestamps in ms, values as Python prints floats (`nan`, `inf`, `-inf` included).
 */
import type { FileWarnings } from '../file-warnings.js';
import { readLines } from '../line-reader.js';
import { MAX_TIME_MS, parseMetricValue, parseStep, stepProblem } from '../loose-values.js';
import type { SeriesBatcher } from '../record-batcher.js';

export interface MetricFileResult {
  points: number;
  /**
   * True when every point sat at step 0 — what `mlflow.log_metric` writes when no step is given — and their order
   * in the file was used as the step instead, so that the points do not replace one another.
   */
  orderAsStep: boolean;
}

interface Point {
  step: number;
  value: number;
  time: number | undefined;
}

/** Reads `file` into `batcher` under `key`; bad lines are reported to `warnings` and skipped. */
export async function readMetricFile(
  file: string,
  key: string,
  batcher: SeriesBatcher,
  warnings: FileWarnings,
  onBytes: (bytes: number) => void,
): Promise<MetricFileResult> {
  // Points wait here while every step so far is 0; the first other step shows the steps are real.
  let atZero: Point[] | undefined = [];
  let points = 0;
  let fieldsSeen = 0;
  const add = async (p: Point): Promise<void> => {
    points++;
    if (atZero && p.step === 0) {
      atZero.push(p);
      return;
    }
    if (atZero) {
      for (const q of atZero) await batcher.add(key, q.step, q.value, q.time);
      atZero = undefined;
    }
    await batcher.add(key, p.step, p.value, p.time);
  };

  for await (const { text, line, terminated, overlong } of readLines(file, onBytes)) {
    if (overlong) {
      warnings.line(line, 'a line longer than 16 MiB; skipped');
      continue;
    }
    const trimmed = text.trim();
    if (trimmed === '') continue;
    const fields = trimmed.split(/\s+/);
    if (!terminated && fields.length < Math.max(fieldsSeen, 2)) {
      warnings.line(line, `cut off (the file ends without a newline after ${JSON.stringify(trimmed.slice(0, 40))}); skipped`);
      continue;
    }
    if (fields.length < 2 || fields.length > 3) {
      warnings.line(line, `expected "timestamp value step", found ${fields.length} field${fields.length === 1 ? '' : 's'}; skipped`);
      continue;
    }
    fieldsSeen = Math.max(fieldsSeen, fields.length);
    const [rawTime, rawValue, rawStep] = fields as [string, string, string | undefined];
    const value = parseMetricValue(rawValue);
    if (value === undefined) {
      warnings.line(line, `value ${JSON.stringify(rawValue.slice(0, 40))} is not a number; skipped`);
      continue;
    }
    const timeNumber = Number(rawTime);
    if (!Number.isFinite(timeNumber)) {
      warnings.line(line, `timestamp ${JSON.stringify(rawTime.slice(0, 40))} is not a number; skipped`);
      continue;
    }
    // ms since the epoch; one out of the API's range loses its time, not its value
    const time = timeNumber >= 0 && timeNumber <= MAX_TIME_MS ? timeNumber : undefined;
    // files from before MLflow 1.0 have no step: the line order is the step
    const step = rawStep === undefined ? line - 1 : parseStep(rawStep);
    const why = stepProblem(step);
    if (why !== undefined) {
      warnings.line(line, `${why}; skipped`);
      continue;
    }
    await add({ step, value, time });
  }

  const orderAsStep = atZero !== undefined && atZero.length > 1;
  if (atZero) {
    for (let i = 0; i < atZero.length; i++) {
      const q = atZero[i]!;
      await batcher.add(key, orderAsStep ? i : q.step, q.value, q.time);
    }
  }
  return { points, orderAsStep };
}
