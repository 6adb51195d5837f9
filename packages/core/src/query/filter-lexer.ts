/**
 * Lexer of the run filter language (see filter-parse.ts for the language). Turns source text into tokens with
 * their 0-based start column; every malformed input becomes a `FILTER_SYNTAX` error, never a crash or a hang.
 */
import { RunlensError } from '../errors.js';

/** Words with a meaning of their own; matched case-insensitively, only as a whole single-segment path. */
export const FILTER_KEYWORDS = ['and', 'or', 'not', 'contains', 'in', 'exists', 'true', 'false', 'null', 'nan', 'infinity'] as const;
export type FilterKeyword = (typeof FILTER_KEYWORDS)[number];

export type FilterPunct = '==' | '!=' | '<' | '<=' | '>' | '>=' | '~' | '!~' | '(' | ')' | '[' | ']' | ',' | '-';

/** One dot-separated part of a field path; `quoted` when it was written in backticks. */
export interface PathSegment {
  text: string;
  quoted: boolean;
  /** 0-based column where the segment starts (at the backtick when quoted). */
  pos: number;
}

interface TokenBase {
  /** 0-based column where the token starts. */
  pos: number;
  /** The token as written, for error messages. */
  text: string;
}

export type FilterToken =
  | (TokenBase & { kind: 'path'; segments: PathSegment[] })
  | (TokenBase & { kind: 'keyword'; value: FilterKeyword })
  | (TokenBase & { kind: 'number'; value: number })
  | (TokenBase & { kind: 'string'; value: string })
  | (TokenBase & { kind: 'punct'; value: FilterPunct })
  | (TokenBase & { kind: 'eof' });

const KEYWORD_SET: ReadonlySet<string> = new Set(FILTER_KEYWORDS);
const FIRST_SEGMENT = /[A-Za-z_][A-Za-z0-9_]*/y;
const LATER_SEGMENT = /[A-Za-z0-9_\-/]+/y;
const NUMBER = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const IDENT_CHAR = /[A-Za-z0-9_.]/;
const WHITESPACE = /\s/;
const HEX4 = /^[0-9A-Fa-f]{4}$/;

const SIMPLE_ESCAPES: ReadonlyMap<string, string> = new Map([
  ['"', '"'],
  ["'", "'"],
  ['\\', '\\'],
  ['/', '/'],
  ['n', '\n'],
  ['t', '\t'],
  ['r', '\r'],
  ['b', '\b'],
  ['f', '\f'],
  ['0', '\0'],
]);

/** Builds the one error shape of the language: message with a 1-based column, details `{column, token}`. */
export function filterSyntaxError(message: string, pos: number, token: string): RunlensError {
  return new RunlensError('FILTER_SYNTAX', message, { column: pos + 1, token });
}

/** Shows a token in an error message: quoted, and cut short when long. */
export function showToken(text: string): string {
  const cut = text.length > 40 ? `${text.slice(0, 37)}...` : text;
  return JSON.stringify(cut);
}

/** Splits filter source into tokens; the last one is always `eof`. */
export function lexFilter(src: string): FilterToken[] {
  const tokens: FilterToken[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (WHITESPACE.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === '"' || c === "'") {
      const { value, end } = lexString(src, start);
      tokens.push({ kind: 'string', value, pos: start, text: src.slice(start, end) });
      i = end;
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      NUMBER.lastIndex = start;
      const m = NUMBER.exec(src);
      // the regex always matches here because the first character is a digit or ".digit"
      const text = m ? m[0] : c;
      const end = start + text.length;
      if (end < src.length && IDENT_CHAR.test(src[end]!)) {
        const bad = src.slice(start, wordEnd(src, end));
        throw filterSyntaxError(`invalid number ${showToken(bad)} at column ${start + 1}`, start, bad);
      }
      tokens.push({ kind: 'number', value: Number(text), pos: start, text });
      i = end;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const { segments, end } = lexPath(src, start);
      const text = src.slice(start, end);
      const only = segments.length === 1 ? segments[0]! : undefined;
      const lower = only && !only.quoted ? only.text.toLowerCase() : undefined;
      if (lower !== undefined && KEYWORD_SET.has(lower)) {
        tokens.push({ kind: 'keyword', value: lower as FilterKeyword, pos: start, text });
      } else {
        tokens.push({ kind: 'path', segments, pos: start, text });
      }
      i = end;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (two === '==' || two === '!=' || two === '<=' || two === '>=' || two === '!~') {
      tokens.push({ kind: 'punct', value: two, pos: start, text: two });
      i += 2;
      continue;
    }
    if (c === '=') {
      tokens.push({ kind: 'punct', value: '==', pos: start, text: c });
      i++;
      continue;
    }
    if (c === '<' || c === '>' || c === '~' || c === '(' || c === ')' || c === '[' || c === ']' || c === ',' || c === '-') {
      tokens.push({ kind: 'punct', value: c, pos: start, text: c });
      i++;
      continue;
    }
    if (c === '`') {
      throw filterSyntaxError(
        `unexpected "\`" at column ${start + 1}: backticks quote a key inside a field path, e.g. params.\`learning rate\``,
        start,
        c,
      );
    }
    const ch = String.fromCodePoint(src.codePointAt(i)!);
    const hint =
      c === '&' || c === '|'
        ? ': use "and" / "or"'
        : c === '!'
          ? ': use "not", "!=" or "!~"'
          : ': keys with characters outside A-Z a-z 0-9 _ - / . go in backticks, e.g. params.`learning rate`';
    throw filterSyntaxError(`unexpected character ${showToken(ch)} at column ${start + 1}${hint}`, start, ch);
  }
  tokens.push({ kind: 'eof', pos: src.length, text: '' });
  return tokens;
}

function wordEnd(src: string, from: number): number {
  let j = from;
  while (j < src.length && IDENT_CHAR.test(src[j]!)) j++;
  return j;
}

/** Reads `seg(.seg)*` where a later seg may be backtick-quoted; the first seg is a plain word. */
function lexPath(src: string, start: number): { segments: PathSegment[]; end: number } {
  FIRST_SEGMENT.lastIndex = start;
  const first = FIRST_SEGMENT.exec(src)!;
  const segments: PathSegment[] = [{ text: first[0], quoted: false, pos: start }];
  let i = start + first[0].length;
  while (src[i] === '.') {
    const segStart = i + 1;
    if (src[segStart] === '`') {
      const close = src.indexOf('`', segStart + 1);
      if (close < 0) {
        throw filterSyntaxError(
          `unterminated backtick key at column ${segStart + 1}: close it with "\`" (a backtick cannot appear inside one)`,
          segStart,
          src.slice(segStart, segStart + 40),
        );
      }
      const text = src.slice(segStart + 1, close);
      if (text.length === 0) throw filterSyntaxError(`empty backtick key at column ${segStart + 1}`, segStart, '``');
      segments.push({ text, quoted: true, pos: segStart });
      i = close + 1;
      continue;
    }
    LATER_SEGMENT.lastIndex = segStart;
    const m = LATER_SEGMENT.exec(src);
    if (!m) {
      const found = segStart < src.length ? String.fromCodePoint(src.codePointAt(segStart)!) : '';
      throw filterSyntaxError(
        `expected a key after "." at column ${segStart + 1}${found === '' ? '' : `, found ${showToken(found)}`}: ` +
          'keys with characters outside A-Z a-z 0-9 _ - / . go in backticks, e.g. params.`learning rate`',
        segStart,
        found,
      );
    }
    segments.push({ text: m[0], quoted: false, pos: segStart });
    i = segStart + m[0].length;
  }
  return { segments, end: i };
}

/** Reads a single- or double-quoted string with backslash escapes; returns its value and the index past it. */
function lexString(src: string, start: number): { value: string; end: number } {
  const quote = src[start]!;
  let out = '';
  let i = start + 1;
  while (i < src.length) {
    const c = src[i]!;
    if (c === quote) return { value: out, end: i + 1 };
    if (c !== '\\') {
      // copy runs of plain characters at once so long strings stay linear
      let j = i + 1;
      while (j < src.length && src[j] !== quote && src[j] !== '\\') j++;
      out += src.slice(i, j);
      i = j;
      continue;
    }
    const e = src[i + 1];
    if (e === undefined) break;
    if (e === 'u') {
      const hex = src.slice(i + 2, i + 6);
      if (!HEX4.test(hex)) {
        const bad = src.slice(i, i + 6);
        throw filterSyntaxError(`invalid escape ${showToken(bad)} at column ${i + 1}: expected \\u and 4 hex digits`, i, bad);
      }
      out += String.fromCharCode(parseInt(hex, 16));
      i += 6;
      continue;
    }
    const simple = SIMPLE_ESCAPES.get(e);
    if (simple === undefined) {
      const bad = `\\${e}`;
      throw filterSyntaxError(
        `invalid escape ${showToken(bad)} at column ${i + 1}: escapes are \\" \\' \\\\ \\/ \\n \\t \\r \\b \\f \\0 \\uXXXX`,
        i,
        bad,
      );
    }
    out += simple;
    i += 2;
  }
  throw filterSyntaxError(
    `unterminated string at column ${start + 1}: close it with ${quote}`,
    start,
    src.slice(start, start + 40),
  );
}
