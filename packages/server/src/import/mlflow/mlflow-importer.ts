/**
 * `runlens import mlflow <path>`: runs from an MLflow file store (`mlruns/`, MLflow 1.x and 2.x layouts), one
 * experiment directory, or one run directory.
 *
 * How MLflow maps onto runlens:
 * - experiment → project (`--project` overrides); run → run, named by `run_name` (2.x), the `mlflow.runName` tag
 *   (1.x) or the run id. Run ids are derived from the start time and the absolute run directory, so importing the
 *   same store again finds the runs it made before.
 * - status: FINISHED → completed, FAILED → failed, KILLED → killed; RUNNING and SCHEDULED stay `running` (a later
 *   import updates them; runs that never finish are marked `crashed` by runlens' heartbeat sweep).
 * - params keep their MLflow keys; values that are canonical numbers, `True`/`False` or `None` become numbers,
 *   booleans and null (MLflow stores every param as text), so they can be filtered and plotted as numbers.
 * - tags: `mlflow.runName`, `mlflow.source.git.commit` (→ git commit), `mlflow.source.name` (→ command) and
 *   `mlflow.note.content` (→ notes) fill run fields; every other tag, user or system, is kept as a string param
 *   `tags.<key>` (runlens tags are bare labels, MLflow tags are key/value pairs). The run's group is the hash of its
 *   MLflow params alone, so tags and the `mlflow.*` params never split repeats of one configuration.
 * - `mlflow.run_id` and `mlflow.artifact_uri` (a `file:` URI decoded to its path, Windows drives included) are
 *   kept as params, to find the run's artifacts.
 * - metrics: every point with its step and timestamp. A metric whose points all sit at step 0 (logged without a
 *   step) gets its line order as the step, so the points do not replace one another.
 * - deleted runs and experiments (lifecycle_stage `deleted`, `.trash/`) are skipped unless `--include-deleted`.
 */
import { PLUGIN_API_VERSION, RunlensError, defaultGroup, type CreateRunBody, type Params, type PatchRunBody } from '@runlens/core';
import { importRunId, type ImportContext, type ImporterPlugin } from '../importer.js';
import { FileWarnings } from '../file-warnings.js';
import { fitParams, keyProblem, toName } from '../import-names.js';
import { parseParamValue } from '../loose-values.js';
import { SeriesBatcher } from '../record-batcher.js';
import { readKeyValues } from './mlflow-key-files.js';
import { STATUS_MAP, fileUriToPath } from './mlflow-meta.js';
import { readMetricFile } from './mlflow-metric-file.js';
import { planMlflowImport, type PlannedRun } from './mlflow-store-scan.js';

/** Tags that fill run fields instead of becoming `tags.*` params. */
const FIELD_TAGS = new Set(['mlflow.runName', 'mlflow.source.git.commit', 'mlflow.source.name', 'mlflow.note.content']);
const MAX_GIT_COMMIT = 64;
const MAX_TEXT = 100_000;

export const mlflowImporter: ImporterPlugin = {
  kind: 'importer',
  name: 'mlflow',
  apiVersion: PLUGIN_API_VERSION,
  description: 'MLflow file stores (mlruns/): experiments, runs, params, tags and metrics',
  pathHelp: 'an mlruns directory, one experiment directory (mlruns/<id>) or one run directory (mlruns/<id>/<run>)',
  import: importMlflow,
};

async function importMlflow(path: string, ctx: ImportContext): Promise<void> {
  const plan = await planMlflowImport(path, ctx.includeDeleted === true, ctx.warn);
  const skipped = [
    plan.deletedRuns > 0 ? `${plan.deletedRuns} deleted run${plan.deletedRuns === 1 ? '' : 's'}` : '',
    plan.deletedExperiments > 0 ? `${plan.deletedExperiments} deleted experiment${plan.deletedExperiments === 1 ? '' : 's'}` : '',
  ].filter(Boolean);
  if (skipped.length > 0) ctx.warn(`${path}: skipped ${skipped.join(' and ')}; pass --include-deleted to import them`);
  if (plan.runs.length === 0) {
    if (skipped.length > 0) return;
    throw new RunlensError('VALIDATION', `${path}: no MLflow runs found (${plan.experiments} experiment${plan.experiments === 1 ? '' : 's'} without runs)`);
  }

  const total = plan.runs.reduce((n, r) => n + r.bytes, 0);
  let done = 0;
  ctx.progress(0, total);
  for (const run of plan.runs) {
    await importRun(run, ctx, (bytes) => ctx.progress(done + bytes, total));
    done += run.bytes;
    ctx.progress(done, total);
  }
}

async function importRun(planned: PlannedRun, ctx: ImportContext, onBytes: (bytes: number) => void): Promise<void> {
  const { dir, meta, experiment } = planned;
  const params = await readKeyValues(planned.params, ctx.warn);
  const tags = await readKeyValues(planned.tags, ctx.warn);
  const warn = (why: string) => ctx.warn(`${dir}: ${why}`);

  const mlflowParams: Params = {};
  for (const [k, v] of params) mlflowParams[k] = parseParamValue(v);
  const allParams: Params = {};
  for (const [k, v] of tags) if (!FIELD_TAGS.has(k)) allParams[`tags.${k}`] = v;
  allParams['mlflow.run_id'] = meta.runId;
  if (meta.artifactUri) allParams['mlflow.artifact_uri'] = fileUriToPath(meta.artifactUri);
  Object.assign(allParams, mlflowParams);

  const id = importRunId(meta.startTime ?? 0, 'mlflow', dir);
  const gitCommit = tags.get('mlflow.source.git.commit')?.trim();
  const command = tags.get('mlflow.source.name');
  const notes = tags.get('mlflow.note.content');
  const run: CreateRunBody & { id: string } = {
    id,
    project: ctx.project ?? toName(experiment.name, `experiment ${experiment.id}`),
    name: toName(meta.name ?? tags.get('mlflow.runName') ?? '', meta.runId),
    group: defaultGroup(mlflowParams),
    params: fitParams(allParams, warn),
    ...(meta.startTime !== undefined ? { startTime: meta.startTime } : {}),
    ...(gitCommit && gitCommit.length <= MAX_GIT_COMMIT ? { gitCommit } : {}),
    ...(command ? { command: command.slice(0, MAX_TEXT) } : {}),
    ...(notes ? { notes: notes.slice(0, MAX_TEXT) } : {}),
  };
  await ctx.emit({ type: 'run', run });

  const batcher = new SeriesBatcher(id, ctx.emit);
  const stepless: string[] = [];
  let read = 0;
  for (const file of planned.metrics) {
    const warnings = new FileWarnings(ctx.warn, file.path);
    const problem = keyProblem(file.key);
    if (problem !== undefined) {
      warnings.whole(`${problem}; this metric is skipped`);
    } else {
      const result = await readMetricFile(file.path, file.key, batcher, warnings, (bytes) => onBytes(read + bytes));
      if (result.orderAsStep) stepless.push(file.key);
    }
    warnings.finish();
    read += file.size;
  }
  await batcher.flush();
  if (stepless.length > 0) {
    warn(`${stepless.length} metric${stepless.length === 1 ? ' has' : 's have'} every point at step 0 (logged without a step): ${stepless.slice(0, 5).join(', ')}${stepless.length > 5 ? ', ...' : ''}; their order in the file is used as the step`);
  }

  const update: PatchRunBody = {};
  const status = meta.mlflowStatus === undefined ? undefined : STATUS_MAP[meta.mlflowStatus];
  if (status) update.status = status;
  else if (meta.mlflowStatus !== undefined) warn(`unknown MLflow status ${JSON.stringify(meta.mlflowStatus)}; the run's status is left as it is`);
  if (meta.endTime !== undefined && status !== 'running') update.endTime = meta.endTime;
  await ctx.emit({ type: 'update', run: id, body: update });
}
