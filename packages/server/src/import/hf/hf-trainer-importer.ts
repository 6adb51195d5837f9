/**
 * `runlens import hf <path>`: a Hugging Face `Trainer` run from its trainer_state.json.
 *
 * - The run is the Trainer output directory (for a checkpoint's state, the directory above `checkpoint-N`), so
 *   importing a later checkpoint of the same run adds to that run instead of creating another. It is named after
 *   that directory and goes to `--project` or the project `huggingface`.
 * - Params: the state's settings (max_steps, num_train_epochs, logging_steps, eval_steps, save_steps,
 *   train_batch_size, trial_params), a `training_args.json` beside the state or in the run directory, and the
 *   model's `config.json` under `model.`.
 * - Metrics: every numeric field of every log_history entry at the entry's `step` (loss, grad_norm, learning_rate,
 *   eval_*, and `epoch` as its own series). The final summary entry (train_runtime, train_loss, ...) and the state's
 *   global_step / total_flos / best_metric become the run's summary.
 * - Status: completed when training reached max_steps or logged its summary entry; otherwise left as it is
 *   (`running`, which the heartbeat sweep later turns into `crashed`), since a checkpoint cannot tell whether
 *   training is still going.
 * - The file has no wall times, so points carry none and the run's start time is the import time.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { PLUGIN_API_VERSION, RunlensError, encodeValue, flattenParams, type Params } from '@runlens/core';
import { importRunId, type ImportContext, type ImporterPlugin } from '../importer.js';
import { FileWarnings } from '../file-warnings.js';
import { fitParams, keyProblem, toName } from '../import-names.js';
import { requireInputFile } from '../input-file.js';
import { SeriesBatcher } from '../record-batcher.js';
import { findTrainerState } from './find-trainer-state.js';
import { JsonSyntaxError, parseLenientJson } from '../lenient-json.js';
import { readLogHistory } from './log-history.js';

/** Project for runs when `--project` is not given. */
export const HF_DEFAULT_PROJECT = 'huggingface';

/** Fields of trainer_state.json that describe the configuration rather than the outcome. */
const STATE_PARAMS = ['max_steps', 'num_train_epochs', 'logging_steps', 'eval_steps', 'save_steps', 'train_batch_size', 'is_hyper_param_search', 'trial_name'];
/** Fields of trainer_state.json that are results. */
const STATE_SUMMARY = ['global_step', 'total_flos', 'best_metric'];

interface LoadedState {
  file: string;
  size: number;
  state: Record<string, unknown>;
  history: unknown[];
  truncated?: JsonSyntaxError;
}

export const hfTrainerImporter: ImporterPlugin = {
  kind: 'importer',
  name: 'hf',
  apiVersion: PLUGIN_API_VERSION,
  description: 'Hugging Face Trainer runs from trainer_state.json (train and eval log_history)',
  pathHelp: 'a trainer_state.json, or a Trainer output directory (its trainer_state.json or the latest checkpoint-*/trainer_state.json)',
  import: importTrainerState,
};

async function importTrainerState(path: string, ctx: ImportContext): Promise<void> {
  const found = await findTrainerState(path);
  let loaded: LoadedState | undefined;
  if (found.topLevel) {
    try {
      loaded = await loadState(found.topLevel);
    } catch (e) {
      if (!found.checkpoint) throw e;
      ctx.warn(`${(e as Error).message}; using ${found.checkpoint.file} instead`);
    }
  }
  if (found.checkpoint && (!loaded || globalStepOf(loaded.state) < found.checkpoint.step)) loaded = await loadState(found.checkpoint.file);
  if (!loaded) throw new RunlensError('VALIDATION', `${path}: no readable trainer_state.json`);

  const { file, size, state, history, truncated } = loaded;
  ctx.progress(0, size);
  const warnings = new FileWarnings(ctx.warn, file);
  if (truncated) {
    warnings.whole(`${truncated.reason} at line ${truncated.line}, column ${truncated.column} (truncated?); read ${history.length} log_history entries before the cut`);
  }

  const runDir = resolve(found.runDir);
  const name = toName(basename(runDir), 'trainer');
  const params = fitParams(await collectParams(state, [dirname(resolve(file)), runDir], ctx.warn), (why) => warnings.whole(why));
  const id = importRunId(0, 'hf', runDir);
  await ctx.emit({ type: 'run', run: { id, project: ctx.project ?? HF_DEFAULT_PROJECT, name, params } });

  const { series, summary, counts } = readLogHistory(history, warnings);
  const batcher = new SeriesBatcher(id, ctx.emit);
  for (const [key, s] of series) {
    for (let i = 0; i < s.steps.length; i++) await batcher.add(key, s.steps[i]!, s.values[i]!);
  }
  await batcher.flush();

  for (const k of STATE_SUMMARY) {
    const v = state[k];
    if (typeof v === 'number' && !(k in summary) && keyProblem(k) === undefined) summary[k] = v;
  }
  if (typeof state.num_input_tokens_seen === 'number' && state.num_input_tokens_seen > 0) summary.num_input_tokens_seen = state.num_input_tokens_seen;
  const maxSteps = typeof state.max_steps === 'number' ? state.max_steps : 0;
  const finished = !truncated && (counts.summary > 0 || (maxSteps > 0 && globalStepOf(state) >= maxSteps));
  await ctx.emit({
    type: 'update',
    run: id,
    body: {
      ...(finished ? { status: 'completed' as const } : {}),
      summary: Object.fromEntries(Object.entries(summary).map(([k, v]) => [k, encodeValue(v)])),
    },
  });
  warnings.finish();
  ctx.progress(size, size);
}

function globalStepOf(state: Record<string, unknown>): number {
  return typeof state.global_step === 'number' ? state.global_step : -1;
}

/** Reads and parses one state file; throws RunlensError naming the file and the line of a syntax error. */
async function loadState(file: string): Promise<LoadedState> {
  const size = await requireInputFile(file, 'a trainer_state.json');
  const text = await readFile(file, 'utf8');
  let parsed;
  try {
    parsed = parseLenientJson(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError) {
      throw new RunlensError('VALIDATION', `${file}:${e.line}:${e.column}: not valid JSON (${e.reason})`, { file, line: e.line, column: e.column, offset: e.offset });
    }
    throw e;
  }
  const state = parsed.value;
  if (state === null || typeof state !== 'object' || Array.isArray(state) || !Array.isArray((state as Record<string, unknown>).log_history)) {
    throw new RunlensError('VALIDATION', `${file}: not a trainer_state.json (no "log_history" list)${parsed.truncated ? `; the file is cut off at line ${parsed.truncated.line}` : ''}`);
  }
  const s = state as Record<string, unknown>;
  return { file, size, state: s, history: s.log_history as unknown[], ...(parsed.truncated ? { truncated: parsed.truncated } : {}) };
}

/** Params from the model config, the training arguments and the state, later ones winning. */
async function collectParams(state: Record<string, unknown>, dirs: string[], warn: (message: string) => void): Promise<Params> {
  const config = await readSibling(dirs, 'config.json', warn);
  const args = await readSibling(dirs, 'training_args.json', warn);
  const params: Params = {
    ...(config ? flattenParams(config, 'model') : {}),
    ...(args ? flattenParams(args) : {}),
  };
  for (const k of STATE_PARAMS) {
    const v = state[k];
    if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') params[k] = v;
  }
  const trial = state.trial_params;
  if (trial !== null && typeof trial === 'object' && !Array.isArray(trial)) Object.assign(params, flattenParams(trial));
  return params;
}

/** The first `name` found in `dirs`, parsed as a JSON object; a broken one is reported and ignored. */
async function readSibling(dirs: string[], name: string, warn: (message: string) => void): Promise<Record<string, unknown> | undefined> {
  for (const dir of new Set(dirs)) {
    const file = join(dir, name);
    if (!(await stat(file).then((s) => s.isFile(), () => false))) continue;
    try {
      const { value, truncated } = parseLenientJson(await readFile(file, 'utf8'));
      if (truncated) throw truncated;
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
      warn(`${file}: not a JSON object; its params are not imported`);
    } catch (e) {
      const where = e instanceof JsonSyntaxError ? `:${e.line}:${e.column}` : '';
      warn(`${file}${where}: ${e instanceof JsonSyntaxError ? e.reason : (e as Error).message}; its params are not imported`);
    }
    return undefined;
  }
  return undefined;
}
