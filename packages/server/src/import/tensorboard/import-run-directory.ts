/**
 * Imports one TensorBoard run: the event files of one directory, in name order, as one runlens run. The run record
 * is emitted just before its first data (by then the hparams that Lightning and Keras write at the start of a file
 * are known); hparams found later are sent as an `update`.
 */
import { basename } from 'node:path';
import { checkName, LIMITS, type Params } from '@runlens/core';
import type { ImportContext } from '../importer.js';
import { importRunId } from '../importer.js';
import { decodeSummaryValue } from './decode-summary.js';
import { eventDecoderFor, has, int64ToNumber, type TensorboardEvent } from './event-proto.js';
import type { EventFile } from './find-event-files.js';
import { readHparamsYaml } from './hparams-yaml.js';
import { RecordBatcher, type SeriesColumns } from '../record-batcher.js';
import { readTfRecordFile } from './tfrecord-reader.js';

export interface RunDirectory {
  /** Absolute path of the directory. */
  dir: string;
  project: string;
  name: string;
  files: EventFile[];
}

/** What importing one run found, for the summary. */
export interface RunImportResult {
  /** Undefined when the directory held no events at all (no run was created). */
  runId: string | undefined;
  events: number;
  points: number;
  histograms: number;
  texts: number;
  /** Values not imported, by reason (`images`, `values of plugin 'pr_curves'`...). */
  skipped: Map<string, number>;
  problems: number;
}

interface TagState {
  plugin: string;
  dataClass: number;
  /** Why the tag cannot be a runlens key (checkName), if it cannot. */
  problem: string | undefined;
  warned?: boolean;
  series: SeriesColumns | undefined;
}

/** Problems reported per file before the rest are only counted. */
const WARNINGS_PER_FILE = 20;

/** Bytes read so far over all files of an import, shared by its runs. */
export interface ProgressTracker {
  done: number;
  total: number;
}

/**
 * Reads `run.files` and emits the run and its data through `ctx`. Damaged files are reported through `ctx.warn`
 * (file and offset) and read as far as possible; only a failing `ctx.emit` throws.
 */
export async function importRunDirectory(run: RunDirectory, ctx: ImportContext, progress: ProgressTracker): Promise<RunImportResult> {
  const result: RunImportResult = { runId: undefined, events: 0, points: 0, histograms: 0, texts: 0, skipped: new Map(), problems: 0 };
  const yamlParams = await readHparamsYaml(run.dir, (m) => ctx.warn(m));
  const batcher = new RecordBatcher();
  // TF2 writers put a tag's plugin metadata only on its first value in a file; later values inherit it.
  const tags = new Map<string, TagState>();
  let pluginParams: Params = {};
  let sentParams: Params | undefined;
  let startTime: number | undefined;
  let endTime = 0;

  const skip = (reason: string): void => {
    result.skipped.set(reason, (result.skipped.get(reason) ?? 0) + 1);
  };

  const runId = (): string => {
    result.runId ??= importRunId(startTime ?? 0, 'tensorboard', run.dir);
    return result.runId;
  };

  const emitRunIfNeeded = async (): Promise<void> => {
    if (sentParams) return;
    sentParams = mergeParams(pluginParams, yamlParams, (m) => ctx.warn(`${run.dir}: ${m}`));
    const host = hostFromFileName(run.files[0]?.path ?? '');
    await ctx.emit({
      type: 'run',
      run: {
        id: runId(),
        project: run.project,
        name: run.name,
        params: sentParams,
        status: 'completed',
        ...(startTime !== undefined ? { startTime } : {}),
        ...(host ? { host } : {}),
      },
    });
  };

  const flush = async (): Promise<void> => {
    if (batcher.empty) return;
    await emitRunIfNeeded();
    for (const record of batcher.take(runId())) await ctx.emit(record);
  };

  const handleEvent = (event: TensorboardEvent): void => {
    const wallTime = event.wall_time;
    if (wallTime > 0) {
      startTime ??= wallTime * 1000;
      if (wallTime * 1000 > endTime) endTime = wallTime * 1000;
    }
    if (!event.summary) return;
    const step = int64ToNumber(event.step);
    const time = wallTime > 0 ? wallTime * 1000 : 0;
    const stepOk = step >= 0 && step <= LIMITS.maxStep;
    for (const value of event.summary.value) {
      const tag = value.tag || value.node_name;
      let state = tags.get(tag);
      if (!state) {
        state = { plugin: '', dataClass: 0, problem: checkName(tag, 'tag'), series: undefined };
        tags.set(tag, state);
      }
      // The common case (PyTorch, Lightning, TF1) first, without building a DecodedSummaryValue.
      if (stepOk && !state.problem && has(value, 'simple_value')) {
        batcher.addPoint((state.series ??= batcher.seriesFor(tag)), step, value.simple_value!, time);
        result.points++;
        continue;
      }
      const metadata = value.metadata;
      if (metadata && (metadata.plugin_data || metadata.data_class)) {
        state.plugin = metadata.plugin_data?.plugin_name ?? '';
        state.dataClass = metadata.data_class;
      }
      const decoded = decodeSummaryValue(value, state.plugin, state.dataClass);
      if (decoded.kind === 'skip') {
        skip(decoded.reason);
        continue;
      }
      if (decoded.kind === 'params') {
        pluginParams = { ...pluginParams, ...decoded.params };
        continue;
      }
      if (!stepOk) {
        skip('values with a negative or too large step');
        continue;
      }
      if (state.problem) {
        if (!state.warned) ctx.warn(`${run.dir}: tag ${JSON.stringify(tag.slice(0, 80))}: ${state.problem}; values of this tag skipped`);
        state.warned = true;
        skip('values with an unusable tag');
        continue;
      }
      if (decoded.kind === 'scalar') {
        batcher.addPoint((state.series ??= batcher.seriesFor(tag)), step, decoded.value, time);
        result.points++;
      } else if (decoded.kind === 'histogram') {
        batcher.addHistogram({ key: tag, step, time, edges: decoded.edges, counts: decoded.counts });
        result.histograms++;
      } else {
        batcher.addText({ key: tag, step, time, text: decoded.text });
        result.texts++;
      }
    }
  };

  for (const file of run.files) {
    const before = progress.done;
    let shown = 0;
    const report = (message: string): void => {
      result.problems++;
      if (shown++ < WARNINGS_PER_FILE) ctx.warn(message);
    };
    if (file.size === 0) {
      ctx.warn(`${file.path}: empty file (0 bytes); nothing to import`);
      continue;
    }
    try {
      for await (const chunk of readTfRecordFile(file.path, { onProblem: (p) => report(p.message) })) {
        const decode = eventDecoderFor(chunk.bytes);
        while (chunk.next()) {
          let event: TensorboardEvent;
          try {
            event = decode(chunk.start, chunk.end);
          } catch (e) {
            report(`${file.path}: offset ${chunk.offset}: record is not a TensorBoard event (${(e as Error).message}); skipped`);
            continue;
          }
          result.events++;
          handleEvent(event);
          if (batcher.full) await flush();
        }
        progress.done = before + chunk.position;
        ctx.progress(progress.done, progress.total);
      }
    } catch (e) {
      // The file vanished or became unreadable while importing; what was read is kept.
      report(`${file.path}: read failed (${(e as Error).message}); the rest of this file is skipped`);
    }
    if (shown > WARNINGS_PER_FILE) ctx.warn(`${file.path}: ${shown - WARNINGS_PER_FILE} more problems not shown`);
    progress.done = before + file.size;
    ctx.progress(progress.done, progress.total);
  }

  if (result.events === 0) {
    ctx.warn(`${run.dir}: no readable events in ${run.files.length === 1 ? basename(run.files[0]!.path) : `${run.files.length} event files`}; no run created`);
    return result;
  }
  await flush();
  await emitRunIfNeeded();
  const update: { params?: Params; endTime?: number } = {};
  const lateParams = newParams(mergeParams(pluginParams, yamlParams, () => {}), sentParams ?? {});
  if (Object.keys(lateParams).length > 0) update.params = lateParams;
  if (endTime > 0) update.endTime = endTime;
  if (Object.keys(update).length > 0) await ctx.emit({ type: 'update', run: runId(), body: update });
  return result;
}

/**
 * hparams.yaml keeps types and nesting, so it wins over the plugin's flattened copy: a plugin key is dropped when
 * the YAML has it, also spelled with `.` for `/` or as the parent of nested keys (`input_shape` vs `input_shape.0`).
 * Values are cut to the store's limits rather than have the whole run refused.
 */
function mergeParams(plugin: Params, yaml: Params | undefined, warn: (message: string) => void): Params {
  const covered = new Set<string>();
  for (const k of Object.keys(yaml ?? {})) {
    covered.add(k);
    for (let i = k.indexOf('.'); i >= 0; i = k.indexOf('.', i + 1)) covered.add(k.slice(0, i));
  }
  const out: Params = {};
  for (const [k, v] of Object.entries(plugin)) {
    if (covered.has(k) || covered.has(k.replaceAll('/', '.'))) continue;
    out[k] = v;
  }
  Object.assign(out, yaml ?? {});
  const keys = Object.keys(out);
  if (keys.length > LIMITS.maxParams) {
    warn(`${keys.length} hyperparameters; only the first ${LIMITS.maxParams} are kept`);
    for (const k of keys.slice(LIMITS.maxParams)) delete out[k];
  }
  for (const [k, v] of Object.entries(out)) {
    if (typeof v === 'string' && v.length > LIMITS.maxParamStringLength) out[k] = v.slice(0, LIMITS.maxParamStringLength);
  }
  return out;
}

function newParams(all: Params, sent: Params): Params {
  const out: Params = {};
  for (const [k, v] of Object.entries(all)) if (!(k in sent) || sent[k] !== v) out[k] = v;
  return out;
}

/** `events.out.tfevents.<secs>.<host>.<pid>.<n>[.v2]` → host; undefined for other names. */
export function hostFromFileName(path: string): string | undefined {
  const m = /tfevents\.\d+\.(.+)\.\d+\.\d+(?:\.v2)?$/.exec(basename(path));
  const host = m?.[1];
  return host && !checkName(host, 'host') ? host : undefined;
}
