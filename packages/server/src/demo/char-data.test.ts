import { describe, expect, it } from 'vitest';
import { buildCharDataset, buildVocabulary, encodeText, normaliseText, sampleBatch } from './char-data.js';
import { DEMO_CORPUS } from './corpus.js';
import { createSeededRandom } from '@runlens/core';

describe('the bundled corpus', () => {
  it('is 20-40 KB of text with letters, digits and punctuation', () => {
    expect(DEMO_CORPUS.length).toBeGreaterThan(20_000);
    expect(DEMO_CORPUS.length).toBeLessThan(40_000);
    const vocab = buildVocabulary(normaliseText(DEMO_CORPUS));
    for (const ch of 'aeiouxyz0123456789 .,;:!?\'"-') expect(vocab.idOf(ch), ch).toBeGreaterThanOrEqual(0);
  });
});

describe('normaliseText and the vocabulary', () => {
  it('lower-cases, collapses whitespace and sorts the vocabulary by code point', () => {
    const text = normaliseText('  Call me\n  Ishmael.\tSome years ago--1851  ');
    expect(text).toBe('call me ishmael. some years ago--1851');
    const vocab = buildVocabulary(text);
    expect(vocab.chars.join('')).toBe(' -.158aceghilmorsy');
    expect(vocab.size).toBe(vocab.chars.length);
    expect(vocab.idOf('a')).toBe(vocab.chars.indexOf('a'));
    expect(vocab.idOf('Z')).toBe(-1);
    expect(Array.from(encodeText('ace', vocab))).toEqual([vocab.idOf('a'), vocab.idOf('c'), vocab.idOf('e')]);
    expect(() => encodeText('ab', vocab)).toThrow(/character "b" at index 1 is not in the vocabulary/);
  });
});

describe('buildCharDataset', () => {
  const data = buildCharDataset(DEMO_CORPUS);
  const ids = encodeText(normaliseText(DEMO_CORPUS), data.vocab);

  it('turns every position after the first `context` characters into one example, 90% train / 10% val', () => {
    expect(data.context).toBe(4);
    expect(data.train.count + data.val.count).toBe(ids.length - 4);
    const share = data.val.count / (data.train.count + data.val.count);
    expect(share).toBeGreaterThan(0.09);
    expect(share).toBeLessThan(0.11);
    expect(data.train.contexts.length).toBe(data.train.count * 4);
    expect(data.val.targets.length).toBe(data.val.count);
  });

  it('keeps each example a real window of the text: context then the next character', () => {
    // The first example starts the text, whichever split its block went to.
    expect(Array.from(data.train.contexts.subarray(0, 4))).toEqual(Array.from(ids.subarray(0, 4)));
    expect(data.train.targets[0]).toBe(ids[4]);
    const text = ids.join(',');
    for (const split of [data.train, data.val]) {
      for (const row of [0, Math.floor(split.count / 2), split.count - 1]) {
        const window = [...split.contexts.subarray(row * 4, row * 4 + 4), split.targets[row]!].join(',');
        expect(text.includes(window)).toBe(true);
      }
    }
  });

  it('validates on whole blocks spread through the text, not only its end', () => {
    // 4,000 distinct characters, so a token id is also its position in the text.
    const text = Array.from({ length: 4000 }, (_, i) => String.fromCodePoint(0x4e00 + i)).join('');
    const split = buildCharDataset(text, { context: 2, blockSize: 200 });
    const valTargets = Array.from(split.val.targets);
    const expected = [...range(1800, 2000), ...range(3800, 4000)];
    expect(valTargets).toEqual(expected);
    expect(split.train.count).toBe(4000 - 2 - expected.length);
    expect(Array.from(split.train.targets.subarray(0, 3))).toEqual([2, 3, 4]);
  });

  it('rejects texts too short to split and bad options', () => {
    expect(() => buildCharDataset('abc')).toThrow(/too short/);
    expect(() => buildCharDataset(DEMO_CORPUS, { valFraction: 1 })).toThrow(/invalid valFraction/);
    expect(() => buildCharDataset(DEMO_CORPUS, { context: 0 })).toThrow(/invalid context/);
  });
});

describe('sampleBatch', () => {
  const data = buildCharDataset(DEMO_CORPUS, { context: 3 });

  it('draws whole examples, the same ones for the same seed', () => {
    const a = sampleBatch(data.train, 50, createSeededRandom(11));
    const b = sampleBatch(data.train, 50, createSeededRandom(11));
    const c = sampleBatch(data.train, 50, createSeededRandom(12));
    expect(a.count).toBe(50);
    expect(a.contexts.length).toBe(150);
    expect(Array.from(a.targets)).toEqual(Array.from(b.targets));
    expect(Array.from(a.contexts)).toEqual(Array.from(b.contexts));
    expect(Array.from(a.contexts)).not.toEqual(Array.from(c.contexts));

    const examples = new Set<string>();
    for (let i = 0; i < data.train.count; i++) {
      examples.add([...data.train.contexts.subarray(i * 3, i * 3 + 3), data.train.targets[i]!].join(','));
    }
    for (let i = 0; i < a.count; i++) {
      expect(examples.has([...a.contexts.subarray(i * 3, i * 3 + 3), a.targets[i]!].join(','))).toBe(true);
    }
  });

  it('reuses the arrays of `out` when the size matches', () => {
    const rng = createSeededRandom(1);
    const first = sampleBatch(data.train, 8, rng);
    expect(sampleBatch(data.train, 8, rng, first)).toBe(first);
    expect(sampleBatch(data.train, 9, rng, first)).not.toBe(first);
  });
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}
