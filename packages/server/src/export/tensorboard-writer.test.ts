import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSeededRandom, decodeValue, type IngestRecord } from '@runlens/core';
import { decodeEvent, int64ToNumber } from '../import/tensorboard/event-proto.js';
import { tensorboardImporter } from '../import/tensorboard/tensorboard-importer.js';
import { readTfRecordsFromBuffer } from '../import/tensorboard/tfrecord-reader.js';
import { writeTensorboardRun, type TensorboardHistogramInput, type TensorboardSeriesInput } from './tensorboard-writer.js';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'runlens-tb-export-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function importDir(dir: string): Promise<{ records: IngestRecord[]; warnings: string[] }> {
  const records: IngestRecord[] = [];
  const warnings: string[] = [];
  await tensorboardImporter.import(dir, { emit: async (r) => void records.push(r), warn: (m) => warnings.push(m), progress: () => {} });
  return { records, warnings };
}

const START = Date.UTC(2025, 4, 1, 12, 0, 0, 250);

describe('writeTensorboardRun', () => {
  const rng = createSeededRandom(11);
  const n = 500;
  const steps = Float64Array.from({ length: n }, (_, i) => i * 10);
  const times = Float64Array.from(steps, (s) => START + s * 123.456);
  const loss = Float64Array.from(steps, () => rng.normal() * 1e3);
  // the values a diverging run really logs, zero included (a proto3 encoder would drop it)
  const special = Float64Array.of(0, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e-45, 3.4e38, 1e39, -1.5);
  const series: TensorboardSeriesInput[] = [
    { key: 'train/loss', steps, values: loss, times },
    { key: 'edge/values', steps: Float64Array.from(special, (_, i) => i), values: special, times: Float64Array.from(special, (_, i) => START + i) },
    { key: 'big/step', steps: Float64Array.of(2 ** 40, 2 ** 53 - 1), values: Float64Array.of(1, 2), times: Float64Array.of(START, START + 1) },
  ];
  const histograms: TensorboardHistogramInput[] = [
    { key: 'weights/w0', step: 0, time: START, edges: [-1, -0.25, 0.5, 2], counts: [3, 10, 4] },
    { key: 'weights/w0', step: 100, time: START + 5000, edges: [0, 1], counts: [7] },
  ];
  const params = { lr: 3e-4, optimizer: { name: 'adamw', betas: [0.9, 0.95] }, amp: true, tag: null, note: 'ünïcode ✓' };

  it('writes one events.out.tfevents.<secs>.<host>.runlens file starting with the brain.Event:2 header', async () => {
    const dir = join(tmp, 'header');
    const path = await writeTensorboardRun(dir, { name: 'r', startTime: START }, series);
    expect(await readdir(dir)).toEqual([basename(path)]);
    expect(basename(path)).toMatch(new RegExp(`^events\\.out\\.tfevents\\.${Math.floor(START / 1000)}\\..+\\.runlens$`));
    const { records, problems } = readTfRecordsFromBuffer(await readFile(path));
    expect(problems).toEqual([]);
    const header = decodeEvent(records[0]!.data);
    expect(header.file_version).toBe('brain.Event:2');
    expect(header.wall_time).toBe(START / 1000);
    const first = decodeEvent(records[1]!.data);
    expect(int64ToNumber(first.step)).toBe(0);
    expect(first.summary!.value[0]).toMatchObject({ tag: 'train/loss', simple_value: Math.fround(loss[0]!) });
  });

  it('round trip: importing the written file gives back every point (float32 values), histogram and param', async () => {
    const dir = join(tmp, 'round-trip', 'my-run');
    await writeTensorboardRun(dir, { name: 'my-run', params, startTime: START }, series, histograms);
    const { records, warnings } = await importDir(dir);
    expect(warnings).toEqual([]);
    const run = records.find((r) => r.type === 'run');
    expect(run?.type === 'run' && run.run).toMatchObject({
      name: 'my-run',
      startTime: START,
      params: { lr: 3e-4, 'optimizer.name': 'adamw', 'optimizer.betas.0': 0.9, 'optimizer.betas.1': 0.95, amp: true, tag: null, note: 'ünïcode ✓' },
    });
    const got = new Map<string, { steps: number[]; values: number[]; times: number[] }>();
    for (const r of records) {
      if (r.type !== 'metrics') continue;
      for (const s of r.body.series ?? []) {
        const g = got.get(s.key) ?? { steps: [], values: [], times: [] };
        g.steps.push(...s.steps);
        g.values.push(...s.values.map((v) => decodeValue(v)!));
        g.times.push(...s.times!);
        got.set(s.key, g);
      }
    }
    expect([...got.keys()]).toEqual(series.map((s) => s.key));
    for (const s of series) {
      const g = got.get(s.key)!;
      expect(g.steps).toEqual([...s.steps]);
      expect(g.values).toEqual([...s.values].map((v) => Math.fround(v)));
      // ms → seconds (a double) → ms again: equal to well under a microsecond
      g.times.forEach((t, i) => expect(Math.abs(t - s.times[i]!)).toBeLessThan(1e-3));
    }
    const hs = records.flatMap((r) => (r.type === 'histograms' ? r.body.histograms : []));
    expect(hs).toEqual(histograms.map((h) => ({ key: h.key, step: h.step, time: h.time, edges: h.edges, counts: h.counts })));
  });

  it('exporting again replaces the file, and re-importing gives identical records', async () => {
    const dir = join(tmp, 'again');
    const first = await writeTensorboardRun(dir, { name: 'a', params, startTime: START }, series, histograms);
    const once = await importDir(dir);
    const second = await writeTensorboardRun(dir, { name: 'a', params, startTime: START }, series, histograms);
    expect(second).toBe(first);
    expect(await readdir(dir)).toHaveLength(1);
    expect((await importDir(dir)).records).toEqual(once.records);
  });

  it('an empty run is just the header: a valid 40-odd-byte file', async () => {
    const path = await writeTensorboardRun(join(tmp, 'empty'), { name: 'e', startTime: START }, []);
    const bytes = await readFile(path);
    const { records, problems } = readTfRecordsFromBuffer(bytes);
    expect(problems).toEqual([]);
    expect(records).toHaveLength(1);
    expect(bytes.length).toBeLessThan(64);
  });
});
