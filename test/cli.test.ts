/** The `runlens` CLI as users run it: the built binary against a real data dir and a real server. */
import { rmSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT, api, runCli, serve, tempDir, type ServeProcess } from './helpers/cli.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function dir(): string {
  const d = tempDir();
  dirs.push(d);
  return d;
}

describe.runIf(BUILT)('runlens CLI', () => {
  let data: string;
  let server: ServeProcess;
  const ids: string[] = [];

  beforeAll(async () => {
    data = dir();
    server = await serve(data);
    for (const [i, lr] of [0.01, 0.1, 1].entries()) {
      const { body } = await api<{ id: string }>(server.url, '/api/v1/runs', { method: 'POST', body: { project: 'sweep', name: `lr-${lr}`, params: { lr, seed: i, note: 'has, comma "and quotes"' }, tags: lr === 1 ? ['diverged'] : [] } });
      ids.push(body.id);
      await api(server.url, `/api/v1/runs/${body.id}/metrics`, { method: 'POST', body: { series: [{ key: 'val/loss', steps: [0, 1, 2], values: lr === 1 ? [3, 'NaN', 'NaN'] : [3, 2 - lr, 1 - lr], times: [1000, 2000, 3000] }] } });
      await api(server.url, `/api/v1/runs/${body.id}`, { method: 'PATCH', body: { status: lr === 1 ? 'failed' : 'completed' } });
    }
  });
  afterAll(async () => {
    await server.stop();
  });

  it('documents every command with --help', () => {
    const top = runCli(['--help']);
    expect(top.code).toBe(0);
    for (const cmd of ['serve', 'demo', 'run', 'import', 'ls', 'export', 'sync', 'openapi']) {
      expect(top.stdout).toContain(cmd);
      const h = runCli([cmd, '--help']);
      expect(h.code, cmd).toBe(0);
      expect(h.stdout).toMatch(/Usage: runlens/);
    }
  });

  it('ls prints a table, filters, sorts and emits JSON, reading the data dir while the server runs', () => {
    const table = runCli(['ls', '--data', data, '--sort', 'params.lr']);
    expect(table.code, table.stderr).toBe(0);
    const lines = table.stdout.split('\n');
    expect(lines[0]).toMatch(/id\s+project\s+name\s+status/);
    expect(lines.findIndex((l) => l.includes('lr-0.01'))).toBeLessThan(lines.findIndex((l) => l.includes('lr-1 ')));
    expect(table.stdout).toContain('NaN');
    const filtered = runCli(['ls', '--data', data, '--filter', 'metrics.val/loss.min < 2 and status == "completed"', '--json']);
    expect(filtered.code, filtered.stderr).toBe(0);
    const runs = JSON.parse(filtered.stdout) as { name: string; summary: Record<string, unknown> }[];
    expect(runs.map((r) => r.name).sort()).toEqual(['lr-0.01', 'lr-0.1']);
    const failed = JSON.parse(runCli(['ls', '--data', data, '--filter', 'tags contains "diverged"', '--json']).stdout) as { name: string; summary: Record<string, unknown> }[];
    expect(failed.map((r) => r.name)).toEqual(['lr-1']);
    expect(failed[0]!.summary['val/loss']).toBe('NaN');
  });

  it('ls reads from a server with --url and gives the same runs', () => {
    const local = JSON.parse(runCli(['ls', '--data', data, '--json', '--sort', 'name']).stdout) as { id: string }[];
    const remote = JSON.parse(runCli(['ls', '--url', server.url, '--json', '--sort', 'name']).stdout) as { id: string }[];
    expect(remote.map((r) => r.id)).toEqual(local.map((r) => r.id));
  });

  it('explains bad input: a filter error with its column, a missing data dir', () => {
    const bad = runCli(['ls', '--data', data, '--filter', 'params.lr >> 3']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/column \d+/);
    const missing = runCli(['ls', '--data', join(data, 'nope')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no runlens data in .*nope/);
    const unknown = runCli(['frobnicate']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/unknown command/);
  });

  it('exports runs to CSV with params and summaries, quoting what needs it', () => {
    const out = join(dir(), 'runs.csv');
    const r = runCli(['export', '--data', data, '--what', 'runs', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const csv = readFileSync(out, 'utf8').trim().split('\n');
    expect(csv[0]).toBe('id,project,name,group,status,start_time,end_time,tags,params.lr,params.note,params.seed,summary.val/loss');
    expect(csv).toHaveLength(4);
    expect(csv.find((l) => l.includes('lr-0.1,'))).toContain('"has, comma ""and quotes"""');
  });

  it('exports series in the long format run,key,step,value,time and as JSON, NaN kept', () => {
    const csv = runCli(['export', '--data', data, '--what', 'series', '--filter', 'name == "lr-1"']);
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout.trim().split('\n')).toEqual(['run,key,step,value,time', `${ids[2]},val/loss,0,3,1000`, `${ids[2]},val/loss,1,NaN,2000`, `${ids[2]},val/loss,2,NaN,3000`]);
    const json = JSON.parse(runCli(['export', '--data', data, '--what', 'all', '--format', 'json', '--project', 'sweep']).stdout) as { runs: unknown[]; series: { values: unknown[] }[] };
    expect(json.runs).toHaveLength(3);
    expect(json.series.flatMap((s) => s.values)).toContain('NaN');
    const bad = runCli(['export', '--data', data, '--what', 'everything']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--what must be one of/);
  });

  it('sync uploads an offline file, twice without duplicates, and reports a truncated last line', async () => {
    const file = join(dir(), 'offline.jsonl');
    const id = '01HZZZZZZZZZZZZZZZZZZZZZZZ';
    const records = [
      { type: 'run', run: { id, project: 'offline', name: 'from-the-plane', params: { lr: 0.5 }, startTime: 1_000 } },
      { type: 'metrics', run: id, body: { series: [{ key: 'loss', steps: [0, 1], values: [2, 'NaN'], times: [1_000, 2_000] }] } },
      { type: 'metrics', run: id, body: { series: [{ key: 'loss', steps: [2], values: [1], times: [3_000] }] } },
      { type: 'logs', run: id, body: { lines: [{ line: 'epoch 1', stream: 'stdout', time: 1_500 }] } },
      { type: 'update', run: id, body: { status: 'completed', endTime: 4_000 } },
    ];
    writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n') + '\n{"type":"metrics","run":"' + id + '","bo');
    const first = runCli(['sync', file, '--url', server.url]);
    expect(first.stdout).toMatch(/1 run\(s\) created, 0 already there, 3 points, 1 updates, 1 log lines, 1 record\(s\) skipped/);
    expect(first.stdout).toMatch(/offline\.jsonl:6: not valid JSON/);
    expect(first.code).toBe(1);
    const second = runCli(['sync', file, '--url', server.url, '--json']);
    expect(JSON.parse(second.stdout)[0]).toMatchObject({ runsCreated: 0, runsExisting: 1, points: 3 });
    const { body } = await api<{ series: { values: unknown[] }[] }>(server.url, `/api/v1/series?runs=${id}&keys=loss&method=none`);
    expect(body.series[0]!.values).toEqual([2, 'NaN', 1]);
    const { body: run } = await api<{ status: string }>(server.url, `/api/v1/runs/${id}`);
    expect(run.status).toBe('completed');
    const dead = runCli(['sync', file, '--url', 'http://127.0.0.1:1']);
    expect(dead.code).toBe(1);
    expect(dead.stderr).toMatch(/cannot reach the runlens server/);
  });

  it('refuses to bind beyond loopback without a token', () => {
    const r = runCli(['serve', '--data', dir(), '--host', '0.0.0.0', '--port', '0']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--token/);
  });

  it('the committed OpenAPI document matches the routes', () => {
    const r = runCli(['openapi']);
    expect(r.code, r.stderr).toBe(0);
    const committed = readFileSync(new URL('../docs/openapi.json', import.meta.url), 'utf8');
    expect(r.stdout, 'docs/openapi.json is stale: run `npm run openapi`').toBe(committed);
  });
});
