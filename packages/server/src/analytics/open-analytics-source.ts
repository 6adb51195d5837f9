/** Where `runlens analyze` reads: the local data dir through the store (at-step pushed down), or a server. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { RunlensError } from '@runlens/core';
import { DB_FILE, SqliteStore } from '../store/sqlite-store.js';
import { openRunSource } from '../cli/run-source.js';
import { storeAnalyticsSource, type AnalyticsSource } from './analytics-source.js';

export interface ClosableAnalyticsSource extends AnalyticsSource {
  close(): Promise<void>;
}

/**
 * The local data dir (`data`) as a store-backed source, which answers `reduce: 'at-step'` from the block index
 * instead of reading every point, or a server when `url` is set (the `--data` / `--url` / `--token` flags).
 */
export function openAnalyticsSource(opts: { data: string; url?: string | undefined; token?: string | undefined }): ClosableAnalyticsSource {
  if (opts.url) return openRunSource(opts);
  if (!existsSync(join(opts.data, DB_FILE))) {
    throw new RunlensError('NOT_FOUND', `no runlens data in ${opts.data}: run \`runlens demo\` or \`runlens serve\` first, pass --data DIR, or --url to read from a server`);
  }
  // Not read-only, as the other commands: a data dir written by an older runlens is migrated on first use.
  const store = new SqliteStore({ dataDir: opts.data });
  return { ...storeAnalyticsSource(store), describe: opts.data, close: () => store.close() };
}
