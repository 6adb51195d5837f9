/**
 * Compiles the run filter language (AST from `parseFilter` / `parseSort`) to parameterised SQLite SQL over the
 * schema in migrations.ts, with the runs table aliased `r`. Semantics are those of `evaluateFilter` and
 * `compareRuns` in @runlens/core, held together by a differential test. Every key, value and pattern travels as a
 * `?` parameter; the SQL text only ever holds fixed fragments of this file.
 */
import type Database from 'better-sqlite3';
import {
  RunlensError,
  compileFilterRegex,
  type CompareOp,
  type FieldRef,
  type FilterNode,
  type Literal,
  type MetricAggregate,
  type RunAttribute,
  type SortField,
} from '@runlens/core';

/** A fragment of SQL with its `?` parameters, in text order. */
export interface SqlFragment {
  sql: string;
  params: unknown[];
}

const FALSE: SqlFragment = { sql: '0', params: [] };
const TRUE: SqlFragment = { sql: '1', params: [] };

/**
 * How the stored value of a field is typed in SQL:
 * - `param`: `run_params.value` with its `vtype` column (numbers, text, 0/1 for booleans, NULL for null);
 * - `metric`: a REAL where NULL means NaN;
 * - `number` / `string`: a column holding only that type, NULL meaning null when `nullable`.
 */
type StorageKind = 'param' | 'metric' | 'number' | 'string';

interface SqlField {
  kind: StorageKind;
  /** SQL expression of the value, valid inside `where`. */
  value: string;
  nullable: boolean;
  /** SQL that is 1 when the field is present and `pred` holds for its value, else 0; never NULL. */
  where(pred: SqlFragment): SqlFragment;
  /** 1 when the field is present (null counts as present for attributes and params); never NULL. */
  present: SqlFragment;
  /** The `exists` operator: present, and for attributes also not null. */
  exists: SqlFragment;
}

type ScalarAttribute = Exclude<RunAttribute, 'tags'>;

const ATTRIBUTE_COLUMNS: Readonly<Record<ScalarAttribute, { sql: string; kind: 'number' | 'string'; nullable: boolean }>> = {
  id: { sql: 'r.id', kind: 'string', nullable: false },
  name: { sql: 'r.name', kind: 'string', nullable: false },
  project: { sql: 'r.project', kind: 'string', nullable: false },
  group: { sql: 'r.grp', kind: 'string', nullable: false },
  status: { sql: 'r.status', kind: 'string', nullable: false },
  notes: { sql: 'r.notes', kind: 'string', nullable: false },
  host: { sql: 'r.host', kind: 'string', nullable: true },
  command: { sql: 'r.command', kind: 'string', nullable: true },
  git_commit: { sql: 'r.git_commit', kind: 'string', nullable: true },
  start_time: { sql: 'r.start_time', kind: 'number', nullable: false },
  end_time: { sql: 'r.end_time', kind: 'number', nullable: true },
  heartbeat: { sql: 'r.heartbeat', kind: 'number', nullable: false },
  exit_code: { sql: 'r.exit_code', kind: 'number', nullable: true },
  duration: { sql: '((COALESCE(r.end_time, r.heartbeat) - r.start_time) / 1000.0)', kind: 'number', nullable: false },
};

/** Series columns per aggregate; `nanIsNull` where the column stores NaN as NULL. */
const AGGREGATE_COLUMNS: Readonly<Record<MetricAggregate, { sql: string; nanIsNull: boolean }>> = {
  last: { sql: 'm.last_value', nanIsNull: true },
  first: { sql: 'm.first_value', nanIsNull: true },
  min: { sql: 'm.min_value', nanIsNull: true },
  max: { sql: 'm.max_value', nanIsNull: true },
  count: { sql: 'm.count', nanIsNull: false },
  nan_count: { sql: 'm.nan_count', nanIsNull: false },
  first_step: { sql: 'm.first_step', nanIsNull: false },
  last_step: { sql: 'm.last_step', nanIsNull: false },
};

const PARAM_ROW = 'SELECT 1 FROM run_params p WHERE p.run_id = r.id AND p.key = ?';
const SERIES_ROW = 'SELECT 1 FROM series m WHERE m.run_id = r.id AND m.key = ? AND m.count > 0';
/** The summary of a key: the explicit row if any (NULL = NaN), else the series' last value; zero or one row. */
const SUMMARY_VALUE =
  'SELECT x.v AS v FROM (SELECT s.value AS v, 0 AS o FROM run_summary s WHERE s.run_id = r.id AND s.key = ? ' +
  'UNION ALL SELECT m.last_value AS v, 1 AS o FROM series m WHERE m.run_id = r.id AND m.key = ? AND m.count > 0) x ' +
  'ORDER BY x.o LIMIT 1';

function sqlField(field: FieldRef): SqlField {
  switch (field.kind) {
    case 'param': {
      const present = { sql: `EXISTS (${PARAM_ROW})`, params: [field.key] };
      return {
        kind: 'param',
        value: 'p.value',
        nullable: true,
        where: (pred) => ({ sql: `EXISTS (${PARAM_ROW} AND (${pred.sql}))`, params: [field.key, ...pred.params] }),
        present,
        exists: present,
      };
    }
    case 'metric': {
      const col = AGGREGATE_COLUMNS[field.agg];
      const present = { sql: `EXISTS (${SERIES_ROW})`, params: [field.key] };
      return {
        kind: col.nanIsNull ? 'metric' : 'number',
        value: col.sql,
        nullable: false,
        where: (pred) => ({ sql: `EXISTS (${SERIES_ROW} AND (${pred.sql}))`, params: [field.key, ...pred.params] }),
        present,
        exists: present,
      };
    }
    case 'summary': {
      const present = { sql: `EXISTS (${SUMMARY_VALUE})`, params: [field.key, field.key] };
      return {
        kind: 'metric',
        value: 'y.v',
        nullable: false,
        where: (pred) => ({
          sql: `EXISTS (SELECT 1 FROM (${SUMMARY_VALUE}) y WHERE (${pred.sql}))`,
          params: [field.key, field.key, ...pred.params],
        }),
        present,
        exists: present,
      };
    }
    case 'attr': {
      const name = field.name;
      if (name === 'tags') throw new RunlensError('INTERNAL', 'tags are compiled by compileTags');
      const col = ATTRIBUTE_COLUMNS[name];
      return {
        kind: col.kind,
        value: col.sql,
        nullable: col.nullable,
        // a nullable column makes `=`, `<`, instr() NULL; NOT must see 0 instead
        where: (pred) => (col.nullable ? { sql: `IFNULL((${pred.sql}), 0)`, params: pred.params } : pred),
        present: TRUE,
        exists: col.nullable ? { sql: `${col.sql} IS NOT NULL`, params: [] } : TRUE,
      };
    }
  }
}

/** SQL type test for one literal type against a field's storage, or undefined when the field never holds it. */
function typeGuard(f: SqlField, type: 'number' | 'string' | 'boolean'): string | undefined {
  if (f.kind === 'param') return `p.vtype = '${type === 'boolean' ? 'bool' : type}'`;
  if (type === 'boolean') return undefined;
  if (type === 'number') return f.kind === 'string' ? undefined : '';
  return f.kind === 'string' ? '' : undefined;
}

function guarded(guard: string, cond: string, params: unknown[]): SqlFragment {
  return { sql: guard === '' ? cond : `(${guard} AND ${cond})`, params };
}

function bindable(v: string | number | boolean): string | number {
  return typeof v === 'boolean' ? (v ? 1 : 0) : v;
}

/** Predicate "value == lit" over the field's value (evaluated where `f.value` is in scope). */
function equalsPred(f: SqlField, lit: Literal): SqlFragment {
  if (lit === null) return f.nullable ? { sql: `${f.value} IS NULL`, params: [] } : FALSE;
  if (typeof lit === 'number' && Number.isNaN(lit)) return f.kind === 'metric' ? { sql: `${f.value} IS NULL`, params: [] } : FALSE;
  const guard = typeGuard(f, typeof lit as 'number' | 'string' | 'boolean');
  if (guard === undefined) return FALSE;
  return guarded(guard, `${f.value} = ?`, [bindable(lit)]);
}

/** Predicate "value in values", grouped by type so a long list stays one IN (...) per type. */
function inPred(f: SqlField, values: readonly Literal[]): SqlFragment {
  const parts: SqlFragment[] = [];
  if (values.some((v) => v === null)) parts.push(equalsPred(f, null));
  if (values.some((v) => typeof v === 'number' && Number.isNaN(v))) parts.push(equalsPred(f, Number.NaN));
  for (const type of ['number', 'string', 'boolean'] as const) {
    const ofType = values.filter((v) => typeof v === type && !(typeof v === 'number' && Number.isNaN(v))) as (string | number | boolean)[];
    if (ofType.length === 0) continue;
    const guard = typeGuard(f, type);
    if (guard === undefined) continue;
    parts.push(guarded(guard, `${f.value} IN (${ofType.map(() => '?').join(', ')})`, ofType.map(bindable)));
  }
  const useful = parts.filter((p) => p !== FALSE);
  return useful.length === 0 ? FALSE : joinBalanced(useful, 'OR');
}

const ORDER_SQL: Readonly<Record<Exclude<CompareOp, '==' | '!='>, string>> = { '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

function orderedPred(f: SqlField, op: Exclude<CompareOp, '==' | '!='>, lit: Literal): SqlFragment {
  if (typeof lit === 'number' ? Number.isNaN(lit) : typeof lit !== 'string') return FALSE;
  const guard = typeGuard(f, typeof lit === 'number' ? 'number' : 'string');
  if (guard === undefined) return FALSE;
  // metric NULLs (NaN) make the comparison NULL, which EXISTS treats as false: ordered comparisons with NaN fail
  return guarded(guard, `${f.value} ${ORDER_SQL[op]} ?`, [lit]);
}

function textPred(f: SqlField, cond: (value: string) => string, arg: string): SqlFragment {
  const guard = typeGuard(f, 'string');
  if (guard === undefined) return FALSE;
  return guarded(guard, cond(f.value), [arg]);
}

/** "present and not positive": the negated operators are false on a missing field. */
function negated(f: SqlField, positive: SqlFragment): SqlFragment {
  if (f.present === TRUE) return { sql: `NOT (${positive.sql})`, params: positive.params };
  return { sql: `(${f.present.sql} AND NOT (${positive.sql}))`, params: [...f.present.params, ...positive.params] };
}

function holds(f: SqlField, pred: SqlFragment): SqlFragment {
  return pred === FALSE ? FALSE : f.where(pred);
}

function compileTags(node: Exclude<FilterNode, { type: 'and' | 'or' | 'not' }>): SqlFragment {
  const tagRow = 'SELECT 1 FROM run_tags t WHERE t.run_id = r.id';
  let positive: SqlFragment;
  switch (node.type) {
    case 'exists':
      positive = { sql: `EXISTS (${tagRow})`, params: [] };
      break;
    case 'contains':
      positive = { sql: `EXISTS (${tagRow} AND t.tag = ?)`, params: [node.value] };
      break;
    case 'in': {
      const tags = node.values.filter((v): v is string => typeof v === 'string');
      positive = tags.length === 0 ? FALSE : { sql: `EXISTS (${tagRow} AND t.tag IN (${tags.map(() => '?').join(', ')}))`, params: tags };
      break;
    }
    default:
      // tags are a list: comparisons and regex matches never hold, negated or not (as in evaluateFilter)
      return FALSE;
  }
  if (!node.negate) return positive;
  return positive === FALSE ? TRUE : { sql: `NOT ${positive.sql}`, params: positive.params };
}

function compileLeaf(node: Exclude<FilterNode, { type: 'and' | 'or' | 'not' }>): SqlFragment {
  const field = node.field;
  if (field.kind === 'attr' && field.name === 'tags') return compileTags(node);
  const f = sqlField(field);
  switch (node.type) {
    case 'exists':
      return node.negate ? { sql: `NOT (${f.exists.sql})`, params: f.exists.params } : f.exists;
    case 'compare': {
      if (node.op === '==') return holds(f, equalsPred(f, node.value));
      if (node.op === '!=') return negated(f, holds(f, equalsPred(f, node.value)));
      return holds(f, orderedPred(f, node.op, node.value));
    }
    case 'match': {
      const positive = holds(f, textPred(f, (v) => `regexp(?, ${v})`, node.pattern));
      return node.negate ? negated(f, positive) : positive;
    }
    case 'contains': {
      const positive = holds(f, textPred(f, (v) => `instr(${v}, ?) > 0`, node.value));
      return node.negate ? negated(f, positive) : positive;
    }
    case 'in': {
      const positive = holds(f, inPred(f, node.values));
      return node.negate ? negated(f, positive) : positive;
    }
  }
}

/** Joins parts as a balanced tree, so 1,000 `and`s nest 10 levels deep in SQL, not 1,000 (SQLite caps depth). */
function joinBalanced(parts: readonly SqlFragment[], op: 'AND' | 'OR'): SqlFragment {
  if (parts.length === 1) return parts[0]!;
  const mid = parts.length >> 1;
  const left = joinBalanced(parts.slice(0, mid), op);
  const right = joinBalanced(parts.slice(mid), op);
  return { sql: `(${left.sql} ${op} ${right.sql})`, params: [...left.params, ...right.params] };
}

function compileNode(node: FilterNode): SqlFragment {
  if (node.type === 'and' || node.type === 'or') {
    // flatten the whole chain of one operator in a loop (left-deep from the parser, any shape when hand-built)
    const operands: FilterNode[] = [];
    const stack: FilterNode[] = [node];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (n.type === node.type) stack.push(n.right, n.left);
      else operands.push(n);
    }
    return joinBalanced(operands.map(compileNode), node.type === 'and' ? 'AND' : 'OR');
  }
  if (node.type === 'not') {
    const inner = compileNode(node.expr);
    return { sql: `NOT (${inner.sql})`, params: inner.params };
  }
  return compileLeaf(node);
}

/**
 * Compiles a filter to a boolean SQL expression for a WHERE clause over `runs r`. Runs with `registerFilterFunctions`
 * applied to the connection (for `~`).
 * @example const f = compileFilterSql(parseFilter('params.lr > 1e-3')!); db.prepare(`SELECT r.id FROM runs r WHERE ${f.sql}`).all(...f.params)
 */
export function compileFilterSql(node: FilterNode): SqlFragment {
  return compileNode(node);
}

/** Scalar SQL expressions that order one field: NULL means "sorts last". */
function sortExpressions(field: FieldRef): SqlFragment[] {
  switch (field.kind) {
    case 'param': {
      const from = 'FROM run_params p WHERE p.run_id = r.id AND p.key = ?';
      // booleans < numbers < strings, as compareRuns; value NULL (null or NaN) ranks NULL so it sorts last
      const rank =
        "(SELECT CASE WHEN p.value IS NULL THEN NULL WHEN p.vtype = 'bool' THEN 0 WHEN p.vtype = 'number' THEN 1 ELSE 2 END " +
        `${from})`;
      return [
        { sql: rank, params: [field.key] },
        { sql: `(SELECT p.value ${from})`, params: [field.key] },
      ];
    }
    case 'metric':
      return [{ sql: `(SELECT ${AGGREGATE_COLUMNS[field.agg].sql} FROM series m WHERE m.run_id = r.id AND m.key = ? AND m.count > 0)`, params: [field.key] }];
    case 'summary':
      return [{ sql: `(${SUMMARY_VALUE})`, params: [field.key, field.key] }];
    case 'attr':
      if (field.name === 'tags') throw new RunlensError('FILTER_SYNTAX', 'cannot sort by tags', { column: 1, token: 'tags' });
      return [{ sql: ATTRIBUTE_COLUMNS[field.name].sql, params: [] }];
  }
}

/**
 * Compiles a sort to an ORDER BY list (without the words ORDER BY): missing values last in both directions, then
 * `r.id ASC` as the tie-break, matching `compareRuns`.
 * @throws RunlensError FILTER_SYNTAX for a sort by tags.
 */
export function compileSortSql(sort: SortField[]): SqlFragment {
  const terms: string[] = [];
  const params: unknown[] = [];
  for (const s of sort) {
    for (const e of sortExpressions(s.field)) {
      terms.push(`${e.sql} ${s.desc ? 'DESC' : 'ASC'} NULLS LAST`);
      params.push(...e.params);
    }
  }
  terms.push('r.id ASC');
  return { sql: terms.join(', '), params };
}

const REGEX_CACHE_SIZE = 256;

/**
 * Registers `regexp(pattern, value)` (also behind SQLite's `value REGEXP pattern`) on a connection: 1 when the
 * pattern, compiled as the filter language does, matches the text value; 0 for non-text values and invalid patterns.
 */
export function registerFilterFunctions(db: Database.Database): void {
  const cache = new Map<string, RegExp | null>();
  db.function('regexp', { deterministic: true }, (pattern: unknown, value: unknown): number => {
    if (typeof pattern !== 'string' || typeof value !== 'string') return 0;
    let re = cache.get(pattern);
    if (re === undefined) {
      try {
        re = compileFilterRegex(pattern);
      } catch {
        re = null;
      }
      if (cache.size >= REGEX_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      cache.set(pattern, re);
    }
    return re !== null && re.test(value) ? 1 : 0;
  });
}
