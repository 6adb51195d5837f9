import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PluginRegistry, RunlensError, createSeededRandom, type IngestRecord, type MetricsRecord, type RunRecord, type UpdateRecord } from '@runlens/core';
import { importRunId } from '../importer.js';
import { hfTrainerImporter } from './hf-trainer-importer.js';
import { capture } from '../../../../../test/helpers/import-records.js';

const FIXTURE_DIR = fileURLToPath(new URL('../../../../../test/fixtures/hf/', import.meta.url));
const FIXTURE = join(FIXTURE_DIR, 'aigoncharov_multi_eval_trainer_state.json');

/** All points per key over the metrics records, in emitted order. */
function seriesOf(records: IngestRecord[]): Map<string, { steps: number[]; values: unknown[] }> {
  const out = new Map<string, { steps: number[]; values: unknown[] }>();
  for (const r of records) {
    if (r.type !== 'metrics') continue;
    for (const s of r.body.series ?? []) {
      let o = out.get(s.key);
      if (!o) out.set(s.key, (o = { steps: [], values: [] }));
      o.steps.push(...s.steps);
      o.values.push(...s.values);
    }
  }
  return out;
}

const runOf = (records: IngestRecord[]) => records.find((r): r is RunRecord => r.type === 'run')!.run;
const updateOf = (records: IngestRecord[]) => records.find((r): r is UpdateRecord => r.type === 'update')!.body;

describe('hf importer on a real trainer_state.json (six eval sets)', () => {
  it('registers as an importer plugin', () => {
    const registry = new PluginRegistry();
    registry.register(hfTrainerImporter);
    expect(registry.require('importer', 'hf')).toBe(hfTrainerImporter);
  });

  it('imports exactly the values in EXPECTED.md', async () => {
    const { ctx, records, warnings } = capture();
    await hfTrainerImporter.import(FIXTURE, ctx);
    expect(warnings).toEqual([]);

    const run = runOf(records);
    expect(run.id).toBe(importRunId(0, 'hf', resolve(FIXTURE_DIR)));
    expect(run.name).toBe('hf');
    expect(run.project).toBe('huggingface');
    expect(run.params).toEqual({ max_steps: 12030, num_train_epochs: 30, logging_steps: 500, eval_steps: 500, save_steps: 500, train_batch_size: 4, is_hyper_param_search: false });

    const series = seriesOf(records);
    const expectedKeys = ['epoch', 'grad_norm', 'learning_rate', 'loss'];
    for (let g = 0; g <= 5; g++) for (const m of ['accuracy', 'loss', 'runtime', 'samples_per_second', 'steps_per_second']) expectedKeys.push(`eval_g${g}_${m}`);
    expect([...series.keys()].sort()).toEqual(expectedKeys.sort());

    // 30 train entries, 186 eval entries = 31 evaluations of each of the six sets
    for (const k of ['loss', 'grad_norm', 'learning_rate']) expect(series.get(k)!.steps).toHaveLength(30);
    for (const k of expectedKeys.filter((k) => k.startsWith('eval_'))) expect(series.get(k)!.steps).toHaveLength(31);

    const first = (k: string) => [series.get(k)!.steps[0], series.get(k)!.values[0]];
    const last = (k: string) => [series.get(k)!.steps.at(-1), series.get(k)!.values.at(-1)];
    expect(first('loss')).toEqual([401, 1.1074]);
    expect(first('grad_norm')).toEqual([401, 5.49674654006958]);
    expect(first('learning_rate')).toEqual([401, 1e-5]);
    expect(last('loss')).toEqual([12030, 0.0549]);
    expect(last('grad_norm')).toEqual([12030, 1.7071932554244995]);
    expect(first('eval_g0_accuracy')).toEqual([0, 0.7082294264339152]);
    expect(first('eval_g0_loss')).toEqual([0, 5.741583347320557]);
    expect(first('eval_g0_runtime')).toEqual([0, 5.7095]);
    expect(first('eval_g0_samples_per_second')).toEqual([0, 70.234]);
    expect(first('eval_g0_steps_per_second')).toEqual([0, 17.69]);
    expect(last('eval_g5_accuracy')).toEqual([12030, 0.2518703241895262]);
    expect(last('eval_g5_loss')).toEqual([12030, 4.835134983062744]);
    expect(last('eval_g5_runtime')).toEqual([12030, 6.6358]);
    expect(last('eval_g5_samples_per_second')).toEqual([12030, 60.429]);
    expect(last('eval_g5_steps_per_second')).toEqual([12030, 15.22]);
    // epoch is logged by every entry; the integer 0 of the first evaluations is a value like any other
    expect(first('epoch')).toEqual([0, 0]);
    expect(last('epoch')).toEqual([12030, 30]);
    expect(new Set(series.get('epoch')!.steps).size).toBe(series.get('epoch')!.steps.length);

    expect(updateOf(records)).toEqual({ status: 'completed', summary: { global_step: 12030, total_flos: 2.3847568878600192e17 } });
  });

  it('emits the run first, then metrics records of at most 50,000 points, then the update', async () => {
    const { ctx, records, progress } = capture();
    await hfTrainerImporter.import(FIXTURE, ctx);
    expect(records[0]!.type).toBe('run');
    expect(records.at(-1)!.type).toBe('update');
    const metrics = records.slice(1, -1) as MetricsRecord[];
    expect(metrics.length).toBeGreaterThan(0);
    for (const m of metrics) {
      expect(m.type).toBe('metrics');
      expect(m.run).toBe(runOf(records).id);
      expect((m.body.series ?? []).reduce((n, s) => n + s.steps.length, 0)).toBeLessThanOrEqual(50_000);
    }
    const size = (await readFile(FIXTURE)).length;
    expect(progress.at(-1)).toEqual([size, size]);
  });

  it('is idempotent: a second import emits the same records', async () => {
    const a = capture();
    const b = capture();
    await hfTrainerImporter.import(FIXTURE, a.ctx);
    await hfTrainerImporter.import(FIXTURE, b.ctx);
    expect(b.records).toEqual(a.records);
  });

  it('puts the run into --project when given', async () => {
    const { ctx, records } = capture({ project: 'nlp' });
    await hfTrainerImporter.import(FIXTURE, ctx);
    expect(runOf(records).project).toBe('nlp');
  });
});

describe('hf importer on written files', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'runlens-hf-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const state = (globalStep: number, history: string, extra = '') =>
    `{\n "best_metric": null,\n "epoch": 1.0,\n "global_step": ${globalStep},\n "log_history": [\n${history}\n ],\n "logging_steps": 10,\n "max_steps": 100${extra}\n}\n`;

  it('reads bare NaN and Infinity literals as values, leaving strings alone', async () => {
    const out = join(dir, 'trl-run');
    await mkdir(out);
    await writeFile(
      join(out, 'trainer_state.json'),
      state(20, '  {"loss": NaN, "grad_norm": Infinity, "reward": -Infinity, "step": 10},\n  {"loss": 0.5, "grad_norm": 1.25, "reward": 2, "step": 20}', ',\n "trial_name": "NaN, Infinity"'),
    );
    const { ctx, records, warnings } = capture();
    await hfTrainerImporter.import(out, ctx);
    expect(warnings).toEqual([]);
    const s = seriesOf(records);
    expect(s.get('loss')).toEqual({ steps: [10, 20], values: ['NaN', 0.5] });
    expect(s.get('grad_norm')).toEqual({ steps: [10, 20], values: ['Infinity', 1.25] });
    expect(s.get('reward')).toEqual({ steps: [10, 20], values: ['-Infinity', 2] });
    expect(runOf(records).params).toMatchObject({ trial_name: 'NaN, Infinity', max_steps: 100, logging_steps: 10 });
    expect(runOf(records).name).toBe('trl-run');
    // 20 of 100 steps: training may still be going, so the status is left alone
    expect(updateOf(records)).toEqual({ summary: { global_step: 20 } });
  });

  it('picks the most advanced checkpoint, and all checkpoints import into one run', async () => {
    const out = join(dir, 'bert-base');
    for (const n of [50, 100, 7]) {
      await mkdir(join(out, `checkpoint-${n}`), { recursive: true });
      const history = Array.from({ length: n / 10 | 0 }, (_, i) => `{"loss": ${1 / (i + 1)}, "step": ${(i + 1) * 10}}`).join(',\n');
      await writeFile(join(out, `checkpoint-${n}`, 'trainer_state.json'), state(n, history));
    }
    const fromDir = capture();
    await hfTrainerImporter.import(out, fromDir.ctx);
    expect(seriesOf(fromDir.records).get('loss')!.steps).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    expect(updateOf(fromDir.records).status).toBe('completed');

    const fromCheckpoint = capture();
    await hfTrainerImporter.import(join(out, 'checkpoint-50', 'trainer_state.json'), fromCheckpoint.ctx);
    expect(runOf(fromCheckpoint.records).id).toBe(runOf(fromDir.records).id);
    expect(runOf(fromCheckpoint.records).name).toBe('bert-base');
    expect(seriesOf(fromCheckpoint.records).get('loss')!.steps).toHaveLength(5);
  });

  it('prefers the top-level state when it is at least as far as the last checkpoint', async () => {
    const out = join(dir, 'run');
    await mkdir(join(out, 'checkpoint-20'), { recursive: true });
    await writeFile(join(out, 'checkpoint-20', 'trainer_state.json'), state(20, '{"loss": 9, "step": 20}'));
    await writeFile(
      join(out, 'trainer_state.json'),
      state(30, '{"loss": 1, "step": 20},\n{"loss": 0.5, "step": 30},\n{"epoch": 3.0, "step": 30, "total_flos": 12.5, "train_loss": 0.7, "train_runtime": 61.5, "train_samples_per_second": 4.0}'),
    );
    const { ctx, records } = capture();
    await hfTrainerImporter.import(out, ctx);
    expect(seriesOf(records).get('loss')).toEqual({ steps: [20, 30], values: [1, 0.5] });
    // the summary entry is a result, not a point: its epoch and train_loss make no series points
    expect(seriesOf(records).has('train_loss')).toBe(false);
    expect(updateOf(records)).toEqual({
      status: 'completed',
      summary: { total_flos: 12.5, train_loss: 0.7, train_runtime: 61.5, train_samples_per_second: 4, global_step: 30 },
    });
  });

  it('takes params from training_args.json and the model config.json', async () => {
    const out = join(dir, 'run');
    await mkdir(out);
    await writeFile(join(out, 'trainer_state.json'), state(10, '{"loss": 1, "step": 10}'));
    await writeFile(join(out, 'training_args.json'), JSON.stringify({ learning_rate: 5e-5, seed: 42, logging_steps: 10, report_to: ['tensorboard'] }));
    await writeFile(join(out, 'config.json'), JSON.stringify({ model_type: 'bert', hidden_size: 768, id2label: { 0: 'neg', 1: 'pos' } }));
    const { ctx, records } = capture();
    await hfTrainerImporter.import(out, ctx);
    expect(runOf(records).params).toEqual({
      'model.model_type': 'bert',
      'model.hidden_size': 768,
      'model.id2label.0': 'neg',
      'model.id2label.1': 'pos',
      learning_rate: 5e-5,
      seed: 42,
      logging_steps: 10,
      'report_to.0': 'tensorboard',
      max_steps: 100,
    });
  });

  it('keeps eval entries that share a step, and warns about entries with a bad step', async () => {
    const file = join(dir, 'trainer_state.json');
    await writeFile(
      file,
      state(
        10,
        [
          '{"eval_a_loss": 1, "epoch": 0, "step": 0}',
          '{"eval_b_loss": 2, "epoch": 0, "step": 0}',
          '{"loss": 3, "step": -10}',
          '{"loss": 4, "step": 2.5}',
          '{"loss": 5}',
          '"not an entry"',
          '{"loss": 6, "step": 10, "note": "text is skipped"}',
        ].join(',\n'),
      ),
    );
    const { ctx, records, warnings } = capture();
    await hfTrainerImporter.import(file, ctx);
    const s = seriesOf(records);
    expect(s.get('eval_a_loss')).toEqual({ steps: [0], values: [1] });
    expect(s.get('eval_b_loss')).toEqual({ steps: [0], values: [2] });
    expect(s.get('epoch')).toEqual({ steps: [0], values: [0] });
    expect(s.get('loss')).toEqual({ steps: [10], values: [6] });
    expect(s.has('note')).toBe(false);
    expect(warnings).toEqual([
      `${file} (log_history[2]): step -10 is negative; skipped`,
      `${file} (log_history[3]): step 2.5 is not an integer; skipped`,
      `${file} (log_history[4]): no "step"; skipped`,
      `${file} (log_history[5]): not an object; skipped`,
    ]);
  });

  it('keeps what comes before the cut in a truncated file and says where it ends', async () => {
    const file = join(dir, 'trainer_state.json');
    const full = state(30, '{"loss": 3, "step": 10},\n{"loss": 2, "step": 20},\n{"loss": 1, "step": 30}');
    await writeFile(file, full.slice(0, full.indexOf('"step": 30') + 5));
    const { ctx, records, warnings } = capture();
    await hfTrainerImporter.import(file, ctx);
    expect(seriesOf(records).get('loss')).toEqual({ steps: [10, 20], values: [3, 2] });
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toBe(`${file}: the text ends inside a string at line 8, column 18 (truncated?); read 3 log_history entries before the cut`);
    // the cut-off entry has no step yet: it is reported like any other bad entry, and the run is not marked finished
    expect(warnings[1]).toBe(`${file} (log_history[2]): no "step"; skipped`);
    expect(updateOf(records).status).toBeUndefined();
  });

  it('refuses a 0-byte file, random bytes, other JSON, a missing path and a directory without state', async () => {
    const empty = join(dir, 'trainer_state.json');
    await writeFile(empty, '');
    await expect(hfTrainerImporter.import(empty, capture().ctx)).rejects.toThrow(`${empty} is empty (0 bytes)`);

    const rng = createSeededRandom(7);
    for (let trial = 0; trial < 20; trial++) {
      const file = join(dir, `random-${trial}.json`);
      const bytes = Buffer.alloc(1 + rng.int(4096));
      for (let i = 0; i < bytes.length; i++) bytes[i] = rng.int(256);
      if (trial % 2 === 0) bytes[0] = 0x7b; // '{': random bytes that start like JSON
      await writeFile(file, bytes);
      const { ctx, records } = capture();
      const err = await hfTrainerImporter.import(file, ctx).then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(RunlensError);
      expect((err as RunlensError).message).toContain(file);
      expect(records).toEqual([]);
    }

    const other = join(dir, 'other.json');
    await writeFile(other, '{"a": [1, 2]}');
    await expect(hfTrainerImporter.import(other, capture().ctx)).rejects.toThrow(`${other}: not a trainer_state.json (no "log_history" list)`);

    const bad = join(dir, 'bad.json');
    await writeFile(bad, '{\n  "log_history": [\n    {"loss": 1,, "step": 1}\n  ]\n}');
    await expect(hfTrainerImporter.import(bad, capture().ctx)).rejects.toThrow(`${bad}:3:16: not valid JSON (expected a quoted object key, found ',')`);

    await expect(hfTrainerImporter.import(join(dir, 'nope'), capture().ctx)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const emptyDir = join(dir, 'empty-dir');
    await mkdir(emptyDir);
    await expect(hfTrainerImporter.import(emptyDir, capture().ctx)).rejects.toThrow(`${emptyDir}: no trainer_state.json in it or in its checkpoint-*/ folders`);
  });
});
