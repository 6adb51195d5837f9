import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventBus, type SeriesFrame } from '@runlens/core';
import { PipelineCache, type PipelineCacheKey } from './pipeline-cache.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'runlens-pipeline-cache-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const key = (runId: string, metric = 'loss', extra: Partial<PipelineCacheKey> = {}): PipelineCacheKey => ({
  runId,
  kind: 'frame',
  metric,
  x: 'step',
  dataVersion: 1,
  steps: [{ name: 'ema', options: { weight: 0.6 } }],
  ...extra,
});
const frame = (n: number, v = 1): SeriesFrame => ({ x: new Float64Array(n).map((_, i) => i), y: new Float64Array(n).fill(v) });
const cacheFiles = async (): Promise<string[]> => (await readdir(dir)).filter((f) => f.endsWith('.rlc')).sort();

/** The bytes one 1000-point frame entry takes in memory, measured rather than assumed. */
function entrySize(): number {
  const c = new PipelineCache();
  c.set(key('r'), frame(1000));
  return c.stats().memoryBytes;
}

describe('PipelineCache memory tier', () => {
  it('evicts the least recently used entry to stay within its byte limit', async () => {
    const size = entrySize();
    const cache = new PipelineCache({ maxMemoryBytes: Math.floor(size * 2.5) });
    cache.set(key('a'), frame(1000, 1));
    cache.set(key('b'), frame(1000, 2));
    expect(await cache.get(key('a'))).toBeDefined(); // a is now more recent than b
    cache.set(key('c'), frame(1000, 3));
    expect(await cache.get(key('b'))).toBeUndefined();
    expect((await cache.get<SeriesFrame>(key('a')))!.y[0]).toBe(1);
    expect((await cache.get<SeriesFrame>(key('c')))!.y[0]).toBe(3);
    const s = cache.stats();
    expect(s.evictions).toBe(1);
    expect(s.memoryEntries).toBe(2);
    expect(s.memoryBytes).toBeLessThanOrEqual(Math.floor(size * 2.5));
  });

  it('does not keep a value larger than the whole limit, and keeps nothing with limit 0', async () => {
    const cache = new PipelineCache({ maxMemoryBytes: 1000 });
    cache.set(key('a'), frame(1000));
    expect(cache.stats().memoryEntries).toBe(0);
    expect(await cache.get(key('a'))).toBeUndefined();
    const off = new PipelineCache({ maxMemoryBytes: 0 });
    off.set(key('a'), { n: 1 });
    expect(await off.get(key('a'))).toBeUndefined();
  });

  it('replaces a value set twice without counting it twice', async () => {
    const cache = new PipelineCache();
    cache.set(key('a'), frame(10, 1));
    const once = cache.stats().memoryBytes;
    cache.set(key('a'), frame(10, 2));
    expect(cache.stats()).toMatchObject({ memoryEntries: 1, memoryBytes: once });
    expect((await cache.get<SeriesFrame>(key('a')))!.y[0]).toBe(2);
  });

  it('treats keys with equal fields as one entry and any differing field as another', async () => {
    const cache = new PipelineCache();
    cache.set(key('a'), 'v');
    const reordered: PipelineCacheKey = {
      steps: [{ options: { weight: 0.6 }, name: 'ema' }],
      dataVersion: 1,
      x: 'step',
      metric: 'loss',
      kind: 'frame',
      runId: 'a',
    };
    expect(await cache.get(reordered)).toBe('v');
    for (const changed of [{ dataVersion: 2 }, { x: 'time' }, { steps: [] }, { kind: 'aligned' }, { options: { points: 10 } }]) {
      expect(await cache.get(key('a', 'loss', changed))).toBeUndefined();
    }
    expect(await cache.get(key('a', 'acc'))).toBeUndefined();
  });

  it('counts hits and misses', async () => {
    const cache = new PipelineCache();
    await cache.get(key('a'));
    cache.set(key('a'), 1);
    await cache.get(key('a'));
    await cache.get(key('a'));
    expect(cache.stats()).toMatchObject({ hits: 2, memoryHits: 2, diskHits: 0, misses: 1 });
  });

  it('refuses values it cannot cache and bad limits', () => {
    const cache = new PipelineCache();
    expect(() => cache.set(key('a'), { m: new Map() })).toThrow(/cannot cache Map at value.m/);
    expect(() => cache.set({ ...key('a'), runId: '' }, 1)).toThrow(/invalid cache key: runId ""/);
    expect(() => new PipelineCache({ maxMemoryBytes: -1 })).toThrow(/invalid maxMemoryBytes: -1/);
    expect(() => new PipelineCache({ maxDiskBytes: 1.5 })).toThrow(/invalid maxDiskBytes/);
  });
});

describe('PipelineCache getOrCompute', () => {
  it('computes once for concurrent callers of one key', async () => {
    const cache = new PipelineCache();
    let computed = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const compute = async (): Promise<SeriesFrame> => {
      computed++;
      await gate;
      return frame(5, 7);
    };
    const calls = Array.from({ length: 5 }, () => cache.getOrCompute(key('a'), compute));
    release();
    const results = await Promise.all(calls);
    expect(computed).toBe(1);
    expect(results.every((r) => r === results[0])).toBe(true);
    expect(await cache.getOrCompute(key('a'), compute)).toBe(results[0]);
    expect(computed).toBe(1);
    expect(cache.stats()).toMatchObject({ coalesced: 4, misses: 1, hits: 1 });
  });

  it('gives every waiting caller the error, stores nothing and computes again next time', async () => {
    const cache = new PipelineCache();
    const failing = async (): Promise<number> => {
      await Promise.resolve();
      throw new Error('boom');
    };
    const calls = [cache.getOrCompute(key('a'), failing), cache.getOrCompute(key('a'), failing)];
    for (const c of calls) await expect(c).rejects.toThrow('boom');
    expect(cache.stats().memoryEntries).toBe(0);
    expect(await cache.getOrCompute(key('a'), () => 3)).toBe(3);
  });

  it('does not store a value computed for a run invalidated meanwhile', async () => {
    const cache = new PipelineCache();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const stale = cache.getOrCompute(key('a'), async () => {
      await gate;
      return 'old';
    });
    await cache.invalidateRun('a');
    // A caller after the invalidation does not join the stale computation.
    const fresh = cache.getOrCompute(key('a'), () => 'new');
    release();
    expect(await stale).toBe('old');
    expect(await fresh).toBe('new');
    expect(await cache.get(key('a'))).toBe('new');
  });
});

describe('PipelineCache disk tier', () => {
  it('persists entries across instances', async () => {
    const first = new PipelineCache({ dir });
    const value = { x: Float64Array.of(1, 2, 3), y: Float64Array.of(0.5, NaN, Infinity), name: 'run <script> ✓' };
    first.set(key('a'), value);
    await first.flush();
    expect(await cacheFiles()).toHaveLength(1);

    const second = new PipelineCache({ dir });
    expect(await second.get(key('a'))).toEqual(value);
    expect(await second.get(key('a'))).toEqual(value);
    expect(second.stats()).toMatchObject({ diskHits: 1, memoryHits: 1, diskEntries: 1 });
    expect(second.stats().diskBytes).toBeGreaterThan(24);
  });

  it('writes files atomically: no temp files are left, names never contain the run id', async () => {
    const cache = new PipelineCache({ dir });
    for (let i = 0; i < 10; i++) cache.set(key('../../etc/passwd', `m${i}`), frame(100, i));
    await cache.flush();
    const names = await readdir(dir);
    expect(names).toHaveLength(10);
    expect(names.every((n) => /^[0-9a-f]{16}-[0-9a-f]{64}\.rlc$/.test(n))).toBe(true);
  });

  it('deletes least recently used files beyond its byte limit', async () => {
    const probe = new PipelineCache({ dir: join(dir, 'probe') });
    probe.set(key('p'), frame(1000));
    await probe.flush();
    const fileSize = probe.stats().diskBytes;

    const cache = new PipelineCache({ dir, maxDiskBytes: Math.floor(fileSize * 2.5), maxMemoryBytes: 0 });
    cache.set(key('a'), frame(1000, 1));
    await cache.flush();
    cache.set(key('b'), frame(1000, 2));
    await cache.flush();
    expect(await cache.get(key('a'))).toBeDefined(); // a is now more recent than b
    cache.set(key('c'), frame(1000, 3));
    await cache.flush();
    expect(await cacheFiles()).toHaveLength(2);
    expect(await cache.get(key('b'))).toBeUndefined();
    expect(await cache.get(key('a'))).toBeDefined();
    expect(cache.stats()).toMatchObject({ diskEvictions: 1, diskEntries: 2 });
    expect(cache.stats().diskBytes).toBeLessThanOrEqual(fileSize * 2.5);

    // A new instance over a full directory trims it to its own, smaller limit.
    const smaller = new PipelineCache({ dir, maxDiskBytes: fileSize });
    await smaller.flush();
    expect(await cacheFiles()).toHaveLength(1);
  });

  it('ignores and deletes corrupt files, and files holding another key', async () => {
    const cache = new PipelineCache({ dir });
    cache.set(key('a'), frame(10));
    cache.set(key('b'), frame(10));
    await cache.flush();
    const [fileA, fileB] = await cacheFiles();
    // One file truncated, the other replaced by a valid file of another entry.
    const bytes = await readFile(join(dir, fileA!));
    await writeFile(join(dir, fileA!), bytes.subarray(0, bytes.length - 3));
    await writeFile(join(dir, fileB!), await readFile(join(dir, fileA!)));
    await writeFile(join(dir, 'notes.txt'), 'not the cache’s');

    const reopened = new PipelineCache({ dir });
    expect(await reopened.get(key('a'))).toBeUndefined();
    expect(await reopened.get(key('b'))).toBeUndefined();
    expect(reopened.stats()).toMatchObject({ corrupt: 2, diskEntries: 0, diskBytes: 0, misses: 2 });
    expect(await readdir(dir)).toEqual(['notes.txt']);
  });

  it('treats a file deleted behind its back as a miss', async () => {
    const cache = new PipelineCache({ dir, maxMemoryBytes: 0 });
    cache.set(key('a'), 1);
    await cache.flush();
    await rm(join(dir, (await cacheFiles())[0]!));
    expect(await cache.get(key('a'))).toBeUndefined();
    expect(cache.stats()).toMatchObject({ diskEntries: 0, diskErrors: 0 });
  });

  it('clears temp files left by a crash, but not ones being written now', async () => {
    const old = `${'0'.repeat(16)}-${'1'.repeat(64)}.rlc.abcdef.tmp`;
    const recent = `${'0'.repeat(16)}-${'2'.repeat(64)}.rlc.fedcba.tmp`;
    await writeFile(join(dir, old), 'partial');
    await writeFile(join(dir, recent), 'partial');
    const longAgo = new Date(Date.UTC(2020, 0, 1));
    await utimes(join(dir, old), longAgo, longAgo);
    const cache = new PipelineCache({ dir });
    await cache.flush();
    expect(await readdir(dir)).toEqual([recent]);
  });

  it('keeps working from memory when the directory is unusable', async () => {
    const notADir = join(dir, 'file');
    await writeFile(notADir, 'x');
    const errors: unknown[] = [];
    const cache = new PipelineCache({ dir: notADir, onError: (e) => errors.push(e) });
    cache.set(key('a'), 5);
    await cache.flush();
    expect(await cache.get(key('a'))).toBe(5);
    expect(cache.stats().diskErrors).toBeGreaterThan(0);
    expect(errors.length).toBe(cache.stats().diskErrors);
  });
});

describe('PipelineCache invalidation', () => {
  it('drops a run’s entries in both tiers and nothing else', async () => {
    const cache = new PipelineCache({ dir });
    cache.set(key('r1', 'loss'), frame(10));
    cache.set(key('r1', 'acc'), frame(10));
    cache.set(key('r2', 'loss'), frame(10));
    await cache.flush();
    expect(await cache.invalidateRun('r1')).toBe(4);
    expect(await cache.get(key('r1', 'loss'))).toBeUndefined();
    expect(await cache.get(key('r2', 'loss'))).toBeDefined();
    expect(await cacheFiles()).toHaveLength(1);
    expect(cache.stats()).toMatchObject({ invalidations: 4, memoryEntries: 1, diskEntries: 1 });
    // A later process does not find them either.
    expect(await new PipelineCache({ dir }).get(key('r1', 'acc'))).toBeUndefined();
    expect(await cache.invalidateRun('never-cached')).toBe(0);
  });

  it('does not keep a file whose write finished after its run was invalidated', async () => {
    const cache = new PipelineCache({ dir });
    cache.set(key('r1'), frame(10));
    const invalidated = cache.invalidateRun('r1');
    await cache.flush();
    await invalidated;
    expect(await cacheFiles()).toEqual([]);
    expect(await new PipelineCache({ dir }).get(key('r1'))).toBeUndefined();
  });

  it('listens to points.appended and run.deleted on the event bus until unsubscribed', async () => {
    const bus = new EventBus();
    const cache = new PipelineCache();
    const off = cache.subscribeTo(bus);
    cache.set(key('r1'), 1);
    cache.set(key('r2'), 2);
    await bus.publish('points.appended', { runId: 'r1', project: 'p', keys: ['loss'], count: 1, series: [] });
    expect(await cache.get(key('r1'))).toBeUndefined();
    expect(await cache.get(key('r2'))).toBe(2);
    await bus.publish('run.deleted', { runId: 'r2', project: 'p' });
    expect(await cache.get(key('r2'))).toBeUndefined();
    off();
    cache.set(key('r1'), 1);
    await bus.publish('points.appended', { runId: 'r1', project: 'p', keys: ['loss'], count: 1, series: [] });
    expect(await cache.get(key('r1'))).toBe(1);
  });

  it('publishes cache.invalidated once a run\'s entries are dropped, with the reason and how many', async () => {
    const bus = new EventBus();
    const cache = new PipelineCache();
    cache.subscribeTo(bus);
    const seen: { reason: string; removed: number; runIds?: string[] }[] = [];
    let resolveSeen: () => void = () => undefined;
    const twoSeen = new Promise<void>((resolve) => (resolveSeen = resolve));
    bus.on('cache.invalidated', (e) => {
      seen.push(e);
      if (seen.length === 2) resolveSeen();
    });
    cache.set(key('r1'), 1);
    cache.set(key('r1', 'acc'), 2);
    await bus.publish('points.appended', { runId: 'r1', project: 'p', keys: ['loss'], count: 1, series: [] });
    await bus.publish('run.deleted', { runId: 'r9', project: 'p' });
    await twoSeen;
    expect(seen).toEqual([
      { reason: 'points.appended', removed: 2, runIds: ['r1'] },
      { reason: 'run.deleted', removed: 0, runIds: ['r9'] },
    ]);
  });
});
