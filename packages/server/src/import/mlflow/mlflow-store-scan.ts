/**
 * Finds the runs to import under a path in an MLflow file store: the store (`mlruns/`), one experiment directory, or
 * one run directory. Handles what real stores contain besides experiments: `.trash/` (deleted experiments),
 * `models/` (the model registry), and a stray nested `mlruns/` left by running MLflow inside the store.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { RunlensError } from '@runlens/core';
import { listKeyFiles, type KeyFile } from './mlflow-key-files.js';
import { experimentMeta, isRunMeta, readMetaYaml, runMeta, type ExperimentMeta, type MetaResult, type RunMeta } from './mlflow-meta.js';

export interface PlannedRun {
  /** Absolute run directory. */
  dir: string;
  meta: RunMeta;
  experiment: ExperimentMeta;
  params: KeyFile[];
  tags: KeyFile[];
  metrics: KeyFile[];
  /** Bytes of its param, tag and metric files, for progress. */
  bytes: number;
}

export interface MlflowPlan {
  runs: PlannedRun[];
  experiments: number;
  deletedRuns: number;
  deletedExperiments: number;
}

/** Folders of an experiment that are not runs (experiment tags, MLflow 2.x datasets and traces). */
const NOT_RUNS = new Set(['tags', 'datasets', 'traces']);

/** Finds the runs under `path`; throws RunlensError naming `path` when it is no part of an MLflow store. */
export async function planMlflowImport(path: string, includeDeleted: boolean, warn: (message: string) => void): Promise<MlflowPlan> {
  const root = resolve(path);
  const info = await stat(root).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') throw new RunlensError('NOT_FOUND', `${path}: no such directory (expected an mlruns directory or an experiment directory)`);
    throw new RunlensError('VALIDATION', `${path}: cannot read it (${e.code ?? e.message})`);
  });
  if (!info.isDirectory()) throw new RunlensError('VALIDATION', `${path} is not a directory; expected an mlruns directory or an experiment directory`);

  const plan: MlflowPlan = { runs: [], experiments: 0, deletedRuns: 0, deletedExperiments: 0 };
  const scan = new StoreScan(plan, includeDeleted, warn);
  const own = await readMetaYaml(join(root, 'meta.yaml'));
  if (own.ok && isRunMeta(own.fields)) {
    const parent = dirname(root);
    const exp = await readMetaYaml(join(parent, 'meta.yaml'));
    if (!exp.ok) warn(`${exp.why}; the experiment is named after its folder`);
    plan.experiments = 1;
    await scan.run(root, own.fields, exp.ok ? experimentMeta(exp.fields, basename(parent)) : { id: basename(parent), name: basename(parent), deleted: false });
  } else if (own.ok) {
    await scan.experiment(root, experimentMeta(own.fields, basename(root)));
  } else if (!own.missing) {
    throw new RunlensError('VALIDATION', `${own.why}; cannot import ${path}`);
  } else {
    await scan.store(root, true);
  }
  return plan;
}

class StoreScan {
  constructor(
    private readonly plan: MlflowPlan,
    private readonly includeDeleted: boolean,
    private readonly warn: (message: string) => void,
  ) {}

  async store(dir: string, top: boolean): Promise<void> {
    const children = await subdirectories(dir);
    const metas = new Map<string, MetaResult>();
    for (const name of children) metas.set(name, await readMetaYaml(join(dir, name, 'meta.yaml')));
    const looksLikeStore = children.includes('.trash') || [...metas.values()].some((m) => m.ok || !m.missing);
    if (top && !looksLikeStore && !children.includes('mlruns')) {
      throw new RunlensError(
        'VALIDATION',
        `${dir}: not an MLflow store (no <experiment>/meta.yaml inside) nor an experiment or run directory (no meta.yaml)`,
      );
    }
    for (const name of children) {
      const child = join(dir, name);
      const meta = metas.get(name)!;
      if (name === '.trash') {
        await this.trash(child);
      } else if (name.startsWith('.')) {
        continue;
      } else if (meta.ok && !isRunMeta(meta.fields)) {
        await this.experiment(child, experimentMeta(meta.fields, name));
      } else if (meta.ok) {
        this.warn(`${child}: a run directly in the store, outside any experiment; skipped`);
      } else if (meta.missing && name === 'mlruns' && top) {
        const before = this.plan.runs.length;
        await this.store(child, false);
        const found = this.plan.runs.length - before;
        if (found > 0) this.warn(`${child}: a nested MLflow store (made by running MLflow inside mlruns/); imported its ${found} run${found === 1 ? '' : 's'} too`);
      } else if (meta.missing && name === 'models') {
        continue; // the model registry: no runs in it
      } else {
        this.warn(`${meta.why}; skipped this experiment`);
      }
    }
  }

  /** `.trash/` holds deleted experiments. */
  private async trash(dir: string): Promise<void> {
    for (const name of await subdirectories(dir)) {
      if (!this.includeDeleted) {
        this.plan.deletedExperiments++;
        continue;
      }
      const meta = await readMetaYaml(join(dir, name, 'meta.yaml'));
      if (meta.ok) await this.experiment(join(dir, name), { ...experimentMeta(meta.fields, name), deleted: true });
      else this.warn(`${meta.why}; skipped this deleted experiment`);
    }
  }

  async experiment(dir: string, exp: ExperimentMeta): Promise<void> {
    if (exp.deleted && !this.includeDeleted) {
      this.plan.deletedExperiments++;
      return;
    }
    this.plan.experiments++;
    for (const name of await subdirectories(dir)) {
      if (NOT_RUNS.has(name) || name.startsWith('.')) continue;
      const meta = await readMetaYaml(join(dir, name, 'meta.yaml'));
      if (!meta.ok) this.warn(`${meta.why}; skipped this run`);
      else if (!isRunMeta(meta.fields)) this.warn(`${join(dir, name, 'meta.yaml')}: not a run's meta.yaml (no run_uuid); skipped`);
      else await this.run(join(dir, name), meta.fields, exp);
    }
  }

  async run(dir: string, fields: Record<string, unknown>, experiment: ExperimentMeta): Promise<void> {
    const meta = runMeta(fields, basename(dir));
    if ((meta.deleted || experiment.deleted) && !this.includeDeleted) {
      this.plan.deletedRuns++;
      return;
    }
    const [params, tags, metrics] = await Promise.all(['params', 'tags', 'metrics'].map((f) => listKeyFiles(join(dir, f))));
    const bytes = [...params!, ...tags!, ...metrics!].reduce((n, f) => n + f.size, 0);
    this.plan.runs.push({ dir, meta, experiment, params: params!, tags: tags!, metrics: metrics!, bytes });
  }
}

/** Names of the directories in `dir` (following symlinks), sorted so imports are repeatable. */
async function subdirectories(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    if (e.isDirectory() || (e.isSymbolicLink() && (await stat(join(dir, e.name)).then((s) => s.isDirectory(), () => false)))) out.push(e.name);
  }
  return out.sort();
}
