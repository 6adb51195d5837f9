import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { RunlensError, type IngestRecord, type LineParser, type LogsRecord, type MetricsRecord, type ParsedMetrics, type RunRecord, type UpdateRecord } from '@runlens/core';
import { emptyReport, type RecordSink } from '../ingest/record-sink.js';
import { runCommand, type RunCommandOptions } from './run-command.js';
import type { SignalSource } from './signals.js';

const dir = mkdtempSync(join(tmpdir(), 'runlens-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Keeps every record; `delayMs` makes each apply slow, like a far-away server. */
class MemorySink implements RecordSink {
  readonly records: IngestRecord[] = [];
  readonly report = emptyReport();
  constructor(private readonly delayMs = 0) {}
  async apply(record: IngestRecord): Promise<void> {
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
    this.records.push(record);
  }
  async flush(): Promise<void> {}
  async close(): Promise<void> {}

  run(): RunRecord['run'] {
    const r = this.records[0];
    if (r?.type !== 'run') throw new Error('the first record is not the run');
    return r.run;
  }
  final(): UpdateRecord['body'] {
    const r = this.records.at(-1);
    if (r?.type !== 'update') throw new Error('the last record is not an update');
    return r.body;
  }
  logs(): { line: string; stream?: string | undefined; time?: number | undefined }[] {
    return this.records.filter((r): r is LogsRecord => r.type === 'logs').flatMap((r) => r.body.lines);
  }
  series(key: string): { steps: number[]; values: unknown[]; times: number[] } {
    const out = { steps: [] as number[], values: [] as unknown[], times: [] as number[] };
    for (const r of this.records.filter((x): x is MetricsRecord => x.type === 'metrics')) {
      for (const s of r.body.series ?? []) {
        if (s.key !== key) continue;
        out.steps.push(...s.steps);
        out.values.push(...s.values);
        out.times.push(...(s.times ?? []));
      }
    }
    return out;
  }
}

/** Counts (and optionally keeps) what the wrapper passes through, in place of the terminal. */
class Capture extends Writable {
  bytes = 0;
  private readonly chunks: Buffer[] = [];
  constructor(private readonly keep = true) {
    super();
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    this.bytes += chunk.length;
    if (this.keep) this.chunks.push(chunk);
    cb();
  }
  buffer(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/** A stand-in for the nanoGPT parser: `iter 3: loss 2.5000, ...` → train/loss at step 3. */
function nanoParser(): LineParser {
  return {
    push(line: string): ParsedMetrics[] {
      const m = /^iter (\d+): loss ([\d.]+|nan)/.exec(line);
      return m ? [{ step: Number(m[1]), metrics: { 'train/loss': Number(m[2]) } }] : [];
    },
    end: () => [],
  };
}

function node(script: string): string[] {
  return [process.execPath, '-e', script];
}

function options(sink: RecordSink, argv: string[], extra: Partial<RunCommandOptions> = {}): RunCommandOptions & { stdout: Capture; stderr: Capture } {
  return {
    argv,
    sink,
    project: 'wrap',
    stdout: new Capture(),
    stderr: new Capture(),
    onMessage: () => {},
    sysIntervalMs: false,
    batcher: { flushMs: 20 },
    ...extra,
  } as RunCommandOptions & { stdout: Capture; stderr: Capture };
}

describe('runCommand', () => {
  it('records nanoGPT lines as a live series, stores the logs, passes output through unchanged and completes', async () => {
    const go = join(dir, 'go');
    const script = `
      const fs = require('fs');
      let i = 0;
      const line = (i) => 'iter ' + i + ': loss ' + (4 - i / 10).toFixed(4) + ', time 10.00ms, mfu 1.00%';
      const first = setInterval(() => {
        console.log(line(i++));
        if (i === 5) {
          clearInterval(first);
          console.error('waiting for the test');
          // hold on until the test has seen the first points arrive
          const wait = setInterval(() => {
            if (!fs.existsSync(${JSON.stringify(go)})) return;
            clearInterval(wait);
            for (; i < 10; i++) console.log(line(i));
          }, 10);
        }
      }, 20);
    `;
    const sink = new MemorySink();
    const o = options(sink, node(script), { name: 'live', parser: nanoParser, sysIntervalMs: 50, nvidiaSmi: false });
    const running = runCommand(o);
    await vi.waitFor(() => expect(sink.series('train/loss').steps).toEqual([0, 1, 2, 3, 4]), { timeout: 20_000, interval: 20 });
    // the command is still running: the points arrived live, not at the end
    expect(sink.records.some((r) => r.type === 'update' && r.body.status !== undefined)).toBe(false);
    writeFileSync(go, '');
    const result = await running;

    expect(result).toMatchObject({ status: 'completed', exitCode: 0, error: null, unrecordedLines: 0 });
    const run = sink.run();
    expect(run).toMatchObject({ id: result.runId, project: 'wrap', name: 'live', status: 'running', host: expect.any(String), cwd: process.cwd() });
    expect(run.command!.startsWith(`${process.execPath} -e '`)).toBe(true);
    expect(run.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    const loss = sink.series('train/loss');
    expect(loss.steps).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(loss.values).toEqual([4, 3.9, 3.8, 3.7, 3.6, 3.5, 3.4, 3.3, 3.2, 3.1]);
    expect(loss.times.every((t) => t >= run.startTime!)).toBe(true);
    expect(sink.series('sys/rss_mb').steps.length).toBeGreaterThan(0);
    const logs = sink.logs();
    expect(logs.filter((l) => l.stream === 'stdout').map((l) => l.line)).toHaveLength(10);
    expect(logs).toContainEqual(expect.objectContaining({ line: 'waiting for the test', stream: 'stderr' }));
    expect(o.stdout.buffer().toString()).toBe(logs.filter((l) => l.stream === 'stdout').map((l) => `${l.line}\n`).join(''));
    expect(o.stderr.buffer().toString()).toBe('waiting for the test\n');
    expect(sink.final()).toMatchObject({ status: 'completed', exitCode: 0, error: null, endTime: expect.any(Number) });
  });

  it('records a failure with its exit code and the last stderr lines', async () => {
    const sink = new MemorySink();
    const o = options(sink, node(`console.error('Traceback (most recent call last):\\nValueError: lr must be positive'); process.exit(3)`));
    const result = await runCommand(o);
    expect(result.status).toBe('failed');
    expect(result.exitCode).toBe(3);
    expect(sink.final()).toMatchObject({ status: 'failed', exitCode: 3, error: 'exit code 3\nTraceback (most recent call last):\nValueError: lr must be positive' });
  });

  it('records a command that kills itself by signal as killed, with 128 + the signal number', async () => {
    const sink = new MemorySink();
    const result = await runCommand(options(sink, node(`console.log('bye'); process.kill(process.pid, 'SIGTERM'); setTimeout(() => {}, 10000)`)));
    expect(result).toMatchObject({ status: 'killed', exitCode: 143, error: 'killed by SIGTERM' });
    expect(sink.final()).toMatchObject({ status: 'killed', exitCode: 143 });
    expect(sink.logs().map((l) => l.line)).toEqual(['bye']);
  });

  it('passes SIGTERM on to the command and records the run as killed', async () => {
    const sink = new MemorySink();
    const source = new EventEmitter();
    const o = options(sink, node(`console.log('started'); setInterval(() => {}, 1000)`), { signals: { source: source as SignalSource, sigintFromTerminal: () => false } });
    const running = runCommand(o);
    await vi.waitFor(() => expect(o.stdout.bytes).toBeGreaterThan(0), { timeout: 10_000 });
    source.emit('SIGTERM');
    expect(await running).toMatchObject({ status: 'killed', exitCode: 143 });
    expect(source.listenerCount('SIGTERM')).toBe(0);
  });

  it('calls a command that stops with an error after Ctrl-C killed, not failed', async () => {
    const sink = new MemorySink();
    const source = new EventEmitter();
    const script = `process.on('SIGINT', () => { console.error('KeyboardInterrupt'); process.exit(1); }); console.log('started'); setInterval(() => {}, 1000)`;
    const o = options(sink, node(script), { signals: { source: source as SignalSource, sigintFromTerminal: () => false } });
    const running = runCommand(o);
    await vi.waitFor(() => expect(o.stdout.bytes).toBeGreaterThan(0), { timeout: 10_000 });
    source.emit('SIGINT');
    expect(await running).toMatchObject({ status: 'killed', exitCode: 1, error: 'stopped by SIGINT (exit code 1)' });
  });

  it('reports a command that does not exist clearly and records the run as failed', async () => {
    const sink = new MemorySink();
    const err = await runCommand(options(sink, ['runlens-no-such-command-xyz', '--flag'])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RunlensError);
    expect((err as RunlensError).message).toBe('command not found: runlens-no-such-command-xyz');
    expect(sink.run().command).toBe('runlens-no-such-command-xyz --flag');
    expect(sink.final()).toMatchObject({ status: 'failed', exitCode: 127, error: 'command not found: runlens-no-such-command-xyz' });
  });

  it('refuses an empty command and a missing working directory before creating a run', async () => {
    const sink = new MemorySink();
    await expect(runCommand(options(sink, []))).rejects.toThrow(/no command to run/);
    await expect(runCommand(options(sink, ['true'], { cwd: join(dir, 'missing') }))).rejects.toThrow(/does not exist/);
    expect(sink.records).toEqual([]);
  });

  it('records the git commit and dirty flag of a repository, and none outside one', async () => {
    const sink = new MemorySink();
    await runCommand(options(sink, node(''), { cwd: dir }));
    expect(sink.run().gitCommit).toBeUndefined();
    const repo = mkdtempSync(join(dir, 'repo-'));
    const git = (args: string[]) => runCommand(options(new MemorySink(), ['git', '-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: repo }));
    // each git command runs wrapped, while the wrapper itself asks git about the repository
    for (const args of [['init', '-q'], ['add', '.'], ['commit', '-qm', 'x']]) {
      if (args[0] === 'add') writeFileSync(join(repo, 'train.py'), 'print(1)\n');
      expect((await git(args)).status, args.join(' ')).toBe('completed');
    }
    const clean = new MemorySink();
    await runCommand(options(clean, node(''), { cwd: repo }));
    expect(clean.run()).toMatchObject({ gitCommit: expect.stringMatching(/^[0-9a-f]{40}$/), gitDirty: false, cwd: repo });
    writeFileSync(join(repo, 'train.py'), 'print(2)\n');
    const dirty = new MemorySink();
    await runCommand(options(dirty, node(''), { cwd: repo }));
    expect(dirty.run()).toMatchObject({ gitCommit: clean.run().gitCommit, gitDirty: true });
  });

  it('passes binary garbage through byte for byte and stores it as text without crashing', async () => {
    const sink = new MemorySink();
    const script = `
      let x = 12345; const b = Buffer.alloc(1 << 20);
      for (let i = 0; i < b.length; i++) { x = (x * 1103515245 + 12345) & 0x7fffffff; b[i] = x >> 16; }
      process.stdout.write(b); process.stderr.write(b.subarray(0, 4096));
    `;
    const o = options(sink, node(script), { parser: nanoParser });
    const result = await runCommand(o);
    expect(result.status).toBe('completed');
    let x = 12345;
    const expected = Buffer.alloc(1 << 20);
    for (let i = 0; i < expected.length; i++) {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      expected[i] = x >> 16;
    }
    expect(o.stdout.buffer().equals(expected)).toBe(true);
    expect(o.stderr.buffer().equals(expected.subarray(0, 4096))).toBe(true);
    expect(sink.logs().length).toBeGreaterThan(100);
    expect(sink.logs().every((l) => !l.line.includes('\u0000'))).toBe(true);
  });

  it('stores a 1 MB line cut to the log limit and still parses the lines after it', async () => {
    const sink = new MemorySink();
    const o = options(sink, node(`process.stdout.write('a'.repeat(1 << 20) + '\\niter 7: loss 1.5\\n')`), { parser: nanoParser });
    await runCommand(o);
    expect(o.stdout.bytes).toBe((1 << 20) + 18);
    const [long, metric] = sink.logs();
    expect(long!.line).toHaveLength(65_536);
    expect(long!.line.endsWith('…[truncated]')).toBe(true);
    expect(metric!.line).toBe('iter 7: loss 1.5');
    expect(sink.series('train/loss')).toMatchObject({ steps: [7], values: [1.5] });
  });

  it('keeps a broken parser from stopping the recording', async () => {
    const sink = new MemorySink();
    const warnings: string[] = [];
    const broken = (): LineParser => ({
      push: () => {
        throw new Error('parser bug');
      },
      end: () => [],
    });
    const result = await runCommand(options(sink, node(`console.log('iter 0: loss 1'); console.log('more')`), { parser: broken, onMessage: (m) => warnings.push(m) }));
    expect(result.status).toBe('completed');
    expect(sink.logs().map((l) => l.line)).toEqual(['iter 0: loss 1', 'more']);
    expect(warnings.join('\n')).toMatch(/parser failed on stdout.*parser bug/);
  });

  it('passes 100 MB of fast output through in full while a slow sink drops lines instead of buffering them', async () => {
    const lines = 1_000_000;
    const script = `
      const block = Buffer.from('x'.repeat(99) + '\\n').toString().repeat(10000);
      let n = 0;
      const write = () => {
        while (n < ${lines / 10_000}) { n++; if (!process.stdout.write(block)) return process.stdout.once('drain', write); }
      };
      write();
    `;
    const sink = new MemorySink(50);
    const o = options(sink, node(script), {
      stdout: new Capture(false),
      parser: nanoParser,
      output: { maxQueuedBytes: 8 * 1024 * 1024 },
      batcher: { flushMs: 20, maxPendingLogChars: 4 * 1024 * 1024 },
    });
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const watch = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 20);
    const result = await runCommand(o).finally(() => clearInterval(watch));
    expect(result.status).toBe('completed');
    expect(o.stdout.bytes).toBe(lines * 100);
    expect(result.output.bytes.stdout).toBe(lines * 100);
    expect(result.output.peakQueuedBytes).toBeLessThanOrEqual(8 * 1024 * 1024);
    expect(result.recording.peakPendingLogChars).toBeLessThanOrEqual(4 * 1024 * 1024);
    expect(result.unrecordedLines).toBeGreaterThan(0);
    // every line is either stored or counted as not stored
    const stored = sink.logs().filter((l) => l.stream === 'stdout' && l.line === 'x'.repeat(99)).length;
    expect(stored + result.unrecordedLines).toBe(lines);
    expect(sink.logs().at(-1)!.line).toMatch(new RegExp(`^runlens: ${result.unrecordedLines} lines of output were not recorded`));
    expect(rssPeak - rssBefore).toBeLessThan(300 * 1024 * 1024);
  }, 120_000);

  it('does not wait for a grandchild that keeps the output pipes open', async () => {
    const sink = new MemorySink();
    const grandchild = `setTimeout(() => {}, 5000)`;
    const script = `require('child_process').spawn(process.execPath, ['-e', ${JSON.stringify(grandchild)}], { stdio: 'inherit', detached: true }).unref(); console.log('parent done')`;
    const result = await runCommand(options(sink, node(script), { closeGraceMs: 200 }));
    expect(result.status).toBe('completed');
    expect(sink.logs().map((l) => l.line)).toEqual(['parent done']);
  });
});

describe('runCommand on the real terminal streams', () => {
  it('defaults to process.stdout and process.stderr', async () => {
    const sink = new MemorySink();
    const flag = join(dir, 'ran');
    const result = await runCommand({ argv: node(`require('fs').writeFileSync(${JSON.stringify(flag)}, '')`), sink, project: 'wrap', sysIntervalMs: false, onMessage: () => {} });
    expect(result.status).toBe('completed');
    expect(existsSync(flag)).toBe(true);
  });
});
