import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSeededRandom, decodeValue, RunlensError, RunIdSchema, type IngestRecord, type RunRecord } from '@runlens/core';
import { loadExpectedFixtures, TFEVENTS_FIXTURES } from '../../../../../test/fixtures/tfevents/expected.js';
import { benchTensorboardImport } from '../../bench/tensorboard-import-bench.js';
import { writeTensorboardRun } from '../../export/tensorboard-writer.js';
import type { ImportContext } from '../importer.js';
import { DataClass, DataType, encodeEvent, HParamsPluginDataType } from './event-proto.js';
import { tensorboardImporter } from './tensorboard-importer.js';
import { frameTfRecords } from './tfrecord-frame.js';
import { readTfRecordsFromBuffer } from './tfrecord-reader.js';

interface Imported {
  records: IngestRecord[];
  warnings: string[];
  progress: [number, number][];
}

async function importPath(path: string, options: Partial<Pick<ImportContext, 'project'>> = {}): Promise<Imported> {
  const out: Imported = { records: [], warnings: [], progress: [] };
  await tensorboardImporter.import(path, {
    ...options,
    emit: async (r) => {
      out.records.push(r);
    },
    warn: (m) => out.warnings.push(m),
    progress: (done, total) => out.progress.push([done, total]),
  });
  return out;
}

const runs = (records: IngestRecord[]): RunRecord['run'][] => records.flatMap((r) => (r.type === 'run' ? [r.run] : []));

function runNamed(records: IngestRecord[], name: string): RunRecord['run'] {
  const run = runs(records).find((r) => r.name === name);
  if (!run) throw new Error(`no run ${name} in ${runs(records).map((r) => r.name).join(', ')}`);
  return run;
}

interface Points {
  steps: number[];
  values: number[];
  times: number[];
}

/** All points of a run by key, concatenated over its metrics records in emitted order. */
function seriesOf(records: IngestRecord[], runId: string): Map<string, Points> {
  const out = new Map<string, Points>();
  for (const r of records) {
    if (r.type !== 'metrics' || r.run !== runId) continue;
    for (const s of r.body.series ?? []) {
      const p = out.get(s.key) ?? { steps: [], values: [], times: [] };
      p.steps.push(...s.steps);
      p.values.push(...s.values.map((v) => decodeValue(v)!));
      p.times.push(...(s.times ?? []));
      out.set(s.key, p);
    }
  }
  return out;
}

const expectRelClose = (actual: number, expected: number): void => {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(expected)));
};

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'runlens-tb-import-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function freshDir(name: string): Promise<string> {
  const dir = join(tmp, name);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  return dir;
}

describe('real files: exactly the values in EXPECTED.md', async () => {
  const fixtures = loadExpectedFixtures();
  const all = await importPath(TFEVENTS_FIXTURES);

  it('imports every fixture directory as one run, with no warnings', () => {
    expect(all.warnings).toEqual([]);
    expect(runs(all.records).map((r) => r.name).sort()).toEqual(fixtures.map((f) => f.runDir).sort());
    for (const run of runs(all.records)) {
      expect(run.project).toBe(basename(TFEVENTS_FIXTURES));
      expect(RunIdSchema.safeParse(run.id).success).toBe(true);
    }
  });

  it('emits each run before any of its data', () => {
    const seen = new Set<string>();
    for (const r of all.records) {
      if (r.type === 'run') seen.add(r.run.id);
      else expect(seen.has(r.run)).toBe(true);
    }
  });

  it.each(fixtures.map((f) => [f.runDir, f] as const))('%s', (_, f) => {
    const run = runNamed(all.records, f.runDir);
    const series = seriesOf(all.records, run.id);
    expectRelClose(run.startTime!, f.wallTimeFirst * 1000);
    const update = all.records.find((r) => r.type === 'update' && r.run === run.id);
    expect(update?.type === 'update' && update.body.endTime).toBeCloseTo(f.wallTimeLast * 1000, 3);

    const scalarTags = f.tags.filter((t) => t.category.startsWith('scalar'));
    expect([...series.keys()].sort()).toEqual(scalarTags.map((t) => t.tag).sort());
    for (const t of scalarTags) {
      const s = series.get(t.tag)!;
      expect(s.steps).toHaveLength(t.count);
      expect(s.values).toHaveLength(t.count);
      expect(s.times).toHaveLength(t.count);
      expect(s.steps[0]).toBe(t.firstStep);
      expect(s.steps.at(-1)).toBe(t.lastStep);
      expectRelClose(s.values[0]!, t.first!);
      expectRelClose(s.values.at(-1)!, t.last!);
      expectRelClose(Math.min(...s.values), t.min!);
      expectRelClose(Math.max(...s.values), t.max!);
      for (const time of s.times) {
        expect(time).toBeGreaterThanOrEqual(f.wallTimeFirst * 1000 - 1e-3);
        expect(time).toBeLessThanOrEqual(f.wallTimeLast * 1000 + 1e-3);
      }
    }
    // metadata-only tags (hparams) are not data
    for (const t of f.tags.filter((x) => x.category.startsWith('metadata-only'))) expect(series.has(t.tag)).toBe(false);
    expect(all.records.some((r) => (r.type === 'histograms' || r.type === 'texts') && r.run === run.id)).toBe(false);
  });

  it('duplicate steps: every logged value is passed on in file order, so the store keeps the later write', async () => {
    const f = fixtures.find((x) => x.runDir.endsWith('duplicate_steps_run_1'))!;
    const run = runNamed(all.records, f.runDir);
    const file = readTfRecordsFromBuffer(await readFile(f.path));
    expect(file.records).toHaveLength(f.records);
    for (const t of f.tags) {
      const s = seriesOf(all.records, run.id).get(t.tag)!;
      // 0..99 then 90..199: 210 values (EXPECTED.md's count), steps 90-99 twice
      expect(s.steps).toEqual([...Array.from({ length: 100 }, (_, i) => i), ...Array.from({ length: 110 }, (_, i) => 90 + i)]);
      // what the store holds after "last value wins" for a (run, key, step)
      const kept = new Map<number, number>();
      s.steps.forEach((step, i) => kept.set(step, s.values[i]!));
      expect(kept.size).toBe(200);
      for (let step = 90; step < 100; step++) expect(kept.get(step)).toBe(s.values[100 + (step - 90)]);
      expect(kept.get(199)).toBe(s.values.at(-1));
    }
    expect(seriesOf(all.records, run.id).get('dup_steps/foo')!.values[100]).toBe(1.5210340023040771);
  });

  it('Lightning: params from hparams.yaml, with YAML types, not duplicated from the hparams plugin data', () => {
    const run = runNamed(all.records, 'lightning_ava_0fq.3/lightning_logs/version_0');
    expect(run.params).toEqual({
      compile_kwargs: null,
      compile_model: false,
      conv_arch: 'residual',
      decoder_type: 'upsample',
      'input_shape.0': 128,
      'input_shape.1': 64,
      invariance_loss: 'mse',
      invariance_stop_grad: 'none',
      invariance_warmup_epochs: 0,
      invariance_weight: 0,
      kl_beta: 1,
      kl_warmup_epochs: 0,
      learn_observation_scale: false,
      log_precision_max: null,
      log_precision_min: null,
      lr: 0.001,
      model_precision: 10,
      posterior_type: 'diag',
      save_dir: 'docs/runs/artifacts/autoencoded-vocal-analysis-0fq.3/training_run',
      z_dim: 32,
    });
    expect(run.host).toBe('home-mini.local');
  });

  it('Lightning without hparams.yaml: params come from the hparams plugin data', async () => {
    const f = fixtures.find((x) => x.runDir.startsWith('lightning'))!;
    const dir = await freshDir('lightning-no-yaml');
    await copyFile(f.path, join(dir, basename(f.path)));
    const { records } = await importPath(dir);
    const params = runs(records)[0]!.params!;
    expect(params).toMatchObject({ lr: 0.001, z_dim: 32, input_shape: '(128, 64)', log_precision_max: 'None', learn_observation_scale: 0 });
  });

  it('progress ends at the total number of bytes', () => {
    const total = fixtures.reduce((n, f) => n + f.bytes, 0);
    expect(all.progress.at(-1)).toEqual([total, total]);
  });

  it('importing twice yields identical records, with identical run ids', async () => {
    const again = await importPath(TFEVENTS_FIXTURES);
    expect(again.records).toEqual(all.records);
  });
});

describe('paths', () => {
  const strict = 'pytorch_summarywriter_tbreducer/strict_run_1';

  it('a single event file: the run is named after its directory', async () => {
    const f = loadExpectedFixtures().find((x) => x.runDir === strict)!;
    const { records } = await importPath(f.path);
    expect(runs(records).map((r) => [r.project, r.name])).toEqual([['strict_run_1', 'strict_run_1']]);
    expect(seriesOf(records, runs(records)[0]!.id).get('strict/foo')!.steps).toHaveLength(100);
  });

  it('the project can be chosen; run ids do not depend on it', async () => {
    const a = await importPath(join(TFEVENTS_FIXTURES, strict));
    const b = await importPath(join(TFEVENTS_FIXTURES, strict), { project: 'mine' });
    expect(runs(b.records)[0]!.project).toBe('mine');
    expect(runs(b.records)[0]!.id).toBe(runs(a.records)[0]!.id);
  });

  it.each([
    ['**/strict_*', [strict]],
    // run names are relative to the pattern's fixed prefix, which is the log directory
    ['pytorch_summarywriter_tbreducer/*_run_?', ['duplicate_steps_run_1', 'lax_run_2', 'strict_run_1']],
    ['**/events.out.tfevents.*.0', ['lightning_ava_0fq.3/lightning_logs/version_0', 'pytorch_summarywriter_tbreducer/duplicate_steps_run_1', strict]],
    ['lightning_*', ['lightning_ava_0fq.3/lightning_logs/version_0']],
  ])('glob %s', async (pattern, expected) => {
    const { records } = await importPath(`${TFEVENTS_FIXTURES}/${pattern}`);
    expect(runs(records).map((r) => r.name).sort()).toEqual(expected);
  });

  it('a glob matching nothing, a missing path and a directory with no event files are clear errors naming the path', async () => {
    const empty = await freshDir('no-events');
    await writeFile(join(empty, 'notes.txt'), 'not an event file');
    const cases = [`${TFEVENTS_FIXTURES}/**/nothing_*`, join(tmp, 'does-not-exist'), empty];
    for (const path of cases) {
      const error = await importPath(path).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(RunlensError);
      expect((error as RunlensError).code).toBe('NOT_FOUND');
      expect((error as RunlensError).message).toContain(path);
    }
  });
});

describe('bad input', () => {
  const lightning = (): string => loadExpectedFixtures().find((x) => x.runDir.startsWith('lightning'))!.path;

  it('a 0-byte file is reported by name and creates nothing; other runs still import', async () => {
    const root = await freshDir('zero');
    await mkdir(join(root, 'empty'));
    await writeFile(join(root, 'empty', 'events.out.tfevents.1.host.1.0'), new Uint8Array(0));
    await mkdir(join(root, 'good'));
    await copyFile(lightning(), join(root, 'good', basename(lightning())));
    const { records, warnings } = await importPath(root);
    expect(runs(records).map((r) => r.name)).toEqual(['good']);
    expect(warnings.some((w) => w.includes(join(root, 'empty', 'events.out.tfevents.1.host.1.0')) && w.includes('0 bytes'))).toBe(true);
  });

  it('an unreadable hparams.yaml is reported and the hparams plugin data used instead', async () => {
    const dir = await freshDir('bad-yaml');
    await copyFile(lightning(), join(dir, basename(lightning())));
    await writeFile(join(dir, 'hparams.yaml'), 'lr: [unclosed\n');
    const { records, warnings } = await importPath(dir);
    expect(warnings).toEqual([expect.stringContaining(`${join(dir, 'hparams.yaml')}: not valid YAML`)]);
    expect(runs(records)[0]!.params).toMatchObject({ lr: 0.001, z_dim: 32 });
  });

  it.each([
    ['25-byte (timestamp only)', { wall_time: 1_600_000_000.5 }, 25],
    ['40-byte (file_version)', { wall_time: 1_600_000_000.5, file_version: 'brain.Event:2' }, 40],
  ])('a header-only %s file creates the run with its start time and no data', async (_, event, size) => {
    const dir = await freshDir(`header-${size}`);
    const bytes = frameTfRecords([encodeEvent(event)]);
    expect(bytes.length).toBe(size);
    await writeFile(join(dir, 'events.out.tfevents.1600000000.host.1.0'), bytes);
    const { records, warnings } = await importPath(dir);
    expect(warnings).toEqual([]);
    expect(records.map((r) => r.type)).toEqual(['run', 'update']);
    expect(runs(records)[0]!.startTime).toBe(1_600_000_000_500);
  });

  it('random bytes: reported with file and offset, nothing created, no throw', async () => {
    const dir = await freshDir('random');
    const rng = createSeededRandom(5);
    const path = join(dir, 'events.out.tfevents.1.host.1.0');
    await writeFile(path, Uint8Array.from({ length: 5000 }, () => rng.int(256)));
    const { records, warnings } = await importPath(dir);
    expect(records).toEqual([]);
    expect(warnings[0]).toContain(`${path}: offset 0: corrupt record framing`);
    expect(warnings.at(-1)).toContain('no run created');
  });

  it('a bad CRC in the middle: warning with file and offset, every other point imported', async () => {
    const dir = await freshDir('bad-crc');
    const steps = Float64Array.from({ length: 100 }, (_, i) => i);
    const path = await writeTensorboardRun(dir, { name: 'x', startTime: 1_700_000_000_000 }, [
      { key: 'loss', steps, values: Float64Array.from(steps, (s) => 1 / (s + 1)), times: Float64Array.from(steps, (s) => 1_700_000_000_000 + s) },
    ]);
    const bytes = await readFile(path);
    const records = readTfRecordsFromBuffer(bytes).records;
    const victim = records[50]!;
    bytes[victim.offset + 14]! ^= 0xff;
    await writeFile(path, bytes);
    const { records: out, warnings } = await importPath(dir);
    expect(warnings).toEqual([expect.stringContaining(`${path}: offset ${victim.offset}: bad CRC`)]);
    const loss = seriesOf(out, runs(out)[0]!.id).get('loss')!;
    expect(loss.steps).toHaveLength(99);
    // the header is record 0, so record 50 holds step 49
    expect(loss.steps).toEqual([...steps].filter((s) => s !== 49));
  });

  it('truncated at every byte: no throw, every complete record kept once, the cut reported with its offset', async () => {
    const bytes = await readFile(lightning());
    const spans = readTfRecordsFromBuffer(bytes).records;
    const dir = await freshDir('truncated');
    const path = join(dir, basename(lightning()));
    for (let cut = 0; cut <= bytes.length; cut++) {
      await writeFile(path, bytes.subarray(0, cut));
      const { records, warnings } = await importPath(dir);
      const complete = spans.filter((r) => r.offset + r.data.length + 16 <= cut);
      const insideRecord = cut > 0 && cut < bytes.length && !spans.some((r) => r.offset === cut);
      if (cut === 0) expect(warnings).toEqual([expect.stringContaining('0 bytes'), expect.stringContaining('no run created')]);
      else if (insideRecord) expect(warnings[0]).toContain(`${path}: offset ${spans[complete.length]!.offset}: truncated record`);
      else expect(warnings).toEqual([]);
      // the first record holds only file_version; 14 scalar values follow one per record from record 5 on
      const run = runs(records)[0];
      const points = run ? [...seriesOf(records, run.id).values()] : [];
      const pairs = points.flatMap((p) => p.steps);
      const scalarRecords = complete.filter((_, i) => i === 1 || i >= 5).length;
      expect(pairs).toHaveLength(scalarRecords);
      expect(runs(records).length).toBe(complete.length > 0 ? 1 : 0);
    }
  });
});

describe('TF2-style files (tensor summaries, metadata on the first value only)', () => {
  it('imports tensor scalars, [k,3] histograms, text and hparams, and names what it skipped', async () => {
    const dir = await freshDir('tf2');
    const plugin = (name: string, dataClass = 0) => ({ plugin_data: { plugin_name: name, content: new Uint8Array(0) }, data_class: dataClass });
    const scalar = (step: number, v: number, withMeta: boolean) =>
      encodeEvent({
        wall_time: 1_650_000_000 + step,
        step,
        summary: {
          value: [
            {
              tag: 'epoch_loss',
              ...(withMeta ? { metadata: plugin('scalars', DataClass.SCALAR) } : {}),
              tensor: { dtype: DataType.DT_FLOAT, tensor_shape: { dim: [] }, tensor_content: new Uint8Array(Float32Array.of(v).buffer) },
            },
          ],
        },
      });
    const histogram = (step: number, withMeta: boolean) =>
      encodeEvent({
        wall_time: 1_650_000_000 + step,
        step,
        summary: {
          value: [
            {
              tag: 'dense/kernel_0',
              ...(withMeta ? { metadata: plugin('histograms') } : {}),
              tensor: { dtype: DataType.DT_DOUBLE, tensor_shape: { dim: [{ size: 2 }, { size: 3 }] }, double_val: [-1, 0, 2 + step, 0, 1, 3] },
            },
          ],
        },
      });
    const hparams = HParamsPluginDataType.encode(
      HParamsPluginDataType.fromObject({ session_start_info: { hparams: { lr: { number_value: 0.01 }, act: { string_value: 'relu' } } } }),
    ).finish();
    const file = frameTfRecords([
      encodeEvent({ wall_time: 1_650_000_000, file_version: 'brain.Event:2' }),
      encodeEvent({
        wall_time: 1_650_000_000,
        summary: { value: [{ tag: '_hparams_/session_start_info', metadata: { plugin_data: { plugin_name: 'hparams', content: hparams } } }] },
      }),
      scalar(0, 0.5, true),
      histogram(0, true),
      scalar(1, 0.25, false),
      histogram(1, false),
      encodeEvent({
        wall_time: 1_650_000_002,
        step: 1,
        summary: {
          value: [
            {
              tag: 'samples',
              metadata: plugin('text'),
              tensor: { dtype: DataType.DT_STRING, tensor_shape: { dim: [] }, string_val: [new TextEncoder().encode('the cat sat')] },
            },
            { tag: 'input', image: new Uint8Array([1, 2, 3]) },
          ],
        },
      }),
    ]);
    await writeFile(join(dir, 'events.out.tfevents.1650000000.host.7.0.v2'), file);
    const { records, warnings } = await importPath(dir);
    const run = runs(records)[0]!;
    expect(run.params).toEqual({ lr: 0.01, act: 'relu' });
    expect(run.host).toBe('host');
    expect(seriesOf(records, run.id).get('epoch_loss')).toEqual({ steps: [0, 1], values: [0.5, 0.25], times: [1_650_000_000_000, 1_650_000_001_000] });
    const histograms = records.flatMap((r) => (r.type === 'histograms' ? r.body.histograms : []));
    expect(histograms).toEqual([
      { key: 'dense/kernel_0', step: 0, time: 1_650_000_000_000, edges: [-1, 0, 1], counts: [2, 3] },
      { key: 'dense/kernel_0', step: 1, time: 1_650_000_001_000, edges: [-1, 0, 1], counts: [3, 3] },
    ]);
    const texts = records.flatMap((r) => (r.type === 'texts' ? r.body.texts : []));
    expect(texts).toEqual([{ key: 'samples', step: 1, time: 1_650_000_002_000, text: 'the cat sat' }]);
    expect(warnings).toEqual([`${basename(dir)}: not imported: 1 images`]);
  });
});

describe('large runs', () => {
  it('are cut into metrics records of at most 50,000 points, run record first', async () => {
    const dir = await freshDir('large');
    const n = 120_000;
    const steps = Float64Array.from({ length: n }, (_, i) => i);
    await writeTensorboardRun(dir, { name: 'large', params: { lr: 0.1 }, startTime: 1_700_000_000_000 }, [
      { key: 'loss', steps, values: Float64Array.from(steps, (s) => Math.sin(s)), times: Float64Array.from(steps, (s) => 1_700_000_000_000 + s) },
    ]);
    const { records } = await importPath(dir);
    expect(records.map((r) => r.type)).toEqual(['run', 'metrics', 'metrics', 'metrics', 'update']);
    const sizes = records.flatMap((r) => (r.type === 'metrics' ? [r.body.series!.reduce((k, s) => k + s.steps.length, 0)] : []));
    expect(sizes).toEqual([50_000, 50_000, 20_000]);
    expect(runs(records)[0]!.params).toEqual({ lr: 0.1 });
    const loss = seriesOf(records, runs(records)[0]!.id).get('loss')!;
    expect(loss.steps).toEqual([...steps]);
    expect(loss.values.every((v, i) => v === Math.fround(Math.sin(i)))).toBe(true);
  });
});

describe('hparams after the first batch', () => {
  it('arrive as an update of the run, after its data', async () => {
    const dir = await freshDir('late-hparams');
    const events = [encodeEvent({ wall_time: 1_700_000_000, file_version: 'brain.Event:2' })];
    for (let step = 0; step < 60_000; step++) {
      events.push(encodeEvent({ wall_time: 1_700_000_000 + step / 1000, step, summary: { value: [{ tag: 'loss', simple_value: step % 7 }] } }));
    }
    const content = HParamsPluginDataType.encode(
      HParamsPluginDataType.fromObject({ session_start_info: { hparams: { batch_size: { number_value: 64 } } } }),
    ).finish();
    events.push(
      encodeEvent({
        wall_time: 1_700_000_100,
        summary: { value: [{ tag: '_hparams_/session_start_info', metadata: { plugin_data: { plugin_name: 'hparams', content } } }] },
      }),
    );
    await writeFile(join(dir, 'events.out.tfevents.1700000000.host.1.0'), frameTfRecords(events));
    const { records } = await importPath(dir);
    expect(records.map((r) => r.type)).toEqual(['run', 'metrics', 'metrics', 'update']);
    expect(runs(records)[0]!.params).toEqual({});
    expect(records.at(-1)).toEqual({
      type: 'update',
      run: runs(records)[0]!.id,
      body: { params: { batch_size: 64 }, endTime: 1_700_000_100_000 },
    });
  });
});

describe('benchTensorboardImport', () => {
  it('generates a log directory, imports it and reports a rate (smoke test; the figure itself is for npm run bench)', async () => {
    const result = await benchTensorboardImport({ runs: 2, steps: 200, repeats: 1 });
    expect(result.bytes).toBeGreaterThan(2 * 200 * 8 * 40);
    expect(result.samples).toHaveLength(1);
    expect(result.mbPerSecond).toBe(result.samples[0]);
    expect(result.mbPerSecond).toBeGreaterThan(0);
  });
});

describe('runs from nested directories', () => {
  it('name each run by its path relative to the log directory and keep their files in order', async () => {
    const root = await freshDir('nested');
    for (const [sub, secs] of [
      ['a/train', 1_700_000_000],
      ['a/train', 1_700_000_100],
      ['b', 1_700_000_050],
    ] as const) {
      const steps = Float64Array.of(secs - 1_700_000_000);
      await writeTensorboardRun(join(root, sub), { name: sub, startTime: secs * 1000 }, [
        { key: 'x', steps, values: Float64Array.of(secs), times: Float64Array.of(secs * 1000) },
      ]);
    }
    const { records } = await importPath(root);
    expect(runs(records).map((r) => [r.name, r.project])).toEqual([
      ['a/train', 'nested'],
      ['b', 'nested'],
    ]);
    const train = runNamed(records, 'a/train');
    expect(train.startTime).toBe(1_700_000_000_000);
    expect(seriesOf(records, train.id).get('x')!.steps).toEqual([0, 100]);
  });
});
