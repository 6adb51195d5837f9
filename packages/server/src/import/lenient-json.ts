/**
 * JSON as Python's `json.dumps` writes it: with bare `NaN`, `Infinity` and `-Infinity` literals, which JSON.parse
 * rejects (trainer_state.json from TRL, JSONL logs). One pass over the text checks the grammar (so an error names
 * its exact line and column), rewrites those literals outside strings into JSON that JSON.parse accepts, and
 * remembers where each complete value ended, so that a truncated file still yields everything before the cut.
 * JSON.parse then builds the values at native speed.
 */

/** Where and why text is not JSON; `offset` counts UTF-16 code units from the start of the text. */
export class JsonSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly offset: number,
    readonly line: number,
    readonly column: number,
    /** True when the text ended early (inside a value) rather than holding a wrong character. */
    readonly truncated: boolean,
  ) {
    super(`${reason} at line ${line}, column ${column}`);
    this.name = 'JsonSyntaxError';
  }
}

export interface LenientJsonResult {
  value: unknown;
  /** Set when the text ended inside a value: `value` then holds what was complete before `error.offset`. */
  truncated?: JsonSyntaxError;
}

/*
 * No number literal means NaN, so it becomes a string that the reviver turns back into NaN. A real string equal to
 * it would have to spell out these two \u0000 escapes, which no tool writing metrics does.
 */
const NAN_SENTINEL = '\u0000runlens:NaN\u0000';
const NAN_JSON = JSON.stringify(NAN_SENTINEL);
// JSON.parse reads an overflowing exponent as ±Infinity, so these need no reviver.
const INF_JSON = '1e999';
const NEG_INF_JSON = '-1e999';

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WORD = /[A-Za-z_$][A-Za-z0-9_$]*/y;
const HEX4 = /^[0-9a-fA-F]{4}$/;

/** What the grammar allows next. */
type Expect = 'value' | 'value-or-close' | 'key' | 'key-or-close' | 'colon' | 'comma-or-close' | 'end';

interface Cut {
  /** Length of the rewritten text up to a point where every value before it is complete. */
  outLength: number;
  /** Brackets that close the containers open at that point, innermost first. */
  closers: string;
}

/**
 * Parses `text` as JSON that may hold bare NaN/Infinity/-Infinity. Throws JsonSyntaxError for text that is not JSON;
 * for text that merely ends early, returns what was complete with `truncated` set (or throws when nothing was).
 *
 * @example
 * parseLenientJson('{"loss": NaN}').value // { loss: NaN }
 */
export function parseLenientJson(text: string): LenientJsonResult {
  const parts: string[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  /** Text before this index is in `parts`. */
  let copied = i;
  let outBefore = 0;
  let sawNaN = false;
  const stack: string[] = [];
  let cut: Cut | undefined;
  let expect = 'value' as Expect;

  const fail = (reason: string, at: number, truncated = false): never => {
    throw syntaxError(text, reason, at, truncated);
  };
  const replace = (from: number, to: number, json: string) => {
    parts.push(text.slice(copied, from), json);
    outBefore += from - copied + json.length;
    copied = to;
  };
  const markCut = (at: number) => {
    let closers = '';
    for (let k = stack.length - 1; k >= 0; k--) closers += stack[k] === '{' ? '}' : ']';
    cut = { outLength: outBefore + (at - copied), closers };
  };
  const afterValue = () => {
    expect = stack.length === 0 ? 'end' : 'comma-or-close';
  };

  try {
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
        i++;
        continue;
      }
      const ch = text[i]!;
      switch (expect) {
        case 'end':
          fail(`unexpected ${describe(ch)} after the end of the JSON value`, i);
          break;
        case 'colon':
          if (ch !== ':') fail(`expected ':' after an object key, found ${describe(ch)}`, i);
          i++;
          expect = 'value';
          break;
        case 'comma-or-close': {
          const top = stack[stack.length - 1]!;
          if (ch === ',') {
            markCut(i);
            i++;
            expect = top === '{' ? 'key' : 'value';
          } else if ((ch === '}' && top === '{') || (ch === ']' && top === '[')) {
            stack.pop();
            i++;
            afterValue();
          } else fail(`expected ',' or '${top === '{' ? '}' : ']'}', found ${describe(ch)}`, i);
          break;
        }
        case 'key':
        case 'key-or-close':
          if (ch === '}' && expect === 'key-or-close') {
            stack.pop();
            i++;
            afterValue();
          } else if (ch === '"') {
            i = scanString(text, i, fail);
            expect = 'colon';
          } else fail(`expected a quoted object key, found ${describe(ch)}`, i);
          break;
        case 'value':
        case 'value-or-close':
          if (ch === ']' && expect === 'value-or-close') {
            stack.pop();
            i++;
            afterValue();
          } else if (ch === '{' || ch === '[') {
            stack.push(ch);
            i++;
            // an empty list is an honest prefix of a cut-off list; an empty object would be a made-up entry
            if (ch === '[') markCut(i);
            expect = ch === '{' ? 'key-or-close' : 'value-or-close';
          } else if (ch === '"') {
            i = scanString(text, i, fail);
            afterValue();
          } else if (ch === '-' && text.startsWith('Infinity', i + 1)) {
            replace(i, i + 9, NEG_INF_JSON);
            i += 9;
            afterValue();
          } else if (ch === '-' || (c >= 0x30 && c <= 0x39)) {
            i = scanNumber(text, i, fail);
            afterValue();
          } else {
            WORD.lastIndex = i;
            if (!WORD.test(text)) fail(`unexpected ${describe(ch)}`, i);
            const word = text.slice(i, WORD.lastIndex);
            if (word === 'NaN') {
              replace(i, WORD.lastIndex, NAN_JSON);
              sawNaN = true;
            } else if (word === 'Infinity') replace(i, WORD.lastIndex, INF_JSON);
            else if (word !== 'true' && word !== 'false' && word !== 'null') {
              const prefixOfLiteral = WORD.lastIndex === text.length && ['true', 'false', 'null', 'NaN', 'Infinity'].some((w) => w.startsWith(word));
              fail(prefixOfLiteral ? 'the text ends inside a literal' : `unexpected word "${word.slice(0, 20)}"`, prefixOfLiteral ? text.length : i, prefixOfLiteral);
            }
            i = WORD.lastIndex;
            afterValue();
          }
          break;
      }
    }
  } catch (e) {
    // a file cut off inside a string or number still gives everything before its last complete value
    if (!(e instanceof JsonSyntaxError) || !e.truncated || !cut) throw e;
    return salvage(parts, text, copied, cut, sawNaN, e);
  }

  if (expect === 'end') {
    parts.push(text.slice(copied));
    return { value: parseChecked(parts.join(''), sawNaN, text) };
  }
  const error = syntaxError(text, emptyOrWhitespace(text) ? 'the text is empty' : 'the text ends before the JSON value is complete', text.length, true);
  if (!cut) throw error;
  return salvage(parts, text, copied, cut, sawNaN, error);
}

/** JSON.parse of text the scan accepted; should the two ever disagree, the caller still gets a JsonSyntaxError. */
function parseChecked(json: string, sawNaN: boolean, original: string): unknown {
  try {
    return JSON.parse(json, sawNaN ? (_k, v: unknown) => (v === NAN_SENTINEL ? Number.NaN : v) : undefined) as unknown;
  } catch (e) {
    throw syntaxError(original, `not valid JSON (${(e as Error).message.slice(0, 100)})`, 0, false);
  }
}

/** The complete prefix up to `cut`, closed with the brackets open there. */
function salvage(parts: string[], text: string, copied: number, cut: Cut, sawNaN: boolean, error: JsonSyntaxError): LenientJsonResult {
  const json = parts.join('') + text.slice(copied);
  return { value: parseChecked(json.slice(0, cut.outLength) + cut.closers, sawNaN, text), truncated: error };
}

/** Checks the number starting at `start`; returns the index after it. */
function scanNumber(text: string, start: number, fail: (reason: string, at: number, truncated?: boolean) => never): number {
  NUMBER.lastIndex = start;
  const end = NUMBER.test(text) ? NUMBER.lastIndex : start;
  let j = end;
  while (j < text.length && /[.eE+\-0-9]/.test(text[j]!)) j++;
  if (j === end && end > start) return end;
  // "1." or "-" or "-Inf" at the very end is a value cut off, not a wrong one
  const rest = text.slice(start + 1);
  if (j === text.length || (text[start] === '-' && 'Infinity'.startsWith(rest))) return fail('the text ends inside a number', text.length, true);
  return fail('a malformed number', start);
}

/** Checks the string starting at the quote at `start`; returns the index after its closing quote. */
function scanString(text: string, start: number, fail: (reason: string, at: number, truncated?: boolean) => never): number {
  let i = start + 1;
  for (;;) {
    if (i >= text.length) return fail('the text ends inside a string', text.length, true);
    const c = text.charCodeAt(i);
    if (c === 0x22) return i + 1;
    if (c === 0x5c) {
      const e = text[i + 1];
      if (e === undefined) return fail('the text ends inside a string', text.length, true);
      if (e === 'u') {
        const hex = text.slice(i + 2, i + 6);
        if (hex.length < 4 && i + 2 + hex.length >= text.length) return fail('the text ends inside a string', text.length, true);
        if (!HEX4.test(hex)) fail('a bad \\u escape in a string', i);
        i += 6;
      } else if ('"\\/bfnrt'.includes(e)) i += 2;
      else fail(`a bad escape \\${e} in a string`, i);
    } else if (c < 0x20) fail('a raw control character in a string', i);
    else i++;
  }
}

function syntaxError(text: string, reason: string, offset: number, truncated: boolean): JsonSyntaxError {
  let line = 1;
  let lineStart = 0;
  for (let k = text.indexOf('\n'); k >= 0 && k < offset; k = text.indexOf('\n', k + 1)) {
    line++;
    lineStart = k + 1;
  }
  return new JsonSyntaxError(reason, offset, line, offset - lineStart + 1, truncated);
}

function describe(ch: string): string {
  const code = ch.charCodeAt(0);
  return code < 0x20 || code === 0x7f ? `byte 0x${code.toString(16).padStart(2, '0')}` : `'${ch}'`;
}

function emptyOrWhitespace(text: string): boolean {
  return text.replace(/^\uFEFF/, '').trim() === '';
}
