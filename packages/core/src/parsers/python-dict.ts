/**
 * Finds Python dict reprs in a line of text — what `print(logs)` writes for a dict of metrics — and reads their
 * numeric entries. A hand-written scanner rather than a regex: it must cope with strings, nested brackets and calls
 * like `np.float64(0.5)` while staying linear on a megabyte of garbage.
 */
import { parseMetricNumber } from './parse-number.js';

/** One `key: value` entry; `value` is undefined when it is not a number (`None`, `'adamw'`, `[1, 2]`). */
export interface PythonDictEntry {
  key: string;
  value: number | undefined;
}

/** Calls nest this deep at most (`np.float64(tensor(0.5))`); deeper ones are skipped, not recursed into. */
const MAX_CALL_DEPTH = 4;

type Scan<T> = { ok: true; value: T; end: number } | { ok: false; end: number };

/**
 * Every dict repr in `text` with its entries in order, e.g. `{'loss': 0.5, 'epoch': 1.0}` →
 * `[[{key: 'loss', value: 0.5}, {key: 'epoch', value: 1}]]`. String values holding a number (`'0.5'`) and numeric
 * calls (`np.float64(0.5)`, `tensor(0.5, device='cuda:0')`) count as numbers; `nan`, `inf`, `-inf` are read.
 * Text that is not a dict is skipped. Each character is looked at a bounded number of times, because a failed
 * attempt resumes the search where it failed.
 */
export function findPythonDicts(text: string): PythonDictEntry[][] {
  const dicts: PythonDictEntry[][] = [];
  let from = 0;
  for (;;) {
    const open = text.indexOf('{', from);
    if (open < 0) return dicts;
    const scan = readDict(text, open);
    if (scan.ok) dicts.push(scan.value);
    from = Math.max(scan.end, open + 1);
  }
}

function skipSpace(s: string, i: number): number {
  while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
  return i;
}

/** `s[i]` is `{`. */
function readDict(s: string, start: number): Scan<PythonDictEntry[]> {
  const entries: PythonDictEntry[] = [];
  let i = skipSpace(s, start + 1);
  if (s[i] === '}') return { ok: true, value: entries, end: i + 1 };
  for (;;) {
    i = skipSpace(s, i);
    const key = readString(s, i);
    if (!key.ok) return key;
    i = skipSpace(s, key.end);
    if (s[i] !== ':') return { ok: false, end: i };
    const value = readValue(s, skipSpace(s, i + 1), 0);
    if (!value.ok) return value;
    entries.push({ key: key.value, value: value.value });
    i = skipSpace(s, value.end);
    if (s[i] === ',') i = skipSpace(s, i + 1);
    else if (s[i] !== '}') return { ok: false, end: i };
    if (s[i] === '}') return { ok: true, value: entries, end: i + 1 };
  }
}

/** A quoted string at `i` (`'...'` or `"..."`, backslash escapes kept as written except `\'`, `\"`, `\\`). */
function readString(s: string, i: number): Scan<string> {
  const quote = s[i];
  if (quote !== "'" && quote !== '"') return { ok: false, end: i };
  let out = '';
  let j = i + 1;
  let chunk = j;
  while (j < s.length) {
    const c = s[j];
    if (c === quote) return { ok: true, value: out + s.slice(chunk, j), end: j + 1 };
    if (c === '\\' && j + 1 < s.length) {
      const next = s[j + 1] ?? '';
      out += s.slice(chunk, j) + (next === quote || next === '\\' ? next : `\\${next}`);
      j += 2;
      chunk = j;
    } else j++;
  }
  return { ok: false, end: s.length };
}

const TOKEN_CHAR = /[\w.+-]/;

/** A value at `i`: a number, a string, a name (`nan`, `None`), a call, or a bracketed value that is skipped. */
function readValue(s: string, i: number, depth: number): Scan<number | undefined> {
  const c = s[i];
  if (c === undefined) return { ok: false, end: i };
  if (c === "'" || c === '"') {
    const str = readString(s, i);
    return str.ok ? { ok: true, value: parseMetricNumber(str.value.trim()), end: str.end } : str;
  }
  if (c === '[' || c === '(' || c === '{') {
    const end = skipBracketed(s, i);
    return end < 0 ? { ok: false, end: s.length } : { ok: true, value: undefined, end };
  }
  let j = i;
  while (j < s.length && TOKEN_CHAR.test(s[j] ?? '')) j++;
  if (j === i) return { ok: false, end: i };
  const token = s.slice(i, j);
  if (s[j] !== '(') return { ok: true, value: parseMetricNumber(token), end: j };
  // A call such as np.float64(0.5): its first argument is the value when that is a number.
  const end = skipBracketed(s, j);
  if (end < 0) return { ok: false, end: s.length };
  if (depth >= MAX_CALL_DEPTH) return { ok: true, value: undefined, end };
  const inner = readValue(s, skipSpace(s, j + 1), depth + 1);
  return { ok: true, value: inner.ok ? inner.value : undefined, end };
}

/** The index after the bracket that closes the one at `i`, or -1 if it never closes. Strings are skipped whole. */
function skipBracketed(s: string, i: number): number {
  let depth = 0;
  let j = i;
  while (j < s.length) {
    const c = s[j];
    if (c === "'" || c === '"') {
      const str = readString(s, j);
      if (!str.ok) return -1;
      j = str.end;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) return j + 1;
    }
    j++;
  }
  return -1;
}
