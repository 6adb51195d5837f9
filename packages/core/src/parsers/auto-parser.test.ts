import { describe, expect, it } from 'vitest';
import { readFixtureLines } from '../../../../test/fixtures/logs/fixture-lines.js';
import type { ParserPlugin } from '../plugins/parser-plugin.js';
import { PLUGIN_API_VERSION } from '../plugins/registry.js';
import { createAutoParser } from './auto-parser.js';
import { BUILTIN_PARSERS } from './builtin-parsers.js';
import { parseLines } from './parse-lines.js';

const FIXTURES: [string, string][] = [
  ['yplarrywang_tinystories_train.log', 'nanogpt'],
  ['nanogpt_diverged.log', 'nanogpt'],
  ['ava_0fq.3_training_stdout.log', 'lightning'],
  ['hf_trainer_stdout.log', 'hf'],
  ['trl_dpo_stdout.log', 'hf'],
  ['keras2_two_fits.log', 'keras'],
  ['keras3_fit.log', 'keras'],
  ['kv_generic.log', 'kv'],
];

const prose = (n: number) => Array.from({ length: n }, (_, i) => `line ${i} of a long preamble that matches nothing`);

describe('createAutoParser', () => {
  it.each(FIXTURES)('reads %s exactly as the %s parser does', (file, name) => {
    const lines = readFixtureLines(file);
    const auto = createAutoParser(BUILTIN_PARSERS);
    const points = parseLines(auto, lines);
    expect(auto.chosen?.name).toBe(name);
    const direct = BUILTIN_PARSERS.find((p) => p.name === name);
    expect(direct).toBeDefined();
    expect(points).toEqual(parseLines(direct?.createParser() ?? auto, lines));
  });

  it('decides at once on a decisive line and replays the lines it held', () => {
    const auto = createAutoParser(BUILTIN_PARSERS);
    expect(auto.push('step 0: train loss 4.2, val loss 4.3')).toEqual([
      { step: 0, metrics: { 'eval/train_loss': 4.2, 'eval/val_loss': 4.3 } },
    ]);
    expect(auto.chosen?.name).toBe('nanogpt');
    expect(auto.push('iter 1: loss 4.1, time 40.00ms, mfu 5.00%')).toHaveLength(1);
  });

  it('holds back a merely plausible format until the sample is full', () => {
    const auto = createAutoParser(BUILTIN_PARSERS, { sampleLines: 3 });
    expect(auto.push('loss=1')).toEqual([]);
    expect(auto.push('loss=2')).toEqual([]);
    expect(auto.chosen).toBeUndefined();
    expect(auto.push('loss=3').map((p) => p.metrics['loss'])).toEqual([1, 2, 3]);
    expect(auto.chosen?.name).toBe('kv');
  });

  it('still recognises metrics that start after a long preamble', () => {
    const auto = createAutoParser(BUILTIN_PARSERS);
    const points = parseLines(auto, [...prose(200), 'step 0: train loss 4.2, val loss 4.3', 'iter 0: loss 4.1, time 40.00ms, mfu -100.00%']);
    expect(auto.chosen?.name).toBe('nanogpt');
    expect(points.map((p) => p.step)).toEqual([0, 0]);
  });

  it('decides on what it holds when a short stream ends', () => {
    const auto = createAutoParser(BUILTIN_PARSERS);
    expect(auto.push('Epoch 1/2')).toEqual([]);
    expect(auto.end()).toEqual([]);
    expect(auto.chosen?.name).toBe('keras');

    const kv = createAutoParser(BUILTIN_PARSERS);
    expect(parseLines(kv, ['a=1 b=2'])).toEqual([{ step: 0, metrics: { a: 1, b: 2 } }]);
  });

  it('returns nothing and chooses nothing when nothing fits', () => {
    const auto = createAutoParser(BUILTIN_PARSERS, { sampleLines: 10 });
    expect(parseLines(auto, prose(100))).toEqual([]);
    expect(auto.chosen).toBeUndefined();
  });

  it('keeps at most maxBufferedChars while undecided', () => {
    const seen: string[] = [];
    const recorder: ParserPlugin = {
      kind: 'parser',
      name: 'recorder',
      apiVersion: PLUGIN_API_VERSION,
      description: 'records',
      detect: (sample) => (sample.length >= 4 ? 0.6 : 0),
      createParser: () => ({
        push: (line) => {
          seen.push(line);
          return [];
        },
        end: () => [],
      }),
    };
    const lines = ['a'.repeat(10), 'b'.repeat(10), 'c'.repeat(10), 'd'.repeat(10), 'e'];
    // Unbounded, the recorder would see four held lines and be chosen; bounded, it never holds more than two.
    const unbounded = createAutoParser([recorder], { sampleLines: 4 });
    parseLines(unbounded, lines);
    expect(unbounded.chosen).toBe(recorder);
    seen.length = 0;
    const bounded = createAutoParser([recorder], { sampleLines: 4, maxBufferedChars: 25 });
    parseLines(bounded, lines);
    expect(bounded.chosen).toBeUndefined();
    expect(seen).toEqual([]);
  });
});
