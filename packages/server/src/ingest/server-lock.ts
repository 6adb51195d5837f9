/**
 * A running server records itself in `<data>/server.json`, so commands that write (import, run, sync without
 * --url) send to it instead of opening the SQLite file behind its back: the server caches series state, and a
 * second writer would make those caches wrong.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const LOCK_FILE = 'server.json';

export interface ServerLock {
  pid: number;
  url: string;
  startedAt: number;
}

export function writeServerLock(dataDir: string, url: string): () => void {
  const path = join(dataDir, LOCK_FILE);
  writeFileSync(path, JSON.stringify({ pid: process.pid, url, startedAt: Date.now() } satisfies ServerLock, null, 2) + '\n', { mode: 0o600 });
  return () => {
    try {
      const current = JSON.parse(readFileSync(path, 'utf8')) as ServerLock;
      if (current.pid === process.pid) rmSync(path, { force: true });
    } catch {
      // already gone
    }
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The server that owns `dataDir`, if one is running and answers; a stale file (killed server) is ignored. */
export async function findRunningServer(dataDir: string): Promise<ServerLock | undefined> {
  let lock: ServerLock;
  try {
    lock = JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8')) as ServerLock;
  } catch {
    return undefined;
  }
  if (typeof lock.pid !== 'number' || typeof lock.url !== 'string' || !alive(lock.pid)) return undefined;
  try {
    const res = await fetch(`${lock.url}/api/v1/health`, { signal: AbortSignal.timeout(2000) });
    return res.ok ? lock : undefined;
  } catch {
    return undefined;
  }
}
