/**
 * The recording thread as the CLI uses it. The worker script is the built one (`npm test` builds first), so this
 * suite runs when packages/server/dist is there.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { RunlensError } from '@runlens/core';
import { SqliteStore } from '../store/sqlite-store.js';
import { WorkerRecorder } from './worker-recorder.js';

const WORKER = new URL('../../dist/run-wrapper/recorder-worker.js', import.meta.url);
const BUILT = existsSync(fileURLToPath(WORKER));

const dir = mkdtempSync(join(tmpdir(), 'runlens-worker-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const RUN = '01J00000000000000000WRKR01';

async function readBack(data: string, runId: string) {
  const store = new SqliteStore({ dataDir: data, readonly: true });
  try {
    return {
      run: await store.getRun(runId),
      loss: await store.readSeries(runId, 'train/loss'),
      logs: await store.readLogs(runId, { limit: 100_000 }),
    };
  } finally {
    await store.close();
  }
}

describe.runIf(BUILT)('WorkerRecorder', () => {
  it('records into the embedded store from its own thread', async () => {
    const data = join(dir, 'a');
    const warnings: string[] = [];
    const { recorder, describe: where, url } = await WorkerRecorder.open({ target: { data }, runId: RUN, parser: 'nanogpt', workerUrl: WORKER, onWarning: (m) => warnings.push(m) });
    expect(where).toBe(data);
    expect(url).toBeUndefined();
    recorder.start({ id: RUN, project: 'worker', name: 'w', status: 'running', startTime: 1000 });
    const text = Buffer.from(Array.from({ length: 10 }, (_, i) => `iter ${i}: loss ${10 - i}.0, time 1.00ms, mfu 1.00%\n`).join(''));
    recorder.write('stdout', text.subarray(0, 7), 2000);
    recorder.write('stdout', text.subarray(7), 2001);
    recorder.write('stderr', Buffer.from('Traceback: boom'), 2002);
    recorder.addSample([{ key: 'sys/rss_mb', value: 12.5 }], 0, 2003);
    expect(await recorder.endOutput()).toEqual({ stderrTail: ['Traceback: boom'], unrecordedLines: 0 });
    const summary = await recorder.finish({ status: 'failed', exitCode: 1, endTime: 3000, error: 'exit code 1' });
    expect(summary.recording).toMatchObject({ logLines: 11, points: 31, failedRecords: 0 });
    expect(summary.output.bytes).toEqual({ stdout: text.length, stderr: 15 });
    expect(warnings).toEqual([]);
    expect(summary.rejected).toEqual([]);

    const back = await readBack(data, RUN);
    expect(back.run).toMatchObject({ project: 'worker', name: 'w', status: 'failed', exitCode: 1, error: 'exit code 1' });
    expect(Array.from(back.loss!.steps)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(back.logs.map((l) => l.line)).toContain('Traceback: boom');
    expect(back.run!.summary['sys/rss_mb']).toBe(12.5);
  });

  it('drops chunks past its in-flight bound and still accounts for every line', async () => {
    const data = join(dir, 'b');
    const { recorder } = await WorkerRecorder.open({ target: { data }, runId: RUN, parser: 'none', workerUrl: WORKER, maxInFlightBytes: 4096 });
    recorder.start({ id: RUN, project: 'worker' });
    const total = 5000;
    const bytes = Buffer.from(Array.from({ length: total }, (_, i) => `line ${String(i).padStart(6, '0')}\n`).join(''));
    // handed over in one go, faster than any thread could take it
    for (let i = 0; i < bytes.length; i += 500) recorder.write('stdout', bytes.subarray(i, i + 500), 1);
    const end = await recorder.endOutput();
    const summary = await recorder.finish({ status: 'completed' });
    expect(end.unrecordedLines).toBeGreaterThan(0);
    expect(summary.output.peakQueuedBytes).toBeLessThanOrEqual(4096);
    const { logs } = await readBack(data, RUN);
    const kept = logs.filter((l) => l.stream === 'stdout').map((l) => l.line);
    expect(kept.every((l) => /^line \d{6}$/.test(l))).toBe(true);
    expect(kept.length + end.unrecordedLines).toBe(total);
    expect(logs.at(-1)!.line).toBe(`runlens: ${end.unrecordedLines} lines of output were not recorded because recording fell behind the command`);
  });

  it('fails to open with the error a user can act on', async () => {
    const err = await WorkerRecorder.open({ target: { data: join(dir, 'c') }, runId: RUN, parser: 'nanoGPT', workerUrl: WORKER }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RunlensError);
    expect((err as RunlensError).code).toBe('VALIDATION');
    expect((err as RunlensError).message).toMatch(/^unknown parser: nanoGPT \(one of auto, none, nanogpt/);
    const file = join(dir, 'not-a-dir');
    writeFileSync(file, '');
    await expect(WorkerRecorder.open({ target: { data: file }, runId: RUN, parser: 'auto', workerUrl: WORKER })).rejects.toThrow();
  });

  it('closing a recording that never finished stops its thread', async () => {
    const { recorder } = await WorkerRecorder.open({ target: { data: join(dir, 'd') }, runId: RUN, parser: 'auto', workerUrl: WORKER });
    recorder.write('stdout', Buffer.from('x\n'), 1);
    await recorder.close();
    // nothing answers any more, and nothing hangs
    expect(await recorder.endOutput()).toEqual({ stderrTail: [], unrecordedLines: 0 });
  });
});
