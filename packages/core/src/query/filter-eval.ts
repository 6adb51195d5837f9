/**
 * In-memory evaluation of the run filter language (semantics documented in filter-parse.ts). The SQL compiler of
 * the stores must select and order exactly the same runs; a differential test holds them together.
 */
import { RunlensError } from '../errors.js';
import type { Run, SeriesSummary } from '../domain/types.js';
import type { CompareOp, FieldRef, FilterNode, Literal, MetricAggregate, RunAttribute, SortField } from './filter-ast.js';
import { compileFilterRegex } from './filter-parse.js';

const AGGREGATE_READERS: Readonly<Record<MetricAggregate, (s: SeriesSummary) => number>> = {
  last: (s) => s.last,
  first: (s) => s.first,
  min: (s) => s.min,
  max: (s) => s.max,
  count: (s) => s.count,
  nan_count: (s) => s.nanCount,
  first_step: (s) => s.firstStep,
  last_step: (s) => s.lastStep,
};

type ScalarAttribute = Exclude<RunAttribute, 'tags'>;

const ATTRIBUTE_READERS: Readonly<Record<ScalarAttribute, (run: Run) => Literal>> = {
  id: (r) => r.id,
  name: (r) => r.name,
  project: (r) => r.project,
  group: (r) => r.group,
  status: (r) => r.status,
  notes: (r) => r.notes,
  host: (r) => r.host,
  command: (r) => r.command,
  git_commit: (r) => r.gitCommit,
  start_time: (r) => r.startTime,
  end_time: (r) => r.endTime,
  heartbeat: (r) => r.heartbeat,
  exit_code: (r) => r.exitCode,
  duration: (r) => ((r.endTime ?? r.heartbeat) - r.startTime) / 1000,
};

/**
 * The value of a field for one run: `undefined` when the field is missing (param not set, metric without points,
 * no summary), the tag list for `tags`, otherwise the value (attributes may be null).
 */
export function readRunField(run: Run, field: FieldRef): Literal | readonly string[] | undefined {
  switch (field.kind) {
    case 'param':
      return Object.hasOwn(run.params, field.key) ? run.params[field.key] : undefined;
    case 'summary':
      return Object.hasOwn(run.summary, field.key) ? run.summary[field.key] : undefined;
    case 'metric': {
      const s = Object.hasOwn(run.metrics, field.key) ? run.metrics[field.key] : undefined;
      if (s === undefined || !(s.count > 0)) return undefined;
      return AGGREGATE_READERS[field.agg](s);
    }
    case 'attr':
      return field.name === 'tags' ? run.tags : ATTRIBUTE_READERS[field.name](run);
  }
}

/**
 * Whether a run matches a filter.
 * @example evaluateFilter(parseFilter('metrics.loss.last == NaN')!, run)
 */
export function evaluateFilter(node: FilterNode, run: Run): boolean {
  switch (node.type) {
    case 'and':
    case 'or': {
      // long chains are left-deep; walk the spine in a loop so a hand-built AST cannot overflow the stack
      const rights: FilterNode[] = [];
      let n: FilterNode = node;
      while (n.type === node.type && (n.type === 'and' || n.type === 'or')) {
        rights.push(n.right);
        n = n.left;
      }
      const want = node.type === 'or';
      if (evaluateFilter(n, run) === want) return want;
      for (let k = rights.length - 1; k >= 0; k--) if (evaluateFilter(rights[k]!, run) === want) return want;
      return !want;
    }
    case 'not':
      return !evaluateFilter(node.expr, run);
    case 'exists':
      return existsIn(run, node.field) !== node.negate;
    case 'compare': {
      const v = readRunField(run, node.field);
      if (v === undefined || isTagList(v)) return false;
      return compareHolds(v, node.op, node.value);
    }
    case 'match': {
      const v = readRunField(run, node.field);
      if (v === undefined || isTagList(v)) return false;
      const hit = typeof v === 'string' && regexTest(node.pattern, v);
      return hit !== node.negate;
    }
    case 'contains': {
      const v = readRunField(run, node.field);
      if (v === undefined) return false;
      const hit = isTagList(v) ? v.includes(node.value) : typeof v === 'string' && v.includes(node.value);
      return hit !== node.negate;
    }
    case 'in': {
      const v = readRunField(run, node.field);
      if (v === undefined) return false;
      const hit = isTagList(v)
        ? v.some((tag) => node.values.includes(tag))
        : node.values.some((lit) => literalEquals(v, lit));
      return hit !== node.negate;
    }
  }
}

function isTagList(v: Literal | readonly string[]): v is readonly string[] {
  return Array.isArray(v);
}

function existsIn(run: Run, field: FieldRef): boolean {
  const v = readRunField(run, field);
  if (v === undefined || v === null) return field.kind === 'param' && v === null;
  return isTagList(v) ? v.length > 0 : true;
}

/** Equality of the language: same type and value, and NaN equals NaN. */
function literalEquals(a: Literal, b: Literal): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b || (Number.isNaN(a) && Number.isNaN(b));
  return a === b;
}

function compareHolds(v: Literal, op: CompareOp, lit: Literal): boolean {
  if (op === '==') return literalEquals(v, lit);
  if (op === '!=') return !literalEquals(v, lit);
  let c: number;
  if (typeof v === 'number' && typeof lit === 'number') {
    if (Number.isNaN(v) || Number.isNaN(lit)) return false;
    c = v < lit ? -1 : v > lit ? 1 : 0;
  } else if (typeof v === 'string' && typeof lit === 'string') {
    c = compareCodePoints(v, lit);
  } else {
    return false;
  }
  if (op === '<') return c < 0;
  if (op === '<=') return c <= 0;
  if (op === '>') return c > 0;
  return c >= 0;
}

/**
 * Orders strings by Unicode code point, which is the byte order of their UTF-8 (how SQLite compares TEXT), not
 * JavaScript's UTF-16 order that puts U+10000 and above before U+E000..U+FFFF.
 */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xSurrogate = x >= 0xd800 && x <= 0xdfff;
    const ySurrogate = y >= 0xd800 && y <= 0xdfff;
    if (xSurrogate !== ySurrogate) return xSurrogate ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return a.length < b.length ? -1 : 1;
}

/** Compiled patterns of `~`, bounded so a stream of distinct filters cannot grow it without end. */
const regexCache = new Map<string, RegExp | null>();
const REGEX_CACHE_SIZE = 256;

function regexTest(pattern: string, value: string): boolean {
  let re = regexCache.get(pattern);
  if (re === undefined) {
    try {
      re = compileFilterRegex(pattern);
    } catch {
      re = null;
    }
    if (regexCache.size >= REGEX_CACHE_SIZE) regexCache.delete(regexCache.keys().next().value!);
    regexCache.set(pattern, re);
  }
  return re !== null && re.test(value);
}

interface SortKey {
  /** Type order: booleans, then numbers, then strings (the same order the SQL compiler uses). */
  rank: number;
  value: number | string;
}

function sortKey(run: Run, field: FieldRef): SortKey | undefined {
  const v = readRunField(run, field);
  if (v === undefined || v === null || isTagList(v)) return undefined;
  if (typeof v === 'boolean') return { rank: 0, value: v ? 1 : 0 };
  if (typeof v === 'number') return Number.isNaN(v) ? undefined : { rank: 1, value: v };
  return { rank: 2, value: v };
}

function compareKeys(a: SortKey, b: SortKey): number {
  if (a.rank !== b.rank) return a.rank - b.rank;
  if (typeof a.value === 'string' && typeof b.value === 'string') return compareCodePoints(a.value, b.value);
  return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
}

/**
 * A comparator for `Array.prototype.sort` that orders runs by the sort fields. Missing values (also null and NaN)
 * go last in both directions; mixed types order booleans < numbers < strings; ties are broken by id ascending.
 * @throws RunlensError FILTER_SYNTAX when asked to sort by tags.
 */
export function compareRuns(sort: SortField[]): (a: Run, b: Run) => number {
  for (const s of sort) {
    if (s.field.kind === 'attr' && s.field.name === 'tags') {
      throw new RunlensError('FILTER_SYNTAX', 'cannot sort by tags', { column: 1, token: 'tags' });
    }
  }
  return (a, b) => {
    for (const s of sort) {
      const ka = sortKey(a, s.field);
      const kb = sortKey(b, s.field);
      if (ka === undefined || kb === undefined) {
        if (ka === kb) continue;
        return ka === undefined ? 1 : -1;
      }
      const c = compareKeys(ka, kb);
      if (c !== 0) return s.desc ? -c : c;
    }
    return compareCodePoints(a.id, b.id);
  };
}
