/**
 * The `meta.yaml` files of an MLflow file store, as MLflow 1.x and 2.x write them: one per experiment (name,
 * lifecycle_stage) and one per run (run_name from 2.x on, status as MLflow's RunStatus number, start/end in ms,
 * lifecycle_stage, artifact_uri).
 */
import { readFile } from 'node:fs/promises';
import { parse, YAMLParseError } from 'yaml';
import type { RunStatus } from '@runlens/core';
import { MAX_TIME_MS } from '../loose-values.js';

export type MetaResult = { ok: true; fields: Record<string, unknown> } | { ok: false; missing: boolean; why: string };

/** Reads and parses one meta.yaml; `why` names the file (and line for a YAML error). */
export async function readMetaYaml(file: string): Promise<MetaResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, missing: code === 'ENOENT', why: code === 'ENOENT' ? `${file} is missing` : `${file}: cannot read it (${code ?? String(e)})` };
  }
  let fields: unknown;
  try {
    fields = parse(text);
  } catch (e) {
    const line = e instanceof YAMLParseError && e.linePos ? `:${e.linePos[0].line}` : '';
    return { ok: false, missing: false, why: `${file}${line}: not valid YAML (${(e as Error).message.split('\n')[0]})` };
  }
  if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) {
    return { ok: false, missing: false, why: `${file}: ${text.trim() === '' ? 'empty' : 'not a YAML mapping'}` };
  }
  return { ok: true, fields: fields as Record<string, unknown> };
}

export interface ExperimentMeta {
  id: string;
  name: string;
  deleted: boolean;
}

export function experimentMeta(fields: Record<string, unknown>, dirName: string): ExperimentMeta {
  const id = text(fields.experiment_id) ?? dirName;
  return { id, name: text(fields.name) ?? `experiment ${id}`, deleted: fields.lifecycle_stage === 'deleted' };
}

export interface RunMeta {
  runId: string;
  /** run_name (2.x) or the deprecated `name` (1.x); the caller falls back to the mlflow.runName tag. */
  name: string | undefined;
  /** MLflow's status as its name (FINISHED, ...), or undefined when absent. */
  mlflowStatus: string | undefined;
  startTime: number | undefined;
  endTime: number | undefined;
  deleted: boolean;
  artifactUri: string | undefined;
}

/** True when the fields are a run's (a directory holding them is a run, not an experiment). */
export function isRunMeta(fields: Record<string, unknown>): boolean {
  return 'run_uuid' in fields || 'run_id' in fields;
}

export function runMeta(fields: Record<string, unknown>, dirName: string): RunMeta {
  return {
    // an unquoted all-digit id reads as a (rounded) YAML number; the directory name is the id then
    runId: str(fields.run_id) ?? str(fields.run_uuid) ?? dirName,
    name: text(fields.run_name) ?? text(fields.name),
    mlflowStatus: statusName(fields.status),
    startTime: millis(fields.start_time),
    endTime: millis(fields.end_time),
    deleted: fields.lifecycle_stage === 'deleted',
    artifactUri: text(fields.artifact_uri),
  };
}

/** MLflow's RunStatus enum: the file store writes the number, other writers the name. */
const STATUS_NAMES = ['', 'RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'];

function statusName(raw: unknown): string | undefined {
  if (typeof raw === 'number') return STATUS_NAMES[raw] || String(raw);
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  const s = raw.trim();
  return /^\d+$/.test(s) ? STATUS_NAMES[Number(s)] || s : s.toUpperCase().replace(/^RUNSTATUS\./, '');
}

/**
 * runlens status of an MLflow status. RUNNING and SCHEDULED stay `running`: a later import of the same store
 * updates them, and runs that never finish are marked `crashed` by runlens' heartbeat sweep.
 */
export const STATUS_MAP: Readonly<Record<string, RunStatus>> = {
  RUNNING: 'running',
  SCHEDULED: 'running',
  FINISHED: 'completed',
  FAILED: 'failed',
  KILLED: 'killed',
};

/**
 * A local path for a `file:` URI (`file:///C:/My%20Runs/0/abc/artifacts` → `C:/My Runs/0/abc/artifacts`, a UNC
 * host kept as `//host/...`); other URIs (s3://, dbfs:/, mlflow-artifacts:/) and plain paths come back unchanged.
 */
export function fileUriToPath(uri: string): string {
  if (!/^file:/i.test(uri)) return uri;
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return uri;
  }
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    path = url.pathname;
  }
  if (/^\/[A-Za-z]:/.test(path)) path = path.slice(1);
  return url.host ? `//${url.host}${path}` : path;
}

function text(v: unknown): string | undefined {
  if (typeof v === 'number') return String(v);
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

function millis(v: unknown): number | undefined {
  const n = typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 && n <= MAX_TIME_MS ? n : undefined;
}
