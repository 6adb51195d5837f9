/**
 * The cache of processed plot data (DESIGN.md, Plot system: "a cache keyed by input hash, memory LRU + disk,
 * invalidated by new points"). Values — frames after a pipeline, aligned groups, any JSON with Float64Arrays — are
 * kept in a memory LRU bounded in bytes and, optionally, in a directory bounded in bytes, so a restarted server
 * still has them. Keys are hashed from everything the value depends on; new points for a run drop its entries.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { RunlensError, stableStringify } from '@runlens/core';
import { cacheValueSize, checkCacheValue, decodeCacheValue, encodeCacheValue } from './cache-value-codec.js';

/** Everything a cached value depends on. Two keys with equal fields (in any key order) are one entry. */
export interface PipelineCacheKey {
  readonly runId: string;
  /** What the value is (`frame`, `aligned-group`…), so values of different shapes never share a key. */
  readonly kind: string;
  /** The metric key. */
  readonly metric: string;
  /** The x axis (`step`, `time`, `relative`, `epoch` or a metric). */
  readonly x: string;
  /** Changes whenever the run's data does (its point count, last write sequence…). */
  readonly dataVersion: string | number;
  /** The pipeline, canonical (`canonicalPipeline(resolvePipeline(...))`), so `ema:0.6` and `ema:weight=0.6` agree. */
  readonly steps: readonly unknown[];
  /** Anything else the value depends on: points, downsampling, from/to. */
  readonly options?: unknown;
}

export interface PipelineCacheOptions {
  /** Memory tier limit in bytes (values' estimated size); 0 disables the tier. Default 256 MiB. */
  readonly maxMemoryBytes?: number;
  /** Directory of the disk tier; none: no disk tier. Created if missing. */
  readonly dir?: string | undefined;
  /** Disk tier limit in bytes (file sizes); 0 disables the tier. Default 1 GiB. */
  readonly maxDiskBytes?: number;
  /** Told about disk errors (a full disk, permissions); the cache carries on without the failed write or read. */
  readonly onError?: (error: unknown) => void;
}

/** Where a bus delivers the events that make entries stale; `EventBus<RunlensEvents>` is one. */
export interface CacheInvalidationBus {
  on(event: 'points.appended' | 'run.deleted', handler: (e: { runId: string }) => void): () => void;
  publish(event: 'cache.invalidated', payload: { reason: string; removed: number; runIds?: string[] }): Promise<unknown>;
}

/** Counters since the cache was made, and its current size. */
export interface PipelineCacheStats {
  /** Lookups answered from memory or disk. */
  hits: number;
  memoryHits: number;
  diskHits: number;
  /** Lookups answered by neither tier. */
  misses: number;
  /** Callers of getOrCompute that waited for a computation another caller had started. */
  coalesced: number;
  /** Entries pushed out of memory / off disk by the size limits. */
  evictions: number;
  diskEvictions: number;
  /** Entries removed by invalidateRun (both tiers). */
  invalidations: number;
  /** Disk files that could not be decoded (deleted when found). */
  corrupt: number;
  /** Disk reads and writes that failed. */
  diskErrors: number;
  memoryEntries: number;
  memoryBytes: number;
  diskEntries: number;
  diskBytes: number;
}

const MiB = 1024 * 1024;
const DEFAULT_MEMORY_BYTES = 256 * MiB;
const DEFAULT_DISK_BYTES = 1024 * MiB;
const FILE = /^([0-9a-f]{16})-([0-9a-f]{64})\.rlc$/;
const TEMP = /\.rlc\.[0-9a-f]+\.tmp$/;
/** Temp files older than this are left over from a crash, not being written by another process. */
const STALE_TEMP_MS = 10 * 60 * 1000;

interface MemoryEntry {
  readonly runId: string;
  readonly value: unknown;
  readonly bytes: number;
}

interface DiskEntry {
  readonly runTag: string;
  readonly bytes: number;
}

/** A key, hashed: the hash names the entry, the canonical text verifies a disk file is the entry's. */
interface ResolvedKey {
  readonly runId: string;
  readonly runTag: string;
  readonly hash: string;
  readonly canonical: string;
}

/**
 * A two-tier cache of processed plot data.
 *
 * - Memory: an LRU bounded by the values' estimated bytes; a value larger than the whole limit is not kept there.
 * - Disk (with `dir`): one file per entry named `<run tag>-<key hash>.rlc`, written to a temp file and renamed, so
 *   a reader never sees half a file; least recently used files are deleted beyond `maxDiskBytes`; a file that does
 *   not decode, or holds another key, is deleted and counted as `corrupt`. Files in `dir` that are not the cache's
 *   are never touched.
 * - `getOrCompute` runs `compute` once for concurrent callers of one key.
 * - `invalidateRun` drops a run's entries in both tiers, and a computation that was running for that run is not
 *   stored when it finishes (its callers still get its value).
 *
 * Values are returned as stored, not copied: treat them as immutable, as pipeline frames are.
 *
 * @example
 * const cache = new PipelineCache({ dir: join(dataDir, 'cache'), maxMemoryBytes: 256 * 2 ** 20 });
 * cache.subscribeTo(bus);
 * const frame = await cache.getOrCompute(key, () => applyResolvedPipeline(raw, steps));
 */
export class PipelineCache {
  private readonly maxMemoryBytes: number;
  private readonly maxDiskBytes: number;
  private readonly dir: string | undefined;
  private readonly onError: ((error: unknown) => void) | undefined;
  /** In recency order: first is least recently used. */
  private readonly memory = new Map<string, MemoryEntry>();
  private memoryBytes = 0;
  /** File name → entry, in recency order. */
  private readonly disk = new Map<string, DiskEntry>();
  private diskBytes = 0;
  private readonly inflight = new Map<string, { runId: string; promise: Promise<unknown> }>();
  /** Bumped by invalidateRun, so work started before an invalidation is not stored after it. */
  private readonly generations = new Map<string, number>();
  private readonly pendingWrites = new Set<Promise<void>>();
  private readonly ready: Promise<void>;
  private readonly counters = {
    hits: 0,
    memoryHits: 0,
    diskHits: 0,
    misses: 0,
    coalesced: 0,
    evictions: 0,
    diskEvictions: 0,
    invalidations: 0,
    corrupt: 0,
    diskErrors: 0,
  };

  constructor(options: PipelineCacheOptions = {}) {
    this.maxMemoryBytes = checkLimit(options.maxMemoryBytes ?? DEFAULT_MEMORY_BYTES, 'maxMemoryBytes');
    this.maxDiskBytes = checkLimit(options.maxDiskBytes ?? DEFAULT_DISK_BYTES, 'maxDiskBytes');
    this.dir = options.dir !== undefined && this.maxDiskBytes > 0 ? options.dir : undefined;
    this.onError = options.onError;
    this.ready = this.dir === undefined ? Promise.resolve() : this.scanDisk(this.dir);
  }

  /** The value under `key`, from memory or disk, or `undefined`. */
  async get<V>(key: PipelineCacheKey): Promise<V | undefined> {
    const found = await this.lookup(resolveKey(key));
    return found === undefined ? undefined : (found.value as V);
  }

  /** Stores `value` under `key` in memory at once and on disk in the background (see {@link flush}). */
  set(key: PipelineCacheKey, value: unknown): void {
    this.store(resolveKey(key), value);
  }

  /**
   * The value under `key`, computing and storing it on a miss. Concurrent calls for one key share one lookup and
   * one computation. If `compute` throws, every waiting caller gets the error and nothing is stored.
   */
  async getOrCompute<V>(key: PipelineCacheKey, compute: () => V | Promise<V>): Promise<V> {
    const k = resolveKey(key);
    const running = this.inflight.get(k.hash);
    if (running) {
      this.counters.coalesced++;
      return running.promise as Promise<V>;
    }
    const generation = this.generationOf(k.runId);
    const promise = (async (): Promise<V> => {
      const found = await this.lookup(k);
      if (found !== undefined) return found.value as V;
      const value = await compute();
      if (this.generationOf(k.runId) === generation) this.store(k, value);
      return value;
    })();
    const entry = { runId: k.runId, promise };
    this.inflight.set(k.hash, entry);
    try {
      return await promise;
    } finally {
      if (this.inflight.get(k.hash) === entry) this.inflight.delete(k.hash);
    }
  }

  /** Drops every entry of `runId` in both tiers; resolves with how many there were once the files are gone. */
  async invalidateRun(runId: string): Promise<number> {
    this.generations.set(runId, this.generationOf(runId) + 1);
    let removed = 0;
    for (const [hash, entry] of this.memory) {
      if (entry.runId !== runId) continue;
      this.memory.delete(hash);
      this.memoryBytes -= entry.bytes;
      removed++;
    }
    for (const [hash, running] of this.inflight) if (running.runId === runId) this.inflight.delete(hash);
    await this.ready;
    if (this.dir !== undefined) {
      const tag = runTagOf(runId);
      const files = [...this.disk].filter(([, e]) => e.runTag === tag).map(([name]) => name);
      for (const name of files) this.forgetFile(name);
      removed += files.length;
      await Promise.all(files.map((name) => this.removeFile(name)));
    }
    this.counters.invalidations += removed;
    return removed;
  }

  /**
   * Drops a run's entries whenever the bus reports new points for it or its deletion. Returns the function that
   * stops listening.
   */
  subscribeTo(bus: CacheInvalidationBus): () => void {
    // once a run's entries are gone, say so on the bus (cache.invalidated), with how many went
    const invalidate = (reason: 'points.appended' | 'run.deleted') => (e: { runId: string }): void => {
      this.invalidateRun(e.runId)
        .then((removed) => bus.publish('cache.invalidated', { reason, removed, runIds: [e.runId] }))
        .catch((error: unknown) => this.reportDiskError(error));
    };
    const offs = [bus.on('points.appended', invalidate('points.appended')), bus.on('run.deleted', invalidate('run.deleted'))];
    return () => offs.forEach((off) => off());
  }

  /** Resolves once every disk write started so far has finished (or failed). */
  async flush(): Promise<void> {
    await this.ready;
    while (this.pendingWrites.size > 0) await Promise.all(this.pendingWrites);
  }

  stats(): PipelineCacheStats {
    return {
      ...this.counters,
      memoryEntries: this.memory.size,
      memoryBytes: this.memoryBytes,
      diskEntries: this.disk.size,
      diskBytes: this.diskBytes,
    };
  }

  private generationOf(runId: string): number {
    return this.generations.get(runId) ?? 0;
  }

  private async lookup(k: ResolvedKey): Promise<{ value: unknown } | undefined> {
    const inMemory = this.memory.get(k.hash);
    if (inMemory) {
      this.memory.delete(k.hash);
      this.memory.set(k.hash, inMemory);
      this.counters.hits++;
      this.counters.memoryHits++;
      return { value: inMemory.value };
    }
    const generation = this.generationOf(k.runId);
    const fromDisk = await this.readDisk(k);
    if (fromDisk !== undefined) {
      this.counters.hits++;
      this.counters.diskHits++;
      // Not back into memory if the run was invalidated while the file was read.
      if (this.generationOf(k.runId) === generation) this.remember(k, fromDisk.value);
      return fromDisk;
    }
    this.counters.misses++;
    return undefined;
  }

  private store(k: ResolvedKey, value: unknown): void {
    // Encoding first also checks the value is cacheable at all, before it goes anywhere.
    const bytes = this.dir === undefined ? undefined : encodeCacheValue(k.canonical, value);
    if (bytes === undefined) checkCacheValue(value);
    this.remember(k, value);
    if (bytes !== undefined) this.trackWrite(this.writeDisk(k, bytes, this.generationOf(k.runId)));
  }

  private remember(k: ResolvedKey, value: unknown): void {
    const old = this.memory.get(k.hash);
    if (old) {
      this.memory.delete(k.hash);
      this.memoryBytes -= old.bytes;
    }
    const bytes = cacheValueSize(value) + 2 * k.canonical.length;
    if (bytes > this.maxMemoryBytes) return;
    this.memory.set(k.hash, { runId: k.runId, value, bytes });
    this.memoryBytes += bytes;
    for (const [hash, entry] of this.memory) {
      if (this.memoryBytes <= this.maxMemoryBytes) break;
      this.memory.delete(hash);
      this.memoryBytes -= entry.bytes;
      this.counters.evictions++;
    }
  }

  private trackWrite(write: Promise<void>): void {
    const tracked = write.catch((error: unknown) => this.reportDiskError(error)).finally(() => this.pendingWrites.delete(tracked));
    this.pendingWrites.add(tracked);
  }

  private async readDisk(k: ResolvedKey): Promise<{ value: unknown } | undefined> {
    await this.ready;
    if (this.dir === undefined) return undefined;
    const name = fileNameOf(k);
    if (!this.disk.has(name)) return undefined;
    const path = join(this.dir, name);
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (error) {
      // Deleted behind our back (or unreadable): a miss, and the index forgets it.
      this.forgetFile(name);
      if (!isMissing(error)) this.reportDiskError(error);
      return undefined;
    }
    const decoded = decodeCacheValue(k.canonical, bytes);
    if (decoded === undefined) {
      this.counters.corrupt++;
      this.forgetFile(name);
      await this.removeFile(name);
      return undefined;
    }
    const entry = this.disk.get(name);
    if (entry) {
      this.disk.delete(name);
      this.disk.set(name, entry);
    }
    // The file's time is its recency for the next process's scan; failing to set it costs nothing but order.
    const now = new Date();
    await utimes(path, now, now).catch(() => undefined);
    return decoded;
  }

  private async writeDisk(k: ResolvedKey, bytes: Buffer, generation: number): Promise<void> {
    await this.ready;
    const dir = this.dir;
    if (dir === undefined || bytes.length > this.maxDiskBytes) return;
    const name = fileNameOf(k);
    const temp = join(dir, `${name}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      await writeFile(temp, bytes);
      await rename(temp, join(dir, name));
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
    if (this.generationOf(k.runId) !== generation) {
      // Invalidated while being written: the file is stale already.
      this.forgetFile(name);
      await this.removeFile(name);
      return;
    }
    this.forgetFile(name);
    this.disk.set(name, { runTag: k.runTag, bytes: bytes.length });
    this.diskBytes += bytes.length;
    await this.evictDisk();
  }

  private async evictDisk(): Promise<void> {
    const victims: string[] = [];
    for (const [name] of this.disk) {
      if (this.diskBytes <= this.maxDiskBytes) break;
      this.forgetFile(name);
      victims.push(name);
      this.counters.diskEvictions++;
    }
    await Promise.all(victims.map((name) => this.removeFile(name)));
  }

  private forgetFile(name: string): void {
    const entry = this.disk.get(name);
    if (!entry) return;
    this.disk.delete(name);
    this.diskBytes -= entry.bytes;
  }

  private async removeFile(name: string): Promise<void> {
    if (this.dir === undefined) return;
    try {
      await unlink(join(this.dir, name));
    } catch (error) {
      if (!isMissing(error)) this.reportDiskError(error);
    }
  }

  /** Indexes the files a previous process left, oldest first, and clears its crashed writes. */
  private async scanDisk(dir: string): Promise<void> {
    try {
      await mkdir(dir, { recursive: true });
      const found: { name: string; runTag: string; bytes: number; mtime: number }[] = [];
      for (const name of await readdir(dir)) {
        const match = FILE.exec(name);
        if (!match && !TEMP.test(name)) continue;
        const info = await stat(join(dir, name)).catch(() => undefined);
        if (!info?.isFile()) continue;
        if (match) found.push({ name, runTag: match[1]!, bytes: info.size, mtime: info.mtimeMs });
        else if (Date.now() - info.mtimeMs > STALE_TEMP_MS) await unlink(join(dir, name)).catch(() => undefined);
      }
      found.sort((a, b) => a.mtime - b.mtime || (a.name < b.name ? -1 : 1));
      for (const f of found) {
        this.disk.set(f.name, { runTag: f.runTag, bytes: f.bytes });
        this.diskBytes += f.bytes;
      }
      await this.evictDisk();
    } catch (error) {
      // Without a usable directory the cache still works from memory.
      this.reportDiskError(error);
    }
  }

  private reportDiskError(error: unknown): void {
    this.counters.diskErrors++;
    this.onError?.(error);
  }
}

function resolveKey(key: PipelineCacheKey): ResolvedKey {
  if (typeof key.runId !== 'string' || key.runId === '') {
    throw new RunlensError('VALIDATION', `invalid cache key: runId ${JSON.stringify(key.runId)} (expected a non-empty string)`);
  }
  const canonical = stableStringify({
    runId: key.runId,
    kind: key.kind,
    metric: key.metric,
    x: key.x,
    dataVersion: key.dataVersion,
    steps: key.steps,
    options: key.options,
  });
  return { runId: key.runId, runTag: runTagOf(key.runId), hash: sha256Hex(canonical), canonical };
}

/** 64 bits of the run id's hash: enough to find a run's files, and a run id never appears in a file name. */
function runTagOf(runId: string): string {
  return sha256Hex(runId).slice(0, 16);
}

function fileNameOf(k: ResolvedKey): string {
  return `${k.runTag}-${k.hash}.rlc`;
}

function checkLimit(n: number, field: string): number {
  if (!(Number.isSafeInteger(n) && n >= 0)) {
    throw new RunlensError('VALIDATION', `invalid ${field}: ${n} (expected a whole number of bytes ≥ 0)`, { field });
  }
  return n;
}

function isMissing(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ENOENT';
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
