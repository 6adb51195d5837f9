import { describe, expect, it } from 'vitest';
import { RunlensError } from '../errors.js';
import type { FieldRef, FilterNode } from './filter-ast.js';
import { FILTER_LIMITS, parseFieldRef, parseFilter, parseSort } from './filter-parse.js';
import { createSeededRandom } from '../random/seeded-random.js';

/** The AST without `pos`, so tables can state shapes compactly. */
function shape(node: FilterNode | undefined): unknown {
  if (node === undefined) return undefined;
  const { pos: _pos, ...rest } = node;
  if (node.type === 'and' || node.type === 'or') return { ...rest, left: shape(node.left), right: shape(node.right) };
  if (node.type === 'not') return { ...rest, expr: shape(node.expr) };
  return rest;
}

const param = (key: string): FieldRef => ({ kind: 'param', key });
const metric = (key: string, agg: string = 'last'): FieldRef => ({ kind: 'metric', key, agg }) as FieldRef;
const attr = (name: string): FieldRef => ({ kind: 'attr', name }) as FieldRef;
const cmp = (field: FieldRef, op: string, value: unknown) => ({ type: 'compare', field, op, value });

const NAME_A = cmp(attr('name'), '==', 'a');
const NAME_B = cmp(attr('name'), '==', 'b');
const NAME_C = cmp(attr('name'), '==', 'c');

const VALID: [string, unknown][] = [
  ['params.lr > 1e-3', cmp(param('lr'), '>', 0.001)],
  ['params.optimizer.lr >= 0.1', cmp(param('optimizer.lr'), '>=', 0.1)],
  ['status == "completed"', cmp(attr('status'), '==', 'completed')],
  ["status = 'completed'", cmp(attr('status'), '==', 'completed')],
  ['metrics.val_loss.min < 2.1', cmp(metric('val_loss', 'min'), '<', 2.1)],
  ['metrics.val_loss < 2', cmp(metric('val_loss'), '<', 2)],
  ['metrics.acc.top1.max > 0.9', cmp(metric('acc.top1', 'max'), '>', 0.9)],
  ['metrics.acc.top1 > 0.9', cmp(metric('acc.top1'), '>', 0.9)],
  ['metrics.nan_count.nan_count == 0', cmp(metric('nan_count', 'nan_count'), '==', 0)],
  ['metrics.min <= 1', cmp(metric('min'), '<=', 1)],
  ['metrics.`eval/loss (x)`.min <= 1', cmp(metric('eval/loss (x)', 'min'), '<=', 1)],
  ['metrics.`loss.min` == 1', cmp(metric('loss.min'), '==', 1)],
  ['metrics.loss.`min` == 1', cmp(metric('loss.min'), '==', 1)],
  ['metrics.eval/loss.MIN < 1', cmp(metric('eval/loss', 'min'), '<', 1)],
  ['METRICS.loss.Last_Step > 1', cmp(metric('loss', 'last_step'), '>', 1)],
  ['params.`learning rate` != 0.1', cmp(param('learning rate'), '!=', 0.1)],
  ['params.`学习率` == 0.1', cmp(param('学习率'), '==', 0.1)],
  ['params.`🚀 x`.y == "é"', cmp(param('🚀 x.y'), '==', 'é')],
  ['params.and == 1', cmp(param('and'), '==', 1)],
  ['params.x-y/z == "a"', cmp(param('x-y/z'), '==', 'a')],
  ['params.Lr == 1', cmp(param('Lr'), '==', 1)],
  ['summary.best_acc >= 0.5', cmp({ kind: 'summary', key: 'best_acc' }, '>=', 0.5)],
  ['duration > 60', cmp(attr('duration'), '>', 60)],
  ['exit_code == null', cmp(attr('exit_code'), '==', null)],
  ['end_time != null', cmp(attr('end_time'), '!=', null)],
  ['group == "g-1"', cmp(attr('group'), '==', 'g-1')],
  ['status < "k"', cmp(attr('status'), '<', 'k')],
  ['params.x == -1', cmp(param('x'), '==', -1)],
  ['params.x == - 2.5e2', cmp(param('x'), '==', -250)],
  ['params.x > -Infinity', cmp(param('x'), '>', Number.NEGATIVE_INFINITY)],
  ['params.x < infinity', cmp(param('x'), '<', Number.POSITIVE_INFINITY)],
  ['metrics.loss == NaN', cmp(metric('loss'), '==', Number.NaN)],
  ['params.x == .5', cmp(param('x'), '==', 0.5)],
  ['params.x == 1E3', cmp(param('x'), '==', 1000)],
  ['params.x == TRUE', cmp(param('x'), '==', true)],
  ['params.x != false', cmp(param('x'), '!=', false)],
  ['params.x == Null', cmp(param('x'), '==', null)],
  ['name == "a\\"b\\\\c\\n\\t\\u00e9\\/"', cmp(attr('name'), '==', 'a"b\\c\n\té/')],
  ["name == 'it\\'s \"q\"'", cmp(attr('name'), '==', 'it\'s "q"')],
  ['name == ""', cmp(attr('name'), '==', '')],
  ['tags contains "baseline"', { type: 'contains', field: attr('tags'), value: 'baseline', negate: false }],
  ['TAGS NOT CONTAINS "x"', { type: 'contains', field: attr('tags'), value: 'x', negate: true }],
  ['notes contains "lr"', { type: 'contains', field: attr('notes'), value: 'lr', negate: false }],
  ['name ~ "^gpt"', { type: 'match', field: attr('name'), pattern: '^gpt', negate: false }],
  ['params.opt !~ "a.*b"', { type: 'match', field: param('opt'), pattern: 'a.*b', negate: true }],
  ['params.opt in ["adam", \'sgd\', 1, true, null,]', { type: 'in', field: param('opt'), values: ['adam', 'sgd', 1, true, null], negate: false }],
  ['status not in []', { type: 'in', field: attr('status'), values: [], negate: true }],
  ['tags in ["a", "b"]', { type: 'in', field: attr('tags'), values: ['a', 'b'], negate: false }],
  ['params.lr exists', { type: 'exists', field: param('lr'), negate: false }],
  ['metrics.val_loss not exists', { type: 'exists', field: metric('val_loss'), negate: true }],
  ['name == "a" or name == "b" and name == "c"', { type: 'or', left: NAME_A, right: { type: 'and', left: NAME_B, right: NAME_C } }],
  ['name == "a" and name == "b" and name == "c"', { type: 'and', left: { type: 'and', left: NAME_A, right: NAME_B }, right: NAME_C }],
  ['(name == "a" or name == "b") and name == "c"', { type: 'and', left: { type: 'or', left: NAME_A, right: NAME_B }, right: NAME_C }],
  ['not name == "a" and name == "b"', { type: 'and', left: { type: 'not', expr: NAME_A }, right: NAME_B }],
  ['NOT (name == "a" OR name == "b")', { type: 'not', expr: { type: 'or', left: NAME_A, right: NAME_B } }],
  ['not not name == "a"', { type: 'not', expr: { type: 'not', expr: NAME_A } }],
  ['\n\tname\n==\t"a"  ', NAME_A],
  ['((name == "a"))', NAME_A],
];

describe('parseFilter: valid filters', () => {
  it.each(VALID)('%s', (src, expected) => {
    expect(shape(parseFilter(src))).toEqual(expected);
  });

  it('gives undefined for empty and whitespace-only text', () => {
    expect(parseFilter('')).toBeUndefined();
    expect(parseFilter('  \n\t ')).toBeUndefined();
  });

  it('records the 0-based start column of every node', () => {
    const node = parseFilter('name == "a" and not  params.lr > 1');
    expect(node).toMatchObject({ type: 'and', pos: 0, left: { pos: 0 }, right: { type: 'not', pos: 16, expr: { pos: 21 } } });
  });

  it('parses the example from the design', () => {
    const src = 'params.lr > 1e-3 and status == "completed" and metrics.val_loss.min < 2.1 and tags contains "baseline" and name ~ "^gpt"';
    const node = parseFilter(src);
    expect(node?.type).toBe('and');
    expect(JSON.stringify(shape(node))).toContain('"pattern":"^gpt"');
  });

  it('accepts 100 levels of nesting and 1,000 conditions', () => {
    expect(parseFilter(`${'('.repeat(100)}name == "a"${')'.repeat(100)}`)).toMatchObject({ type: 'compare' });
    const many = Array.from({ length: FILTER_LIMITS.maxConditions }, (_, i) => `params.x == ${i}`).join(' or ');
    expect(parseFilter(many)?.type).toBe('or');
  });
});

/** [filter, 1-based column of the error, a piece of the message] */
const INVALID: [string, number, string][] = [
  ['params.lr >', 12, 'unexpected end of filter at column 12: expected a value after ">"'],
  ['metrics.loss > < 3', 16, 'unexpected token "<" at column 16: expected a value after ">"'],
  ['parms.lr > 1', 1, 'unknown field "parms.lr" at column 1: did you mean params? fields are params.<key>'],
  ['lr > 1', 1, 'unknown field "lr"'],
  ['status.x == 1', 1, 'unknown field'],
  ['params > 1', 1, 'needs a key'],
  ['name == "abc', 9, 'unterminated string at column 9'],
  ["name == 'abc\\'", 9, 'unterminated string'],
  ['name ~ "("', 8, 'invalid regular expression'],
  ['name ~ "\\\\p{Nope}"', 8, 'invalid regular expression'],
  [`name ~ "${'a'.repeat(501)}"`, 8, 'the limit is 500'],
  ['metrics.loss.mean < 1', 14, 'unknown aggregate "mean" at column 14'],
  ['metrics.val.loss.avg < 1', 18, 'metrics.`val.loss.avg`'],
  ['status == "completed" foo', 23, 'expected "and", "or" or the end of the filter'],
  ['()', 2, 'expected a condition inside "()"'],
  ['(name == "a"', 13, 'expected ")" to close the "(" at column 1'],
  ['name == "a")', 12, 'unexpected token ")"'],
  ['('.repeat(10_000), 101, 'deeper than 100 levels'],
  [`${'not '.repeat(200)}name == "a"`, 401, 'deeper than 100 levels'],
  ['status == completed', 11, 'strings need quotes: "completed"'],
  ['status == "done"', 11, 'statuses are running, completed, failed, killed, crashed'],
  ['status in ["running", "ok"]', 23, 'statuses are'],
  ['start_time > "2024-01-01"', 14, 'start_time is a number (ms since epoch)'],
  ['metrics.loss == "x"', 17, 'is a number'],
  ['name == 3', 9, 'name is text'],
  ['metrics.loss == null', 17, 'never null'],
  ['metrics.loss ~ "x"', 14, 'operator "~" at column 14 needs text'],
  ['duration contains "1"', 10, 'needs text'],
  ['tags == "x"', 6, 'does not apply to tags'],
  ['tags ~ "x"', 6, 'does not apply to tags'],
  ['tags in [1]', 10, 'tags is text'],
  ['params.lr > true', 13, 'cannot order by true'],
  ['params.lr <= null', 14, 'cannot order by null'],
  ['params.lr == 1 && name == "a"', 16, 'use "and" / "or"'],
  ['params.lr ! 1', 11, 'unexpected character "!"'],
  ['params.`abc == 1', 8, 'unterminated backtick key'],
  ['params.`` == 1', 8, 'empty backtick key'],
  ['params. == 1', 8, 'expected a key after "."'],
  ['params.学习率 == 1', 8, 'go in backticks'],
  ['`params`.x == 1', 1, 'backticks quote a key'],
  ['params.lr == 1e', 14, 'invalid number "1e"'],
  ['params.lr == 1.2.3', 14, 'invalid number'],
  ['params.lr==1and name == "a"', 12, 'invalid number "1and"'],
  ['name == "\\q"', 10, 'invalid escape "\\\\q"'],
  ['name == "\\u12"', 10, 'expected \\u and 4 hex digits'],
  ['params.x in [1, 2', 18, 'expected "," or "]" in the list opened at column 13'],
  ['params.x in [1 2]', 16, 'expected "," or "]"'],
  ['params.x in 1', 13, 'expected "[" after "in"'],
  ['params.x in [,]', 14, 'expected a value after "["'],
  ['name contains 5', 15, 'a string in quotes after "contains"'],
  ['name ~ 5', 8, 'a regular expression in quotes'],
  ['params.x not == 1', 14, 'expected "contains", "in" or "exists" after "not"'],
  ['params.x', 9, 'expected an operator'],
  ['params.x 1', 10, 'expected an operator'],
  ['params.a == params.b', 13, 'comparing two fields is not supported'],
  ['and', 1, 'expected a field, "not" or "("'],
  ['1 < params.lr', 1, 'the field comes first'],
  ['params.x == 1 or', 17, 'unexpected end of filter at column 17'],
  ['-params.x > 1', 1, 'expected a field'],
  ['params.x == -abc', 14, 'expected a number after "-"'],
  ['params.x == -', 14, 'expected a number after "-"'],
];

describe('parseFilter: invalid filters', () => {
  it.each(INVALID)('%s', (src, column, message) => {
    let caught: unknown;
    try {
      parseFilter(src);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(RunlensError);
    const err = caught as RunlensError;
    expect(err.code).toBe('FILTER_SYNTAX');
    expect(err.status).toBe(400);
    expect(err.details).toMatchObject({ column });
    expect(typeof err.details?.['token']).toBe('string');
    expect(err.message).toContain(message);
  });

  it('names the offending token in details', () => {
    expect(() => parseFilter('params.lr > < 3')).toThrow(expect.objectContaining({ details: { column: 13, token: '<' } }));
  });

  it('rejects filters over the length limit without reading them', () => {
    const src = `name == "${'x'.repeat(FILTER_LIMITS.maxLength)}"`;
    expect(() => parseFilter(src)).toThrow(expect.objectContaining({ code: 'FILTER_SYNTAX', details: { column: FILTER_LIMITS.maxLength + 1, token: '' } }));
  });

  it('rejects more than 1,000 conditions and more than 10,000 list values', () => {
    const many = Array.from({ length: FILTER_LIMITS.maxConditions + 1 }, () => 'params.x == 1').join(' and ');
    expect(() => parseFilter(many)).toThrow(/too many conditions/);
    const values = Array.from({ length: FILTER_LIMITS.maxListValues + 1 }, (_, i) => i).join(',');
    expect(() => parseFilter(`params.x in [${values}]`)).toThrow(/too many list values/);
  });
});

describe('parseFilter: fuzz', () => {
  const pieces = [
    'params.', 'metrics.', 'summary.', 'lr', 'loss', '.min', 'name', 'tags', 'status', ' ', '(', ')', '[', ']', ',', '"',
    "'", '\\', '`', '==', '=', '!=', '<', '>=', '~', '!~', '!', '-', '1', '1e-3', '.5', 'NaN', 'and', 'or', 'not',
    'contains', 'in', 'exists', 'true', 'null', 'é', '🚀', '\n', '\u0000', '\ud800', '*', '+', '{', '}',
  ];

  it('either parses or throws FILTER_SYNTAX, for random and truncated input', () => {
    const next = createSeededRandom(42).next;
    const valid = VALID.map(([src]) => src);
    let parsed = 0;
    for (let k = 0; k < 3000; k++) {
      let src: string;
      if (k % 3 === 0) {
        const base = valid[Math.floor(next() * valid.length)]!;
        src = base.slice(0, Math.floor(next() * (base.length + 1)));
      } else {
        src = '';
        const n = 1 + Math.floor(next() * 12);
        for (let j = 0; j < n; j++) src += pieces[Math.floor(next() * pieces.length)]!;
      }
      try {
        parseFilter(src);
        parsed++;
      } catch (e) {
        if (!(e instanceof RunlensError) || e.code !== 'FILTER_SYNTAX') throw new Error(`${JSON.stringify(src)} threw ${String(e)}`);
        const column = e.details?.['column'];
        expect(typeof column === 'number' && column >= 1 && column <= src.length + 1).toBe(true);
      }
    }
    expect(parsed).toBeGreaterThan(0);
  });
});

describe('parseSort', () => {
  it('parses comma-separated fields with "-" for descending', () => {
    expect(parseSort('-metrics.val_loss.min,name')).toEqual([
      { field: metric('val_loss', 'min'), desc: true },
      { field: attr('name'), desc: false },
    ]);
    expect(parseSort(' params.`learning rate` , - start_time ')).toEqual([
      { field: param('learning rate'), desc: false },
      { field: attr('start_time'), desc: true },
    ]);
  });

  it('gives [] for empty text', () => {
    expect(parseSort('')).toEqual([]);
    expect(parseSort('   ')).toEqual([]);
  });

  it.each([
    ['name,', 6, 'expected a field to sort by'],
    ['--name', 2, 'expected a field after "-"'],
    ['name desc', 6, 'expected "," or the end of the sort'],
    ['tags', 1, 'cannot sort by tags'],
    ['nme', 1, 'unknown field "nme"'],
    ['"name"', 1, 'expected a field to sort by'],
  ])('rejects %s', (src, column, message) => {
    expect(() => parseSort(src)).toThrow(expect.objectContaining({ code: 'FILTER_SYNTAX', details: expect.objectContaining({ column }) }));
    expect(() => parseSort(src)).toThrow(message);
  });
});

describe('parseFieldRef', () => {
  it('parses one field', () => {
    expect(parseFieldRef('metrics.`eval/loss (x)`.min')).toEqual(metric('eval/loss (x)', 'min'));
    expect(parseFieldRef('params.optimizer.lr')).toEqual(param('optimizer.lr'));
    expect(parseFieldRef('summary.acc')).toEqual({ kind: 'summary', key: 'acc' });
    expect(parseFieldRef('tags')).toEqual(attr('tags'));
  });

  it('rejects anything else', () => {
    expect(() => parseFieldRef('')).toThrow(expect.objectContaining({ code: 'FILTER_SYNTAX', details: expect.objectContaining({ column: 1 }) }));
    expect(() => parseFieldRef('name == "a"')).toThrow(expect.objectContaining({ details: expect.objectContaining({ column: 6 }) }));
    expect(() => parseFieldRef('bogus')).toThrow(/unknown field/);
  });
});
