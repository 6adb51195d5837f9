import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FILTER_LIMITS,
  RUN_STATUSES,
  compareRuns,
  evaluateFilter,
  parseFilter,
  parseSort,
  type FilterNode,
  type ParamValue,
  type Run,
  type SeriesSummary,
  createSeededRandom,
} from '@runlens/core';
import { compileFilterSql, compileSortSql, registerFilterFunctions } from './filter-sql.js';
import { MIGRATIONS } from './migrations.js';

const next = createSeededRandom(20240601).next;
const chance = (p: number) => next() < p;
function pick<T>(items: readonly T[]): T {
  return items[Math.floor(next() * items.length)]!;
}

const NAMES = ['gpt-small', 'gpt-2', 'GPT-large', 'bert-base', 'resnet50', '日本語モデル', 'emoji 🚀 run', "x'; DROP TABLE runs; --", '', 'a"b', 'Ωmega', '\uFFFD', 'gpt'];
const TAGS = ['baseline', 'ablation', 'gpt', 'Baseline', 'x y', '🚀', 'sweep'];
const METRIC_KEYS = ['loss', 'val_loss', 'eval/loss (x)', 'acc.top1', 'diverged'];

function summarize(key: string, values: number[], firstStep: number): SeriesSummary {
  const finite = values.filter((v) => !Number.isNaN(v));
  return {
    key,
    count: values.length,
    first: values[0] ?? Number.NaN,
    last: values[values.length - 1] ?? Number.NaN,
    min: finite.length ? Math.min(...finite) : Number.NaN,
    max: finite.length ? Math.max(...finite) : Number.NaN,
    firstStep,
    lastStep: firstStep + Math.max(values.length - 1, 0),
    nanCount: values.length - finite.length,
    lastTime: 0,
  };
}

function randomValues(): number[] {
  const n = 1 + Math.floor(next() * 40);
  if (chance(0.06)) return Array.from({ length: n }, () => Number.NaN);
  const values = Array.from({ length: n }, () => {
    if (chance(0.08)) return Number.NaN;
    if (chance(0.02)) return Number.POSITIVE_INFINITY;
    return Math.round(next() * 50) / 10;
  });
  if (chance(0.15)) values[n - 1] = Number.NaN;
  return values;
}

function randomParams(): Record<string, ParamValue> {
  const p: Record<string, ParamValue> = {};
  const lr = next();
  if (lr >= 0.3) p['lr'] = pick([1e-4, 3e-4, 1e-3, 0.01, 0.1, 1]);
  else if (lr >= 0.2) p['lr'] = '0.01';
  else if (lr >= 0.15) p['lr'] = null;
  if (chance(0.8)) p['opt'] = pick(['adam', 'sgd', 'adamw', 'Adam']);
  if (chance(0.7)) p['amp'] = chance(0.5);
  if (chance(0.8)) p['layers'] = 1 + Math.floor(next() * 12);
  if (chance(0.6)) p['optimizer.beta1'] = pick([0.9, 0.95, 0.99]);
  if (chance(0.7)) p['learning rate'] = pick([0.01, 0.05, 0.1]);
  if (chance(0.7)) p['学习率'] = chance(0.8) ? next() : 'auto';
  if (chance(0.85)) p['mixed'] = pick([1, 2.5, 'a', 'b', '1', true, false, null, 0, 'NaN', 'Infinity', -3]);
  p['seed'] = Math.floor(next() * 5);
  return p;
}

interface Generated {
  run: Run;
  series: SeriesSummary[];
  explicit: Record<string, number>;
}

function generateRun(i: number): Generated {
  const startTime = 1_700_000_000_000 + Math.floor(next() * 1_000_000);
  const status = pick(RUN_STATUSES);
  const endTime = status === 'running' || chance(0.1) ? null : startTime + Math.floor(next() * 100_000);
  const series: SeriesSummary[] = [];
  const metrics: Record<string, SeriesSummary> = {};
  for (const key of METRIC_KEYS) {
    if (chance(0.25)) continue;
    // a series row can exist before its first point lands; it counts as missing
    const s = chance(0.05) ? summarize(key, [], 0) : summarize(key, randomValues(), Math.floor(next() * 20));
    series.push(s);
    metrics[key] = s;
  }
  const explicit: Record<string, number> = {};
  if (chance(0.3)) explicit['loss'] = chance(0.2) ? Number.NaN : Math.round(next() * 40) / 10;
  if (chance(0.5)) explicit['best_acc'] = chance(0.1) ? Number.NaN : Math.round(next() * 10) / 10;
  const summary: Record<string, number> = {};
  for (const s of series) if (s.count > 0) summary[s.key] = s.last;
  Object.assign(summary, explicit);
  const run: Run = {
    id: `${pick(['01H', '01J', '0A', 'zz'])}${i.toString(36).padStart(4, '0')}`,
    project: pick(['vision', 'nlp']),
    name: pick(NAMES),
    group: pick(['g-1', 'g-2', 'g-3']),
    status,
    params: randomParams(),
    tags: TAGS.filter(() => chance(0.25)),
    notes: pick(['', 'baseline run', 'Tried higher LR', 'lr sweep', 'naïve']),
    startTime,
    endTime,
    heartbeat: (endTime ?? startTime) + Math.floor(next() * 100_000),
    exitCode: endTime === null ? null : pick([0, 0, 1, -9, null]),
    error: null,
    command: chance(0.3) ? null : 'python train.py',
    cwd: null,
    gitCommit: chance(0.5) ? null : pick(['abc123', 'def456', 'abcdef']),
    gitDirty: null,
    host: chance(0.2) ? null : pick(['gpu-1', 'gpu-2', 'laptop']),
    summary,
    metrics,
  };
  return { run, series, explicit };
}

/** SQLite has no NaN: the store writes it as NULL. */
const toDb = (v: number): number | null => (Number.isNaN(v) ? null : v);

function insert(db: Database.Database, g: Generated): void {
  const r = g.run;
  db.prepare(
    `INSERT INTO runs (id, project, name, grp, status, notes, start_time, end_time, heartbeat, exit_code, error, command, cwd, git_commit, git_dirty, host)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(r.id, r.project, r.name, r.group, r.status, r.notes, r.startTime, r.endTime, r.heartbeat, r.exitCode, r.error, r.command, r.cwd, r.gitCommit, null, r.host);
  const param = db.prepare('INSERT INTO run_params (run_id, key, value, vtype) VALUES (?, ?, ?, ?)');
  for (const [key, v] of Object.entries(r.params)) {
    if (v === null) param.run(r.id, key, null, 'null');
    else if (typeof v === 'boolean') param.run(r.id, key, v ? 1 : 0, 'bool');
    else param.run(r.id, key, v, typeof v);
  }
  for (const tag of r.tags) db.prepare('INSERT INTO run_tags (run_id, tag) VALUES (?, ?)').run(r.id, tag);
  for (const [key, v] of Object.entries(g.explicit)) db.prepare('INSERT INTO run_summary (run_id, key, value) VALUES (?, ?, ?)').run(r.id, key, toDb(v));
  const row = db.prepare(
    `INSERT INTO series (run_id, key, count, first_value, last_value, min_value, max_value, first_step, last_step, nan_count, last_time)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const s of g.series) {
    if (s.count === 0) row.run(r.id, s.key, 0, null, null, null, null, null, null, 0, null);
    else row.run(r.id, s.key, s.count, toDb(s.first), toDb(s.last), toDb(s.min), toDb(s.max), s.firstStep, s.lastStep, s.nanCount, s.lastTime);
  }
}

let db: Database.Database;
const runs: Run[] = [];

beforeAll(() => {
  db = new Database(':memory:');
  for (const m of MIGRATIONS) db.exec(m.sql);
  registerFilterFunctions(db);
  db.prepare("INSERT INTO projects (name, created_at) VALUES ('vision', 0), ('nlp', 0)").run();
  db.transaction(() => {
    for (let i = 0; i < 200; i++) {
      const g = generateRun(i);
      runs.push(g.run);
      insert(db, g);
    }
  })();
});

afterAll(() => {
  db.close();
});

function sqlIds(filter: FilterNode | undefined, sortSrc: string): string[] {
  const where = filter ? compileFilterSql(filter) : { sql: '1', params: [] };
  const sort = compileSortSql(parseSort(sortSrc));
  return db
    .prepare(`SELECT r.id FROM runs r WHERE ${where.sql} ORDER BY ${sort.sql}`)
    .pluck()
    .all(...where.params, ...sort.params) as string[];
}

function memoryIds(filter: FilterNode | undefined, sortSrc: string): string[] {
  return runs
    .filter((r) => filter === undefined || evaluateFilter(filter, r))
    .sort(compareRuns(parseSort(sortSrc)))
    .map((r) => r.id);
}

const FILTERS = [
  'params.lr > 1e-3',
  'params.lr >= 1e-3 and status == "completed"',
  'params.lr == "0.01"',
  'params.lr != 0.01',
  'params.lr == null',
  'params.lr != null',
  'params.lr exists',
  'params.lr not exists',
  'not params.lr < 0.01',
  'params.opt in ["adam", "sgd"]',
  'params.opt not in ["adam"]',
  'params.opt < "b"',
  'params.opt ~ "^adam"',
  'params.opt !~ "^a"',
  'params.opt contains "dam"',
  'params.opt not contains "dam"',
  'params.amp == true',
  'params.amp != true',
  'params.mixed == 1',
  'params.mixed != "a"',
  'params.mixed > 0',
  'params.mixed >= "a"',
  'params.mixed in [1, "a", true, null]',
  'params.mixed not in [2.5, false, NaN]',
  'params.mixed == false or params.mixed == NaN',
  'params.mixed ~ "^[0-9]"',
  'params.optimizer.beta1 == 0.9 or params.`learning rate` < 0.05',
  'params.`学习率` > 0.3',
  'params.`学习率` < "b"',
  'metrics.loss == NaN',
  'metrics.loss != NaN',
  'metrics.loss < 2.5',
  'metrics.loss <= Infinity',
  'metrics.loss > 4 or metrics.loss == Infinity',
  'metrics.loss.min <= 1 and metrics.loss.max >= 4',
  'metrics.loss.min == NaN',
  'metrics.loss.max != NaN',
  'metrics.val_loss.first == 2.5',
  'metrics.`eval/loss (x)`.count > 10',
  'metrics.acc.top1.nan_count >= 1',
  'metrics.acc.top1.last_step < 20',
  'metrics.acc.top1.first_step in [0, 1, 2, 3]',
  'metrics.diverged exists',
  'metrics.diverged not exists',
  'metrics.diverged.count != 3',
  'metrics.loss in [NaN, 1, 2]',
  'metrics.loss not in [NaN]',
  'summary.loss == NaN',
  'summary.loss < 2',
  'summary.loss != 1',
  'summary.best_acc exists',
  'summary.best_acc != NaN',
  'summary.val_loss >= 2',
  'summary.missing not exists',
  'status in ["running", "crashed"]',
  'status != "completed"',
  'status > "f"',
  'name ~ "^gpt"',
  'name ~ "(?:🚀|日本)"',
  'name !~ "."',
  'name contains "DROP"',
  'name > "a" and name <= "Ω"',
  'name > "\uFFFD"',
  'name == ""',
  'notes contains "LR"',
  'notes contains ""',
  'host == null',
  'host != "gpu-1"',
  'host ~ "gpu"',
  'host !~ "gpu"',
  'host not contains "1"',
  'host in ["laptop", null]',
  'command not exists',
  'git_commit exists',
  'git_commit in ["abc123", null]',
  'git_commit >= "abc"',
  'duration > 50',
  'duration <= 10 or duration > 150',
  'end_time == null',
  'end_time < 1700000500000',
  'exit_code != 0',
  'exit_code in [1, -9]',
  'start_time > 1700000500000',
  'tags contains "baseline"',
  'tags not contains "baseline"',
  'tags in ["🚀", "x y"]',
  'tags not in ["gpt"]',
  'tags exists',
  'tags not exists',
  '(tags contains "baseline" or params.amp == true) and not (metrics.loss == NaN or status == "failed")',
  'group == "g-1" and project == "nlp"',
  'id < "0A"',
  'not (params.mixed exists and not params.mixed == null)',
];

const SORTS = [
  '',
  'params.lr',
  '-params.lr',
  'params.mixed',
  '-params.mixed',
  'metrics.loss',
  '-metrics.loss.min',
  'summary.loss',
  '-summary.best_acc',
  'name',
  '-name',
  'duration',
  '-end_time',
  'exit_code',
  'params.opt,-metrics.val_loss',
  'host,-params.`学习率`',
  '-status,params.amp',
  'metrics.acc.top1.count',
  'params.`learning rate`',
  '-summary.val_loss,name',
  '-git_commit,-metrics.`eval/loss (x)`.max',
];

describe('compileFilterSql / compileSortSql agree with evaluateFilter / compareRuns', () => {
  it.each(FILTERS.map((f, i) => [f, SORTS[i % SORTS.length]!] as const))('%s | sort %s', (src, sortSrc) => {
    const filter = parseFilter(src);
    expect(sqlIds(filter, sortSrc)).toEqual(memoryIds(filter, sortSrc));
  });

  it.each(SORTS)('sort %s over all runs', (sortSrc) => {
    const ids = sqlIds(undefined, sortSrc);
    expect(ids).toHaveLength(200);
    expect(ids).toEqual(memoryIds(undefined, sortSrc));
  });

  it('uses filters that actually tell runs apart', () => {
    const discriminating = FILTERS.filter((src) => {
      const n = memoryIds(parseFilter(src), '').length;
      return n > 0 && n < runs.length;
    });
    expect(discriminating.length).toBeGreaterThanOrEqual(FILTERS.length * 0.9);
  });

  it('never puts a value, key or pattern into the SQL text', () => {
    for (const src of FILTERS) {
      const { sql } = compileFilterSql(parseFilter(src)!);
      expect(sql.replace(/'(number|string|bool)'/g, '')).not.toMatch(/['"]/);
    }
  });
});

describe('hostile and large filters', () => {
  it('treats SQL-looking input as a plain value', () => {
    const filter = parseFilter(`name == "x'; DROP TABLE runs; --" or params.\`x'); DROP TABLE runs; --\` exists or name ~ "'; --"`);
    const compiled = compileFilterSql(filter!);
    expect(compiled.sql).not.toContain('DROP');
    expect(compiled.params).toContain("x'; DROP TABLE runs; --");
    const ids = sqlIds(filter, 'name');
    expect(ids.length).toBeGreaterThan(0);
    expect(ids).toEqual(memoryIds(filter, 'name'));
    expect(db.prepare('SELECT count(*) FROM runs').pluck().get()).toBe(200);
  });

  it('runs 1,000 conditions and 100 levels of nesting within SQLite limits', () => {
    const wide = Array.from({ length: FILTER_LIMITS.maxConditions }, (_, i) => `params.layers == ${i % 13}`).join(' or ');
    // each "not (" is two levels: 25 of them and 50 plain parentheses make exactly the limit of 100
    const deep = `${'not ('.repeat(25)}${'('.repeat(50)}params.amp == true and metrics.loss < 3${')'.repeat(75)}`;
    for (const src of [wide, deep]) {
      const filter = parseFilter(src);
      expect(sqlIds(filter, '-params.lr')).toEqual(memoryIds(filter, '-params.lr'));
    }
  });

  it('runs an in-list of 10,000 values', () => {
    const values = Array.from({ length: FILTER_LIMITS.maxListValues }, (_, i) => (i % 2 ? `"x${i}"` : String(i / 1000)));
    const filter = parseFilter(`params.lr in [${values.join(',')}] or params.opt not in []`);
    expect(sqlIds(filter, '')).toEqual(memoryIds(filter, ''));
  });

  it('refuses to sort by tags', () => {
    expect(() => compileSortSql([{ field: { kind: 'attr', name: 'tags' }, desc: true }])).toThrow(expect.objectContaining({ code: 'FILTER_SYNTAX' }));
  });

  it('always ends the sort with the id tie-break', () => {
    expect(compileSortSql([]).sql).toBe('r.id ASC');
    expect(compileSortSql(parseSort('-name')).sql).toBe('r.name DESC NULLS LAST, r.id ASC');
  });
});

describe('registerFilterFunctions', () => {
  it('adds a regexp() that treats bad patterns and non-text values as no match', () => {
    const q = (sql: string, ...args: unknown[]) => db.prepare(sql).pluck().get(...args);
    expect(q('SELECT regexp(?, ?)', '^gp', 'gpt')).toBe(1);
    expect(q('SELECT regexp(?, ?)', '^gp', 'a gpt')).toBe(0);
    expect(q('SELECT ? REGEXP ?', 'a gpt', 'gpt$')).toBe(1);
    expect(q('SELECT regexp(?, ?)', '(', 'x')).toBe(0);
    expect(q('SELECT regexp(?, ?)', '\\p{L}', 'é')).toBe(1);
    expect(q('SELECT regexp(?, ?)', '1', 1)).toBe(0);
    expect(q('SELECT regexp(?, NULL)', 'x')).toBe(0);
    expect(q('SELECT regexp(NULL, ?)', 'x')).toBe(0);
  });

  it('keeps answering correctly after its pattern cache turns over', () => {
    const stmt = db.prepare('SELECT regexp(?, ?)').pluck();
    for (let i = 0; i < 600; i++) expect(stmt.get(`^p${i}$`, `p${i}`)).toBe(1);
    expect(stmt.get('^p0$', 'p1')).toBe(0);
  });
});
