import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readLines, type TextLine } from './line-reader.js';

describe('readLines', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'runlens-lines-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function linesOf(content: Buffer | string, maxLineBytes?: number): Promise<TextLine[]> {
    const path = join(dir, 'f.txt');
    await writeFile(path, content);
    const out: TextLine[] = [];
    for await (const l of readLines(path, undefined, maxLineBytes)) out.push(l);
    return out;
  }

  it('gives each line its number and byte offset, strips CR, and marks an unterminated last line', async () => {
    const lines = await linesOf('ab\r\nünï\n\nlast');
    expect(lines.map((l) => [l.text, l.line, l.offset, l.terminated])).toEqual([
      ['ab', 1, 0, true],
      ['ünï', 2, 4, true],
      ['', 3, 10, true],
      ['last', 4, 11, false],
    ]);
    expect(await linesOf('')).toEqual([]);
    expect((await linesOf('x\n')).map((l) => l.text)).toEqual(['x']);
  });

  it('keeps characters split across read chunks whole', async () => {
    const text = `${'é'.repeat(700_000)}\nnext\n`;
    const lines = await linesOf(text);
    expect(lines.map((l) => l.text.length)).toEqual([700_000, 4]);
    expect(lines[1]!.offset).toBe(1_400_001);
  });

  it('skips over a line longer than the limit without buffering it', async () => {
    const lines = await linesOf(`short\n${'x'.repeat(3 << 20)}\nafter`, 1 << 20);
    expect(lines.map((l) => [l.line, l.overlong, l.text])).toEqual([
      [1, false, 'short'],
      [2, true, ''],
      [3, false, 'after'],
    ]);
  });
});
