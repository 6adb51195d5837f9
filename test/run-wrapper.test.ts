/**
 * `runlens run` as users run it: the built CLI wrapping a real Python training script, recording into a real
 * server (live) or straight into a data directory.
 */
import { spawn, spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startServer, type RunningServer } from '../packages/server/src/server/app.js';
import { BUILT, CLI, api, runCli, serve, tempDir } from './helpers/cli.js';

const PYTHON = spawnSync('python3', ['--version']).status === 0;

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function dir(): string {
  const d = tempDir('runlens-run-e2e-');
  dirs.push(d);
  return d;
}

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts `runlens run ...` without waiting for it. */
function startRun(args: string[], cwd: string) {
  const child = spawn(process.execPath, [CLI, 'run', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<Exit>((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

interface WireRun {
  id: string;
  name: string;
  status: string;
  exitCode: number | null;
  error: string | null;
  command: string | null;
  cwd: string | null;
  host: string | null;
  summary: Record<string, unknown>;
  metrics: Record<string, { count: number }>;
}

/** A nanoGPT-style script: 20 lines 50 ms apart, then it waits for `go` to exist, then 20 more lines. */
function nanoGptScript(go: string): string {
  return `
import os, sys, time
def line(i):
    print(f"iter {i}: loss {4 - i / 20:.4f}, time 50.00ms, mfu 1.00%", flush=True)
for i in range(20):
    line(i)
    time.sleep(0.05)
deadline = time.time() + 120
while not os.path.exists(${JSON.stringify(go)}) and time.time() < deadline:
    time.sleep(0.02)
for i in range(20, 40):
    line(i)
    time.sleep(0.05)
print("step 40: train loss 2.0000, val loss 2.1000", flush=True)
print("saving checkpoint", file=sys.stderr, flush=True)
`;
}

describe.runIf(BUILT && PYTHON)('runlens run (built CLI, python3 scripts)', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer({ dataDir: dir(), port: 0 });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('shows nanoGPT series live while the script runs, stores the logs and completes with its exit code', async () => {
    const work = dir();
    const go = join(work, 'go');
    writeFileSync(join(work, 'train.py'), nanoGptScript(go));
    const run = startRun(['--url', server.url, '--project', 'e2e', '--name', 'live', '--sys-interval', '0.2', '--', 'python3', 'train.py'], work);

    let id = '';
    await vi.waitFor(
      async () => {
        const { body } = await api<{ runs: WireRun[] }>(server.url, '/api/v1/runs?project=e2e');
        const found = body.runs.find((r) => r.name === 'live');
        expect(found, run.output().stderr).toBeDefined();
        id = found!.id;
      },
      { timeout: 30_000, interval: 50 },
    );
    expect(run.output().stderr).toContain(`${server.url}/runs/${id}`);
    await vi.waitFor(
      async () => {
        const { body } = await api<{ series: { steps: number[] }[] }>(server.url, `/api/v1/series?runs=${id}&keys=train/loss&method=none`);
        expect(body.series[0]?.steps.length ?? 0).toBeGreaterThanOrEqual(5);
      },
      { timeout: 30_000, interval: 50 },
    );
    // the script is held until `go` exists: the points above were recorded while it was still running
    expect(run.child.exitCode).toBeNull();
    const { body: during } = await api<WireRun>(server.url, `/api/v1/runs/${id}`);
    expect(during.status).toBe('running');
    writeFileSync(go, '');

    const exit = await run.exited;
    expect(exit.code, exit.stderr).toBe(0);
    expect(exit.stdout.split('\n').filter((l) => l.startsWith('iter '))).toHaveLength(40);
    const { body: done } = await api<WireRun>(server.url, `/api/v1/runs/${id}`);
    expect(done).toMatchObject({ status: 'completed', exitCode: 0, error: null, command: 'python3 train.py', cwd: work });
    expect(done.host).toBeTruthy();
    const { body: series } = await api<{ series: { steps: number[]; values: unknown[] }[] }>(server.url, `/api/v1/series?runs=${id}&keys=train/loss,eval/val_loss&method=none`);
    expect(series.series[0]!.steps).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(series.series[0]!.values[39]).toBeCloseTo(4 - 39 / 20);
    expect(series.series[1]).toMatchObject({ steps: [40], values: [2.1] });
    expect(done.metrics['sys/rss_mb']?.count).toBeGreaterThan(0);
    const { body: logs } = await api<{ lines: { line: string; stream: string }[] }>(server.url, `/api/v1/runs/${id}/logs`);
    expect(logs.lines.filter((l) => l.stream === 'stdout')).toHaveLength(41);
    expect(logs.lines).toContainEqual(expect.objectContaining({ line: 'saving checkpoint', stream: 'stderr' }));
  });

  it('records a failing script as failed with its exit code and traceback, and exits with that code', async () => {
    const work = dir();
    writeFileSync(join(work, 'train.py'), `print("iter 0: loss 4.0, time 1.00ms, mfu 1.00%", flush=True)\nraise ValueError("learning rate must be positive")\n`);
    const run = startRun(['--url', server.url, '--project', 'e2e', '--name', 'crash', '--', 'python3', 'train.py'], work);
    const exit = await run.exited;
    expect(exit.code).toBe(1);
    expect(exit.stderr).toContain('ValueError: learning rate must be positive');
    expect(exit.stderr).toMatch(/runlens: run \w+ failed/);
    const { body } = await api<{ runs: WireRun[] }>(server.url, '/api/v1/runs?project=e2e');
    const crash = body.runs.find((r) => r.name === 'crash')!;
    expect(crash).toMatchObject({ status: 'failed', exitCode: 1 });
    expect(crash.error).toMatch(/^exit code 1\n[\s\S]*ValueError: learning rate must be positive$/);

    const missing = startRun(['--url', server.url, '--project', 'e2e', '--name', 'typo', '--', 'pyhton3', 'train.py'], work);
    const gone = await missing.exited;
    expect(gone.code).toBe(127);
    expect(gone.stderr).toContain('runlens: command not found: pyhton3');
    const { body: after } = await api<{ runs: WireRun[] }>(server.url, '/api/v1/runs?project=e2e');
    expect(after.runs.find((r) => r.name === 'typo')).toMatchObject({ status: 'failed', exitCode: 127 });
  });

  it('goes on in an offline file when the server dies mid-run, which runlens sync uploads later', async () => {
    const data = dir();
    const first = await serve(data);
    const work = dir();
    const go = join(work, 'go');
    writeFileSync(join(work, 'train.py'), nanoGptScript(go));
    const run = startRun(['--url', first.url, '--data', join(work, '.runlens'), '--project', 'e2e', '--name', 'outage', '--no-sys', '--', 'python3', 'train.py'], work);
    let id = '';
    await vi.waitFor(
      async () => {
        const { body } = await api<{ runs?: WireRun[] }>(first.url, '/api/v1/runs?project=e2e');
        id = body.runs?.[0]?.id ?? '';
        expect(id).not.toBe('');
        const { body: s } = await api<{ series: { steps: number[] }[] }>(first.url, `/api/v1/series?runs=${id}&keys=train/loss&method=none`);
        expect(s.series[0]?.steps.length ?? 0).toBeGreaterThanOrEqual(5);
      },
      { timeout: 30_000, interval: 50 },
    );
    await first.stop('SIGKILL');
    writeFileSync(go, '');
    const exit = await run.exited;
    expect(exit.code, exit.stderr).toBe(0);
    const file = join(work, '.runlens', 'offline', `${id}.jsonl`);
    expect(exit.stderr).toContain(`runlens sync ${file}`);

    const second = await serve(data);
    try {
      const sync = runCli(['sync', file, '--url', second.url]);
      expect(sync.code, sync.stdout + sync.stderr).toBe(0);
      const { body: done } = await api<WireRun>(second.url, `/api/v1/runs/${id}`);
      expect(done).toMatchObject({ status: 'completed', exitCode: 0 });
      const { body: s } = await api<{ series: { steps: number[] }[] }>(second.url, `/api/v1/series?runs=${id}&keys=train/loss&method=none`);
      expect(s.series[0]!.steps).toEqual(Array.from({ length: 40 }, (_, i) => i));
    } finally {
      await second.stop();
    }
  });

  it('writes the embedded store directly when no server runs, readable with runlens ls', () => {
    const work = dir();
    const data = join(work, '.runlens');
    writeFileSync(join(work, 'train.py'), `import sys\nfor i in range(5):\n    print(f"iter {i}: loss {5 - i}.0, time 1.00ms, mfu 1.00%")\nsys.exit(3)\n`);
    const r = runCli(['run', '--data', data, '--project', 'offline', '--name', 'no-server', '--no-sys', '--', 'python3', 'train.py'], { cwd: work });
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toBe(Array.from({ length: 5 }, (_, i) => `iter ${i}: loss ${5 - i}.0, time 1.00ms, mfu 1.00%\n`).join(''));
    expect(r.stderr).toContain(`recording run`);
    const ls = runCli(['ls', '--data', data, '--json']);
    expect(ls.code, ls.stderr).toBe(0);
    const [run] = JSON.parse(ls.stdout) as WireRun[];
    expect(run).toMatchObject({ project: 'offline', name: 'no-server', status: 'failed', exitCode: 3, command: 'python3 train.py' });
    expect(run!.summary['train/loss']).toBe(1);
    expect(run!.metrics['train/loss']!.count).toBe(5);
    expect(Object.keys(run!.metrics).some((k) => k.startsWith('sys/'))).toBe(false);
  });

  it('keeps up with 200k nanoGPT lines printed as fast as possible (prints the overhead against running directly)', () => {
    const work = dir();
    const data = join(work, '.runlens');
    const lines = 200_000;
    writeFileSync(
      join(work, 'fast.py'),
      `import sys, time\nt0 = time.perf_counter()\nfor i in range(${lines}):\n    print(f"iter {i}: loss {4 - i * 1e-5:.4f}, time 10.00ms, mfu 1.00%")\nsys.stdout.flush()\nprint(f"child_seconds {time.perf_counter() - t0:.3f}", file=sys.stderr)\n`,
    );
    const childSeconds = (stderr: string) => Number(/child_seconds ([\d.]+)/.exec(stderr)?.[1]);
    // the wrapper runs Python unbuffered (as a terminal would line-buffer it), so the direct run does too
    const t0 = performance.now();
    const direct = spawnSync('python3', ['fast.py'], { cwd: work, encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, PYTHONUNBUFFERED: '1' } });
    const directWall = (performance.now() - t0) / 1000;
    expect(direct.status).toBe(0);
    const t1 = performance.now();
    const wrapped = spawnSync(process.execPath, [CLI, 'run', '--data', data, '--project', 'bench', '--no-sys', '--', 'python3', 'fast.py'], { cwd: work, encoding: 'utf8', maxBuffer: 1 << 30 });
    const wrappedWall = (performance.now() - t1) / 1000;
    expect(wrapped.status, wrapped.stderr).toBe(0);
    expect(wrapped.stdout).toBe(direct.stdout);
    const [run] = JSON.parse(runCli(['ls', '--data', data, '--json']).stdout) as WireRun[];
    expect(run!.metrics['train/loss']!.count).toBe(lines);
    console.info(
      `runlens run overhead, ${lines} nanoGPT lines: the script itself took ${childSeconds(direct.stderr).toFixed(2)} s direct, ` +
        `${childSeconds(wrapped.stderr).toFixed(2)} s wrapped; wall ${directWall.toFixed(2)} s direct, ${wrappedWall.toFixed(2)} s wrapped (recording included)`,
    );
  }, 180_000);
});
