/** The store of an existing data directory, as the reading commands (ls, export, analyze, plot) open it. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { RunlensError } from '@runlens/core';
import { DB_FILE, SqliteStore } from './sqlite-store.js';

/**
 * Opens `dataDir`'s store; a NOT_FOUND error says what to do when there is none. Not read-only: a data dir written
 * by an older runlens is migrated on first use, by any command (a server running on it migrated it when it
 * started). Nothing else is written.
 */
export function openDataDir(dataDir: string): SqliteStore {
  if (!existsSync(join(dataDir, DB_FILE))) {
    throw new RunlensError('NOT_FOUND', `no runlens data in ${dataDir}: run \`runlens demo\` or \`runlens serve\` first, pass --data DIR, or --url to read from a server`);
  }
  return new SqliteStore({ dataDir });
}
