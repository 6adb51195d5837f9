import { SqliteStore } from '../store/sqlite-store.js';
import { HttpRecordSink } from './http-sink.js';
import type { RecordSink } from './record-sink.js';
import { findRunningServer } from './server-lock.js';
import { StoreRecordSink } from './store-sink.js';

export interface SinkTarget {
  /** The data directory to write when no server is used. */
  data: string;
  /** Send to this server instead. */
  url?: string | undefined;
  token?: string | undefined;
}

/**
 * Where writing commands send records: `url` if given; else the server running on `data`, if any; else the
 * embedded store in `data`, opened directly. `describe` says which, for the user.
 */
export async function openRecordSink(target: SinkTarget): Promise<{ sink: RecordSink; describe: string; url?: string }> {
  if (target.url) return { sink: new HttpRecordSink(target.url, target.token), describe: target.url, url: target.url };
  const running = await findRunningServer(target.data);
  if (running) return { sink: new HttpRecordSink(running.url, target.token), describe: `${running.url} (the server running on ${target.data})`, url: running.url };
  return { sink: new StoreRecordSink(new SqliteStore({ dataDir: target.data }), true), describe: target.data };
}
