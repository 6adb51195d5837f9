import { describe, expect, it } from 'vitest';
import { LineSplitter } from './line-splitter.js';

function collect(maxLineBytes?: number) {
  const parsed: string[] = [];
  const logged: string[] = [];
  const splitter = new LineSplitter({ parse: (l) => parsed.push(l), log: (l) => logged.push(l) }, maxLineBytes);
  return { splitter, parsed, logged };
}

function feed(splitter: LineSplitter, ...chunks: (string | Buffer)[]): void {
  for (const c of chunks) splitter.push(typeof c === 'string' ? Buffer.from(c) : c);
}

describe('LineSplitter', () => {
  it('splits lines across chunk boundaries and keeps a last line without newline', () => {
    const { splitter, parsed, logged } = collect();
    feed(splitter, 'iter 0: lo', 'ss 4.1\niter 1', ': loss 3.9\n', '\nlast');
    expect(logged).toEqual(['iter 0: loss 4.1', 'iter 1: loss 3.9', '']);
    splitter.end();
    expect(logged).toEqual(['iter 0: loss 4.1', 'iter 1: loss 3.9', '', 'last']);
    expect(parsed).toEqual(logged);
  });

  it('rejoins a UTF-8 character cut between two chunks', () => {
    const { splitter, logged } = collect();
    const bytes = Buffer.from('étape 1 — 学习率 🚀\n');
    for (let i = 0; i < bytes.length; i++) splitter.push(bytes.subarray(i, i + 1));
    expect(logged).toEqual(['étape 1 — 学习率 🚀']);
  });

  it('parses every step of a \\r progress bar but logs only what it showed last', () => {
    const { splitter, parsed, logged } = collect();
    feed(splitter, '\r 10%|█ | loss=2.0', '\r 50%|███ | loss=1.5\r100%|█████| loss=1.0', '\n', 'next\n');
    expect(parsed).toEqual([' 10%|█ | loss=2.0', ' 50%|███ | loss=1.5', '100%|█████| loss=1.0', 'next']);
    expect(logged).toEqual(['100%|█████| loss=1.0', 'next']);
  });

  it('treats \\r\\n as one line end, also when split between chunks', () => {
    const { splitter, parsed, logged } = collect();
    feed(splitter, 'a\r\nb\r', '\nc\r\n');
    expect(logged).toEqual(['a', 'b', 'c']);
    expect(parsed).toEqual(['a', 'b', 'c']);
  });

  it('logs a progress bar that never printed a newline when the stream ends', () => {
    const { splitter, logged } = collect();
    feed(splitter, '1/3\r2/3\r3/3\r');
    expect(logged).toEqual([]);
    splitter.end();
    expect(logged).toEqual(['3/3']);
  });

  it('cuts a line at the cap while splitting and drops the rest of it, never holding it whole', () => {
    const { splitter, parsed, logged } = collect(1000);
    const piece = Buffer.alloc(300, 'x');
    for (let i = 0; i < 100; i++) splitter.push(piece); // a 30,000-byte line without newline yet
    expect(logged).toEqual(['x'.repeat(1000)]);
    feed(splitter, 'tail of the long line\nshort\n');
    expect(logged).toEqual(['x'.repeat(1000), 'short']);
    expect(parsed).toEqual(logged);
  });

  it('turns binary garbage into text without throwing, one line per newline byte', () => {
    const { splitter, logged } = collect();
    const garbage = Buffer.from([0xff, 0xfe, 0x00, 0x80, 0x0a, 0xc3, 0x28, 0x0a, 0xe2, 0x82]);
    splitter.push(garbage);
    splitter.end();
    expect(logged).toHaveLength(3);
    expect(logged[0]).toBe('\uFFFD\uFFFD\u0000\uFFFD');
  });

  it('after a gap drops the partial line instead of gluing it to unrelated bytes, and says so', () => {
    let lost = 0;
    const logged: string[] = [];
    const splitter = new LineSplitter({ parse: () => {}, log: (l) => logged.push(l), lost: () => lost++ });
    feed(splitter, 'complete\nhalf a li');
    splitter.gap(true);
    feed(splitter, 'ne from later\nwhole again\n');
    expect(logged).toEqual(['complete', 'whole again']);
    expect(lost).toBe(1);
    // lost bytes that ended with a line end leave the next line whole
    feed(splitter, 'half');
    splitter.gap(false);
    feed(splitter, 'next line\n');
    expect(logged).toEqual(['complete', 'whole again', 'next line']);
    expect(lost).toBe(1);
  });
});
