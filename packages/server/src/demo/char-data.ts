/**
 * Turns the demo corpus into training examples for the character model: a vocabulary, (context → next character)
 * pairs split into train and validation sets, and seeded minibatches drawn from the training set.
 */
import type { CharBatch } from './char-model.js';
import type { SeededRandom } from '@runlens/core';

/** The characters the model knows, sorted by code point, so token ids are stable for a given text. */
export interface Vocabulary {
  /** `chars[id]` is the character of token `id`; also the row labels of the embedding table. */
  readonly chars: readonly string[];
  readonly size: number;
  /** Token id of a character, or -1 when it is not in the vocabulary. */
  idOf(ch: string): number;
}

export interface CharDataset {
  vocab: Vocabulary;
  /** Characters of context per example. */
  context: number;
  train: CharBatch;
  val: CharBatch;
}

export interface CharDatasetOptions {
  /** Characters of context per example. Default 4. */
  context?: number;
  /** Share of the text held out for validation. Default 0.1. */
  valFraction?: number;
  /**
   * The text is cut into blocks of this many characters and whole blocks go to validation, spread evenly through
   * the text. Taking the last 10% instead would validate on one book only. Default 200.
   */
  blockSize?: number;
}

/**
 * Lower-cases the text and collapses every run of whitespace to one space. Case would double the letters the small
 * model has to learn, and the corpus's line breaks are only source formatting.
 */
export function normaliseText(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The vocabulary of every character that occurs in `text`. Iterates by code point, so surrogate pairs stay whole. */
export function buildVocabulary(text: string): Vocabulary {
  const chars = [...new Set(text)].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
  const ids = new Map(chars.map((ch, i) => [ch, i]));
  return { chars, size: chars.length, idOf: (ch) => ids.get(ch) ?? -1 };
}

/** Token ids of `text`; throws naming the first character the vocabulary lacks. */
export function encodeText(text: string, vocab: Vocabulary): Int32Array {
  const chars = [...text];
  const out = new Int32Array(chars.length);
  for (let i = 0; i < chars.length; i++) {
    const id = vocab.idOf(chars[i]!);
    if (id < 0) throw new RangeError(`character ${JSON.stringify(chars[i])} at index ${i} is not in the vocabulary`);
    out[i] = id;
  }
  return out;
}

/**
 * Normalises `text`, builds its vocabulary and cuts it into (previous `context` characters → next character)
 * examples, split into train and validation sets.
 *
 * @example
 * const data = buildCharDataset(DEMO_CORPUS);
 * const batch = sampleBatch(data.train, 64, createSeededRandom(1));
 */
export function buildCharDataset(text: string, opts: CharDatasetOptions = {}): CharDataset {
  const context = opts.context ?? 4;
  const valFraction = opts.valFraction ?? 0.1;
  const blockSize = opts.blockSize ?? 200;
  if (!Number.isInteger(context) || context < 1) throw new RangeError(`invalid context: ${context} (must be a positive integer)`);
  if (!(valFraction > 0 && valFraction < 1)) throw new RangeError(`invalid valFraction: ${valFraction} (must be in (0, 1))`);
  if (!Number.isInteger(blockSize) || blockSize < 1) throw new RangeError(`invalid blockSize: ${blockSize}`);

  const normalised = normaliseText(text);
  const vocab = buildVocabulary(normalised);
  const ids = encodeText(normalised, vocab);
  const total = ids.length - context;
  if (total < 2) throw new RangeError(`text of ${ids.length} characters is too short for a context of ${context}`);

  // Block b goes to validation when the running share of validation blocks crosses a whole number, which for 0.1
  // picks blocks 9, 19, 29, ...
  const isVal = (pos: number): boolean => {
    const b = Math.floor(pos / blockSize);
    return Math.floor((b + 1) * valFraction) > Math.floor(b * valFraction);
  };
  let valCount = 0;
  for (let pos = context; pos < ids.length; pos++) if (isVal(pos)) valCount++;
  if (valCount === 0 || valCount === total) {
    throw new RangeError(`text of ${ids.length} characters is too short to split with blocks of ${blockSize}`);
  }

  const train = allocExamples(total - valCount, context);
  const val = allocExamples(valCount, context);
  let t = 0;
  let v = 0;
  for (let pos = context; pos < ids.length; pos++) {
    const into = isVal(pos) ? val : train;
    const row = into === val ? v++ : t++;
    for (let c = 0; c < context; c++) into.contexts[row * context + c] = ids[pos - context + c]!;
    into.targets[row] = ids[pos]!;
  }
  return { vocab, context, train, val };
}

function allocExamples(count: number, context: number): CharBatch {
  return { contexts: new Int32Array(count * context), targets: new Int32Array(count), count };
}

/**
 * Draws `batchSize` examples uniformly with replacement from `data`. Pass `out` (from an earlier call with the same
 * batch size) to reuse its arrays in a training loop.
 */
export function sampleBatch(data: CharBatch, batchSize: number, rng: SeededRandom, out?: CharBatch): CharBatch {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`invalid batchSize: ${batchSize}`);
  if (data.count < 1) throw new RangeError('cannot sample from an empty data set');
  const context = data.contexts.length / data.count;
  const batch = out && out.count === batchSize && out.contexts.length === batchSize * context ? out : allocExamples(batchSize, context);
  for (let b = 0; b < batchSize; b++) {
    const i = rng.int(data.count);
    batch.targets[b] = data.targets[i]!;
    batch.contexts.set(data.contexts.subarray(i * context, (i + 1) * context), b * context);
  }
  return batch;
}
