import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PluginRegistry, RunlensError, createSeededRandom, defaultGroup, type IngestRecord, type MetricsRecord } from '@runlens/core';
import { importRunId } from '../importer.js';
import { mlflowImporter } from './mlflow-importer.js';
import { fileUriToPath } from './mlflow-meta.js';
import { capture, runs, updates } from '../../../../../test/helpers/import-records.js';

/** Points per run and key, over all metrics records, in emitted order. */
function seriesOf(records: IngestRecord[], run: string): Record<string, { steps: number[]; values: unknown[]; times?: number[] }> {
  const out: Record<string, { steps: number[]; values: unknown[]; times?: number[] }> = {};
  for (const r of records) {
    if (r.type !== 'metrics' || r.run !== run) continue;
    for (const s of r.body.series ?? []) {
      const o = (out[s.key] ??= { steps: [], values: [] });
      o.steps.push(...s.steps);
      o.values.push(...s.values);
      if (s.times) (o.times ??= []).push(...s.times);
    }
  }
  return out;
}

async function writeTree(root: string, files: Record<string, string | Buffer>): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, rel)), { recursive: true });
    await writeFile(join(root, rel), content);
  }
}

const experimentYaml = (id: string, name: string, stage = 'active') =>
  `artifact_location: file:///tmp/mlruns/${id}\ncreation_time: 1700000000000\nexperiment_id: '${id}'\nlast_update_time: 1700000000000\nlifecycle_stage: ${stage}\nname: ${name}\n`;

/** A run's meta.yaml as MLflow 2.x writes it. */
const runYaml2 = (id: string, o: { name?: string; status?: number | string; start?: number; end?: number | null; stage?: string; uri?: string } = {}) =>
  [
    `artifact_uri: ${o.uri ?? `file:///tmp/mlruns/0/${id}/artifacts`}`,
    `end_time: ${o.end === undefined ? 1700000100000 : o.end === null ? 'null' : o.end}`,
    "entry_point_name: ''",
    "experiment_id: '0'",
    `lifecycle_stage: ${o.stage ?? 'active'}`,
    `run_id: ${id}`,
    ...(o.name !== undefined ? [`run_name: ${o.name}`] : []),
    `run_uuid: ${id}`,
    "source_name: ''",
    'source_type: 4',
    "source_version: ''",
    `start_time: ${o.start ?? 1700000000000}`,
    `status: ${o.status ?? 3}`,
    'tags: []',
    'user_id: someone',
    '',
  ].join('\n');

/** A run's meta.yaml as MLflow 1.x writes it: a deprecated empty `name`, no run_name. */
const runYaml1 = (id: string, status = 3) =>
  `artifact_uri: /home/u/mlruns/0/${id}/artifacts\nend_time: 1571250906043\nentry_point_name: ''\nexperiment_id: '0'\nlifecycle_stage: active\nname: ''\nrun_uuid: ${id}\nsource_name: ''\nsource_type: 4\nsource_version: ''\nstart_time: 1571250905900\nstatus: ${status}\ntags: []\nuser_id: u\n`;

const R1 = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const R2 = '0f9e8d7c6b5a49382716051423324150';
const R3 = '11111111111111111111111111111111';

describe('mlflow importer', () => {
  let dir: string;
  let store: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'runlens-mlflow-'));
    store = join(dir, 'mlruns');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('registers as an importer plugin', () => {
    const registry = new PluginRegistry();
    registry.register(mlflowImporter);
    expect(registry.require('importer', 'mlflow')).toBe(mlflowImporter);
  });

  it('imports a 2.x run exactly: name, status, times, typed params, tags, metrics with steps and timestamps', async () => {
    await writeTree(store, {
      '0/meta.yaml': experimentYaml('0', 'Default'),
      [`0/${R1}/meta.yaml`]: runYaml2(R1, { name: '学习-run ü', uri: 'file:///C:/Users/J%C3%BCrgen/My%20Runs/mlruns/0/a1b2/artifacts' }),
      [`0/${R1}/params/lr`]: '0.001',
      [`0/${R1}/params/optimizer`]: 'adam',
      [`0/${R1}/params/model/layers`]: '4',
      [`0/${R1}/params/use_amp`]: 'True',
      [`0/${R1}/params/run_tag`]: '007',
      [`0/${R1}/tags/mlflow.runName`]: '学习-run ü',
      [`0/${R1}/tags/mlflow.source.git.commit`]: 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3',
      [`0/${R1}/tags/mlflow.source.name`]: 'train.py',
      [`0/${R1}/tags/mlflow.note.content`]: 'first try\nwith notes',
      [`0/${R1}/tags/mlflow.user`]: 'jürgen',
      [`0/${R1}/tags/team`]: 'nlp',
      [`0/${R1}/metrics/loss`]: '1700000001000 0.5 0\n1700000002000 nan 1\n1700000003000 inf 2\n1700000004000 -inf 3\n1700000005000 0.25 4\n',
      [`0/${R1}/metrics/train/acc`]: '1700000001000 0.1 0\n1700000002000 0.2 10\n',
    });
    const { ctx, records, warnings } = capture();
    await mlflowImporter.import(store, ctx);
    expect(warnings).toEqual([]);

    const id = importRunId(1700000000000, 'mlflow', join(store, '0', R1));
    const mlflowParams = { lr: 0.001, optimizer: 'adam', 'model/layers': 4, use_amp: true, run_tag: '007' };
    expect(records).toEqual([
      {
        type: 'run',
        run: {
          id,
          project: 'Default',
          name: '学习-run ü',
          group: defaultGroup(mlflowParams),
          params: {
            ...mlflowParams,
            'tags.mlflow.user': 'jürgen',
            'tags.team': 'nlp',
            'mlflow.run_id': R1,
            'mlflow.artifact_uri': 'C:/Users/Jürgen/My Runs/mlruns/0/a1b2/artifacts',
          },
          startTime: 1700000000000,
          gitCommit: 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3',
          command: 'train.py',
          notes: 'first try\nwith notes',
        },
      },
      {
        type: 'metrics',
        run: id,
        body: {
          series: [
            { key: 'loss', steps: [0, 1, 2, 3, 4], values: [0.5, 'NaN', 'Infinity', '-Infinity', 0.25], times: [1700000001000, 1700000002000, 1700000003000, 1700000004000, 1700000005000] },
            { key: 'train/acc', steps: [0, 10], values: [0.1, 0.2], times: [1700000001000, 1700000002000] },
          ],
        },
      },
      { type: 'update', run: id, body: { status: 'completed', endTime: 1700000100000 } },
    ]);
  });

  it('names 1.x runs from the mlflow.runName tag or their id, reads step-less metric files, and maps statuses', async () => {
    await writeTree(store, {
      '0/meta.yaml': experimentYaml('0', 'legacy'),
      [`0/${R1}/meta.yaml`]: runYaml1(R1, 4),
      [`0/${R1}/tags/mlflow.runName`]: 'old-run',
      [`0/${R1}/metrics/loss`]: '1571250905901 0.9\n1571250905902 0.8\n1571250905903 0.7\n',
      [`0/${R2}/meta.yaml`]: runYaml1(R2, 5),
      [`0/${R3}/meta.yaml`]: runYaml2(R3, { status: 1, end: null }),
    });
    const { ctx, records, warnings } = capture();
    await mlflowImporter.import(store, ctx);
    expect(warnings).toEqual([]);
    const byId = (r: string) => runs(records).find((x) => x.params!['mlflow.run_id'] === r)!;
    const [a, b, c] = [byId(R1), byId(R3), byId(R2)];
    expect([a.name, b.name, c.name]).toEqual(['old-run', R3, R2]);
    expect(seriesOf(records, a.id).loss).toEqual({ steps: [0, 1, 2], values: [0.9, 0.8, 0.7], times: [1571250905901, 1571250905902, 1571250905903] });
    const byRun = Object.fromEntries(updates(records).map((u) => [u.run, u.body]));
    expect(byRun[a.id]).toEqual({ status: 'failed', endTime: 1571250906043 });
    expect(byRun[c.id]).toEqual({ status: 'killed', endTime: 1571250906043 });
    // RUNNING with no end time: left running for the heartbeat sweep (or a later import) to settle
    expect(byRun[b.id]).toEqual({ status: 'running' });
  });

  it('uses the line order as the step for a metric logged without steps (all at step 0)', async () => {
    await writeTree(store, {
      '0/meta.yaml': experimentYaml('0', 'Default'),
      [`0/${R1}/meta.yaml`]: runYaml2(R1, { name: 'r' }),
      [`0/${R1}/metrics/acc`]: '1700000001000 0.1 0\n1700000002000 0.2 0\n1700000003000 0.3 0\n',
      [`0/${R1}/metrics/final`]: '1700000009000 0.9 0\n',
      [`0/${R1}/metrics/loss`]: '1700000001000 1 0\n1700000002000 2 0\n1700000003000 3 5\n',
    });
    const { ctx, records, warnings } = capture();
    await mlflowImporter.import(store, ctx);
    const s = seriesOf(records, runs(records)[0]!.id);
    expect(s.acc!.steps).toEqual([0, 1, 2]);
    expect(s.final!.steps).toEqual([0]);
    expect(s.loss!.steps).toEqual([0, 0, 5]);
    expect(warnings).toEqual([`${join(store, '0', R1)}: 1 metric has every point at step 0 (logged without a step): acc; their order in the file is used as the step`]);
  });

  it('keeps the lines before a truncated last line and names the file and line of every bad line', async () => {
    const loss = join(store, '0', R1, 'metrics', 'loss');
    await writeTree(store, {
      '0/meta.yaml': experimentYaml('0', 'Default'),
      [`0/${R1}/meta.yaml`]: runYaml2(R1, { name: 'r' }),
      [`0/${R1}/metrics/loss`]: '1700000001000 0.5 0\n1700000002000 0.4 -1\n1700000003000 0.3 2.5\n1700000004000 abc 3\n\n1700000005000 0.2 4\n1700000006',
    });
    const { ctx, records, warnings } = capture();
    await mlflowImporter.import(store, ctx);
    expect(seriesOf(records, runs(records)[0]!.id).loss!.steps).toEqual([0, 4]);
    expect(warnings).toEqual([
      `${loss}:2: step -1 is negative; skipped`,
      `${loss}:3: step 2.5 is not an integer; skipped`,
      `${loss}:4: value "abc" is not a number; skipped`,
      `${loss}:7: cut off (the file ends without a newline after "1700000006"); skipped`,
    ]);
  });

  it('warns about a missing meta.yaml naming it, and imports the rest', async () => {
    await writeTree(store, {
      '0/meta.yaml': experimentYaml('0', 'Default'),
      [`0/${R1}/meta.yaml`]: runYaml2(R1, { name: 'ok' }),
      [`0/${R2}/metrics/loss`]: '1700000001000 0.5 0\n',
      [`0/${R3}/meta.yaml`]: 'run_uuid: [unclosed\n',
      [`5/${R1}/meta.yaml`]: runYaml2(R1, { name: 'orphan' }),
      '0/tags/mlflow.note.content': 'experiment tags are not a run',
    });
    const { ctx, records, warnings } = capture();
    await mlflowImporter.import(store, ctx);
    expect(runs(records).map((r) => r.name)).toEqual(['ok']);
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toBe(`${join(store, '0', R2, 'meta.yaml')} is missing; skipped this run`);
    expect(warnings[1]).toMatch(new RegExp(`^${join(store, '0', R3, 'meta.yaml')}:\\d+: not valid YAML \\(.+\\); skipped this run$`));
    expect(warnings[2]).toBe(`${join(store, '5', 'meta.yaml')} is missing; skipped this experiment`);
  });

  it('skips deleted runs and experiments unless includeDeleted', async () => {
    await writeTree(store, {
      '0/meta.yaml': experimentYaml('0', 'Default'),
      [`0/${R1}/meta.yaml`]: runYaml2(R1, { name: 'kept' }),
      [`0/${R2}/meta.yaml`]: runYaml2(R2, { name: 'deleted-run', stage: 'deleted' }),
      '.trash/7/meta.yaml': experimentYaml('7', 'gone', 'deleted'),
      [`.trash/7/${R3}/meta.yaml`]: runYaml2(R3, { name: 'in-trash' }),
      '8/meta.yaml': experimentYaml('8', 'deleted-in-place', 'deleted'),
      'models/my-model/meta.yaml': 'name: my-model\n',
    });
    const plain = capture();
    await mlflowImporter.import(store, plain.ctx);
    expect(runs(plain.records).map((r) => r.name)).toEqual(['kept']);
    expect(plain.warnings).toEqual([`${store}: skipped 1 deleted run and 2 deleted experiments; pass --include-deleted to import them`]);

    const all = capture({ includeDeleted: true });
    await mlflowImporter.import(store, all.ctx);
    expect(all.warnings).toEqual([]);
    expect(runs(all.records).map((r) => [r.project, r.name]).sort()).toEqual([
      ['Default', 'deleted-run'],
      ['Default', 'kept'],
      ['gone', 'in-trash'],
    ]);
  });

  it('imports the runs of a stray nested mlruns/mlruns store too, and ignores an empty one', async () => {
    await writeTree(store, {
      '0/meta.yaml': experimentYaml('0', 'Default'),
      [`0/${R1}/meta.yaml`]: runYaml2(R1, { name: 'outer' }),
      'mlruns/0/meta.yaml': experimentYaml('0', 'Default'),
    });
    const empty = capture();
    await mlflowImporter.import(store, empty.ctx);
    expect(runs(empty.records).map((r) => r.name)).toEqual(['outer']);
    expect(empty.warnings).toEqual([]);

    await writeTree(store, { [`mlruns/0/${R2}/meta.yaml`]: runYaml2(R2, { name: 'inner' }) });
    const nested = capture();
    await mlflowImporter.import(store, nested.ctx);
    expect(runs(nested.records).map((r) => r.name)).toEqual(['outer', 'inner']);
    expect(new Set(runs(nested.records).map((r) => r.id)).size).toBe(2);
    expect(nested.warnings).toEqual([`${join(store, 'mlruns')}: a nested MLflow store (made by running MLflow inside mlruns/); imported its 1 run too`]);
  });

  it('imports one experiment directory or one run directory, into --project when given', async () => {
    await writeTree(store, {
      '3/meta.yaml': experimentYaml('3', 'vision'),
      [`3/${R1}/meta.yaml`]: runYaml2(R1, { name: 'a' }),
      [`3/${R2}/meta.yaml`]: runYaml2(R2, { name: 'b' }),
    });
    const exp = capture();
    await mlflowImporter.import(join(store, '3'), exp.ctx);
    expect(runs(exp.records).map((r) => [r.project, r.name])).toEqual([['vision', 'b'], ['vision', 'a']]);

    const one = capture({ project: 'mine' });
    await mlflowImporter.import(join(store, '3', R1), one.ctx);
    expect(runs(one.records).map((r) => [r.project, r.name, r.id])).toEqual([['mine', 'a', runs(exp.records)[1]!.id]]);
  });

  it('is idempotent: the same store gives the same records', async () => {
    await writeTree(store, {
      '0/meta.yaml': experimentYaml('0', 'Default'),
      [`0/${R1}/meta.yaml`]: runYaml2(R1, { name: 'r1' }),
      [`0/${R1}/metrics/loss`]: '1700000001000 0.5 0\n1700000002000 0.4 1\n',
      [`0/${R2}/meta.yaml`]: runYaml1(R2),
    });
    const a = capture();
    const b = capture();
    await mlflowImporter.import(store, a.ctx);
    await mlflowImporter.import(`${store}/`, b.ctx);
    expect(b.records).toEqual(a.records);
  });

  it('batches points into records of at most 50,000 and reports progress in bytes', async () => {
    const lines = Array.from({ length: 120_000 }, (_, i) => `${1700000000000 + i} ${i / 7} ${i}`).join('\n') + '\n';
    await writeTree(store, {
      '0/meta.yaml': experimentYaml('0', 'Default'),
      [`0/${R1}/meta.yaml`]: runYaml2(R1, { name: 'long' }),
      [`0/${R1}/metrics/loss`]: lines,
      [`0/${R1}/params/lr`]: '0.1',
    });
    const { ctx, records, progress } = capture();
    await mlflowImporter.import(store, ctx);
    const sizes = records.filter((r): r is MetricsRecord => r.type === 'metrics').map((r) => r.body.series!.reduce((n, s) => n + s.steps.length, 0));
    expect(sizes).toEqual([50_000, 50_000, 20_000]);
    const s = seriesOf(records, runs(records)[0]!.id).loss!;
    expect(s.steps.at(-1)).toBe(119_999);
    expect(s.values[7]).toBe(1);
    const total = Buffer.byteLength(lines) + 3;
    expect(progress[0]).toEqual([0, total]);
    expect(progress.at(-1)).toEqual([total, total]);
    for (let i = 1; i < progress.length; i++) expect(progress[i]![0]).toBeGreaterThanOrEqual(progress[i - 1]![0]);
  });

  it('survives random bytes in metric files and meta.yaml files without crashing', async () => {
    const rng = createSeededRandom(3);
    const noise = (n: number) => {
      const b = Buffer.alloc(n);
      for (let i = 0; i < n; i++) b[i] = rng.int(256);
      return b;
    };
    await writeTree(store, {
      '0/meta.yaml': experimentYaml('0', 'Default'),
      [`0/${R1}/meta.yaml`]: runYaml2(R1, { name: 'noisy' }),
      [`0/${R1}/metrics/noise`]: noise(100_000),
      [`0/${R1}/metrics/empty`]: '',
      [`0/${R1}/metrics/good`]: '1700000001000 1 1\n',
      [`0/${R2}/meta.yaml`]: noise(500),
      [`0/${R3}/meta.yaml`]: '',
    });
    const { ctx, records, warnings } = capture();
    await mlflowImporter.import(store, ctx);
    expect(runs(records).map((r) => r.name)).toEqual(['noisy']);
    const s = seriesOf(records, runs(records)[0]!.id);
    expect(s.good).toEqual({ steps: [1], values: [1], times: [1700000001000] });
    const noiseFile = join(store, '0', R1, 'metrics', 'noise');
    const aboutNoise = warnings.filter((w) => w.startsWith(noiseFile));
    // at most 20 lines named, then one count of the rest
    expect(aboutNoise.length).toBeLessThanOrEqual(21);
    expect(aboutNoise.at(-1)).toMatch(/^.+: \d+ more problems? not shown$/);
    expect(warnings).toContain(`${join(store, '0', R3, 'meta.yaml')}: empty; skipped this run`);
    expect(warnings.some((w) => w.startsWith(join(store, '0', R2, 'meta.yaml')) && w.endsWith('; skipped this run'))).toBe(true);
  });

  it('refuses paths that are not an MLflow store, naming them', async () => {
    await expect(mlflowImporter.import(join(dir, 'missing'), capture().ctx)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const file = join(dir, 'file.txt');
    await writeFile(file, 'x');
    await expect(mlflowImporter.import(file, capture().ctx)).rejects.toThrow(`${file} is not a directory`);
    await writeTree(dir, { 'photos/a/b.txt': 'x', 'photos/c/d.txt': 'y' });
    const photos = capture();
    const err = await mlflowImporter.import(join(dir, 'photos'), photos.ctx).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(RunlensError);
    expect((err as Error).message).toContain(`${join(dir, 'photos')}: not an MLflow store`);
    expect(photos.warnings).toEqual([]);
    await writeTree(store, { '0/meta.yaml': experimentYaml('0', 'Default') });
    await expect(mlflowImporter.import(store, capture().ctx)).rejects.toThrow(`${store}: no MLflow runs found (1 experiment without runs)`);
    await writeTree(dir, { 'broken/meta.yaml': '{{{' });
    await expect(mlflowImporter.import(join(dir, 'broken'), capture().ctx)).rejects.toThrow(/broken\/meta\.yaml:\d+: not valid YAML/);
  });
});

describe('fileUriToPath', () => {
  it('decodes Windows, UNC and POSIX file URIs and leaves other URIs alone', () => {
    expect(fileUriToPath('file:///C:/Users/J%C3%BCrgen/My%20Runs/mlruns/0/x/artifacts')).toBe('C:/Users/Jürgen/My Runs/mlruns/0/x/artifacts');
    expect(fileUriToPath('file://server/share/ml%20runs')).toBe('//server/share/ml runs');
    expect(fileUriToPath('file:///home/u/mlruns/0/x/artifacts')).toBe('/home/u/mlruns/0/x/artifacts');
    expect(fileUriToPath('s3://bucket/mlruns/0/x/artifacts')).toBe('s3://bucket/mlruns/0/x/artifacts');
    expect(fileUriToPath('/plain/path')).toBe('/plain/path');
    expect(fileUriToPath('file:///C:/bad%zz')).toBe('C:/bad%zz');
  });
});
