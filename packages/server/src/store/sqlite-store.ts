/**
 * The embedded store: one SQLite file (better-sqlite3, WAL) in the data dir.
 *
 * Metric points live per series in chunks that never overlap in step range (see migrations.ts). The common case,
 * steps arriving in increasing order, appends one small unsealed chunk per series per batch; once a series'
 * unsealed chunks add up to CHUNK_SIZE points they are merged into sealed chunks. A point at or before a series'
 * last step (a retry, a late write) rewrites the one chunk whose range covers it, so a repeated (run, key, step)
 * replaces the earlier value. Every batch is one transaction: all of it is stored, or none.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { monotonicFactory } from 'ulid';
import {
  RunlensError,
  defaultGroup,
  type Dashboard,
  type DashboardInput,
  type DashboardSummary,
  type LogLine,
  type LogStream,
  type ParamValue,
  type Params,
  type Project,
  type Run,
  type RunStatus,
  type SeriesColumns,
  type SeriesSummary,
  type TensorDtype,
} from '@runlens/core';
import { MIGRATIONS } from './migrations.js';
import { SqliteDashboards } from './sqlite-dashboards.js';
import { BLOCK_SIZES, decodeBlocks, decodeChunkData, decodeFloat64Blob, encodeBlocks, encodeChunkData, float64Blob, type BlockLevel } from './chunk-codec.js';
import { compileFilterSql, compileSortSql, registerFilterFunctions } from './filter-sql.js';
import { decodeTensorBlob, encodeTensorBlob, thinSteps } from './tensor-codec.js';
import type {
  AppendResult,
  CreateRunInput,
  HistogramWrite,
  StoredHistogram,
  StoredTensor,
  TensorSeriesInfo,
  TensorWrite,
  TextWrite,
  ListRunsOptions,
  ReadLogsOptions,
  RunPage,
  SeriesBlocks,
  SeriesWrite,
  Store,
  StoreEvent,
  UpdateRunInput,
} from './store.js';

/** Points per sealed chunk. */
export const CHUNK_SIZE = 4096;
/** A batch (or merge remainder) at least this big is stored as a sealed chunk of its own. */
const MIN_SEALED_SIZE = CHUNK_SIZE / 4;
/** Unsealed chunks a series may accumulate before they are merged, whatever their size. */
const MAX_UNSEALED_CHUNKS = 32;

export const DB_FILE = 'runlens.db';

interface SeriesState {
  id: number;
  count: number;
  first: number;
  last: number;
  min: number;
  max: number;
  firstStep: number;
  lastStep: number;
  nanCount: number;
  lastTime: number;
  unsealedPoints: number;
  unsealedChunks: number;
}

interface RunRow {
  id: string;
  project: string;
  name: string;
  grp: string;
  status: RunStatus;
  notes: string;
  start_time: number;
  end_time: number | null;
  heartbeat: number;
  exit_code: number | null;
  error: string | null;
  command: string | null;
  cwd: string | null;
  git_commit: string | null;
  git_dirty: number | null;
  host: string | null;
}

interface SeriesRow {
  id: number;
  run_id: string;
  key: string;
  count: number;
  first_value: number | null;
  last_value: number | null;
  min_value: number | null;
  max_value: number | null;
  first_step: number | null;
  last_step: number | null;
  nan_count: number;
  last_time: number | null;
}

interface ChunkRow {
  id: number;
  sealed: number;
  step_min: number;
  step_max: number;
}

/** SQLite has no NaN: it stores NULL. Reading back, NULL in a value column of a non-empty series means NaN. */
const fromDb = (v: number | null): number => (v === null ? Number.NaN : v);
const toDb = (v: number): number | null => (Number.isNaN(v) ? null : v);

function paramRow(v: ParamValue): { value: number | string | null; vtype: string } {
  if (v === null) return { value: null, vtype: 'null' };
  if (typeof v === 'boolean') return { value: v ? 1 : 0, vtype: 'bool' };
  if (typeof v === 'number') return { value: v, vtype: 'number' };
  return { value: v, vtype: 'string' };
}

function paramValue(value: number | string | null, vtype: string): ParamValue {
  if (vtype === 'null') return null;
  if (vtype === 'bool') return value === 1;
  return value as number | string;
}

/** Sorts a series write by step, last write of a step winning, and fills missing times. */
function normalizeWrite(w: SeriesWrite): SeriesColumns {
  const n = w.steps.length;
  const order = new Uint32Array(n);
  let sorted = true;
  for (let i = 0; i < n; i++) {
    order[i] = i;
    if (i > 0 && w.steps[i]! <= w.steps[i - 1]!) sorted = false;
  }
  // stable sort so that of duplicate steps the later one in the batch comes last and wins below
  if (!sorted) order.sort((a, b) => w.steps[a]! - w.steps[b]! || a - b);
  const steps = new Float64Array(n);
  const values = new Float64Array(n);
  const times = new Float64Array(n);
  let m = 0;
  for (let j = 0; j < n; j++) {
    const i = order[j]!;
    const s = w.steps[i]!;
    if (m > 0 && steps[m - 1] === s) m--; // duplicate step: overwrite
    steps[m] = s;
    values[m] = w.values[i]!;
    times[m] = w.times[i]!;
    m++;
  }
  return { steps: steps.subarray(0, m), values: values.subarray(0, m), times: times.subarray(0, m) };
}

function concatColumns(parts: SeriesColumns[]): SeriesColumns {
  let n = 0;
  for (const p of parts) n += p.steps.length;
  const out = { steps: new Float64Array(n), values: new Float64Array(n), times: new Float64Array(n) };
  let o = 0;
  for (const p of parts) {
    out.steps.set(p.steps, o);
    out.values.set(p.values, o);
    out.times.set(p.times, o);
    o += p.steps.length;
  }
  return out;
}

function sliceColumns(c: SeriesColumns, start: number, end: number): SeriesColumns {
  return { steps: c.steps.subarray(start, end), values: c.values.subarray(start, end), times: c.times.subarray(start, end) };
}

/** Merges `update` into `base` (both sorted by step); on equal steps the update wins. */
function mergeColumns(base: SeriesColumns, update: SeriesColumns): SeriesColumns {
  const out = {
    steps: new Float64Array(base.steps.length + update.steps.length),
    values: new Float64Array(base.steps.length + update.steps.length),
    times: new Float64Array(base.steps.length + update.steps.length),
  };
  let i = 0;
  let j = 0;
  let m = 0;
  while (i < base.steps.length || j < update.steps.length) {
    let src: SeriesColumns;
    let k: number;
    if (j >= update.steps.length || (i < base.steps.length && base.steps[i]! < update.steps[j]!)) {
      src = base;
      k = i++;
    } else {
      if (i < base.steps.length && base.steps[i] === update.steps[j]) i++;
      src = update;
      k = j++;
    }
    out.steps[m] = src.steps[k]!;
    out.values[m] = src.values[k]!;
    out.times[m] = src.times[k]!;
    m++;
  }
  return sliceColumns(out, 0, m);
}

export interface SqliteStoreOptions {
  /** Directory holding runlens.db; created if missing. Use ':memory:' for a throwaway store. */
  dataDir: string;
  readonly?: boolean;
}

export class SqliteStore implements Store {
  readonly db: Database.Database;
  private readonly listeners = new Set<(e: StoreEvent) => void>();
  private readonly seriesCache = new Map<string, SeriesState>();
  private readonly runProject = new Map<string, string>();
  private readonly logSeq = new Map<string, number>();
  private readonly newId = monotonicFactory();
  private readonly stmt;

  constructor(options: SqliteStoreOptions) {
    let file = ':memory:';
    if (options.dataDir !== ':memory:') {
      if (!options.readonly) mkdirSync(options.dataDir, { recursive: true });
      file = join(options.dataDir, DB_FILE);
    }
    try {
      this.db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
    } catch (e) {
      throw new RunlensError('UNAVAILABLE', `cannot open the runlens database ${file}: ${(e as Error).message}`);
    }
    if (!options.readonly) {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
    }
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('cache_size = -65536');
    registerFilterFunctions(this.db);
    if (!options.readonly) this.migrate();
    else this.checkVersion();
    this.stmt = this.prepare();
  }

  private checkVersion(): void {
    const v = this.db.pragma('user_version', { simple: true }) as number;
    const latest = MIGRATIONS[MIGRATIONS.length - 1]!.version;
    if (v !== latest) {
      throw new RunlensError('UNAVAILABLE', `database is at schema version ${v}, this runlens expects ${latest}: open it once with \`runlens serve\` to migrate`);
    }
  }

  private migrate(): void {
    const current = this.db.pragma('user_version', { simple: true }) as number;
    const latest = MIGRATIONS[MIGRATIONS.length - 1]!.version;
    if (current > latest) {
      throw new RunlensError('UNAVAILABLE', `database schema version ${current} is newer than this runlens (${latest}); upgrade runlens`);
    }
    for (const m of MIGRATIONS) {
      if (m.version <= current) continue;
      this.db.transaction(() => {
        this.db.exec(m.sql);
        this.db.pragma(`user_version = ${m.version}`);
      })();
    }
  }

  private prepare() {
    const db = this.db;
    return {
      insertProject: db.prepare('INSERT OR IGNORE INTO projects (name, description, tags, created_at) VALUES (?, ?, ?, ?)'),
      getProject: db.prepare<[string], { name: string; description: string; tags: string; created_at: number }>(
        'SELECT name, description, tags, created_at FROM projects WHERE name = ?',
      ),
      listProjects: db.prepare<[], { name: string; description: string; tags: string; created_at: number; runs: number }>(
        'SELECT p.name, p.description, p.tags, p.created_at, (SELECT count(*) FROM runs r WHERE r.project = p.name) AS runs FROM projects p ORDER BY p.name',
      ),
      insertRun: db.prepare(
        `INSERT INTO runs (id, project, name, grp, status, notes, start_time, end_time, heartbeat, exit_code, error, command, cwd, git_commit, git_dirty, host)
         VALUES (@id, @project, @name, @grp, @status, @notes, @start_time, NULL, @heartbeat, NULL, NULL, @command, @cwd, @git_commit, @git_dirty, @host)`,
      ),
      getRunRow: db.prepare<[string], RunRow>('SELECT * FROM runs WHERE id = ?'),
      runProject: db.prepare<[string], { project: string }>('SELECT project FROM runs WHERE id = ?'),
      upsertParam: db.prepare('INSERT INTO run_params (run_id, key, value, vtype) VALUES (?, ?, ?, ?) ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value, vtype = excluded.vtype'),
      deleteTags: db.prepare('DELETE FROM run_tags WHERE run_id = ?'),
      insertTag: db.prepare('INSERT OR IGNORE INTO run_tags (run_id, tag) VALUES (?, ?)'),
      upsertSummary: db.prepare('INSERT INTO run_summary (run_id, key, value) VALUES (?, ?, ?) ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value'),
      heartbeat: db.prepare("UPDATE runs SET heartbeat = ? WHERE id = ? AND heartbeat < ?"),
      deleteRun: db.prepare('DELETE FROM runs WHERE id = ?'),
      markCrashed: db.prepare<[number], { id: string }>(
        "UPDATE runs SET status = 'crashed', end_time = heartbeat WHERE status = 'running' AND heartbeat < ? RETURNING id",
      ),
      getSeries: db.prepare<[string, string], SeriesRow>('SELECT * FROM series WHERE run_id = ? AND key = ?'),
      insertSeries: db.prepare<[string, string], { id: number }>('INSERT INTO series (run_id, key) VALUES (?, ?) RETURNING id'),
      updateSeries: db.prepare(
        `UPDATE series SET count = @count, first_value = @first, last_value = @last, min_value = @min, max_value = @max,
         first_step = @firstStep, last_step = @lastStep, nan_count = @nanCount, last_time = @lastTime WHERE id = @id`,
      ),
      listSeries: db.prepare<[string], SeriesRow>('SELECT * FROM series WHERE run_id = ? ORDER BY key'),
      unsealedStats: db.prepare<[number], { chunks: number; points: number | null }>(
        'SELECT count(*) AS chunks, sum(n) AS points FROM chunks WHERE series_id = ? AND sealed = 0',
      ),
      insertChunk: db.prepare<unknown[], { id: number }>(
        `INSERT INTO chunks (series_id, sealed, step_min, step_max, time_min, time_max, n, nan_count, vmin, vmax, blocks)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      ),
      updateChunk: db.prepare(
        `UPDATE chunks SET step_min = ?, step_max = ?, time_min = ?, time_max = ?, n = ?, nan_count = ?, vmin = ?, vmax = ?, blocks = ? WHERE id = ?`,
      ),
      insertChunkData: db.prepare('INSERT INTO chunk_data (chunk_id, data) VALUES (?, ?)'),
      insertFineBlocks: db.prepare('INSERT INTO chunk_blocks (chunk_id, blocks) VALUES (?, ?)'),
      updateFineBlocks: db.prepare('UPDATE chunk_blocks SET blocks = ? WHERE chunk_id = ?'),
      updateChunkData: db.prepare('UPDATE chunk_data SET data = ? WHERE chunk_id = ?'),
      unsealedChunks: db.prepare<[number], { id: number; data: Buffer }>(
        'SELECT c.id, d.data FROM chunks c JOIN chunk_data d ON d.chunk_id = c.id WHERE c.series_id = ? AND c.sealed = 0 ORDER BY c.step_min',
      ),
      deleteChunk: db.prepare('DELETE FROM chunks WHERE id = ?'),
      chunkIndex: db.prepare<[number], ChunkRow>('SELECT id, sealed, step_min, step_max FROM chunks WHERE series_id = ? ORDER BY step_min'),
      chunkData: db.prepare<[number], { data: Buffer }>('SELECT data FROM chunk_data WHERE chunk_id = ?'),
      chunkAggregate: db.prepare<[number], { n: number | null; nan: number | null; vmin: number | null; vmax: number | null; finite: number }>(
        'SELECT sum(n) AS n, sum(nan_count) AS nan, min(vmin) AS vmin, max(vmax) AS vmax, count(vmin) AS finite FROM chunks WHERE series_id = ?',
      ),
      edgeBlocks: db.prepare<[number], { blocks: Buffer }>('SELECT blocks FROM chunks WHERE series_id = ? ORDER BY step_min ASC LIMIT 1'),
      lastBlocks: db.prepare<[number], { blocks: Buffer }>('SELECT blocks FROM chunks WHERE series_id = ? ORDER BY step_min DESC LIMIT 1'),
      rangeData: db.prepare<[number, number, number], { data: Buffer }>(
        'SELECT d.data FROM chunks c JOIN chunk_data d ON d.chunk_id = c.id WHERE c.series_id = ? AND c.step_max >= ? AND c.step_min <= ? ORDER BY c.step_min',
      ),
      rangeBlocks: db.prepare<[number, number, number], { blocks: Buffer }>(
        'SELECT blocks FROM chunks WHERE series_id = ? AND step_max >= ? AND step_min <= ? ORDER BY step_min',
      ),
      rangeFineBlocks: db.prepare<[number, number, number], { blocks: Buffer }>(
        'SELECT b.blocks FROM chunks c JOIN chunk_blocks b ON b.chunk_id = c.id WHERE c.series_id = ? AND c.step_max >= ? AND c.step_min <= ? ORDER BY c.step_min',
      ),
      upsertHistogram: db.prepare(
        'INSERT INTO histograms (run_id, key, step, time, edges, counts) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (run_id, key, step) DO UPDATE SET time = excluded.time, edges = excluded.edges, counts = excluded.counts',
      ),
      readHistograms: db.prepare<[string, string], { key: string; step: number; time: number; edges: Buffer; counts: Buffer }>(
        'SELECT key, step, time, edges, counts FROM histograms WHERE run_id = ? AND key = ? ORDER BY step',
      ),
      histogramKeys: db.prepare<[string], { key: string; count: number }>('SELECT key, count(*) AS count FROM histograms WHERE run_id = ? GROUP BY key ORDER BY key'),
      upsertText: db.prepare(
        'INSERT INTO texts (run_id, key, step, time, text) VALUES (?, ?, ?, ?, ?) ON CONFLICT (run_id, key, step) DO UPDATE SET time = excluded.time, text = excluded.text',
      ),
      readTexts: db.prepare<[string], { key: string; step: number; time: number; text: string }>('SELECT key, step, time, text FROM texts WHERE run_id = ? ORDER BY key, step'),
      readTextsOfKey: db.prepare<[string, string], { key: string; step: number; time: number; text: string }>(
        'SELECT key, step, time, text FROM texts WHERE run_id = ? AND key = ? ORDER BY step',
      ),
      maxLogSeq: db.prepare<[string], { seq: number | null }>('SELECT max(seq) AS seq FROM logs WHERE run_id = ?'),
      insertLog: db.prepare('INSERT INTO logs (run_id, seq, time, stream, line) VALUES (?, ?, ?, ?, ?)'),
      readLogs: db.prepare<[string, number, number, number], LogLine>(
        'SELECT seq, time, stream, line FROM logs WHERE run_id = ? AND seq > ? AND seq < ? ORDER BY seq LIMIT ?',
      ),
      searchLogs: db.prepare<[string, number, number, string, number], LogLine>(
        "SELECT seq, time, stream, line FROM logs WHERE run_id = ? AND seq > ? AND seq < ? AND instr(lower(line), lower(?)) > 0 ORDER BY seq LIMIT ?",
      ),
      // the last lines of a range (newest first; reversed before they are returned)
      readLogsTail: db.prepare<[string, number, number, number], LogLine>(
        'SELECT seq, time, stream, line FROM logs WHERE run_id = ? AND seq > ? AND seq < ? ORDER BY seq DESC LIMIT ?',
      ),
      searchLogsTail: db.prepare<[string, number, number, string, number], LogLine>(
        "SELECT seq, time, stream, line FROM logs WHERE run_id = ? AND seq > ? AND seq < ? AND instr(lower(line), lower(?)) > 0 ORDER BY seq DESC LIMIT ?",
      ),
      stats: db.prepare<[], { projects: number; runs: number; series: number; points: number | null }>(
        'SELECT (SELECT count(*) FROM projects) AS projects, (SELECT count(*) FROM runs) AS runs, (SELECT count(*) FROM series) AS series, (SELECT sum(count) FROM series) AS points',
      ),
    };
  }

  onEvent(listener: (e: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(e: StoreEvent): void {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch {
        // a failing listener must not undo or fail a write that is already durable
      }
    }
  }

  // ---------------------------------------------------------------- projects

  async ensureProject(name: string, description = '', tags: string[] = []): Promise<Project> {
    this.stmt.insertProject.run(name, description, JSON.stringify(tags), Date.now());
    const row = this.stmt.getProject.get(name)!;
    return { name: row.name, description: row.description, tags: JSON.parse(row.tags) as string[], createdAt: row.created_at };
  }

  async listProjects(): Promise<Project[]> {
    return this.stmt.listProjects.all().map((r) => ({
      name: r.name,
      description: r.description,
      tags: JSON.parse(r.tags) as string[],
      createdAt: r.created_at,
      runCount: r.runs,
    }));
  }

  // ---------------------------------------------------------------- runs

  async createRun(input: CreateRunInput): Promise<{ run: Run; created: boolean }> {
    if (input.id) {
      const existing = this.loadRuns([input.id])[0];
      if (existing) {
        if (existing.project !== input.project) {
          throw new RunlensError('CONFLICT', `run ${input.id} already exists in project "${existing.project}", not "${input.project}"`);
        }
        return { run: existing, created: false };
      }
    }
    const id = input.id ?? this.newId();
    const now = Date.now();
    const params = input.params ?? {};
    const start = input.startTime ?? now;
    this.db.transaction(() => {
      this.stmt.insertProject.run(input.project, '', '[]', now);
      this.stmt.insertRun.run({
        id,
        project: input.project,
        name: input.name ?? id.slice(-8).toLowerCase(),
        grp: input.group ?? defaultGroup(params),
        status: input.status ?? 'running',
        notes: input.notes ?? '',
        start_time: start,
        heartbeat: Math.max(now, start),
        command: input.command ?? null,
        cwd: input.cwd ?? null,
        git_commit: input.gitCommit ?? null,
        git_dirty: input.gitDirty === undefined ? null : input.gitDirty ? 1 : 0,
        host: input.host ?? null,
      });
      this.writeParams(id, params);
      for (const t of input.tags ?? []) this.stmt.insertTag.run(id, t);
    })();
    this.runProject.set(id, input.project);
    const run = this.loadRuns([id])[0]!;
    this.emit({ type: 'run.created', run });
    return { run, created: true };
  }

  private writeParams(runId: string, params: Params): void {
    for (const [k, v] of Object.entries(params)) {
      const { value, vtype } = paramRow(v);
      this.stmt.upsertParam.run(runId, k, value, vtype);
    }
  }

  async getRun(id: string): Promise<Run | undefined> {
    return this.loadRuns([id])[0];
  }

  private requireRunProject(id: string): string {
    let project = this.runProject.get(id);
    if (project === undefined) {
      project = this.stmt.runProject.get(id)?.project;
      if (project === undefined) throw new RunlensError('NOT_FOUND', `run ${id} not found`);
      this.runProject.set(id, project);
    }
    return project;
  }

  async updateRun(id: string, patch: UpdateRunInput): Promise<Run> {
    this.requireRunProject(id);
    const sets: string[] = [];
    const values: unknown[] = [];
    const col = (name: string, v: unknown) => {
      sets.push(`${name} = ?`);
      values.push(v);
    };
    if (patch.name !== undefined) col('name', patch.name);
    if (patch.status !== undefined) col('status', patch.status);
    if (patch.notes !== undefined) col('notes', patch.notes);
    if (patch.endTime !== undefined) col('end_time', patch.endTime);
    if (patch.exitCode !== undefined) col('exit_code', patch.exitCode);
    if (patch.error !== undefined) col('error', patch.error);
    const hb = patch.heartbeat ?? Date.now();
    sets.push('heartbeat = max(heartbeat, ?)');
    values.push(hb);
    // a run that finishes gets an end time even if the client did not send one
    if (patch.status !== undefined && patch.status !== 'running' && patch.endTime === undefined) {
      sets.push('end_time = coalesce(end_time, ?)');
      values.push(Date.now());
    }
    if (patch.status === 'running') sets.push('end_time = NULL');
    this.db.transaction(() => {
      this.db.prepare(`UPDATE runs SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
      if (patch.params) this.writeParams(id, patch.params);
      if (patch.tags) {
        this.stmt.deleteTags.run(id);
        for (const t of patch.tags) this.stmt.insertTag.run(id, t);
      }
      for (const [k, v] of Object.entries(patch.summary ?? {})) this.stmt.upsertSummary.run(id, k, toDb(v));
    })();
    const run = this.loadRuns([id])[0]!;
    const onlyHeartbeat = Object.keys(patch).every((k) => k === 'heartbeat');
    if (!onlyHeartbeat) this.emit({ type: 'run.updated', run });
    return run;
  }

  async deleteRun(id: string): Promise<void> {
    const project = this.requireRunProject(id);
    this.stmt.deleteRun.run(id);
    this.runProject.delete(id);
    this.logSeq.delete(id);
    const prefix = `${id}\u0000`;
    for (const k of this.seriesCache.keys()) if (k.startsWith(prefix)) this.seriesCache.delete(k);
    this.emit({ type: 'run.deleted', runId: id, project });
  }

  async markCrashed(before: number): Promise<Run[]> {
    const ids = this.stmt.markCrashed.all(before).map((r) => r.id);
    const runs = this.loadRuns(ids);
    for (const run of runs) this.emit({ type: 'run.updated', run });
    return runs;
  }

  async listRuns(options: ListRunsOptions): Promise<RunPage> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (options.project !== undefined) {
      where.push('r.project = ?');
      params.push(options.project);
    }
    if (options.filter) {
      const f = compileFilterSql(options.filter);
      where.push(`(${f.sql})`);
      params.push(...f.params);
    }
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const sort = compileSortSql(options.sort ?? []);
    const limit = options.limit ?? 100;
    const offset = decodeCursor(options.cursor);
    const total = (this.db.prepare(`SELECT count(*) AS n FROM runs r ${whereSql}`).get(...params) as { n: number }).n;
    const ids = this.db
      .prepare(`SELECT r.id FROM runs r ${whereSql} ORDER BY ${sort.sql} LIMIT ? OFFSET ?`)
      .pluck()
      .all(...params, ...sort.params, limit, offset) as string[];
    const runs = this.loadRuns(ids, options.metricKeys);
    const next = offset + ids.length < total ? encodeCursor(offset + ids.length) : null;
    return { runs, nextCursor: next, total };
  }

  /**
   * Assembles full Run objects for ids, in the order given; unknown ids are left out. With `metricKeys`, only those
   * series' summaries are read (see ListRunsOptions.metricKeys).
   */
  private loadRuns(ids: readonly string[], metricKeys?: readonly string[]): Run[] {
    if (ids.length === 0) return [];
    const keyChunks = metricKeys === undefined ? undefined : seriesKeyChunks(metricKeys);
    const rows = new Map<string, RunRow>();
    const params = new Map<string, Params>();
    const tags = new Map<string, string[]>();
    const explicit = new Map<string, Record<string, number>>();
    const series = new Map<string, Record<string, SeriesSummary>>();
    for (let i = 0; i < ids.length; i += 500) {
      const part = ids.slice(i, i + 500);
      const ph = part.map(() => '?').join(',');
      for (const r of this.db.prepare(`SELECT * FROM runs WHERE id IN (${ph})`).all(...part) as RunRow[]) rows.set(r.id, r);
      for (const r of this.db.prepare(`SELECT run_id, key, value, vtype FROM run_params WHERE run_id IN (${ph}) ORDER BY run_id, key`).all(...part) as {
        run_id: string;
        key: string;
        value: number | string | null;
        vtype: string;
      }[]) {
        let p = params.get(r.run_id);
        if (!p) params.set(r.run_id, (p = {}));
        p[r.key] = paramValue(r.value, r.vtype);
      }
      for (const r of this.db.prepare(`SELECT run_id, tag FROM run_tags WHERE run_id IN (${ph}) ORDER BY run_id, tag`).all(...part) as {
        run_id: string;
        tag: string;
      }[]) {
        let t = tags.get(r.run_id);
        if (!t) tags.set(r.run_id, (t = []));
        t.push(r.tag);
      }
      for (const r of this.db.prepare(`SELECT run_id, key, value FROM run_summary WHERE run_id IN (${ph})`).all(...part) as {
        run_id: string;
        key: string;
        value: number | null;
      }[]) {
        let s = explicit.get(r.run_id);
        if (!s) explicit.set(r.run_id, (s = {}));
        s[r.key] = fromDb(r.value);
      }
      // Runs have tens of series each: raw rows (arrays, not objects) halve the time to load 10,000 runs.
      const columns = 'run_id, key, count, first_value, last_value, min_value, max_value, first_step, last_step, nan_count, last_time';
      const reads: { sql: string; params: string[] }[] = keyChunks === undefined
        ? [{ sql: `SELECT ${columns} FROM series WHERE run_id IN (${ph}) ORDER BY run_id, key`, params: part }]
        : keyChunks.map((keys) => ({
            sql: `SELECT ${columns} FROM series WHERE run_id IN (${ph}) AND key IN (${keys.map(() => '?').join(',')}) ORDER BY run_id, key`,
            params: [...part, ...keys],
          }));
      // key chunks are in the store's key order, so each run's `metrics` lists its keys as a full load does
      for (const read of reads) {
        const seriesRows = this.db
          .prepare(read.sql)
          .raw()
          .all(...read.params) as [string, string, number, number | null, number | null, number | null, number | null, number | null, number | null, number, number | null][];
        for (const [runId, key, count, first, last, min, max, firstStep, lastStep, nanCount, lastTime] of seriesRows) {
          let s = series.get(runId);
          if (!s) series.set(runId, (s = {}));
          s[key] = { key, count, first: fromDb(first), last: fromDb(last), min: fromDb(min), max: fromDb(max), firstStep: firstStep ?? 0, lastStep: lastStep ?? 0, nanCount, lastTime: lastTime ?? 0 };
        }
      }
    }
    const out: Run[] = [];
    for (const id of ids) {
      const r = rows.get(id);
      if (!r) continue;
      const metrics = series.get(id) ?? {};
      const summary: Record<string, number> = {};
      for (const [k, s] of Object.entries(metrics)) if (s.count > 0) summary[k] = s.last;
      Object.assign(summary, explicit.get(id) ?? {});
      out.push({
        id: r.id,
        project: r.project,
        name: r.name,
        group: r.grp,
        status: r.status,
        params: params.get(id) ?? {},
        tags: tags.get(id) ?? [],
        notes: r.notes,
        startTime: r.start_time,
        endTime: r.end_time,
        heartbeat: r.heartbeat,
        exitCode: r.exit_code,
        error: r.error,
        command: r.command,
        cwd: r.cwd,
        gitCommit: r.git_commit,
        gitDirty: r.git_dirty === null ? null : r.git_dirty === 1,
        host: r.host,
        summary,
        metrics,
      });
    }
    return out;
  }

  // ---------------------------------------------------------------- points

  private seriesState(runId: string, key: string, create: boolean): SeriesState | undefined {
    const cacheKey = `${runId}\u0000${key}`;
    let st = this.seriesCache.get(cacheKey);
    if (st) return st;
    let row = this.stmt.getSeries.get(runId, key);
    if (!row) {
      if (!create) return undefined;
      const { id } = this.stmt.insertSeries.get(runId, key)!;
      row = { id, run_id: runId, key, count: 0, first_value: null, last_value: null, min_value: null, max_value: null, first_step: null, last_step: null, nan_count: 0, last_time: null };
    }
    const u = this.stmt.unsealedStats.get(row.id)!;
    st = {
      id: row.id,
      count: row.count,
      first: fromDb(row.first_value),
      last: fromDb(row.last_value),
      min: fromDb(row.min_value),
      max: fromDb(row.max_value),
      firstStep: row.first_step ?? -1,
      lastStep: row.last_step ?? -1,
      nanCount: row.nan_count,
      lastTime: row.last_time ?? 0,
      unsealedPoints: u.points ?? 0,
      unsealedChunks: u.chunks,
    };
    this.seriesCache.set(cacheKey, st);
    return st;
  }

  async appendPoints(runId: string, writes: SeriesWrite[]): Promise<AppendResult> {
    const project = this.requireRunProject(runId);
    const normalized = writes.map((w) => ({ key: w.key, cols: normalizeWrite(w) }));
    // Series states are mutated inside the transaction; if it rolls back, forget them so they reload from disk.
    const touched = new Set<string>();
    let written = 0;
    try {
      this.db.transaction(() => {
        for (const { key, cols } of normalized) {
          if (cols.steps.length === 0) continue;
          const st = this.seriesState(runId, key, true)!;
          touched.add(`${runId}\u0000${key}`);
          written += cols.steps.length;
          // steps at or before the last one rewrite existing chunks; the rest append
          let split = 0;
          while (split < cols.steps.length && cols.steps[split]! <= st.lastStep) split++;
          if (split > 0) this.rewritePoints(st, sliceColumns(cols, 0, split));
          if (split < cols.steps.length) this.appendTail(st, sliceColumns(cols, split, cols.steps.length));
          this.stmt.updateSeries.run({
            id: st.id,
            count: st.count,
            first: toDb(st.first),
            last: toDb(st.last),
            min: toDb(st.min),
            max: toDb(st.max),
            firstStep: st.firstStep,
            lastStep: st.lastStep,
            nanCount: st.nanCount,
            lastTime: st.lastTime,
          });
        }
        const now = Date.now();
        this.stmt.heartbeat.run(now, runId, now);
      })();
    } catch (e) {
      for (const k of touched) this.seriesCache.delete(k);
      throw e;
    }
    this.emit({
      type: 'points.appended',
      runId,
      project,
      series: normalized.filter((n) => n.cols.steps.length > 0).map((n) => ({ key: n.key, ...n.cols })),
    });
    return { written };
  }

  private insertChunk(seriesId: number, sealed: boolean, cols: SeriesColumns): void {
    const { blocks, stats } = encodeBlocks(cols, BLOCK_SIZES.coarse);
    const { id } = this.stmt.insertChunk.get(
      seriesId,
      sealed ? 1 : 0,
      stats.stepMin,
      stats.stepMax,
      stats.timeMin,
      stats.timeMax,
      stats.n,
      stats.nanCount,
      toDb(stats.vmin),
      toDb(stats.vmax),
      blocks,
    )!;
    this.stmt.insertChunkData.run(id, encodeChunkData(cols));
    this.stmt.insertFineBlocks.run(id, encodeBlocks(cols, BLOCK_SIZES.fine).blocks);
  }

  /** Appends points whose steps are all after the series' last step. */
  private appendTail(st: SeriesState, cols: SeriesColumns): void {
    const n = cols.steps.length;
    if (st.unsealedChunks === 0 && n >= MIN_SEALED_SIZE) {
      // a big batch needs no merging: store it sealed straight away instead of writing every point twice
      this.writePieces(st, cols, true);
    } else if (st.unsealedPoints + n >= CHUNK_SIZE || st.unsealedChunks + 1 > MAX_UNSEALED_CHUNKS) {
      const parts: SeriesColumns[] = [];
      for (const row of this.stmt.unsealedChunks.all(st.id)) {
        parts.push(decodeChunkData(row.data));
        this.stmt.deleteChunk.run(row.id);
      }
      parts.push(cols);
      st.unsealedPoints = 0;
      st.unsealedChunks = 0;
      this.writePieces(st, concatColumns(parts), false);
    } else {
      this.insertChunk(st.id, false, cols);
      st.unsealedPoints += n;
      st.unsealedChunks += 1;
    }
    if (st.count === 0) {
      st.first = cols.values[0]!;
      st.firstStep = cols.steps[0]!;
    }
    for (let i = 0; i < n; i++) {
      const v = cols.values[i]!;
      if (v !== v) st.nanCount++;
      else {
        if (!(st.min <= v)) st.min = v;
        if (!(st.max >= v)) st.max = v;
      }
    }
    st.count += n;
    st.last = cols.values[n - 1]!;
    st.lastStep = cols.steps[n - 1]!;
    st.lastTime = cols.times[n - 1]!;
  }

  /**
   * Writes sorted points as sealed CHUNK_SIZE pieces. The remainder stays unsealed to be merged later, unless
   * `sealBigRemainder` and it is big enough to stand alone (a large batch: merging it would only rewrite it).
   */
  private writePieces(st: SeriesState, all: SeriesColumns, sealBigRemainder: boolean): void {
    let start = 0;
    for (; start + CHUNK_SIZE <= all.steps.length; start += CHUNK_SIZE) {
      this.insertChunk(st.id, true, sliceColumns(all, start, start + CHUNK_SIZE));
    }
    const rest = all.steps.length - start;
    if (rest === 0) return;
    const sealed = sealBigRemainder && rest >= MIN_SEALED_SIZE;
    this.insertChunk(st.id, sealed, sliceColumns(all, start, all.steps.length));
    if (!sealed) {
      st.unsealedPoints += rest;
      st.unsealedChunks += 1;
    }
  }

  /** Writes points at or before the series' last step into the chunks whose ranges cover them. */
  private rewritePoints(st: SeriesState, cols: SeriesColumns): void {
    const index = this.stmt.chunkIndex.all(st.id);
    // each point goes to the last chunk starting at or before its step (the first chunk for earlier steps)
    const groups = new Map<number, { chunk: ChunkRow; start: number; end: number }>();
    let c = 0;
    for (let i = 0; i < cols.steps.length; i++) {
      const s = cols.steps[i]!;
      while (c + 1 < index.length && index[c + 1]!.step_min <= s) c++;
      const chunk = index[c]!;
      const g = groups.get(chunk.id);
      if (g) g.end = i + 1;
      else groups.set(chunk.id, { chunk, start: i, end: i + 1 });
    }
    for (const { chunk, start, end } of groups.values()) {
      const base = decodeChunkData(this.stmt.chunkData.get(chunk.id)!.data);
      const merged = mergeColumns(base, sliceColumns(cols, start, end));
      const { blocks, stats } = encodeBlocks(merged, BLOCK_SIZES.coarse);
      this.stmt.updateChunk.run(stats.stepMin, stats.stepMax, stats.timeMin, stats.timeMax, stats.n, stats.nanCount, toDb(stats.vmin), toDb(stats.vmax), blocks, chunk.id);
      this.stmt.updateFineBlocks.run(encodeBlocks(merged, BLOCK_SIZES.fine).blocks, chunk.id);
      this.stmt.updateChunkData.run(encodeChunkData(merged), chunk.id);
      if (chunk.sealed === 0) st.unsealedPoints += merged.steps.length - base.steps.length;
    }
    // a replaced value can move min/max either way: recompute the summary from the chunk stats
    const agg = this.stmt.chunkAggregate.get(st.id)!;
    st.count = agg.n ?? 0;
    st.nanCount = agg.nan ?? 0;
    st.min = agg.finite > 0 ? fromDb(agg.vmin) : Number.NaN;
    st.max = agg.finite > 0 ? fromDb(agg.vmax) : Number.NaN;
    const first = decodeBlocks([this.stmt.edgeBlocks.get(st.id)!.blocks]);
    st.first = first.firstValue[0]!;
    st.firstStep = first.stepFirst[0]!;
    const last = decodeBlocks([this.stmt.lastBlocks.get(st.id)!.blocks]);
    const lb = last.lastValue.length - 1;
    st.last = last.lastValue[lb]!;
    st.lastStep = last.stepLast[lb]!;
    st.lastTime = last.timeLast[lb]!;
  }

  async listSeries(runId: string): Promise<SeriesSummary[]> {
    this.requireRunProject(runId);
    return this.stmt.listSeries.all(runId).map(seriesSummary);
  }

  async readSeries(runId: string, key: string, fromStep = 0, toStep = Number.MAX_SAFE_INTEGER): Promise<SeriesColumns | undefined> {
    const st = this.seriesState(runId, key, false);
    if (!st) return undefined;
    const parts = this.stmt.rangeData.all(st.id, fromStep, toStep).map((r) => decodeChunkData(r.data));
    const all = parts.length === 1 ? parts[0]! : concatColumns(parts);
    // trim the edge chunks to the range
    let lo = 0;
    let hi = all.steps.length;
    while (lo < hi && all.steps[lo]! < fromStep) lo++;
    while (hi > lo && all.steps[hi - 1]! > toStep) hi--;
    return lo === 0 && hi === all.steps.length ? all : sliceColumns(all, lo, hi);
  }

  async readBlocks(runId: string, key: string, fromStep = 0, toStep = Number.MAX_SAFE_INTEGER, level: BlockLevel = 'coarse'): Promise<SeriesBlocks | undefined> {
    const st = this.seriesState(runId, key, false);
    if (!st) return undefined;
    const stmt = level === 'fine' ? this.stmt.rangeFineBlocks : this.stmt.rangeBlocks;
    return decodeBlocks(stmt.all(st.id, fromStep, toStep).map((r) => r.blocks));
  }

  /** Points of a series inside [fromStep, toStep], counted from chunk metadata (edge chunks counted whole). */
  countPointsApprox(runId: string, key: string, fromStep = 0, toStep = Number.MAX_SAFE_INTEGER): number {
    const st = this.seriesState(runId, key, false);
    if (!st) return 0;
    if (fromStep <= st.firstStep && toStep >= st.lastStep) return st.count;
    const row = this.db
      .prepare('SELECT sum(n) AS n FROM chunks WHERE series_id = ? AND step_max >= ? AND step_min <= ?')
      .get(st.id, fromStep, toStep) as { n: number | null };
    return row.n ?? 0;
  }

  // ---------------------------------------------------------------- tensor snapshots

  private tensorStmtCache: ReturnType<SqliteStore['prepareTensorStatements']> | undefined;

  private prepareTensorStatements() {
    const db = this.db;
    return {
      upsert: db.prepare(
        `INSERT INTO tensors (run_id, name, step, time, dtype, rows, cols, labels, nan_count, posinf_count, neginf_count, data)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (run_id, name, step) DO UPDATE SET time = excluded.time, dtype = excluded.dtype, rows = excluded.rows, cols = excluded.cols,
           labels = excluded.labels, nan_count = excluded.nan_count, posinf_count = excluded.posinf_count, neginf_count = excluded.neginf_count, data = excluded.data`,
      ),
      steps: db.prepare<[string, string], { step: number }>('SELECT step FROM tensors WHERE run_id = ? AND name = ? ORDER BY step'),
      remove: db.prepare('DELETE FROM tensors WHERE run_id = ? AND name = ? AND step = ?'),
      list: db.prepare<[string], { name: string; step: number; dtype: TensorDtype; rows: number; cols: number }>(
        'SELECT name, step, dtype, rows, cols FROM tensors WHERE run_id = ? ORDER BY name, step',
      ),
      one: db.prepare<[string, string, number], TensorRow>('SELECT * FROM tensors WHERE run_id = ? AND name = ? AND step = ?'),
      latest: db.prepare<[string, string], TensorRow>('SELECT * FROM tensors WHERE run_id = ? AND name = ? ORDER BY step DESC LIMIT 1'),
    };
  }

  private get tensorStmt() {
    this.tensorStmtCache ??= this.prepareTensorStatements();
    return this.tensorStmtCache;
  }

  async appendTensor(runId: string, t: TensorWrite, keep: number): Promise<{ removed: number[] }> {
    this.requireRunProject(runId);
    if (t.values.length !== t.rows * t.cols) throw new RunlensError('VALIDATION', `tensor ${t.name}: ${t.values.length} values for shape [${t.rows}, ${t.cols}]`, { field: 'shape' });
    if (t.labels && t.labels.length !== t.rows) throw new RunlensError('VALIDATION', `tensor ${t.name}: ${t.labels.length} labels for ${t.rows} rows`, { field: 'labels' });
    const blob = encodeTensorBlob(t.dtype, t.values);
    const labels = t.labels ? JSON.stringify(t.labels) : null;
    let removed: number[] = [];
    this.db.transaction(() => {
      const st = this.tensorStmt;
      st.upsert.run(runId, t.name, t.step, t.time, t.dtype, t.rows, t.cols, labels, t.finite.nan, t.finite.posInf, t.finite.negInf, blob);
      removed = thinSteps(st.steps.all(runId, t.name).map((r) => r.step), keep);
      for (const step of removed) st.remove.run(runId, t.name, step);
      const now = Date.now();
      this.stmt.heartbeat.run(now, runId, now);
    })();
    return { removed };
  }

  async listTensors(runId: string): Promise<TensorSeriesInfo[]> {
    this.requireRunProject(runId);
    const out: TensorSeriesInfo[] = [];
    for (const r of this.tensorStmt.list.all(runId)) {
      const last = out[out.length - 1];
      if (last && last.name === r.name) {
        last.steps.push(r.step);
        last.dtype = r.dtype;
        last.rows = r.rows;
        last.cols = r.cols;
      } else {
        out.push({ name: r.name, steps: [r.step], dtype: r.dtype, rows: r.rows, cols: r.cols });
      }
    }
    return out;
  }

  async readTensor(runId: string, name: string, step?: number): Promise<StoredTensor | undefined> {
    this.requireRunProject(runId);
    const row = step === undefined ? this.tensorStmt.latest.get(runId, name) : this.tensorStmt.one.get(runId, name, step);
    return row ? tensorFromRow(row) : undefined;
  }

  // ---------------------------------------------------------------- histograms and texts

  async appendHistograms(runId: string, items: HistogramWrite[]): Promise<number> {
    this.requireRunProject(runId);
    this.db.transaction(() => {
      for (const h of items) {
        this.stmt.upsertHistogram.run(runId, h.key, h.step, h.time, float64Blob(h.edges), float64Blob(h.counts));
      }
      const now = Date.now();
      this.stmt.heartbeat.run(now, runId, now);
    })();
    return items.length;
  }

  async readHistograms(runId: string, key: string): Promise<StoredHistogram[]> {
    this.requireRunProject(runId);
    return this.stmt.readHistograms.all(runId, key).map((r) => ({ key: r.key, step: r.step, time: r.time, edges: decodeFloat64Blob(r.edges), counts: decodeFloat64Blob(r.counts) }));
  }

  async histogramKeys(runId: string): Promise<{ key: string; count: number }[]> {
    this.requireRunProject(runId);
    return this.stmt.histogramKeys.all(runId);
  }

  async appendTexts(runId: string, items: TextWrite[]): Promise<number> {
    this.requireRunProject(runId);
    this.db.transaction(() => {
      for (const t of items) this.stmt.upsertText.run(runId, t.key, t.step, t.time, t.text);
      const now = Date.now();
      this.stmt.heartbeat.run(now, runId, now);
    })();
    return items.length;
  }

  async readTexts(runId: string, key?: string): Promise<TextWrite[]> {
    this.requireRunProject(runId);
    return key === undefined ? this.stmt.readTexts.all(runId) : this.stmt.readTextsOfKey.all(runId, key);
  }

  // ---------------------------------------------------------------- logs

  async appendLogs(runId: string, lines: { line: string; stream: LogStream; time: number }[]): Promise<number> {
    const project = this.requireRunProject(runId);
    let seq = this.logSeq.get(runId);
    if (seq === undefined) seq = this.stmt.maxLogSeq.get(runId)?.seq ?? -1;
    const start = seq;
    const written: LogLine[] = [];
    try {
      this.db.transaction(() => {
        for (const l of lines) {
          seq!++;
          this.stmt.insertLog.run(runId, seq, l.time, l.stream, l.line);
          written.push({ seq: seq!, time: l.time, stream: l.stream, line: l.line });
        }
        const now = Date.now();
        this.stmt.heartbeat.run(now, runId, now);
      })();
    } catch (e) {
      this.logSeq.set(runId, start);
      throw e;
    }
    this.logSeq.set(runId, seq);
    this.emit({ type: 'logs.appended', runId, project, lines: written });
    return written.length;
  }

  async readLogs(runId: string, options: ReadLogsOptions): Promise<LogLine[]> {
    this.requireRunProject(runId);
    const after = options.after ?? -1;
    const before = options.before ?? Number.MAX_SAFE_INTEGER;
    const limit = options.limit ?? 1000;
    if (options.tail) {
      const newest = options.q ? this.stmt.searchLogsTail.all(runId, after, before, options.q, limit) : this.stmt.readLogsTail.all(runId, after, before, limit);
      return newest.reverse();
    }
    return options.q ? this.stmt.searchLogs.all(runId, after, before, options.q, limit) : this.stmt.readLogs.all(runId, after, before, limit);
  }

  private dashboardTable: SqliteDashboards | undefined;
  private get dashboards(): SqliteDashboards {
    return (this.dashboardTable ??= new SqliteDashboards(this.db, () => this.newId()));
  }

  async createDashboard(input: DashboardInput): Promise<Dashboard> {
    return this.dashboards.create(input);
  }

  async getDashboard(id: string): Promise<Dashboard | undefined> {
    return this.dashboards.get(id);
  }

  async listDashboards(): Promise<DashboardSummary[]> {
    return this.dashboards.list();
  }

  async updateDashboard(id: string, input: DashboardInput): Promise<Dashboard> {
    return this.dashboards.update(id, input);
  }

  async deleteDashboard(id: string): Promise<boolean> {
    return this.dashboards.delete(id);
  }

  async stats(): Promise<{ projects: number; runs: number; series: number; points: number }> {
    const s = this.stmt.stats.get()!;
    return { projects: s.projects, runs: s.runs, series: s.series, points: s.points ?? 0 };
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

function seriesSummary(r: SeriesRow): SeriesSummary {
  return {
    key: r.key,
    count: r.count,
    first: fromDb(r.first_value),
    last: fromDb(r.last_value),
    min: fromDb(r.min_value),
    max: fromDb(r.max_value),
    firstStep: r.first_step ?? 0,
    lastStep: r.last_step ?? 0,
    nanCount: r.nan_count,
    lastTime: r.last_time ?? 0,
  };
}

/** Series keys per `key IN (...)` of a narrowed run load (with 500 run ids, well under SQLite's parameter limit). */
export const SERIES_KEY_CHUNK = 500;

/**
 * A narrowed load's keys, distinct, in SQLite's BINARY order (UTF-8 bytes, which is not JS string order past the
 * BMP), in chunks of SERIES_KEY_CHUNK.
 */
function seriesKeyChunks(keys: readonly string[]): string[][] {
  const sorted = [...new Set(keys)].sort((a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
  const chunks: string[][] = [];
  for (let i = 0; i < sorted.length; i += SERIES_KEY_CHUNK) chunks.push(sorted.slice(i, i + SERIES_KEY_CHUNK));
  return chunks;
}

function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

function decodeCursor(cursor: string | undefined): number {
  if (!cursor) return 0;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { o?: unknown };
    if (typeof parsed.o === 'number' && Number.isInteger(parsed.o) && parsed.o >= 0) return parsed.o;
  } catch {
    // fall through to the error below
  }
  throw new RunlensError('BAD_CURSOR', 'cursor is not one this server returned; start again without it');
}

interface TensorRow {
  name: string;
  step: number;
  time: number;
  dtype: TensorDtype;
  rows: number;
  cols: number;
  labels: string | null;
  nan_count: number;
  posinf_count: number;
  neginf_count: number;
  data: Buffer;
}

function tensorFromRow(r: TensorRow): StoredTensor {
  return {
    name: r.name,
    step: r.step,
    time: r.time,
    dtype: r.dtype,
    rows: r.rows,
    cols: r.cols,
    values: decodeTensorBlob(r.dtype, r.data),
    labels: r.labels === null ? null : (JSON.parse(r.labels) as string[]),
    finite: { nan: r.nan_count, posInf: r.posinf_count, negInf: r.neginf_count },
  };
}
