import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PluginRegistry, RunlensError, createSeededRandom, defaultGroup, type MetricsRecord } from '@runlens/core';
import { csvRow } from '../../cli/format.js';
import { importRunId } from '../importer.js';
import { csvImporter } from './csv-importer.js';
import { capture, runs, updates, seriesOf } from '../../../../../test/helpers/import-records.js';

/** Points per key of one run, merged over its metrics records. */

describe('csv importer', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'runlens-csv-'));
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
    registry.register(csvImporter);
    expect(registry.require('importer', 'csv')).toBe(csvImporter);
  });

  it('imports the long layout exactly, with non-finite values, quoted keys and ms or ISO times', async () => {
    const path = await write(
      'series.csv',
      'run,key,step,value,time\n' +
        'a,loss,0,1.5,1700000000000\n' +
        'a,loss,1,NaN,1700000001000\n' +
        'b,"acc, top-1",0,0.5,2023-11-14T22:13:20Z\n' +
        'a,loss,2,-Infinity,1700000002000\n' +
        'b,"acc, top-1",1,inf,\n',
    );
    const { ctx, records, warnings } = capture();
    await csvImporter.import(path, ctx);
    expect(warnings).toEqual([]);
    const a = importRunId(1700000000000, 'csv', path, 'a');
    const b = importRunId(1700000000000, 'csv', path, 'b');
    expect(a).not.toBe(b);
    expect(records).toEqual([
      { type: 'run', run: { id: a, project: 'series', name: 'a', startTime: 1700000000000 } },
      { type: 'run', run: { id: b, project: 'series', name: 'b', startTime: 1700000000000 } },
      { type: 'metrics', run: a, body: { series: [{ key: 'loss', steps: [0, 1, 2], values: [1.5, 'NaN', '-Infinity'], times: [1700000000000, 1700000001000, 1700000002000] }] } },
      { type: 'update', run: a, body: { status: 'completed', endTime: 1700000002000 } },
      {
        type: 'metrics',
        run: b,
        body: {
          series: [
            { key: 'acc, top-1', steps: [0], values: [0.5], times: [1700000000000] },
            { key: 'acc, top-1', steps: [1], values: ['Infinity'] },
          ],
        },
      },
      { type: 'update', run: b, body: { status: 'completed', endTime: 1700000000000 } },
    ]);
  });

  it('round-trips the output of `runlens export --what series`', async () => {
    const ids = ['01HF7YAT00GN3921ZXCKP7X2CM', '01HF7YAT00ABCDEFGHJKMNPQRS'];
    const original = new Map<string, { key: string; steps: number[]; values: number[]; times: number[] }[]>([
      [ids[0]!, [{ key: 'loss', steps: [0, 10, 20], values: [2.5, NaN, 1e-7], times: [1700000000000, 1700000000500, 1700000001000] }, { key: 'val/acc', steps: [10], values: [Infinity], times: [1700000000600] }]],
      [ids[1]!, [{ key: 'loss', steps: [5], values: [-Infinity], times: [1700000002000] }]],
    ]);
    let text = 'run,key,step,value,time\n';
    for (const [run, series] of original) {
      for (const s of series) for (let i = 0; i < s.steps.length; i++) text += csvRow([run, s.key, s.steps[i]!, s.values[i]!, s.times[i]!]) + '\n';
    }
    const path = await write('export.csv', text);
    const { ctx, records, warnings } = capture({ project: 'restored' });
    await csvImporter.import(path, ctx);
    expect(warnings).toEqual([]);
    expect(runs(records).map((r) => [r.name, r.project])).toEqual(ids.map((id) => [id, 'restored']));
    for (const r of runs(records)) {
      const want = original.get(r.name!)!;
      const got = seriesOf(records, r.id);
      expect(Object.keys(got).sort()).toEqual(want.map((s) => s.key).sort());
      for (const s of want) {
        expect(got[s.key]!.steps).toEqual(s.steps);
        expect(got[s.key]!.values).toEqual(s.values.map((v) => (Number.isFinite(v) ? v : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity')));
      }
    }
  });

  it('imports the wide layout: one series per column, empty cells skipped, one run named after the file', async () => {
    const path = await write('metrics.csv', 'epoch,step,train_loss,val_loss\n0,49,0.9,\n0,99,0.8,\n0,99,,0.85\n1,149,0.7,\n');
    const { ctx, records, warnings } = capture();
    await csvImporter.import(path, ctx);
    expect(warnings).toEqual([]);
    const [run] = runs(records);
    expect(run).toEqual({ id: importRunId(0, 'csv', path, 'metrics'), project: 'metrics', name: 'metrics' });
    expect(seriesOf(records, run!.id)).toEqual({
      epoch: { steps: [49, 99, 99, 149], values: [0, 0, 0, 1] },
      train_loss: { steps: [49, 99, 149], values: [0.9, 0.8, 0.7] },
      val_loss: { steps: [99], values: [0.85] },
    });
    expect(updates(records).map((u) => u.body)).toEqual([{ status: 'completed' }]);
  });

  it('splits a wide file by its run column, uses row order without a step column, and reports text columns once', async () => {
    const byRun = await write('sweep.csv', 'name,step,loss\nx,0,1\ny,0,2\nx,1,0.5\n');
    const a = capture();
    await csvImporter.import(byRun, a.ctx);
    expect(runs(a.records).map((r) => r.name)).toEqual(['x', 'y']);
    expect(seriesOf(a.records, runs(a.records)[0]!.id).loss).toEqual({ steps: [0, 1], values: [1, 0.5] });

    const noStep = await write('nostep.csv', 'loss,note\n1,hello\n0.5,world\n0.25,again\n');
    const b = capture();
    await csvImporter.import(noStep, b.ctx);
    expect(seriesOf(b.records, runs(b.records)[0]!.id)).toEqual({ loss: { steps: [0, 1, 2], values: [1, 0.5, 0.25] } });
    expect(b.warnings).toEqual([
      `${noStep}: no "step" column; each run's row order is used as the step`,
      `${noStep}:2: column "note" holds "hello", not a number; such cells are skipped`,
      `${noStep}: column "note" held 3 cells that are not numbers; they were skipped`,
    ]);
  });

  it('imports an Optuna trials_dataframe() CSV as one run per trial with params, summary and status', async () => {
    const header = ['', 'number', 'value', 'datetime_start', 'datetime_complete', 'duration', 'params_layers', 'params_lr', 'params_optimizer', 'user_attrs_acc', 'user_attrs_tag', 'system_attrs_fail_reason', 'state'];
    const rows = [
      [0, 0, 0.25, '2023-01-01 12:00:00.123456', '2023-01-01 12:00:05.000000', '0 days 00:00:04.876544', 3, 0.001, 'adam', 0.9, 'good', '', 'COMPLETE'],
      [1, 1, '', '2023-01-01 12:00:06', '2023-01-01 12:00:07', '0 days 00:00:01', '', 0.1, 'sgd', '', '', 'ValueError: loss is nan, stopping', 'FAIL'],
      [2, 2, '', '2023-01-01 12:00:08', '', '', 2, 0.01, 'adam', '', '', '', 'PRUNED'],
    ];
    const path = await write('study.csv', [header, ...rows].map((r) => csvRow(r)).join('\n') + '\n');
    const { ctx, records, warnings } = capture();
    await csvImporter.import(path, ctx);
    expect(warnings).toEqual([]);
    expect(records.some((r) => r.type === 'metrics')).toBe(false);
    const t0 = Date.UTC(2023, 0, 1, 12, 0, 0, 123);
    const t1 = Date.UTC(2023, 0, 1, 12, 0, 6);
    const t2 = Date.UTC(2023, 0, 1, 12, 0, 8);
    const hyper0 = { layers: 3, lr: 0.001, optimizer: 'adam' };
    expect(records).toEqual([
      { type: 'run', run: { id: importRunId(t0, 'csv', path, 'trial-0'), project: 'study', name: 'trial-0', group: defaultGroup(hyper0), params: { ...hyper0, 'user_attrs.tag': 'good' }, startTime: t0 } },
      { type: 'update', run: importRunId(t0, 'csv', path, 'trial-0'), body: { status: 'completed', endTime: Date.UTC(2023, 0, 1, 12, 0, 5), summary: { value: 0.25, user_attrs_acc: 0.9 } } },
      { type: 'run', run: { id: importRunId(t1, 'csv', path, 'trial-1'), project: 'study', name: 'trial-1', group: defaultGroup({ lr: 0.1, optimizer: 'sgd' }), params: { lr: 0.1, optimizer: 'sgd' }, startTime: t1 } },
      { type: 'update', run: importRunId(t1, 'csv', path, 'trial-1'), body: { status: 'failed', endTime: Date.UTC(2023, 0, 1, 12, 0, 7), error: 'ValueError: loss is nan, stopping' } },
      { type: 'run', run: { id: importRunId(t2, 'csv', path, 'trial-2'), project: 'study', name: 'trial-2', group: defaultGroup({ layers: 2, lr: 0.01, optimizer: 'adam' }), params: { layers: 2, lr: 0.01, optimizer: 'adam' }, startTime: t2 } },
      { type: 'update', run: importRunId(t2, 'csv', path, 'trial-2'), body: { status: 'killed' } },
    ]);
  });

  it('reads multi-objective Optuna values and old TrialState names', async () => {
    const path = await write('mo.csv', 'number,values_0,values_1,params_x,state\n0,1.5,-inf,0.5,TrialState.COMPLETE\n1,,,0.7,TrialState.RUNNING\n');
    const { ctx, records } = capture();
    await csvImporter.import(path, ctx);
    expect(updates(records).map((u) => u.body)).toEqual([{ status: 'completed', summary: { values_0: 1.5, values_1: '-Infinity' } }, { status: 'running' }]);
  });

  it('keeps quoted fields with commas, quotes and newlines, and unicode', async () => {
    const path = await write('unicode.csv', 'run,key,step,value\n"run, ""quoted""\nsecond line",loss/学习,0,1\n"ünïcødé 🚀",loss/学习,3,2\n');
    const { ctx, records, warnings } = capture();
    await csvImporter.import(path, ctx);
    expect(warnings).toEqual([]);
    // a newline cannot be part of a run name, so it becomes a space
    expect(runs(records).map((r) => r.name)).toEqual(['run, "quoted" second line', 'ünïcødé 🚀']);
    expect(seriesOf(records, runs(records)[1]!.id)).toEqual({ 'loss/学习': { steps: [3], values: [2] } });
  });

  it('reads tab-separated files', async () => {
    const path = await write('tabs.tsv', 'step\tloss\n0\t1.5\n1\t1.25\n');
    const { ctx, records } = capture();
    await csvImporter.import(path, ctx);
    expect(seriesOf(records, runs(records)[0]!.id)).toEqual({ loss: { steps: [0, 1], values: [1.5, 1.25] } });
  });

  it('keeps the rows before a truncated last line and names the line of every bad row', async () => {
    const path = await write('cut.csv', 'run,key,step,value\na,loss,0,1\na,loss,-1,2\na,loss,1.5,2\na,loss,2,abc\na,,3,1\na,loss,4,1,extra\na,loss,5,0.5\na,lo');
    const { ctx, records, warnings } = capture();
    await csvImporter.import(path, ctx);
    expect(seriesOf(records, runs(records)[0]!.id)).toEqual({ loss: { steps: [0, 5], values: [1, 0.5] } });
    expect(warnings).toEqual([
      `${path}:3: step -1 is negative; skipped`,
      `${path}:4: step 1.5 is not an integer; skipped`,
      `${path}:5: value "abc" is not a number; skipped`,
      `${path}:6: no key; skipped`,
      `${path}:7: 5 fields where the header has 4; skipped`,
      `${path}:9: 2 fields where the header has 4; skipped`,
    ]);
  });

  it('reports a quote left open at the end and keeps the rows before it', async () => {
    const path = await write('quote.csv', 'run,key,step,value\na,loss,0,1\na,"loss,1,2\n');
    const { ctx, records, warnings } = capture();
    await csvImporter.import(path, ctx);
    expect(seriesOf(records, runs(records)[0]!.id)).toEqual({ loss: { steps: [0], values: [1] } });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(new RegExp(`^${path.replace(/[.]/g, '\\.')}:\\d+: Quote Not Closed.*; skipped$`));
  });

  it('is idempotent and reports progress in bytes', async () => {
    const path = await write('twice.csv', 'run,key,step,value,time\na,loss,0,1,1700000000000\nb,loss,0,2,1700000005000\n');
    const first = capture();
    const second = capture();
    await csvImporter.import(path, first.ctx);
    await csvImporter.import(path, second.ctx);
    expect(second.records).toEqual(first.records);
    const size = (await stat(path)).size;
    expect(first.progress.at(-1)).toEqual([size, size]);
  });

  it('batches a long file into records of at most 50,000 points', async () => {
    const lines = ['step,loss'];
    for (let i = 0; i < 60_001; i++) lines.push(`${i},${i / 3}`);
    const path = await write('long.csv', lines.join('\n') + '\n');
    const { ctx, records } = capture();
    await csvImporter.import(path, ctx);
    const sizes = records.filter((r): r is MetricsRecord => r.type === 'metrics').map((r) => r.body.series!.reduce((n, s) => n + s.steps.length, 0));
    expect(sizes).toEqual([50_000, 10_001]);
  });

  it('refuses a 0-byte file, a header without rows, a missing file and a directory, naming them', async () => {
    const empty = await write('empty.csv', '');
    await expect(csvImporter.import(empty, capture().ctx)).rejects.toThrow(`${empty} is empty (0 bytes); expected a CSV file`);
    const headerOnly = await write('header.csv', 'run,key,step,value\n');
    await expect(csvImporter.import(headerOnly, capture().ctx)).rejects.toThrow(`${headerOnly}: no data found (0 rows under the header "run", "key", "step", "value")`);
    await expect(csvImporter.import(join(dir, 'missing.csv'), capture().ctx)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(csvImporter.import(dir, capture().ctx)).rejects.toThrow(`${dir} is a directory; expected a CSV file`);
  });

  it('never crashes on random bytes: a clear RunlensError, or whatever numbers it holds', async () => {
    const rng = createSeededRandom(99);
    for (let trial = 0; trial < 30; trial++) {
      const n = 1 + rng.int(20_000);
      const bytes = Buffer.alloc(n);
      // half binary, half printable text with CSV punctuation, which gets past the binary check
      const alphabet = ' ,"\n\r;\tab1.-e9';
      for (let i = 0; i < n; i++) bytes[i] = trial % 2 === 0 ? rng.int(256) : alphabet.charCodeAt(rng.int(alphabet.length));
      const path = await write(`random-${trial}.csv`, bytes);
      const { ctx, records } = capture();
      const err = await csvImporter.import(path, ctx).then(() => undefined, (e: unknown) => e);
      if (err !== undefined) {
        expect(err).toBeInstanceOf(RunlensError);
        expect((err as Error).message).toContain(path);
      }
      if (trial % 2 === 0) expect(records).toEqual([]);
    }
  });
});
