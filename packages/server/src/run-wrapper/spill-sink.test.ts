import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RunlensError, type IngestRecord } from '@runlens/core';
import { emptyReport, type RecordSink } from '../ingest/record-sink.js';
import { SpillingSink } from './spill-sink.js';

const dir = mkdtempSync(join(tmpdir(), 'runlens-spill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const RUN = '01J0000000000000000000SP1L';

/** Like the HTTP sink: holds metrics until the next other record or flush; `down` makes every request fail. */
class FlakyServer implements RecordSink {
  readonly report = emptyReport();
  readonly received: IngestRecord[] = [];
  down = false;
  private held: IngestRecord[] = [];
  async apply(r: IngestRecord): Promise<void> {
    if (r.type === 'metrics') {
      this.held.push(r);
      return;
    }
    await this.flush();
    this.send([r]);
  }
  async flush(): Promise<void> {
    const held = this.held;
    this.held = [];
    this.send(held);
  }
  async close(): Promise<void> {}
  private send(rs: IngestRecord[]): void {
    if (rs.length === 0) return;
    if (this.down) throw new RunlensError('UNAVAILABLE', 'cannot reach the runlens server');
    this.received.push(...rs);
  }
}

const metrics = (step: number): IngestRecord => ({ type: 'metrics', run: RUN, body: { series: [{ key: 'loss', steps: [step], values: [step] }] } });
const logs = (line: string): IngestRecord => ({ type: 'logs', run: RUN, body: { lines: [{ line }] } });

function readFile(file: string): IngestRecord[] {
  return readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as IngestRecord);
}

describe('SpillingSink', () => {
  it('passes everything to the server while it answers', async () => {
    const server = new FlakyServer();
    const file = join(dir, 'ok.jsonl');
    const sink = new SpillingSink(server, file);
    await sink.apply({ type: 'run', run: { id: RUN, project: 'p' } });
    await sink.apply(metrics(0));
    await sink.flush();
    expect(server.received.map((r) => r.type)).toEqual(['run', 'metrics']);
    expect(sink.spilled).toBe(0);
    expect(() => readFileSync(file)).toThrow();
  });

  it('moves the run to an offline file when the server goes away, starting with the run and losing no merged metrics', async () => {
    const server = new FlakyServer();
    const file = join(dir, 'nested', 'spill.jsonl');
    const messages: string[] = [];
    const sink = new SpillingSink(server, file, (m) => messages.push(m));
    const run: IngestRecord = { type: 'run', run: { id: RUN, project: 'p' } };
    await sink.apply(run);
    await sink.apply(metrics(0));
    await sink.flush();
    await sink.apply(metrics(1)); // taken, but still held by the server sink when it goes down
    server.down = true;
    await sink.apply(logs('after the crash'));
    await sink.apply(metrics(2));
    await sink.flush();
    await sink.apply({ type: 'update', run: RUN, body: { status: 'completed' } });
    expect(server.received.map((r) => r.type)).toEqual(['run', 'metrics']);
    expect(readFile(file)).toEqual([run, metrics(1), logs('after the crash'), metrics(2), { type: 'update', run: RUN, body: { status: 'completed' } }]);
    expect(sink.spilled).toBe(5);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/cannot reach the runlens server; recording to .*spill\.jsonl instead \(upload it later with `runlens sync /);
  });

  it('writes the run record once when the run record itself is what failed', async () => {
    const server = new FlakyServer();
    server.down = true;
    const file = join(dir, 'first.jsonl');
    const sink = new SpillingSink(server, file);
    const run: IngestRecord = { type: 'run', run: { id: RUN, project: 'p' } };
    await sink.apply(run);
    await sink.apply(logs('x'));
    expect(readFile(file)).toEqual([run, logs('x')]);
  });
});
