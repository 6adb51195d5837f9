import { describe, expect, it } from 'vitest';
import { readFixtureLines, readFixtureText } from '../../../../test/fixtures/logs/fixture-lines.js';
import { hfTrainerParser } from './hf-trainer-parser.js';
import { parseLines } from './parse-lines.js';

const parseAll = (lines: string[]) => parseLines(hfTrainerParser.createParser(), lines);

describe('hf parser on Trainer stdout', () => {
  const points = parseAll(readFixtureLines('hf_trainer_stdout.log'));

  it('counts logging steps, shares the step with eval and summary dicts, reads every value spelling', () => {
    expect(points.map((p) => p.step)).toEqual([1, 2, 3, 3, 4, 4]);
    expect(points[0]?.metrics).toEqual({ loss: 0.6931, grad_norm: 1.2345678, learning_rate: 4.9e-5, epoch: 0.08 });
    expect(points[1]?.metrics).toEqual({ loss: 0.5012, grad_norm: 2.5, learning_rate: 4.8e-5, epoch: 0.16 });
    expect(points[2]?.metrics['loss']).toBeNaN();
    expect(points[2]?.metrics['grad_norm']).toBe(Infinity);
    expect(points[3]?.metrics).toEqual({
      eval_loss: 0.61,
      eval_accuracy: 0.705,
      eval_runtime: 2.1,
      eval_samples_per_second: 95.238,
      eval_steps_per_second: 11.905,
      epoch: 0.24,
    });
    expect(points[4]?.metrics).toEqual({ loss: 0.4, grad_norm: 0.75, learning_rate: 4.6e-5, epoch: 0.32 });
  });

  it("emits the summary dict without its epoch, which would overwrite the last step's", () => {
    expect(points[5]?.metrics).toEqual({
      train_runtime: 120.5,
      train_samples_per_second: 24.896,
      train_steps_per_second: 3.112,
      train_loss: 0.5204,
    });
  });
});

describe('hf parser on TRL DPOTrainer stdout', () => {
  it('keeps TRL keys as printed', () => {
    const points = parseAll(readFixtureLines('trl_dpo_stdout.log'));
    expect(points.map((p) => p.step)).toEqual([1, 2, 2]);
    expect(points[1]?.metrics).toMatchObject({ 'rewards/chosen': 0.0123, 'rewards/margins': 0.0435, 'logps/rejected': -251 });
    expect(points[2]?.metrics).toMatchObject({ eval_loss: 0.6655, 'eval_rewards/accuracies': 0.68, 'eval_logits/chosen': -2.48 });
  });
});

/** One `log_history` entry as Trainer prints it (Python dict repr, no step). */
function printedLike(entry: Record<string, number>): string {
  const pairs = Object.entries(entry)
    .filter(([k]) => k !== 'step')
    .map(([k, v]) => `'${k}': ${Number.isInteger(v) && k !== 'epoch' ? v.toFixed(1) : String(v)}`);
  return `{${pairs.join(', ')}}`;
}

describe('hf parser on the real multi-eval log history, printed as Trainer prints it', () => {
  const state = JSON.parse(readFixtureText('aigoncharov_multi_eval_trainer_state.json')) as { log_history: Record<string, number>[] };
  const history = state.log_history;
  const points = parseAll(history.map(printedLike));

  it('reads one point per entry with the values of the file (216 = 30 train + 186 eval)', () => {
    expect(history).toHaveLength(216);
    expect(points).toHaveLength(216);
    points.forEach((p, i) => {
      const { step: _step, ...expected } = history[i] ?? {};
      expect(p.metrics).toEqual(expected);
    });
  });

  it("gives every entry the counter of the train dicts before it, one step per Trainer step", () => {
    const trainerSteps = [...new Set(history.map((e) => e['step']))];
    expect(trainerSteps).toHaveLength(31);
    points.forEach((p, i) => expect(p.step).toBe(trainerSteps.indexOf(history[i]?.['step'])));
    expect(points.filter((p) => 'loss' in p.metrics).map((p) => p.step)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(points[0]?.metrics).toMatchObject({ epoch: 0, eval_g0_accuracy: 0.7082294264339152 });
    expect(points.at(-1)).toMatchObject({ step: 30, metrics: { epoch: 30, eval_g5_loss: 4.835134983062744 } });
  });

  it('uses a step the dict carries itself', () => {
    const withSteps = parseAll(history.map((e) => JSON.stringify(e)));
    expect(withSteps.map((p) => p.step)).toEqual(history.map((e) => e['step']));
    expect(withSteps[6]).toEqual({ step: 401, metrics: { epoch: 1, grad_norm: 5.49674654006958, learning_rate: 1e-5, loss: 1.1074 } });
  });
});

describe('hf detect', () => {
  it("is certain with Trainer's keys, suggestive with another dict of numbers, silent on JSON across lines", () => {
    expect(hfTrainerParser.detect(["\u001b[32m[INFO]\u001b[0m {'eval_loss': 0.61, 'epoch': 1.0}"])).toBeGreaterThanOrEqual(0.9);
    const other = hfTrainerParser.detect(["{'reward': 0.5}"]);
    expect(other).toBeGreaterThanOrEqual(0.5);
    expect(other).toBeLessThan(0.9);
    expect(hfTrainerParser.detect(readFixtureLines('aigoncharov_multi_eval_trainer_state.json').slice(0, 50))).toBe(0);
  });
});
