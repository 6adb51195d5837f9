import { describe, expect, it } from 'vitest';
import type { Run, SeriesSummary } from '../domain/types.js';
import { RunlensError } from '../errors.js';
import type { FilterNode } from './filter-ast.js';
import { compareCodePoints, compareRuns, evaluateFilter, readRunField } from './filter-eval.js';
import { parseFilter, parseSort } from './filter-parse.js';

function series(key: string, values: number[], firstStep = 0): SeriesSummary {
  const finite = values.filter((v) => !Number.isNaN(v));
  return {
    key,
    count: values.length,
    first: values[0] ?? Number.NaN,
    last: values[values.length - 1] ?? Number.NaN,
    min: finite.length ? Math.min(...finite) : Number.NaN,
    max: finite.length ? Math.max(...finite) : Number.NaN,
    firstStep,
    lastStep: firstStep + values.length - 1,
    nanCount: values.length - finite.length,
    lastTime: 0,
  };
}

function makeRun(patch: Partial<Run> = {}): Run {
  const metrics = patch.metrics ?? {};
  const summary: Record<string, number> = {};
  for (const [k, s] of Object.entries(metrics)) if (s.count > 0) summary[k] = s.last;
  return {
    id: 'r1',
    project: 'p',
    name: 'gpt-small',
    group: 'g-1',
    status: 'completed',
    params: {},
    tags: [],
    notes: '',
    startTime: 1_000_000,
    endTime: 1_090_000,
    heartbeat: 1_089_000,
    exitCode: 0,
    error: null,
    command: 'python train.py',
    cwd: null,
    gitCommit: null,
    gitDirty: null,
    host: 'box',
    ...patch,
    summary: { ...summary, ...patch.summary },
    metrics,
  };
}

function matches(src: string, run: Run): boolean {
  const node = parseFilter(src);
  if (!node) throw new Error('empty filter');
  return evaluateFilter(node, run);
}

const RUN = makeRun({
  params: {
    lr: 0.001,
    opt: 'adam',
    amp: true,
    nothing: null,
    'optimizer.beta1': 0.9,
    'learning rate': 0.1,
    学习率: 0.5,
    lr_text: '0.1',
  },
  tags: ['baseline', 'x y', '🚀'],
  notes: 'Tried a higher LR',
  metrics: {
    loss: series('loss', [3, 2, Number.NaN]),
    val_loss: series('val_loss', [2.5, 1.9, 2.0]),
    'eval/loss (x)': series('eval/loss (x)', [0.5, 0.25], 10),
    diverged: series('diverged', [Number.NaN, Number.NaN]),
    empty: { ...series('empty', []), count: 0 },
  },
  summary: { best_acc: 0.75, explicit_nan: Number.NaN, val_loss: 1.5 },
});

/** [filter, expected on RUN] */
const CASES: [string, boolean][] = [
  // params, types and missing keys
  ['params.lr > 1e-4', true],
  ['params.lr == 0.001', true],
  ['params.lr < 1e-3', false],
  ['params.missing == 1', false],
  ['params.missing != 1', false],
  ['params.missing < 1', false],
  ['params.missing ~ "x"', false],
  ['params.missing !~ "x"', false],
  ['params.missing contains "x"', false],
  ['params.missing not contains "x"', false],
  ['params.missing in [1]', false],
  ['params.missing not in [1]', false],
  ['params.missing exists', false],
  ['params.missing not exists', true],
  ['not params.missing == 1', true],
  ['params.opt == "adam"', true],
  ['params.opt != "sgd"', true],
  ['params.opt != 3', true],
  ['params.opt > "ada"', true],
  ['params.opt < "b"', true],
  ['params.opt > 1', false],
  ['params.opt < 1', false],
  ['params.lr_text == 0.1', false],
  ['params.lr_text > 0.01', false],
  ['params.lr == "0.001"', false],
  ['params.amp == true', true],
  ['params.amp != false', true],
  ['params.amp == 1', false],
  ['params.amp in [true]', true],
  ['params.amp ~ "true"', false],
  ['params.amp !~ "true"', true],
  ['params.nothing == null', true],
  ['params.nothing != null', false],
  ['params.nothing exists', true],
  ['params.nothing != 1', true],
  ['params.nothing < 1', false],
  ['params.opt == null', false],
  ['params.opt != null', true],
  ['params.optimizer.beta1 == 0.9', true],
  ['params.`optimizer.beta1` == 0.9', true],
  ['params.optimizer.`beta1` == 0.9', true],
  ['params.`learning rate` == 0.1', true],
  ['params.`学习率` > 0.4', true],
  ['params.constructor exists', false],
  ['params.__proto__ exists', false],
  ['params.toString == null', false],
  ['params.opt contains "da"', true],
  ['params.opt contains "DA"', false],
  ['params.opt not contains "z"', true],
  ['params.lr not contains "z"', true],
  ['params.opt in ["sgd", "adam"]', true],
  ['params.opt not in ["sgd", "adam"]', false],
  ['params.lr in [0.001, "x"]', true],
  ['params.lr in []', false],
  ['params.lr not in []', true],
  // metrics: NaN, aggregates, dots and backticks
  ['metrics.loss == NaN', true],
  ['metrics.loss.last == NaN', true],
  ['metrics.loss != NaN', false],
  ['metrics.loss != 1', true],
  ['metrics.loss < 100', false],
  ['metrics.loss > -Infinity', false],
  ['metrics.loss in [NaN]', true],
  ['metrics.loss.min == 2', true],
  ['metrics.loss.max == 3', true],
  ['metrics.loss.first == 3', true],
  ['metrics.loss.count == 3', true],
  ['metrics.loss.nan_count == 1', true],
  ['metrics.loss.first_step == 0', true],
  ['metrics.loss.last_step == 2', true],
  ['metrics.diverged.min == NaN', true],
  ['metrics.diverged.max > 0', false],
  ['metrics.diverged.count >= 2', true],
  ['metrics.val_loss.min < 2.1', true],
  ['metrics.val_loss < 2.1', true],
  ['metrics.`eval/loss (x)`.min == 0.25', true],
  ['metrics.`eval/loss (x)`.first_step == 10', true],
  ['metrics.`eval/loss (x)` exists', true],
  ['metrics.loss exists', true],
  ['metrics.loss.min exists', true],
  ['metrics.absent exists', false],
  ['metrics.absent.count == 0', false],
  ['metrics.absent != 1', false],
  ['metrics.empty exists', false],
  ['metrics.empty.count == 0', false],
  ['metrics.constructor exists', false],
  // summary: explicit wins over the series' last value, NaN kept
  ['summary.val_loss == 1.5', true],
  ['summary.loss == NaN', true],
  ['summary.best_acc >= 0.75', true],
  ['summary.explicit_nan == NaN', true],
  ['summary.explicit_nan < 1', false],
  ['summary.explicit_nan exists', true],
  ['summary.absent exists', false],
  ['summary.absent != 1', false],
  // attributes
  ['status == "completed"', true],
  ['status != "running"', true],
  ['status in ["running", "failed"]', false],
  ['name ~ "^gpt"', true],
  ['name ~ "small"', true],
  ['name ~ "^small"', false],
  ['name !~ "^bert"', true],
  ['name contains "gpt"', true],
  ['name contains ""', true],
  ['notes contains "LR"', true],
  ['notes contains "lr"', false],
  ['duration == 90', true],
  ['duration > 89.9', true],
  ['start_time == 1000000', true],
  ['end_time != null', true],
  ['exit_code == 0', true],
  ['host == "box"', true],
  ['git_commit == null', true],
  ['git_commit exists', false],
  ['git_commit != "abc"', true],
  ['git_commit ~ "abc"', false],
  ['git_commit !~ "abc"', true],
  ['git_commit not contains "abc"', true],
  ['git_commit < "z"', false],
  ['host exists', true],
  ['notes exists', true],
  // tags
  ['tags contains "baseline"', true],
  ['tags contains "Baseline"', false],
  ['tags contains "base"', false],
  ['tags not contains "ablation"', true],
  ['tags contains "x y"', true],
  ['tags contains "🚀"', true],
  ['tags in ["nope", "x y"]', true],
  ['tags not in ["nope"]', true],
  ['tags not in ["baseline"]', false],
  ['tags exists', true],
  // logic and precedence
  ['status == "running" or name ~ "gpt" and tags contains "baseline"', true],
  ['(status == "running" or name ~ "gpt") and tags contains "nope"', false],
  ['not status == "running" and not params.missing exists', true],
  ['not (status == "completed" or params.missing exists)', false],
];

describe('evaluateFilter', () => {
  it.each(CASES)('%s → %s', (src, expected) => {
    expect(matches(src, RUN)).toBe(expected);
  });

  it('treats a run without tags as present but empty', () => {
    const bare = makeRun();
    expect(matches('tags exists', bare)).toBe(false);
    expect(matches('tags not contains "a"', bare)).toBe(true);
    expect(matches('tags not in ["a"]', bare)).toBe(true);
    expect(matches('tags in ["a"]', bare)).toBe(false);
  });

  it('uses the heartbeat for the duration of a running run', () => {
    const running = makeRun({ status: 'running', endTime: null, heartbeat: 1_030_000 });
    expect(matches('duration == 30', running)).toBe(true);
    expect(matches('end_time == null', running)).toBe(true);
    expect(matches('end_time exists', running)).toBe(false);
    expect(matches('end_time > 0', running)).toBe(false);
  });

  it('compares strings by code point, as SQLite does', () => {
    const emoji = makeRun({ name: '🚀' });
    // U+1F680 is above U+FFFD although its UTF-16 surrogates sort below it
    expect(matches('name > "\uFFFD"', emoji)).toBe(true);
    expect(compareCodePoints('🚀', '\uFFFD')).toBe(1);
    expect(compareCodePoints('a', 'ab')).toBe(-1);
    expect(compareCodePoints('b', 'a')).toBe(1);
    expect(compareCodePoints('x', 'x')).toBe(0);
  });

  it('never matches with a hand-built invalid regex or operators the parser rejects', () => {
    const name = { kind: 'attr', name: 'name' } as const;
    const tags = { kind: 'attr', name: 'tags' } as const;
    const loss = { kind: 'metric', key: 'val_loss', agg: 'last' } as const;
    expect(evaluateFilter({ type: 'match', field: name, pattern: '(', negate: false, pos: 0 }, RUN)).toBe(false);
    expect(evaluateFilter({ type: 'match', field: name, pattern: '(', negate: true, pos: 0 }, RUN)).toBe(true);
    expect(evaluateFilter({ type: 'compare', field: tags, op: '==', value: 'baseline', pos: 0 }, RUN)).toBe(false);
    expect(evaluateFilter({ type: 'compare', field: tags, op: '!=', value: 'baseline', pos: 0 }, RUN)).toBe(false);
    expect(evaluateFilter({ type: 'compare', field: loss, op: '==', value: '2', pos: 0 }, RUN)).toBe(false);
    expect(evaluateFilter({ type: 'compare', field: loss, op: '<', value: true, pos: 0 }, RUN)).toBe(false);
  });

  it('walks a hand-built chain of 100,000 conditions without overflowing the stack', () => {
    const leaf: FilterNode = { type: 'compare', field: { kind: 'attr', name: 'status' }, op: '==', value: 'completed', pos: 0 };
    let and: FilterNode = leaf;
    let or: FilterNode = { ...leaf, value: 'failed' };
    for (let i = 0; i < 100_000; i++) {
      and = { type: 'and', left: and, right: leaf, pos: 0 };
      or = { type: 'or', left: or, right: { ...leaf, value: 'failed' }, pos: 0 };
    }
    expect(evaluateFilter(and, RUN)).toBe(true);
    expect(evaluateFilter(or, RUN)).toBe(false);
  });

  it('reads fields the way the table shows them', () => {
    expect(readRunField(RUN, { kind: 'param', key: 'missing' })).toBeUndefined();
    expect(readRunField(RUN, { kind: 'param', key: 'nothing' })).toBeNull();
    expect(readRunField(RUN, { kind: 'attr', name: 'tags' })).toEqual(['baseline', 'x y', '🚀']);
    expect(readRunField(RUN, { kind: 'attr', name: 'group' })).toBe('g-1');
  });
});

describe('compareRuns', () => {
  const runs = [
    makeRun({ id: 'a', params: { lr: 0.1, v: 'b' }, metrics: { loss: series('loss', [2]) } }),
    makeRun({ id: 'b', params: { lr: 0.01, v: 1 }, metrics: { loss: series('loss', [Number.NaN]) } }),
    makeRun({ id: 'c', params: { v: true } }),
    makeRun({ id: 'd', params: { lr: 0.1, v: null }, metrics: { loss: series('loss', [1]) } }),
    makeRun({ id: 'e', params: { lr: 0.05, v: 'a' }, metrics: { loss: series('loss', [3]) } }),
    makeRun({ id: 'f', params: { lr: 0.01, v: 2 } }),
  ];
  const order = (sort: string) => [...runs].sort(compareRuns(parseSort(sort))).map((r) => r.id);

  it('sorts ascending and descending with missing values last both ways', () => {
    expect(order('params.lr')).toEqual(['b', 'f', 'e', 'a', 'd', 'c']);
    expect(order('-params.lr')).toEqual(['a', 'd', 'e', 'b', 'f', 'c']);
    // NaN sorts with the missing values
    expect(order('metrics.loss')).toEqual(['d', 'a', 'e', 'b', 'c', 'f']);
    expect(order('-metrics.loss')).toEqual(['e', 'a', 'd', 'b', 'c', 'f']);
  });

  it('orders mixed types booleans < numbers < strings, null last', () => {
    expect(order('params.v')).toEqual(['c', 'b', 'f', 'e', 'a', 'd']);
    expect(order('-params.v')).toEqual(['a', 'e', 'f', 'b', 'c', 'd']);
  });

  it('uses later fields, then the id, to break ties', () => {
    expect(order('params.lr,-metrics.loss')).toEqual(['b', 'f', 'e', 'a', 'd', 'c']);
    expect(order('-params.lr,metrics.loss')).toEqual(['d', 'a', 'e', 'b', 'f', 'c']);
    expect(order('')).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(order('status')).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });

  it('refuses to sort by tags', () => {
    expect(() => compareRuns([{ field: { kind: 'attr', name: 'tags' }, desc: false }])).toThrow(RunlensError);
  });
});
