/**
 * Parser of the run filter language, used by the run table, the CLI (`--filter`) and `GET /runs?filter=&sort=`.
 *
 * Example: `params.lr > 1e-3 and status == "completed" and metrics.val_loss.min < 2.1 and tags contains "baseline"
 * and name ~ "^gpt"`.
 *
 * **Fields**
 * - `params.<key>`: a param; the key is the rest of the path and may hold dots (`params.optimizer.lr`).
 * - `metrics.<key>.<agg>`: an aggregate of a metric series, agg one of `last first min max count nan_count
 *   first_step last_step`. Metric keys may hold dots too, so the last segment is the aggregate only when it is one
 *   of those names; otherwise it is part of the key and the aggregate is `last` (`metrics.val_loss` is
 *   `metrics.val_loss.last`). Common aggregate-like words that are not supported (`mean`, `avg`, `median`, `std`,
 *   ...) are an error rather than silently part of the key; write a key ending in one in backticks.
 *   `min`/`max` are over non-NaN values (NaN when every value is NaN).
 * - `summary.<key>`: the run's final value for a key: the explicitly logged summary, else the series' last value.
 * - run attributes: `id name project group status notes host command git_commit start_time end_time heartbeat
 *   exit_code duration tags`. Times are ms since epoch; `duration` is seconds, from start to end (or to the last
 *   heartbeat while running).
 * - Keys with characters outside `A-Z a-z 0-9 _ - / .` are written in backticks, one segment at a time:
 *   `` metrics.`eval/loss (x)`.min ``, `` params.`learning rate` ``. A backtick segment may hold any character but
 *   a backtick (there is no escape for it) and is always part of the key, never an aggregate:
 *   `` metrics.`loss.min` `` is the last value of the series `loss.min`.
 * - The prefixes, attribute and aggregate names are case-insensitive; keys are case-sensitive.
 *
 * **Values**: numbers (`3`, `-2.5`, `1e-3`, `.5`), `NaN`, `Infinity`, `-Infinity`, strings in double or single
 * quotes with escapes `\" \' \\ \/ \n \t \r \b \f \0 \uXXXX`, `true`, `false`, `null`.
 *
 * **Operators**: `==` (or `=`), `!=`, `<`, `<=`, `>`, `>=`; `~` and `!~` (JavaScript regular expression with the
 * `u` flag, matched anywhere unless anchored, at most 500 characters); `contains` / `not contains` (substring,
 * case-sensitive; for `tags`, membership); `in [v, ...]` / `not in [...]` (for `tags`: any tag in the list);
 * `exists` / `not exists`; `and`, `or`, `not`, parentheses. Keywords are case-insensitive. Precedence: `not` binds
 * tighter than `and`, which binds tighter than `or`.
 *
 * **Semantics**
 * - A condition on a missing field (param not set, metric never logged, no summary) is false for every operator,
 *   `!=` included; `not (...)` inverts. `!=`, `!~`, `not contains`, `not in` are true exactly when the field is
 *   present and the positive form is false. `null` is a value: `params.x == null` matches a param set to null.
 * - Types are strict: a number never equals a string, `<` `<=` `>` `>=` compare numbers with numbers and strings
 *   with strings (by Unicode code point), booleans only support `==` and `!=`. NaN equals NaN (`metrics.loss.last
 *   == NaN` finds diverged runs) and every ordered comparison with NaN is false.
 * - `exists`: a param is set (even to null), a metric has at least one point, a summary value exists, an attribute
 *   is not null, `tags` is not empty.
 * - Comparing a field with a value of a type it can never have (`start_time > "2024"`, `status == 3`), an unknown
 *   status, or an operator a field does not support (`tags == "x"`, `metrics.loss ~ "x"`) is a syntax error.
 *
 * **Sort**: comma-separated fields, `-` in front for descending: `-metrics.val_loss.min,name`. Missing values sort
 * last in both directions; ties are broken by run id.
 *
 * **Errors**: `RunlensError('FILTER_SYNTAX', message, { column, token })`; `column` is 1-based and counts UTF-16
 * code units (what a browser text field's selection uses). Limits: 100,000 characters, nesting depth 100, 1,000
 * conditions, 10,000 list values.
 */
import { RunlensError } from '../errors.js';
import { RUN_STATUSES } from '../domain/types.js';
import {
  METRIC_AGGREGATES,
  RUN_ATTRIBUTES,
  type CompareOp,
  type FieldRef,
  type FilterNode,
  type Literal,
  type MetricAggregate,
  type RunAttribute,
  type SortField,
} from './filter-ast.js';
import { filterSyntaxError, lexFilter, showToken, type FilterToken } from './filter-lexer.js';

/** Size limits of a filter, so a hostile or runaway filter gets a clear error instead of exhausting anything. */
export const FILTER_LIMITS = {
  /** Longest filter or sort text, in characters. */
  maxLength: 100_000,
  /** Deepest nesting of parentheses and `not`. */
  maxDepth: 100,
  /** Most conditions (comparisons, matches, ...) in one filter. */
  maxConditions: 1_000,
  /** Most values over all `in [...]` lists of one filter. */
  maxListValues: 10_000,
  /** Longest regular expression after `~` / `!~`. */
  maxRegexLength: 500,
  /** Most fields in one sort. */
  maxSortFields: 32,
} as const;

/** Compiles a pattern of `~` the one way the language defines (shared by the parser, the evaluator and SQL). */
export function compileFilterRegex(pattern: string): RegExp {
  return new RegExp(pattern, 'u');
}

/**
 * Parses a filter; empty or whitespace-only text means "no filter" and gives undefined.
 * @throws RunlensError FILTER_SYNTAX with `details.column` (1-based) and `details.token`.
 * @example parseFilter('params.lr > 1e-3 and tags contains "baseline"')
 */
export function parseFilter(src: string): FilterNode | undefined {
  checkLength(src);
  if (src.trim() === '') return undefined;
  const parser = new FilterParser(src, lexFilter(src));
  return parser.parseWhole();
}

/**
 * Parses a sort: comma-separated fields, `-` in front for descending. Empty text gives [].
 * @example parseSort('-metrics.val_loss.min,name')
 */
export function parseSort(src: string): SortField[] {
  checkLength(src);
  if (src.trim() === '') return [];
  const tokens = lexFilter(src);
  const out: SortField[] = [];
  let i = 0;
  for (;;) {
    let tok = tokens[i]!;
    let desc = false;
    if (tok.kind === 'punct' && tok.value === '-') {
      desc = true;
      tok = tokens[++i]!;
    }
    if (tok.kind !== 'path') throw unexpected(tok, desc ? 'a field after "-"' : 'a field to sort by, e.g. -metrics.val_loss.min');
    const field = resolveField(tok);
    if (field.kind === 'attr' && field.name === 'tags') {
      throw filterSyntaxError(`cannot sort by tags at column ${tok.pos + 1}`, tok.pos, tok.text);
    }
    out.push({ field, desc });
    if (out.length > FILTER_LIMITS.maxSortFields) {
      throw filterSyntaxError(`too many sort fields at column ${tok.pos + 1}: the limit is ${FILTER_LIMITS.maxSortFields}`, tok.pos, tok.text);
    }
    const sep = tokens[++i]!;
    if (sep.kind === 'eof') return out;
    if (sep.kind !== 'punct' || sep.value !== ',') throw unexpected(sep, `"," or the end of the sort after ${showToken(tok.text)}`);
    i++;
  }
}

/**
 * Parses one field reference such as `metrics.val_loss.min` or `` params.`learning rate` ``.
 * @throws RunlensError FILTER_SYNTAX for anything else.
 */
export function parseFieldRef(src: string): FieldRef {
  checkLength(src);
  const tokens = lexFilter(src);
  const tok = tokens[0]!;
  if (tok.kind !== 'path') throw unexpected(tok, 'a field, e.g. metrics.val_loss.min');
  const field = resolveField(tok);
  const after = tokens[1]!;
  if (after.kind !== 'eof') throw unexpected(after, `the end after the field ${showToken(tok.text)}`);
  return field;
}

function checkLength(src: string): void {
  if (src.length > FILTER_LIMITS.maxLength) {
    throw new RunlensError(
      'FILTER_SYNTAX',
      `filter is ${src.length} characters long; the limit is ${FILTER_LIMITS.maxLength}`,
      { column: FILTER_LIMITS.maxLength + 1, token: '' },
    );
  }
}

function describe(tok: FilterToken): string {
  return tok.kind === 'eof' ? 'end of filter' : `token ${showToken(tok.text)}`;
}

function unexpected(tok: FilterToken, expected: string): RunlensError {
  return filterSyntaxError(`unexpected ${describe(tok)} at column ${tok.pos + 1}: expected ${expected}`, tok.pos, tok.text);
}

const AGGREGATE_SET: ReadonlySet<string> = new Set(METRIC_AGGREGATES);
const ATTRIBUTE_SET: ReadonlySet<string> = new Set(RUN_ATTRIBUTES);
const STATUS_SET: ReadonlySet<string> = new Set(RUN_STATUSES);

/** Words people reach for as aggregates; rejected so a typo does not silently become part of a metric key. */
const UNSUPPORTED_AGGREGATES: ReadonlySet<string> = new Set([
  'mean',
  'avg',
  'average',
  'median',
  'sum',
  'std',
  'stddev',
  'var',
  'variance',
  'p50',
  'p90',
  'p95',
  'p99',
  'minimum',
  'maximum',
  'nancount',
  'nans',
  'firststep',
  'laststep',
]);

/** Prefixes people type by mistake, with the field they meant. */
const PREFIX_HINTS: ReadonlyMap<string, string> = new Map([
  ['param', 'params'],
  ['parms', 'params'],
  ['config', 'params'],
  ['metric', 'metrics'],
  ['summaries', 'summary'],
  ['tag', 'tags'],
]);

const FIELD_FORMS = `fields are params.<key>, metrics.<key>.<agg>, summary.<key>, or one of ${RUN_ATTRIBUTES.join(', ')}`;

function resolveField(tok: FilterToken & { kind: 'path' }): FieldRef {
  const [head, ...rest] = tok.segments;
  const prefix = head!.text.toLowerCase();
  const key = rest.map((s) => s.text).join('.');
  if (prefix === 'params' || prefix === 'metrics' || prefix === 'summary') {
    if (rest.length === 0) {
      throw filterSyntaxError(
        `field ${showToken(tok.text)} at column ${tok.pos + 1} needs a key, e.g. ${prefix}.${prefix === 'params' ? 'lr' : 'val_loss'}`,
        tok.pos,
        tok.text,
      );
    }
    if (prefix === 'params') return { kind: 'param', key };
    if (prefix === 'summary') return { kind: 'summary', key };
    const last = rest[rest.length - 1]!;
    const lastLower = last.text.toLowerCase();
    if (rest.length >= 2 && !last.quoted) {
      const keyWithoutAgg = rest.slice(0, -1).map((s) => s.text).join('.');
      if (AGGREGATE_SET.has(lastLower)) return { kind: 'metric', key: keyWithoutAgg, agg: lastLower as MetricAggregate };
      if (UNSUPPORTED_AGGREGATES.has(lastLower)) {
        throw filterSyntaxError(
          `unknown aggregate ${showToken(last.text)} at column ${last.pos + 1}: aggregates are ${METRIC_AGGREGATES.join(', ')}; ` +
            `for a metric whose key ends in ".${last.text}" write metrics.\`${key}\``,
          last.pos,
          last.text,
        );
      }
    }
    return { kind: 'metric', key, agg: 'last' };
  }
  if (rest.length === 0 && ATTRIBUTE_SET.has(prefix)) return { kind: 'attr', name: prefix as RunAttribute };
  const hint = PREFIX_HINTS.get(prefix);
  throw filterSyntaxError(
    `unknown field ${showToken(tok.text)} at column ${tok.pos + 1}: ${hint ? `did you mean ${hint}? ` : ''}${FIELD_FORMS}`,
    tok.pos,
    tok.text,
  );
}

/** What values a field can hold, for rejecting conditions that could never be true. */
type FieldType = 'any' | 'number' | 'string' | 'tags';

const NUMBER_ATTRIBUTES: ReadonlySet<RunAttribute> = new Set(['start_time', 'end_time', 'heartbeat', 'exit_code', 'duration']);
const NULLABLE_ATTRIBUTES: ReadonlySet<RunAttribute> = new Set(['host', 'command', 'git_commit', 'end_time', 'exit_code']);
const TIME_ATTRIBUTES: ReadonlySet<RunAttribute> = new Set(['start_time', 'end_time', 'heartbeat']);

function fieldType(field: FieldRef): FieldType {
  if (field.kind === 'param') return 'any';
  if (field.kind === 'metric' || field.kind === 'summary') return 'number';
  if (field.name === 'tags') return 'tags';
  return NUMBER_ATTRIBUTES.has(field.name) ? 'number' : 'string';
}

function fieldNullable(field: FieldRef): boolean {
  return field.kind === 'param' || (field.kind === 'attr' && NULLABLE_ATTRIBUTES.has(field.name));
}

interface ValueToken {
  value: Literal;
  tok: FilterToken;
  text: string;
}

const COMPARE_OPS: ReadonlySet<string> = new Set(['==', '!=', '<', '<=', '>', '>=']);

class FilterParser {
  private i = 0;
  private depth = 0;
  private conditions = 0;
  private listValues = 0;

  constructor(
    private readonly src: string,
    private readonly tokens: FilterToken[],
  ) {}

  parseWhole(): FilterNode {
    const node = this.parseOr();
    const tok = this.peek();
    if (tok.kind !== 'eof') {
      const expected = tok.kind === 'punct' && tok.value === ')' ? 'no ")" without a matching "("' : '"and", "or" or the end of the filter';
      throw unexpected(tok, expected);
    }
    return node;
  }

  private peek(): FilterToken {
    return this.tokens[this.i]!;
  }

  private next(): FilterToken {
    const tok = this.tokens[this.i]!;
    if (tok.kind !== 'eof') this.i++;
    return tok;
  }

  private isKeyword(tok: FilterToken, word: string): boolean {
    return tok.kind === 'keyword' && tok.value === word;
  }

  private isPunct(tok: FilterToken, p: string): boolean {
    return tok.kind === 'punct' && tok.value === p;
  }

  private enter(tok: FilterToken): void {
    if (++this.depth > FILTER_LIMITS.maxDepth) {
      throw filterSyntaxError(
        `filter nests deeper than ${FILTER_LIMITS.maxDepth} levels at column ${tok.pos + 1}: use fewer parentheses or "not"s`,
        tok.pos,
        tok.text,
      );
    }
  }

  private parseOr(): FilterNode {
    let left = this.parseAnd();
    while (this.isKeyword(this.peek(), 'or')) {
      this.next();
      const right = this.parseAnd();
      left = { type: 'or', left, right, pos: left.pos };
    }
    return left;
  }

  private parseAnd(): FilterNode {
    let left = this.parseUnary();
    while (this.isKeyword(this.peek(), 'and')) {
      this.next();
      const right = this.parseUnary();
      left = { type: 'and', left, right, pos: left.pos };
    }
    return left;
  }

  private parseUnary(): FilterNode {
    const tok = this.peek();
    if (this.isKeyword(tok, 'not')) {
      this.next();
      this.enter(tok);
      const expr = this.parseUnary();
      this.depth--;
      return { type: 'not', expr, pos: tok.pos };
    }
    if (this.isPunct(tok, '(')) {
      this.next();
      this.enter(tok);
      if (this.isPunct(this.peek(), ')')) throw unexpected(this.peek(), 'a condition inside "()"');
      const inner = this.parseOr();
      const close = this.next();
      if (!this.isPunct(close, ')')) throw unexpected(close, `")" to close the "(" at column ${tok.pos + 1}, "and" or "or"`);
      this.depth--;
      return inner;
    }
    return this.parseCondition();
  }

  private parseCondition(): FilterNode {
    const fieldTok = this.next();
    if (fieldTok.kind !== 'path') {
      const hint =
        fieldTok.kind === 'number' || fieldTok.kind === 'string' ? ' (the field comes first: params.lr > 0.1)' : '';
      throw unexpected(fieldTok, `a field, "not" or "("${hint}`);
    }
    const field = resolveField(fieldTok);
    if (++this.conditions > FILTER_LIMITS.maxConditions) {
      throw filterSyntaxError(
        `too many conditions at column ${fieldTok.pos + 1}: the limit is ${FILTER_LIMITS.maxConditions}`,
        fieldTok.pos,
        fieldTok.text,
      );
    }
    const pos = fieldTok.pos;
    const name = fieldTok.text;
    const opTok = this.next();
    let negate = false;
    let op = opTok;
    if (this.isKeyword(opTok, 'not')) {
      negate = true;
      op = this.next();
      if (!(this.isKeyword(op, 'contains') || this.isKeyword(op, 'in') || this.isKeyword(op, 'exists'))) {
        throw unexpected(op, `"contains", "in" or "exists" after "not"`);
      }
    }
    if (op.kind === 'keyword' && op.value === 'exists') return { type: 'exists', field, negate, pos };
    if (op.kind === 'keyword' && op.value === 'contains') {
      this.checkOperator(field, name, op, 'contains');
      const valueTok = this.next();
      if (valueTok.kind !== 'string') throw unexpected(valueTok, `a string in quotes after "${negate ? 'not ' : ''}contains"`);
      return { type: 'contains', field, value: valueTok.value, negate, pos };
    }
    if (op.kind === 'keyword' && op.value === 'in') {
      this.checkOperator(field, name, op, 'in');
      return { type: 'in', field, values: this.parseList(field, name, op), negate, pos };
    }
    if (op.kind === 'punct' && (op.value === '~' || op.value === '!~')) {
      this.checkOperator(field, name, op, op.value);
      const valueTok = this.next();
      if (valueTok.kind !== 'string') throw unexpected(valueTok, `a regular expression in quotes after "${op.value}"`);
      this.checkRegex(valueTok);
      return { type: 'match', field, pattern: valueTok.value, negate: op.value === '!~', pos };
    }
    if (op.kind === 'punct' && COMPARE_OPS.has(op.value)) {
      const cmp = op.value as CompareOp;
      this.checkOperator(field, name, op, cmp);
      const v = this.parseValue(op.text);
      if (cmp !== '==' && cmp !== '!=' && (v.value === null || typeof v.value === 'boolean')) {
        throw filterSyntaxError(
          `cannot order by ${v.text} at column ${v.tok.pos + 1}: ${cmp} needs a number or a string; ${v.text} only supports == and !=`,
          v.tok.pos,
          v.text,
        );
      }
      this.checkValueType(field, name, v, cmp === '==' || cmp === '!=');
      return { type: 'compare', field, op: cmp, value: v.value, pos };
    }
    throw unexpected(op, `an operator (==, !=, <, <=, >, >=, ~, !~, contains, in, exists) after ${showToken(name)}`);
  }

  private checkOperator(field: FieldRef, name: string, op: FilterToken, opName: string): void {
    const type = fieldType(field);
    const fail = (why: string): never => {
      throw filterSyntaxError(`operator ${showToken(op.text)} at column ${op.pos + 1} ${why}`, op.pos, op.text);
    };
    if (type === 'tags' && opName !== 'contains' && opName !== 'in') {
      fail(`does not apply to tags: use tags contains "x", tags in ["x", "y"] or tags exists`);
    }
    if (type === 'number' && (opName === 'contains' || opName === '~' || opName === '!~')) {
      fail(`needs text, and ${name} is a number`);
    }
  }

  private parseList(field: FieldRef, name: string, op: FilterToken): Literal[] {
    const open = this.next();
    if (!this.isPunct(open, '[')) throw unexpected(open, `"[" after "${op.text}", e.g. in ["adam", "sgd"]`);
    const values: Literal[] = [];
    if (this.isPunct(this.peek(), ']')) {
      this.next();
      return values;
    }
    for (;;) {
      const v = this.parseValue(values.length === 0 ? '[' : ',');
      this.checkValueType(field, name, v, true);
      if (++this.listValues > FILTER_LIMITS.maxListValues) {
        throw filterSyntaxError(
          `too many list values at column ${v.tok.pos + 1}: the limit is ${FILTER_LIMITS.maxListValues}`,
          v.tok.pos,
          v.text,
        );
      }
      values.push(v.value);
      const sep = this.next();
      if (this.isPunct(sep, ']')) return values;
      if (!this.isPunct(sep, ',')) throw unexpected(sep, `"," or "]" in the list opened at column ${open.pos + 1}`);
      // a trailing comma before "]" is allowed, as in most languages people paste lists from
      if (this.isPunct(this.peek(), ']')) {
        this.next();
        return values;
      }
    }
  }

  private parseValue(after: string): ValueToken {
    const tok = this.next();
    const expected = `a value after ${showToken(after)}`;
    if (tok.kind === 'number' || tok.kind === 'string') return { value: tok.value, tok, text: tok.text };
    if (tok.kind === 'keyword') {
      switch (tok.value) {
        case 'true':
          return { value: true, tok, text: tok.text };
        case 'false':
          return { value: false, tok, text: tok.text };
        case 'null':
          return { value: null, tok, text: tok.text };
        case 'nan':
          return { value: Number.NaN, tok, text: tok.text };
        case 'infinity':
          return { value: Number.POSITIVE_INFINITY, tok, text: tok.text };
        default:
          throw unexpected(tok, expected);
      }
    }
    if (this.isPunct(tok, '-')) {
      const n = this.next();
      const text = this.src.slice(tok.pos, n.pos + n.text.length);
      if (n.kind === 'number') return { value: -n.value, tok, text };
      if (this.isKeyword(n, 'infinity')) return { value: Number.NEGATIVE_INFINITY, tok, text };
      if (this.isKeyword(n, 'nan')) return { value: Number.NaN, tok, text };
      throw unexpected(n, 'a number after "-"');
    }
    if (tok.kind === 'path') {
      const hint =
        tok.segments.length === 1
          ? ` (strings need quotes: "${tok.text}")`
          : ' (comparing two fields is not supported)';
      throw unexpected(tok, expected + hint);
    }
    throw unexpected(tok, expected);
  }

  /** `equality` is true for ==, != and in, where a status must be one of the known statuses. */
  private checkValueType(field: FieldRef, name: string, v: ValueToken, equality: boolean): void {
    const type = fieldType(field);
    if (type === 'any') return;
    const fail = (why: string): never => {
      throw filterSyntaxError(`cannot compare ${name} with ${v.text} at column ${v.tok.pos + 1}: ${why}`, v.tok.pos, v.text);
    };
    if (v.value === null) {
      if (!fieldNullable(field)) fail(`${name} is never null; use "${name} not exists" for runs without it`);
      return;
    }
    if (type === 'number' && typeof v.value !== 'number') {
      const unit = field.kind === 'attr' && TIME_ATTRIBUTES.has(field.name) ? ' (ms since epoch)' : '';
      fail(`${name} is a number${unit}`);
    }
    if ((type === 'string' || type === 'tags') && typeof v.value !== 'string') {
      fail(`${name} is text; put the value in quotes`);
    }
    if (equality && field.kind === 'attr' && field.name === 'status' && typeof v.value === 'string' && !STATUS_SET.has(v.value)) {
      fail(`statuses are ${RUN_STATUSES.join(', ')}`);
    }
  }

  private checkRegex(tok: FilterToken & { kind: 'string' }): void {
    if (tok.value.length > FILTER_LIMITS.maxRegexLength) {
      throw filterSyntaxError(
        `regular expression at column ${tok.pos + 1} is ${tok.value.length} characters long; the limit is ${FILTER_LIMITS.maxRegexLength}`,
        tok.pos,
        tok.text,
      );
    }
    try {
      compileFilterRegex(tok.value);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      throw filterSyntaxError(`invalid regular expression ${showToken(tok.value)} at column ${tok.pos + 1}: ${why}`, tok.pos, tok.text);
    }
  }
}
