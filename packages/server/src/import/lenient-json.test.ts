import { describe, expect, it } from 'vitest';
import { createSeededRandom, type SeededRandom } from '@runlens/core';
import { JsonSyntaxError, parseLenientJson } from './lenient-json.js';

function syntaxErrorOf(text: string): JsonSyntaxError {
  try {
    parseLenientJson(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError) return e;
    throw e;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be refused`);
}

/** Python's json.dumps of a value: like JSON, with bare NaN / Infinity / -Infinity. */
function pythonDumps(v: unknown): string {
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : v === Infinity ? 'Infinity' : v === -Infinity ? '-Infinity' : JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(pythonDumps).join(', ')}]`;
  if (v !== null && typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${pythonDumps(x)}`).join(', ')}}`;
  return JSON.stringify(v);
}

function randomValue(rng: SeededRandom, depth: number): unknown {
  const pick = rng.int(depth > 3 ? 6 : 8);
  const words = ['NaN', 'Infinity', 'loss', 'a "quoted" \\ word', 'ünï cødé 学习', '-Infinity', '\n\t'];
  switch (pick) {
    case 0: return [NaN, Infinity, -Infinity][rng.int(3)];
    case 1: return rng.normal() * 10 ** rng.int(20);
    case 2: return rng.int(1000);
    case 3: return words[rng.int(words.length)];
    case 4: return [true, false, null][rng.int(3)];
    case 5: return -rng.next();
    case 6: return Array.from({ length: rng.int(4) }, () => randomValue(rng, depth + 1));
    default: return Object.fromEntries(Array.from({ length: rng.int(4) }, (_, i) => [`${words[rng.int(words.length)]}${i}`, randomValue(rng, depth + 1)]));
  }
}

describe('parseLenientJson', () => {
  it('reads bare NaN, Infinity and -Infinity outside strings and leaves them alone inside', () => {
    const { value, truncated } = parseLenientJson('{"loss": NaN, "up": Infinity, "down": -Infinity, "s": "NaN \\" Infinity", "n": [1.5e-3, -0, 2]}');
    expect(truncated).toBeUndefined();
    expect(value).toEqual({ loss: NaN, up: Infinity, down: -Infinity, s: 'NaN " Infinity', n: [0.0015, -0, 2] });
  });

  it('reads what Python json.dumps writes, for random values', () => {
    const rng = createSeededRandom(11);
    for (let i = 0; i < 300; i++) {
      const v = randomValue(rng, 0);
      expect(parseLenientJson(pythonDumps(v)).value).toEqual(v);
    }
  });

  it('skips a byte-order mark', () => {
    expect(parseLenientJson('\uFEFF[NaN]').value).toEqual([NaN]);
  });

  it('names the line and column of a syntax error', () => {
    expect(syntaxErrorOf('{\n  "a": 1,\n  "b": nan\n}')).toMatchObject({ reason: 'unexpected word "nan"', line: 3, column: 8, truncated: false });
    expect(syntaxErrorOf('{"a":}')).toMatchObject({ reason: "unexpected '}'", line: 1, column: 6 });
    expect(syntaxErrorOf('[1 2]')).toMatchObject({ reason: "expected ',' or ']', found '2'", column: 4 });
    expect(syntaxErrorOf('{"a" 1}')).toMatchObject({ reason: "expected ':' after an object key, found '1'", column: 6 });
    expect(syntaxErrorOf('{"a":1} x')).toMatchObject({ reason: "unexpected 'x' after the end of the JSON value", column: 9 });
    expect(syntaxErrorOf('["a\nb"]')).toMatchObject({ reason: 'a raw control character in a string', column: 4 });
    expect(syntaxErrorOf('["\\x"]')).toMatchObject({ reason: 'a bad escape \\x in a string' });
    expect(syntaxErrorOf('[01]')).toMatchObject({ reason: 'a malformed number' });
    expect(syntaxErrorOf('\u0001')).toMatchObject({ reason: 'unexpected byte 0x01' });
  });

  it('refuses empty text as truncated', () => {
    expect(syntaxErrorOf('')).toMatchObject({ reason: 'the text is empty', truncated: true });
    expect(syntaxErrorOf(' \n')).toMatchObject({ reason: 'the text is empty', truncated: true });
  });

  it('keeps the complete values before a cut, in lists and objects', () => {
    const r = parseLenientJson('{"a": 1, "log": [{"x": NaN, "step": 1}, {"x": 2, "step": 2}, {"x": 3, "st');
    expect(r.value).toEqual({ a: 1, log: [{ x: NaN, step: 1 }, { x: 2, step: 2 }, { x: 3 }] });
    expect(r.truncated).toMatchObject({ reason: 'the text ends inside a string', offset: 73, truncated: true });
    expect(parseLenientJson('[1, 2, 3').value).toEqual([1, 2]);
    expect(parseLenientJson('{"log": [').value).toEqual({ log: [] });
    expect(parseLenientJson('[1, -Inf').value).toEqual([1]);
    expect(parseLenientJson('[1, tr').value).toEqual([1]);
  });

  it('never throws anything but JsonSyntaxError, on every prefix and on random bytes', () => {
    const rng = createSeededRandom(5);
    const text = pythonDumps({ log_history: Array.from({ length: 5 }, () => randomValue(rng, 1)), n: NaN });
    for (let end = 0; end <= text.length; end++) {
      try {
        parseLenientJson(text.slice(0, end));
      } catch (e) {
        expect(e).toBeInstanceOf(JsonSyntaxError);
      }
    }
    for (let trial = 0; trial < 200; trial++) {
      const chars = Array.from({ length: rng.int(200) }, () => String.fromCharCode(rng.int(2) ? rng.int(128) : '{}[],:"\\-0123456789NaIfty'.charCodeAt(rng.int(24))));
      try {
        parseLenientJson(chars.join(''));
      } catch (e) {
        expect(e).toBeInstanceOf(JsonSyntaxError);
      }
    }
  });
});
