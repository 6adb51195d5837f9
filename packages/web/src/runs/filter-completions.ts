/**
 * Autocompletion for the filter input: what may come at the caret (a field, an operator, a value, `and`/`or`)
 * from a light scan of the text before it, and candidates from the keys the loaded runs have.
 */
import { METRIC_AGGREGATES, RUN_ATTRIBUTES, RUN_STATUSES } from '@runlens/core';
import { quoteKey, type RunKeys } from './columns.js';

export interface Completion {
  /** Shown in the list. */
  label: string;
  /** Replaces the word at the caret. */
  insert: string;
  /** A hint beside the label: `param`, `metric`, `operator`, ... */
  detail: string;
}

export interface CompletionResult {
  /** Range of the text the chosen completion replaces. */
  from: number;
  to: number;
  items: Completion[];
}

type Scanned = { kind: 'start' } | { kind: 'field'; text: string } | { kind: 'op'; field: string } | { kind: 'value' } | { kind: 'joiner' };

const OPERATORS = ['==', '!=', '<', '<=', '>', '>=', '~', '!~'];
const WORD_OPERATORS = ['contains', 'not contains', 'in', 'not in', 'exists', 'not exists'];
const WORD_CHAR = /[A-Za-z0-9_.\-/`]/;
const MAX_ITEMS = 12;

/** Where the tokens before `end` leave the parser: expecting a field, an operator, a value, or a joiner. */
function scan(text: string, end: number): Scanned {
  let state: Scanned = { kind: 'start' };
  let lastField = '';
  let i = 0;
  while (i < end) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < end && text[j] !== c) j += text[j] === '\\' ? 2 : 1;
      i = j + 1;
      state = { kind: 'value' };
      continue;
    }
    if (c === '(') {
      state = { kind: 'start' };
      i++;
      continue;
    }
    if (c === ')' || c === ']') {
      state = { kind: 'value' };
      i++;
      continue;
    }
    if (c === '[' || c === ',') {
      state = { kind: 'op', field: lastField };
      i++;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (['==', '!=', '<=', '>=', '!~'].includes(two)) {
      state = { kind: 'op', field: lastField };
      i += 2;
      continue;
    }
    if ('=<>~'.includes(c)) {
      state = { kind: 'op', field: lastField };
      i++;
      continue;
    }
    if (WORD_CHAR.test(c) || c === '-') {
      let j = i;
      let inTick = false;
      while (j < end && (inTick || WORD_CHAR.test(text[j]!))) {
        if (text[j] === '`') inTick = !inTick;
        j++;
      }
      const word = text.slice(i, j);
      const lower = word.toLowerCase();
      i = j;
      if (lower === 'and' || lower === 'or') state = { kind: 'joiner' };
      else if (lower === 'not') state = state.kind === 'field' || state.kind === 'op' ? { kind: 'op', field: lastField } : { kind: 'joiner' };
      else if (lower === 'contains' || lower === 'in') state = { kind: 'op', field: lastField };
      else if (lower === 'exists') state = { kind: 'value' };
      else if (state.kind === 'op') state = { kind: 'value' };
      else if (/^[-.\d]/.test(word) || ['true', 'false', 'null', 'nan', 'infinity'].includes(lower)) state = { kind: 'value' };
      else {
        lastField = word;
        state = { kind: 'field', text: word };
      }
      continue;
    }
    i++;
  }
  return state;
}

function insideString(text: string, end: number): boolean {
  let quote: string | null = null;
  for (let i = 0; i < end; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
  }
  return quote !== null;
}

function fieldCandidates(keys: RunKeys, word: string): Completion[] {
  const out: Completion[] = [];
  for (const a of RUN_ATTRIBUTES) out.push({ label: a, insert: a, detail: 'attribute' });
  for (const k of keys.params) {
    const q = quoteKey(k);
    if (q) out.push({ label: `params.${q}`, insert: `params.${q}`, detail: 'param' });
  }
  const lower = word.toLowerCase();
  for (const k of keys.metrics) {
    const q = quoteKey(k);
    if (!q) continue;
    const base = `metrics.${q}`;
    // aggregates once the key is typed out, to keep the list short before that
    if (lower.startsWith(`${base.toLowerCase()}.`)) for (const agg of METRIC_AGGREGATES) out.push({ label: `${base}.${agg}`, insert: `${base}.${agg}`, detail: 'metric' });
    else out.push({ label: base, insert: base, detail: 'metric' });
  }
  if (lower.startsWith('summary.')) {
    for (const k of keys.metrics) {
      const q = quoteKey(k);
      if (q) out.push({ label: `summary.${q}`, insert: `summary.${q}`, detail: 'summary' });
    }
  }
  out.push({ label: 'not', insert: 'not', detail: 'keyword' });
  return out;
}

function valueCandidates(field: string, keys: RunKeys): Completion[] {
  const f = field.toLowerCase();
  const quoted = (xs: readonly string[], detail: string) => xs.map((x) => ({ label: JSON.stringify(x), insert: JSON.stringify(x), detail }));
  if (f === 'status') return quoted(RUN_STATUSES, 'status');
  if (f === 'tags') return quoted(keys.tags, 'tag');
  if (f === 'project') return quoted(keys.projects, 'project');
  return [];
}

function rank(items: Completion[], word: string): Completion[] {
  const w = word.toLowerCase();
  const scored: [number, Completion][] = [];
  for (const it of items) {
    const l = it.label.toLowerCase();
    if (l === w) continue;
    const score = w === '' ? 1 : l.startsWith(w) ? 0 : l.includes(w) ? 2 : -1;
    if (score >= 0) scored.push([score, it]);
  }
  return scored.sort((a, b) => a[0] - b[0]).slice(0, MAX_ITEMS).map(([, it]) => it);
}

/** Completions for the word at `caret` in `text`; null when there is nothing to offer. */
export function completeFilter(text: string, caret: number, keys: RunKeys): CompletionResult | null {
  let from = caret;
  if (insideString(text, caret)) {
    // a value being typed in quotes: complete the whole quoted value
    while (from > 0 && text[from - 1] !== '"' && text[from - 1] !== "'") from--;
    from--;
  } else {
    while (from > 0 && WORD_CHAR.test(text[from - 1]!)) from--;
  }
  let to = caret;
  while (to < text.length && WORD_CHAR.test(text[to]!)) to++;
  const word = text.slice(from, caret);
  const before = scan(text, from);
  let items: Completion[];
  if (before.kind === 'start' || before.kind === 'joiner') items = fieldCandidates(keys, word);
  else if (before.kind === 'field') items = [...OPERATORS.map((o) => ({ label: o, insert: o, detail: 'operator' })), ...WORD_OPERATORS.map((o) => ({ label: o, insert: o, detail: 'operator' }))];
  else if (before.kind === 'op') items = valueCandidates(before.field, keys);
  else items = ['and', 'or'].map((k) => ({ label: k, insert: k, detail: 'keyword' }));
  // operators are offered only on an empty word or a word of letters (`ex` → exists), not inside `>=`
  const ranked = rank(items, word.replace(/^["']/, (q) => (before.kind === 'op' ? q : '')));
  return ranked.length ? { from, to, items: ranked } : null;
}

/** Applies a completion: the new text and where the caret goes (after the inserted text and one space). */
export function applyCompletion(text: string, r: CompletionResult, c: Completion): { text: string; caret: number } {
  const after = text.slice(r.to);
  const space = after.startsWith(' ') ? '' : ' ';
  const next = text.slice(0, r.from) + c.insert + space + after;
  return { text: next, caret: r.from + c.insert.length + 1 };
}
