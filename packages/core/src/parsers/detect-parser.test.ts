import { describe, expect, it } from 'vitest';
import { readFixtureLines } from '../../../../test/fixtures/logs/fixture-lines.js';
import type { ParserPlugin } from '../plugins/parser-plugin.js';
import { PLUGIN_API_VERSION } from '../plugins/registry.js';
import { BUILTIN_PARSERS } from './builtin-parsers.js';
import { detectParser } from './detect-parser.js';

function fakeParser(name: string, detect: (sample: readonly string[]) => number): ParserPlugin {
  return { kind: 'parser', name, apiVersion: PLUGIN_API_VERSION, description: name, detect, createParser: () => ({ push: () => [], end: () => [] }) };
}

const PROSE = [
  'Once upon a time there was a little model that wanted to learn.',
  'It read every book in the library: twice, and then once more.',
  'At 12:30 it stopped for lunch; the total was 262,144 tokens.',
  '',
  'Nobody knew why the loss went down, but it did.',
];

describe('detectParser on the fixtures (first 50 lines)', () => {
  const cases: [string, string][] = [
    ['yplarrywang_tinystories_train.log', 'nanogpt'],
    ['nanogpt_diverged.log', 'nanogpt'],
    ['ava_0fq.3_training_stdout.log', 'lightning'],
    ['hf_trainer_stdout.log', 'hf'],
    ['trl_dpo_stdout.log', 'hf'],
    ['keras2_two_fits.log', 'keras'],
    ['keras3_fit.log', 'keras'],
    ['kv_generic.log', 'kv'],
  ];
  it.each(cases)('%s → %s', (file, expected) => {
    expect(detectParser(BUILTIN_PARSERS, readFixtureLines(file).slice(0, 50))?.name).toBe(expected);
  });

  it('picks nothing for prose, an empty sample, or a JSON file', () => {
    expect(detectParser(BUILTIN_PARSERS, PROSE)).toBeUndefined();
    expect(detectParser(BUILTIN_PARSERS, [])).toBeUndefined();
    expect(detectParser(BUILTIN_PARSERS, readFixtureLines('aigoncharov_multi_eval_trainer_state.json').slice(0, 50))).toBeUndefined();
  });

  it('lets kv win only when no specific format fits', () => {
    const kvish = ['epoch: 1 loss: 0.5', 'epoch: 2 loss: 0.4'];
    expect(detectParser(BUILTIN_PARSERS, kvish)?.name).toBe('kv');
    expect(detectParser(BUILTIN_PARSERS, [...kvish, 'iter 10: loss 9.4648, time 598.16ms, mfu 46.46%'])?.name).toBe('nanogpt');
    expect(detectParser(BUILTIN_PARSERS, ['x=1 y=2', "{'loss': 0.5, 'epoch': 0.1}"])?.name).toBe('hf');
  });
});

describe('detectParser', () => {
  it('needs a score of at least 0.5, and breaks ties by order', () => {
    const a = fakeParser('a', () => 0.7);
    const b = fakeParser('b', () => 0.7);
    const low = fakeParser('low', () => 0.49);
    expect(detectParser([a, b], ['x'])).toBe(a);
    expect(detectParser([b, a], ['x'])).toBe(b);
    expect(detectParser([low], ['x'])).toBeUndefined();
    expect(detectParser([], ['x'])).toBeUndefined();
  });

  it('survives a plugin that throws or returns nonsense', () => {
    const throws = fakeParser('throws', () => {
      throw new Error('boom');
    });
    const nan = fakeParser('nan', () => Number.NaN);
    const big = fakeParser('big', () => 7);
    const ok = fakeParser('ok', () => 0.6);
    expect(detectParser([throws, nan, big, ok], ['x'])).toBe(ok);
  });
});
