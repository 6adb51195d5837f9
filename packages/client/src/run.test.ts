import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { init } from './init.js';
import { messages } from './messages.js';
import type { OfflineRecord } from './offline-format.js';
import { resolveOptions, type InitOptions } from './options.js';
import { Run } from './run.js';
import { ulid } from './ulid.js';
import type { MetricsBody, PatchRunBody } from './wire-types.js';

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

interface Reply {
  status: number;
  body?: unknown;
  delayMs?: number;
}

/** A stand-in for the runlens server: records every request and answers as the test says (default: success). */
class FakeServer {
  readonly requests: Received[] = [];
  inFlight = 0;
  maxInFlight = 0;
  reply: (r: Received) => Reply | undefined = () => undefined;

  url = '';
  private readonly server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      this.inFlight++;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      const text = Buffer.concat(chunks).toString('utf8');
      const r: Received = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: text ? JSON.parse(text) : undefined };
      this.requests.push(r);
      const reply = this.reply(r) ?? { status: r.method === 'POST' && r.url === '/api/v1/runs' ? 201 : 200, body: {} };
      setTimeout(() => {
        this.inFlight--;
        res.writeHead(reply.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(reply.body ?? {}));
      }, reply.delayMs ?? 0);
    });
  });

  static async start(): Promise<FakeServer> {
    const fake = new FakeServer();
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  metricBodies(): MetricsBody[] {
    return this.requests.filter((r) => r.url.endsWith('/metrics')).map((r) => r.body as MetricsBody);
  }

  patches(): PatchRunBody[] {
    return this.requests.filter((r) => r.method === 'PATCH').map((r) => r.body as PatchRunBody);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** A URL where nothing listens. */
async function deadUrl(): Promise<string> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

async function until(cond: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

type Column = { steps: number[]; values: unknown[] };

/** All points of all metric bodies, per key, in arrival order. */
function collect(bodies: readonly MetricsBody[]): Map<string, Column> {
  const out = new Map<string, Column>();
  for (const b of bodies) {
    for (const s of b.series) {
      expect(s.values.length).toBe(s.steps.length);
      expect(s.times.length).toBe(s.steps.length);
      let c = out.get(s.key);
      if (!c) out.set(s.key, (c = { steps: [], values: [] }));
      c.steps.push(...s.steps);
      c.values.push(...s.values);
    }
  }
  return out;
}

function readOffline(file: string): OfflineRecord[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as OfflineRecord);
}

const range = (n: number, from = 0) => Array.from({ length: n }, (_, i) => from + i);

let server: FakeServer;
let dir: string;
let warn: MockInstance<typeof console.warn>;
const open: Run[] = [];

async function start(extra: InitOptions = {}): Promise<Run> {
  const run = await init({
    project: 'p',
    url: server.url,
    env: {},
    offlineDir: dir,
    flushIntervalMs: 20,
    retryBaseMs: 5,
    retryMaxMs: 40,
    initTimeoutMs: 300,
    ...extra,
  });
  open.push(run);
  return run;
}

const warnings = () => warn.mock.calls.map((c) => String(c[0]));

beforeEach(async () => {
  server = await FakeServer.start();
  dir = mkdtempSync(join(tmpdir(), 'runlens-client-'));
  warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.finish()));
  warn.mockRestore();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('run creation', () => {
  it('creates the run with a client-chosen ULID, config, tags and process info, sending the token', async () => {
    const run = await start({ name: 'lr-0.1-s1', group: 'g', tags: ['baseline'], token: 's3cret', config: { lr: 0.1, seed: 1, model: { d: 16 } } });
    expect(run.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(run.url).toBe(`${server.url}/runs/${run.id}`);
    const create = server.requests[0]!;
    expect(create.method).toBe('POST');
    expect(create.url).toBe('/api/v1/runs');
    expect(create.headers.authorization).toBe('Bearer s3cret');
    expect(create.headers['content-type']).toBe('application/json');
    expect(create.body).toMatchObject({
      id: run.id,
      project: 'p',
      name: 'lr-0.1-s1',
      group: 'g',
      tags: ['baseline'],
      params: { lr: 0.1, seed: 1, model: { d: 16 } },
      cwd: process.cwd(),
    });
    const body = create.body as { startTime: number; host: string; command: string };
    expect(body.startTime).toBeGreaterThan(Date.now() - 60_000);
    expect(typeof body.host).toBe('string');
    expect(typeof body.command).toBe('string');
  });

  it('reads project, url, token and mode from the environment, and explicit options win', async () => {
    const fromEnv = await init({ env: { RUNLENS_URL: server.url, RUNLENS_PROJECT: 'envproj', RUNLENS_TOKEN: 'tok' }, offlineDir: dir });
    open.push(fromEnv);
    expect(server.requests[0]!.body).toMatchObject({ project: 'envproj' });
    expect(server.requests[0]!.headers.authorization).toBe('Bearer tok');
    const explicit = await init({ project: 'mine', url: server.url, env: { RUNLENS_URL: 'http://127.0.0.1:1', RUNLENS_PROJECT: 'envproj' } });
    open.push(explicit);
    expect(server.requests.filter((r) => r.url === '/api/v1/runs').map((r) => (r.body as { project: string }).project)).toEqual(['envproj', 'mine']);
    expect(server.requests[1]!.headers.authorization).toBeUndefined();
  });

  it('rejects options that can never work with a message naming the value', async () => {
    await expect(init({ project: '', env: {}, url: server.url })).rejects.toThrow(/project name "" is empty/);
    await expect(init({ project: 'p', tags: ['ok', 'bad\u0007tag'], env: {}, url: server.url })).rejects.toThrow(/control character/);
    await expect(init({ project: 'p', flushIntervalMs: 0, env: {}, url: server.url })).rejects.toThrow(/flushIntervalMs must be a positive number/);
    expect(server.requests).toHaveLength(0);
  });

  it('resolves init when the server is unreachable, then goes offline with everything kept', async () => {
    const run = await start({ url: await deadUrl(), offlineAfterMs: 300, initTimeoutMs: 100 });
    expect(warnings().some((w) => w.includes('not reachable yet'))).toBe(true);
    for (let i = 0; i < 50; i++) run.log({ loss: i / 10 });
    await until(() => run.stats().offlineFile !== undefined, 'the offline switch');
    for (let i = 50; i < 100; i++) run.log({ loss: i / 10 });
    run.summary({ best: 0.5 });
    await run.finish();
    const file = run.stats().offlineFile!;
    expect(file).toBe(join(dir, `${run.id}.jsonl`));
    const offlineWarnings = warnings().filter((w) => w.includes('offline file'));
    expect(offlineWarnings).toHaveLength(1);
    expect(offlineWarnings[0]).toContain(`runlens sync ${file}`);
    const records = readOffline(file);
    expect(records[0]).toMatchObject({ type: 'run', run: { id: run.id, project: 'p' } });
    const metrics = records.filter((r) => r.type === 'metrics').map((r) => r.body);
    const loss = collect(metrics).get('loss')!;
    expect(loss.steps).toEqual(range(100));
    expect(loss.values).toEqual(range(100).map((i) => i / 10));
    const updates = records.filter((r) => r.type === 'update');
    expect(updates.map((u) => u.body)).toEqual([{ summary: { best: 0.5 } }, expect.objectContaining({ status: 'completed' })]);
    expect(records.at(-1)?.type).toBe('update');
    expect(run.stats()).toMatchObject({ written: 100, buffered: 0, dropped: 0, sent: 0 });
    expect(run.stats().retries).toBeGreaterThan(0);
  });

  it('goes offline when the server refuses to create the run (bad token), keeping the data for a later sync', async () => {
    server.reply = () => ({ status: 401, body: { error: { code: 'UNAUTHORIZED', message: 'bad token' } } });
    const run = await start({ token: 'wrong' });
    run.log({ a: 1 });
    await run.finish();
    expect(server.requests).toHaveLength(1);
    expect(warnings().some((w) => w.includes('refused to create the run') && w.includes('bad token'))).toBe(true);
    const records = readOffline(run.stats().offlineFile!);
    expect(records.map((r) => r.type)).toEqual(['run', 'metrics', 'update']);
  });
});

describe('batching', () => {
  it('sends logged points in columnar batches with steps counted per call', async () => {
    const run = await start();
    for (let i = 0; i < 100; i++) run.log({ 'train/loss': 1 / (i + 1), acc: i / 100 });
    run.log({ val: 7 }, 1000);
    run.log({ val: 8 });
    await run.flush();
    const bodies = server.metricBodies();
    // The loop never yields, so all of it is one batch.
    expect(bodies).toHaveLength(1);
    const got = collect(bodies);
    expect(got.get('train/loss')!.steps).toEqual(range(100));
    expect(got.get('train/loss')!.values).toEqual(range(100).map((i) => 1 / (i + 1)));
    expect(got.get('acc')!.values).toEqual(range(100).map((i) => i / 100));
    expect(got.get('val')).toEqual({ steps: [1000, 1001], values: [7, 8] });
    const series = bodies[0]!.series[0]!;
    expect(series.times.every((t) => typeof t === 'number' && t > 0)).toBe(true);
    expect(run.stats()).toMatchObject({ sent: 202, buffered: 0, dropped: 0, retries: 0 });
  });

  it('encodes NaN and ±Infinity as strings and booleans as 0/1', async () => {
    const run = await start();
    run.log({ v: Number.NaN, b: true });
    run.log({ v: Number.POSITIVE_INFINITY, b: false });
    run.log({ v: Number.NEGATIVE_INFINITY });
    run.log({ v: -0.25 });
    await run.flush();
    const got = collect(server.metricBodies());
    expect(got.get('v')!.values).toEqual(['NaN', 'Infinity', '-Infinity', -0.25]);
    expect(got.get('b')!.values).toEqual([1, 0]);
  });

  it('sends early once flushAtPoints are waiting, in batches of at most maxBatchPoints', async () => {
    const run = await start({ flushIntervalMs: 60_000, flushAtPoints: 1000, maxBatchPoints: 1000 });
    for (let i = 0; i < 2500; i++) run.log({ x: i });
    await until(() => run.stats().sent === 2500, 'the early flush');
    const sizes = server.metricBodies().map((b) => b.series.reduce((n, s) => n + s.steps.length, 0));
    expect(sizes).toEqual([1000, 1000, 500]);
    expect(collect(server.metricBodies()).get('x')!.steps).toEqual(range(2500));
  });

  it('flushes on the interval without an explicit flush', async () => {
    const run = await start();
    run.log({ x: 1 });
    await until(() => run.stats().sent === 1, 'the timer flush');
    expect(collect(server.metricBodies()).get('x')!.values).toEqual([1]);
  });

  it('keeps one request in flight and the server sees everything in logged order', async () => {
    server.reply = (r) => (r.method === 'POST' && r.url.endsWith('/metrics') ? { status: 200, delayMs: 25 } : undefined);
    const run = await start({ flushIntervalMs: 5 });
    for (let i = 0; i < 300; i++) {
      run.log({ x: i });
      if (i === 150) run.summary({ mid: 150 });
      if (i % 10 === 0) await new Promise((r) => setTimeout(r, 3));
    }
    await run.finish();
    expect(server.maxInFlight).toBe(1);
    expect(server.metricBodies().length).toBeGreaterThan(1);
    expect(collect(server.metricBodies()).get('x')!.steps).toEqual(range(300));
    // Exactly the points logged before the summary reach the server before it; the final status comes last.
    const summaryAt = server.requests.findIndex((r) => r.method === 'PATCH' && 'summary' in (r.body as object));
    const before = server.requests.slice(0, summaryAt).filter((r) => r.url.endsWith('/metrics'));
    expect(collect(before.map((r) => r.body as MetricsBody)).get('x')!.steps).toEqual(range(151));
    expect(server.requests.at(-1)!.body).toMatchObject({ status: 'completed' });
  });

  it('sends log lines in order after the points logged before them', async () => {
    const run = await start();
    run.log({ x: 1 });
    run.logLines([{ line: 'hello', stream: 'stderr' }, { line: 'world' }]);
    await run.flush();
    const logs = server.requests.filter((r) => r.url.endsWith('/logs'));
    expect(logs).toHaveLength(1);
    expect((logs[0]!.body as { lines: unknown[] }).lines).toEqual([
      { line: 'hello', stream: 'stderr', time: expect.any(Number) },
      { line: 'world', stream: 'stdout', time: expect.any(Number) },
    ]);
    expect(server.requests.map((r) => r.url.split('/').at(-1))).toEqual(['runs', 'metrics', 'logs']);
  });
});

describe('failures', () => {
  it('retries a batch answered 503 until it goes through', async () => {
    let failures = 2;
    server.reply = (r) => (r.url.endsWith('/metrics') && failures-- > 0 ? { status: 503, body: { error: { code: 'UNAVAILABLE', message: 'busy' } } } : undefined);
    const run = await start();
    for (let i = 0; i < 10; i++) run.log({ x: i });
    await run.flush();
    const attempts = server.metricBodies();
    expect(attempts).toHaveLength(3);
    expect(attempts[2]).toEqual(attempts[0]);
    expect(collect([attempts[2]!]).get('x')!.steps).toEqual(range(10));
    expect(run.stats()).toMatchObject({ sent: 10, retries: 2, dropped: 0, buffered: 0 });
  });

  it('retries 429 and 408 too', async () => {
    const statuses = [429, 408];
    server.reply = (r) => {
      const s = r.url.endsWith('/metrics') ? statuses.shift() : undefined;
      return s ? { status: s } : undefined;
    };
    const run = await start();
    run.log({ x: 1 });
    await run.flush();
    expect(server.metricBodies()).toHaveLength(3);
    expect(run.stats()).toMatchObject({ sent: 1, retries: 2 });
  });

  it('drops a batch answered 400 after one warning, without retrying, and keeps going', async () => {
    let first = true;
    server.reply = (r) => {
      if (!r.url.endsWith('/metrics') || !first) return undefined;
      first = false;
      return { status: 400, body: { error: { code: 'VALIDATION', message: 'series[0].steps[3]: bad step', details: { index: 3 } } } };
    };
    const run = await start();
    for (let i = 0; i < 5; i++) run.log({ x: i });
    await run.flush();
    for (let i = 5; i < 8; i++) run.log({ x: i });
    await run.flush();
    expect(server.metricBodies()).toHaveLength(2);
    expect(collect([server.metricBodies()[1]!]).get('x')!.steps).toEqual([5, 6, 7]);
    const rejected = warnings().filter((w) => w.includes('rejected'));
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toContain('HTTP 400 VALIDATION');
    expect(rejected[0]).toContain('bad step');
    expect(run.stats()).toMatchObject({ sent: 3, dropped: 5, retries: 0 });
  });

  it('spills to the offline file when the buffer limit is exceeded while the server is failing', async () => {
    server.reply = (r) => (r.url.endsWith('/metrics') ? { status: 503 } : undefined);
    const run = await start({ maxBufferedPoints: 500, offlineAfterMs: 60_000 });
    run.log({ x: 0 });
    await until(() => run.stats().retries > 0, 'a failed request');
    for (let i = 1; i < 1000; i++) run.log({ x: i });
    expect(run.stats().offlineFile).toBeDefined();
    await run.finish();
    const records = readOffline(run.stats().offlineFile!);
    expect(collect(records.flatMap((r) => (r.type === 'metrics' ? [r.body] : []))).get('x')!.steps).toEqual(range(1000));
    expect(warnings().some((w) => w.includes('server unreachable') && w.includes('runlens sync'))).toBe(true);
    expect(run.stats()).toMatchObject({ dropped: 0, buffered: 0, written: 1000 });
  });

  it('without an offline file (browsers), drops the oldest points past the limit and counts them', async () => {
    let failing = true;
    server.reply = (r) => (failing && r.url.endsWith('/metrics') ? { status: 503 } : undefined);
    const options = resolveOptions(
      { project: 'p', url: server.url, env: {}, maxBufferedPoints: 1000, offlineAfterMs: 200, retryBaseMs: 5, retryMaxMs: 40, flushIntervalMs: 20 },
      messages.badMode,
    );
    const id = ulid();
    const run = new Run({ id, options, createBody: { id, project: 'p', startTime: Date.now() }, node: undefined });
    await run.start();
    open.push(run);
    for (let i = 0; i < 5000; i++) run.log({ x: i });
    const s = run.stats();
    expect(s.buffered).toBeLessThanOrEqual(1000);
    expect(s.dropped + s.buffered).toBe(5000);
    expect(s.offlineFile).toBeUndefined();
    expect(warnings().filter((w) => w.includes('dropping the oldest'))).toHaveLength(1);
    // finish gives up waiting once the server has been away for offlineAfterMs; the data stays and is retried.
    await run.finish();
    expect(warnings().some((w) => w.includes('no offline file is possible'))).toBe(true);
    failing = false;
    await until(() => run.stats().buffered === 0, 'delivery after the server recovers');
    const x = collect(server.metricBodies().slice(-1)).get('x');
    expect(x?.steps.at(-1)).toBe(4999);
    expect(run.stats().sent).toBe(5000 - run.stats().dropped);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('treats a request with no answer within requestTimeoutMs as failed: init resolves and the send is retried', async () => {
    let hang = 2;
    server.reply = () => (hang-- > 0 ? { status: 200, delayMs: 3000 } : undefined);
    const run = await start({ initTimeoutMs: 100, requestTimeoutMs: 150 });
    run.log({ x: 1 });
    await run.flush();
    expect(run.stats()).toMatchObject({ sent: 1, buffered: 0 });
    expect(run.stats().retries).toBeGreaterThanOrEqual(2);
    expect(server.requests.filter((r) => r.url === '/api/v1/runs').length).toBeGreaterThanOrEqual(3);
    expect(warnings().some((w) => w.includes('not reachable yet'))).toBe(true);
  });

  it('heartbeats while nothing else is sent', async () => {
    const run = await start({ heartbeatIntervalMs: 50 });
    await until(() => server.patches().some((p) => p.heartbeat === true), 'a heartbeat');
    expect(server.patches().find((p) => p.heartbeat)).toEqual({ heartbeat: true });
    await run.finish();
  });
});

describe('log() on garbage input', () => {
  it('never throws, skips what the server would reject, warns once per key and keeps the good values', async () => {
    const run = await start();
    const hostile = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('no keys for you');
        },
      },
    );
    const getterBomb = {
      ok: 1,
      get bad(): number {
        throw new Error('boom');
      },
    };
    const calls: Array<() => void> = [
      () => run.log(undefined as unknown as Record<string, number>),
      () => run.log(null as unknown as Record<string, number>),
      () => run.log(42 as unknown as Record<string, number>),
      () => run.log('loss' as unknown as Record<string, number>),
      () => run.log([1, 2] as unknown as Record<string, number>),
      () => run.log(hostile as Record<string, number>),
      () => run.log(getterBomb),
      () => run.log({ ['k'.repeat(1_000_000)]: 1, good: 1 }),
      () => run.log({ '': 1, ' padded': 2, 'tab\tkey': 3, 'nul\0': 4, 'line\u2028sep': 5, good: 2 }),
      () => run.log({ obj: { nested: 1 } as unknown as number, str: '1' as unknown as number, big: 1n as unknown as number, good: 3 }),
      () => run.log({ obj: {} as unknown as number, good: 4 }),
      () => run.log({ good: 5 }, -1),
      () => run.log({ good: 5 }, 1.5),
      () => run.log({ good: 5 }, Number.NaN),
      () => run.log({ good: 5 }, '3' as unknown as number),
      () => run.summary(undefined as unknown as Record<string, number>),
      () => run.summary({ s: 'x' as unknown as number, t: 1 }),
      () => run.logParams(null as unknown as Record<string, unknown>),
      () => run.logLines(undefined as unknown as []),
      () => run.logLines([null, { line: 3 }, 'x'] as unknown as []),
      () => run.log({ good: 6, ['ok/' + 'k'.repeat(253)]: 7 }),
    ];
    for (const call of calls) expect(call).not.toThrow();
    await run.flush();
    const got = collect(server.metricBodies());
    expect(got.get('good')!.values).toEqual([1, 2, 3, 4, 6]);
    expect(got.get('ok')!.values).toEqual([1]);
    expect(got.get('ok/' + 'k'.repeat(253))!.values).toEqual([7]);
    expect([...got.keys()].sort()).toEqual(['good', 'ok', 'ok/' + 'k'.repeat(253)]);
    expect(server.patches()).toContainEqual({ summary: { t: 1 } });
    const ws = warnings();
    expect(ws.filter((w) => w.includes('"obj"'))).toHaveLength(1);
    expect(ws.filter((w) => w.includes('step must be'))).toHaveLength(1);
    expect(ws.some((w) => w.includes('1000000 chars'))).toBe(true);
    expect(ws.every((w) => w.length < 2000)).toBe(true);
  });

  it('ignores logging after finish, and a second finish is harmless', async () => {
    const run = await start();
    run.log({ x: 1 });
    const first = run.finish('failed', { exitCode: 2, error: new Error('diverged') });
    expect(run.finish()).toBe(first);
    await first;
    run.log({ x: 2 });
    await run.finish('completed');
    const statusPatches = server.patches().filter((p) => p.status !== undefined);
    expect(statusPatches).toHaveLength(1);
    expect(statusPatches[0]).toMatchObject({ status: 'failed', exitCode: 2 });
    expect(statusPatches[0]!.error).toContain('Error: diverged');
    expect(typeof statusPatches[0]!.endTime).toBe('number');
    expect(collect(server.metricBodies()).get('x')!.values).toEqual([1]);
    expect(warnings().some((w) => w.includes('is finished'))).toBe(true);
  });
});

describe('modes', () => {
  it('RUNLENS_MODE=disabled sends nothing, writes nothing and never throws', async () => {
    const run = await start({ env: { RUNLENS_MODE: 'disabled' } });
    run.log({ x: 1 });
    run.logParams({ a: 1 });
    run.summary({ s: 1 });
    run.logLines([{ line: 'x' }]);
    await run.flush();
    await run.finish();
    await new Promise((r) => setTimeout(r, 100));
    expect(server.requests).toHaveLength(0);
    expect(readdirSync(dir)).toEqual([]);
    expect(run.stats()).toEqual({ sent: 0, written: 0, buffered: 0, dropped: 0, retries: 0 });
  });

  it('RUNLENS_MODE=offline writes the JSONL file only, with every record kind, and names the sync command', async () => {
    const run = await start({ env: { RUNLENS_MODE: 'offline', RUNLENS_OFFLINE_DIR: dir }, offlineDir: undefined });
    run.log({ x: Number.NaN });
    run.log({ x: 2 });
    run.logParams({ extra: { depth: 2 } });
    run.logLines([{ line: 'hi' }]);
    run.summary({ best: Number.POSITIVE_INFINITY });
    await run.finish('killed');
    expect(server.requests).toHaveLength(0);
    const file = join(dir, `${run.id}.jsonl`);
    expect(run.stats().offlineFile).toBe(file);
    expect(warnings().filter((w) => w.includes(`runlens sync ${file}`))).toHaveLength(1);
    const records = readOffline(file);
    expect(records.map((r) => r.type)).toEqual(['run', 'metrics', 'update', 'logs', 'update', 'update']);
    expect(records[1]).toEqual({
      type: 'metrics',
      run: run.id,
      body: { series: [{ key: 'x', steps: [0, 1], values: ['NaN', 2], times: [expect.any(Number), expect.any(Number)] }] },
    });
    expect(records[2]).toEqual({ type: 'update', run: run.id, body: { params: { extra: { depth: 2 } } } });
    expect(records[3]).toMatchObject({ type: 'logs', run: run.id, body: { lines: [{ line: 'hi', stream: 'stdout' }] } });
    expect(records[4]).toEqual({ type: 'update', run: run.id, body: { summary: { best: 'Infinity' } } });
    expect(records[5]).toMatchObject({ type: 'update', run: run.id, body: { status: 'killed' } });
    expect(run.stats()).toMatchObject({ written: 2, sent: 0, buffered: 0 });
  });

  it('warns about an unknown RUNLENS_MODE and stays online', async () => {
    const run = await start({ env: { RUNLENS_MODE: 'sideways' } });
    run.log({ x: 1 });
    await run.flush();
    expect(run.stats().sent).toBe(1);
    expect(warnings().some((w) => w.includes('"sideways"'))).toBe(true);
  });
});
