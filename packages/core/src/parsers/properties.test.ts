/**
 * Randomised robustness of every built-in parser, the auto parser and detection: random text (unicode, control
 * characters, NUL, partial ANSI sequences, fragments of real formats), random bytes read as latin1, truncated real
 * lines and megabyte lines built to provoke regex backtracking. Nothing may throw, and every point must be a
 * non-negative integer step with number values.
 */
import { describe, expect, it } from 'vitest';
import { readFixtureLines } from '../../../../test/fixtures/logs/fixture-lines.js';
import type { LineParser, ParsedMetrics } from '../plugins/parser-plugin.js';
import { createSeededRandom, type SeededRandom } from '../random/seeded-random.js';
import { createAutoParser } from './auto-parser.js';
import { BUILTIN_PARSERS } from './builtin-parsers.js';
import { detectParser } from './detect-parser.js';

const FIXTURES = [
  'yplarrywang_tinystories_train.log',
  'ava_0fq.3_training_stdout.log',
  'hf_trainer_stdout.log',
  'trl_dpo_stdout.log',
  'keras2_two_fits.log',
  'keras3_fit.log',
  'nanogpt_diverged.log',
  'kv_generic.log',
];
const REAL_LINES = FIXTURES.flatMap((f) => readFixtureLines(f));

/** Pieces that steer random text into the parsers' own paths. */
const FRAGMENTS = [
  'iter ', 'step ', ': loss ', ', time ', 'ms', ', mfu ', '%', ' train loss ', ', val loss ', 'Epoch ', '/', ': ',
  '|██████████| ', '64/64 [', '00:01<00:00, ', 'v_num=0, ', 'train_loss=3.93e+4', ']', "{'loss': ", "'epoch': ", '}',
  'np.float64(', 'tensor(', ')', '[', ' - ', 'loss: ', 'ETA: ', '0.0000e+00', 'nan', '-inf', 'Infinity', 'NaN', '=',
  'step=', '1e-05', '-100.00', '9'.repeat(20), '\r', '\b', '\u0000', '\u001b[', '\u001b[1;3', '\u001b]0;', '\u0007',
  '\u009b', '\ud800', '\ud83d\ude80', 'é', '"', "'", '\\', '\t', '━', '__proto__=1', 'constructor: 2',
];

function randomText(rnd: SeededRandom): string {
  const parts: string[] = [];
  const n = rnd.int(40);
  for (let i = 0; i < n; i++) {
    const r = rnd.next();
    if (r < 0.5) parts.push(FRAGMENTS[rnd.int(FRAGMENTS.length)] ?? '');
    else if (r < 0.75) parts.push(String(rnd.int(100_000) / (1 + rnd.int(1000))));
    else parts.push(String.fromCharCode(rnd.int(r < 0.9 ? 128 : 0x10000)));
  }
  return parts.join('');
}

function randomLatin1(rnd: SeededRandom): string {
  const bytes = Uint8Array.from({ length: rnd.int(300) }, () => rnd.int(256));
  return new TextDecoder('latin1').decode(bytes);
}

function truncatedRealLine(rnd: SeededRandom): string {
  const line = REAL_LINES[rnd.int(REAL_LINES.length)] ?? '';
  const from = rnd.next() < 0.3 ? rnd.int(line.length + 1) : 0;
  return line.slice(from, from + rnd.int(line.length - from + 1));
}

function expectWellFormed(points: ParsedMetrics[]): void {
  for (const p of points) {
    expect(Number.isSafeInteger(p.step) && p.step >= 0, `step ${p.step}`).toBe(true);
    for (const [key, value] of Object.entries(p.metrics)) {
      expect(typeof value, key).toBe('number');
      expect(key.length).toBeGreaterThan(0);
    }
    expect(Object.getPrototypeOf(p.metrics)).toBe(Object.prototype);
  }
}

function feed(parser: LineParser, lines: string[]): void {
  for (const line of lines) expectWellFormed(parser.push(line));
  expectWellFormed(parser.end());
}

const makers = [randomText, randomLatin1, truncatedRealLine];

describe('parsers on random input', () => {
  it.each(BUILTIN_PARSERS.map((p) => [p.name, p] as const))('%s never throws and emits well-formed points', (_name, plugin) => {
    const rnd = createSeededRandom(20_240_501);
    for (let run = 0; run < 150; run++) {
      const lines = Array.from({ length: 1 + rnd.int(30) }, () => (makers[rnd.int(makers.length)] ?? randomText)(rnd));
      feed(plugin.createParser(), lines);
      const score = plugin.detect(lines);
      expect(score >= 0 && score <= 1, `score ${score}`).toBe(true);
    }
  });

  it('the auto parser and detectParser never throw', () => {
    const rnd = createSeededRandom(7);
    for (let run = 0; run < 100; run++) {
      const lines = Array.from({ length: 1 + rnd.int(80) }, () => (makers[rnd.int(makers.length)] ?? randomText)(rnd));
      feed(createAutoParser(BUILTIN_PARSERS, { sampleLines: 1 + rnd.int(60) }), lines);
      detectParser(BUILTIN_PARSERS, lines);
    }
  });
});

/** Lines of about a megabyte, each shaped to make a careless pattern backtrack quadratically. */
const MB = 1_000_000;
const HUGE_LINES: Record<string, () => string> = {
  letters: () => 'a'.repeat(MB),
  digits: () => '1'.repeat(MB),
  'a key with no value': () => `${'k'.repeat(MB)}=`,
  'separators without values': () => 'a='.repeat(MB / 2),
  'colon pairs': () => 'a: '.repeat(MB / 3),
  'number then junk': () => `x=${'1'.repeat(MB)}z`,
  'open braces': () => '{'.repeat(MB),
  'unterminated dict string': () => `{'${'{'.repeat(MB)}`,
  'dict entries without end': () => `{${"'a': 1, ".repeat(MB / 8)}`,
  'nested calls': () => `{'a': ${'f('.repeat(MB / 2)}`,
  'keras separators': () => ' - loss: 1'.repeat(MB / 10),
  'keras pair without value': () => ` - ${'l'.repeat(MB)}:`,
  'epoch prefixes': () => 'Epoch 1:'.repeat(MB / 8),
  'bar without end': () => `Epoch 1: 50%|${'█'.repeat(MB)}`,
  'postfix without end': () => `Epoch 1: 50%|██| 1/2 [${'a=1, '.repeat(MB / 5)}`,
  'nanogpt pairs': () => `iter 1: ${'loss 1, '.repeat(MB / 8)}`,
  'nanogpt long name': () => `iter 1: ${'word '.repeat(MB / 5)}`,
  'unterminated CSI': () => `\u001b[${'0;'.repeat(MB / 2)}`,
  'unterminated OSC': () => `\u001b]${'x'.repeat(MB)}`,
  'carriage returns': () => '\r'.repeat(MB),
  'backspaces and digits': () => '\b1/1'.repeat(MB / 4),
  'spaces then text': () => `${' '.repeat(MB)}x`,
};

describe('parsers on megabyte lines', () => {
  it.each(Object.keys(HUGE_LINES))('%s: every parser returns, well-formed', (shape) => {
    const line = HUGE_LINES[shape]?.() ?? '';
    for (const plugin of BUILTIN_PARSERS) {
      const parser = plugin.createParser();
      expectWellFormed(parser.push(line));
      expectWellFormed(parser.push('iter 1: loss 2'));
      expectWellFormed(parser.end());
      plugin.detect([line]);
    }
    feed(createAutoParser(BUILTIN_PARSERS), [line, line]);
  });
});
