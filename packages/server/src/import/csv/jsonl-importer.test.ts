import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PluginRegistry, RunlensError, createSeededRandom } from '@runlens/core';
import { importRunId } from '../importer.js';
import { jsonlImporter } from './jsonl-importer.js';
import { capture, runs, seriesOf } from '../../../../../test/helpers/import-records.js';

describe('jsonl importer', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'runlens-jsonl-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const write = async (name: string, content: string | Buffer) => {
    const path = join(dir, name);
    await writeFile(path, content);
    return path;
  };

  it('registers as an importer plugin', () => {
    const registry = new PluginRegistry();
    registry.register(jsonlImporter);
    expect(registry.require('importer', 'jsonl')).toBe(jsonlImporter);
  });

  it('imports long and wide lines exactly, with NaN literals and non-finite strings', async () => {
    const path = await write(
      'log.jsonl',
      [
        '{"run": "a", "key": "loss", "step": 0, "value": 1.5, "time": 1700000000000}',
        '{"run": "a", "key": "loss", "step": 1, "value": NaN, "time": 1700000001000}',
        '{"run": "a", "step": 2, "loss": "-inf", "acc": 0.5, "time": 1700000002000}',
        '',
        '{"run": "b", "step": 0, "loss": Infinity, "acc": "nan"}',
      ].join('\n') + '\n',
    );
    const { ctx, records, warnings } = capture();
    await jsonlImporter.import(path, ctx);
    expect(warnings).toEqual([]);
    const a = importRunId(1700000000000, 'jsonl', path, 'a');
    const b = importRunId(0, 'jsonl', path, 'b');
    expect(records).toEqual([
      { type: 'run', run: { id: a, project: 'log', name: 'a', startTime: 1700000000000 } },
      { type: 'run', run: { id: b, project: 'log', name: 'b' } },
      {
        type: 'metrics',
        run: a,
        body: {
          series: [
            { key: 'loss', steps: [0, 1, 2], values: [1.5, 'NaN', '-Infinity'], times: [1700000000000, 1700000001000, 1700000002000] },
            { key: 'acc', steps: [2], values: [0.5], times: [1700000002000] },
          ],
        },
      },
      { type: 'update', run: a, body: { status: 'completed', endTime: 1700000002000 } },
      { type: 'metrics', run: b, body: { series: [{ key: 'loss', steps: [0], values: ['Infinity'] }, { key: 'acc', steps: [0], values: ['NaN'] }] } },
      { type: 'update', run: b, body: { status: 'completed' } },
    ]);
  });

  it('reports bad lines with their number and goes on, including a truncated last line', async () => {
    const path = await write(
      'bad.jsonl',
      [
        '{"step": 0, "loss": 1, "lr": 0.1}',
        '{"step": 1, "loss": 0.9,, "lr": 0.1}',
        '[1, 2, 3]',
        '{"step": -1, "loss": 0.8}',
        '{"step": 2, "loss": 0.7, "phase": "train"}',
        '{"step": 3, "loss": 0.6, "phase": "eval"}',
        '{"key": 5, "value": 1, "step": 4}',
        '{"key": "loss", "value": "x", "step": 5}',
        '{"step": 6, "loss": 0.5, "lr": 0.0',
      ].join('\n'),
    );
    const { ctx, records, warnings } = capture();
    await jsonlImporter.import(path, ctx);
    expect(seriesOf(records, runs(records)[0]!.id)).toEqual({
      loss: { steps: [0, 2, 3], values: [1, 0.7, 0.6] },
      lr: { steps: [0], values: [0.1] },
    });
    expect(warnings).toEqual([
      `${path}:2: not valid JSON (expected a quoted object key, found ',' at column 25); skipped`,
      `${path}:3: not a JSON object; skipped`,
      `${path}:4: step -1 is negative; skipped`,
      `${path}:5: "phase" is "train", not a number; such values are skipped`,
      `${path}:7: "key" is not a non-empty string; skipped`,
      `${path}:8: value "x" is not a number; skipped`,
      `${path}:9: not valid JSON (the text ends before the JSON value is complete at column 35; the file ends here, cut off?); skipped`,
    ]);
  });

  it('uses the order within each run when lines have no step, and --project when given', async () => {
    const path = await write('nostep.jsonl', '{"name": "x", "loss": 3}\n{"name": "y", "loss": 30}\n{"name": "x", "loss": 2}\n');
    const { ctx, records, warnings } = capture({ project: 'p' });
    await jsonlImporter.import(path, ctx);
    expect(runs(records).map((r) => [r.project, r.name])).toEqual([['p', 'x'], ['p', 'y']]);
    expect(seriesOf(records, runs(records)[0]!.id)).toEqual({ loss: { steps: [0, 1], values: [3, 2] } });
    expect(warnings).toEqual([`${path}: some lines have no "step"; their order within the run is used as the step`]);
  });

  it('is idempotent and reports progress in bytes', async () => {
    const path = await write('twice.jsonl', '{"run": "r", "step": 0, "loss": 1, "time": "2023-11-14T22:13:20Z"}\n');
    const first = capture();
    const second = capture();
    await jsonlImporter.import(path, first.ctx);
    await jsonlImporter.import(path, second.ctx);
    expect(second.records).toEqual(first.records);
    expect(runs(first.records)[0]!.startTime).toBe(1700000000000);
    const size = (await stat(path)).size;
    expect(first.progress.at(-1)).toEqual([size, size]);
  });

  it('points a runlens offline file to `runlens sync`', async () => {
    const path = await write('offline.jsonl', '{"type": "run", "run": {"id": "01HF7YAT00GN3921ZXCKP7X2CM", "project": "p"}}\n');
    await expect(jsonlImporter.import(path, capture().ctx)).rejects.toThrow(`upload it with \`runlens sync ${path}\``);
  });

  it('refuses a 0-byte file, a file without points, and random bytes with a clear message', async () => {
    const empty = await write('empty.jsonl', '');
    await expect(jsonlImporter.import(empty, capture().ctx)).rejects.toThrow(`${empty} is empty (0 bytes); expected a JSON Lines file`);
    const nothing = await write('nothing.jsonl', '{"note": "hello"}\n"text"\n');
    await expect(jsonlImporter.import(nothing, capture().ctx)).rejects.toThrow(`${nothing}: no data found (1 JSON object with no usable metric points)`);

    const rng = createSeededRandom(17);
    for (let trial = 0; trial < 30; trial++) {
      const n = 1 + rng.int(10_000);
      const bytes = Buffer.alloc(n);
      const alphabet = '{}[]":,\n 0123456789.-eNaIfty"stepvalu';
      for (let i = 0; i < n; i++) bytes[i] = trial % 2 === 0 ? rng.int(256) : alphabet.charCodeAt(rng.int(alphabet.length));
      const path = await write(`random-${trial}.jsonl`, bytes);
      const { ctx, warnings } = capture();
      const err = await jsonlImporter.import(path, ctx).then(() => undefined, (e: unknown) => e);
      if (err !== undefined) {
        expect(err).toBeInstanceOf(RunlensError);
        expect((err as Error).message).toContain(path);
      }
      expect(warnings.length).toBeLessThanOrEqual(22);
    }
  });
});
