import { describe, expect, it } from 'vitest';
import { BUILTIN_PARSERS, createAutoParser, type IngestRecord, type LogsRecord, type MetricsRecord } from '@runlens/core';
import { emptyReport, type RecordSink } from '../ingest/record-sink.js';
import { OutputRecorder } from './output-recorder.js';
import { LiveRecordQueue } from './live-record-queue.js';

const RUN = '01J0000000000000000000TEST';

function setup(options: ConstructorParameters<typeof OutputRecorder>[1] = {}) {
  const records: IngestRecord[] = [];
  const sink: RecordSink = {
    report: emptyReport(),
    apply: async (r) => void records.push(r),
    flush: async () => {},
    close: async () => {},
  };
  const batcher = new LiveRecordQueue(sink, RUN, { flushMs: 10 });
  batcher.start({ id: RUN, project: 'p' });
  const recorder = new OutputRecorder(batcher, options);
  const finish = async () => {
    await recorder.end();
    await batcher.finish({ status: 'completed' });
    const lines = records.filter((r): r is LogsRecord => r.type === 'logs').flatMap((r) => r.body.lines);
    const points = records
      .filter((r): r is MetricsRecord => r.type === 'metrics')
      .flatMap((r) => r.body.series!.flatMap((s) => s.steps.map((step, i) => ({ key: s.key, step, value: s.values[i], time: s.times![i]! }))));
    return { lines, points };
  };
  return { recorder, finish };
}

describe('OutputRecorder', () => {
  it('detects nanoGPT output with the auto parser, across odd chunk boundaries, timing points by arrival', async () => {
    const { recorder, finish } = setup({ parser: () => createAutoParser(BUILTIN_PARSERS) });
    const text = Array.from({ length: 30 }, (_, i) => `iter ${i}: loss ${(4 - i / 10).toFixed(4)}, time 12.50ms, mfu 3.00%\n`).join('');
    const bytes = Buffer.from(text);
    for (let i = 0, t = 1000; i < bytes.length; i += 37, t++) recorder.write('stdout', bytes.subarray(i, i + 37), t);
    recorder.write('stderr', Buffer.from('warning: something\n'), 5000);
    const { lines, points } = await finish();
    expect(lines.filter((l) => l.stream === 'stdout')).toHaveLength(30);
    expect(lines).toContainEqual({ line: 'warning: something', stream: 'stderr', time: 5000 });
    const loss = points.filter((p) => p.key === 'train/loss');
    expect(loss.map((p) => p.step)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(loss[29]!.value).toBeCloseTo(1.1);
    expect(loss.every((p, i) => i === 0 || p.time >= loss[i - 1]!.time)).toBe(true);
  });

  it('keeps one parser per stream so interleaved stderr lines do not break a stdout format', async () => {
    const made: string[] = [];
    const { recorder, finish } = setup({
      parser: () => {
        const id = `p${made.length}`;
        made.push(id);
        let n = 0;
        return { push: (line) => [{ step: n++, metrics: { [`${id}/len`]: line.length } }], end: () => [] };
      },
    });
    recorder.write('stdout', Buffer.from('a\n'), 1);
    recorder.write('stderr', Buffer.from('bb\n'), 2);
    recorder.write('stdout', Buffer.from('ccc\n'), 3);
    const { points } = await finish();
    expect(made).toEqual(['p0', 'p1']);
    expect(points).toEqual(
      expect.arrayContaining([
        { key: 'p0/len', step: 0, value: 1, time: 1 },
        { key: 'p0/len', step: 1, value: 3, time: 3 },
        { key: 'p1/len', step: 0, value: 2, time: 2 },
      ]),
    );
  });

  it('drops whole chunks past the queue bound and accounts for every lost line exactly', async () => {
    const { recorder, finish } = setup({ maxQueuedBytes: 10_000 });
    // written in one go, before the recorder gets a turn: most of it cannot be queued
    const total = 2000;
    const text = Array.from({ length: total }, (_, i) => `line ${String(i).padStart(6, '0')}\n`).join('');
    const bytes = Buffer.from(text);
    for (let i = 0; i < bytes.length; i += 1000) recorder.write('stdout', bytes.subarray(i, i + 1000), 1);
    const { lines } = await finish();
    expect(recorder.stats.peakQueuedBytes).toBeLessThanOrEqual(10_000);
    expect(recorder.stats.droppedBytes).toBeGreaterThan(0);
    const kept = lines.filter((l) => l.stream === 'stdout').map((l) => l.line);
    expect(kept.every((l) => /^line \d{6}$/.test(l))).toBe(true);
    expect(kept.length + recorder.stats.droppedLines).toBe(total);
  });

  it('keeps the last stderr lines for the error message, a final line without newline included', async () => {
    const { recorder, finish } = setup();
    const text = Array.from({ length: 30 }, (_, i) => `err ${i}`).join('\n');
    recorder.write('stderr', Buffer.from(text), 1);
    recorder.write('stdout', Buffer.from('not in the tail\n'), 2);
    await finish();
    expect(recorder.stderrTail()).toEqual(Array.from({ length: 20 }, (_, i) => `err ${i + 10}`));
  });
});
