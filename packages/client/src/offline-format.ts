/**
 * The offline file: what a run writes when the server is unreachable or `RUNLENS_MODE=offline`, and what
 * `runlens sync <file>` uploads later. The Python client writes the same format; keep the two in step.
 *
 * Format: JSON Lines (UTF-8, one JSON object per line, `\n` after each). Records appear in the order the client
 * would have sent them, and replaying them in order reproduces the run:
 *
 * | record | replay as |
 * |---|---|
 * | `{"type":"run","run":{...}}` | `POST /api/v1/runs` with `run` as the body; it carries the run's `id`, so a run that already exists is left as it is |
 * | `{"type":"metrics","run":"<id>","body":{"series":[...]}}` | `POST /api/v1/runs/<id>/metrics` with `body` (columnar, values as numbers or "NaN"/"Infinity"/"-Infinity") |
 * | `{"type":"update","run":"<id>","body":{...}}` | `PATCH /api/v1/runs/<id>` with `body` (params, summary, status, endTime, exitCode, error) |
 * | `{"type":"logs","run":"<id>","body":{"lines":[...]}}` | `POST /api/v1/runs/<id>/logs` with `body` |
 *
 * The first record is always `run`. Every record is idempotent on replay (the run id is fixed and a point logged
 * again at the same step replaces the first), so syncing a file twice, or a file whose start already reached the
 * server, duplicates nothing. A last line cut short by a crash is not valid JSON and should be skipped.
 *
 * @example
 * {"type":"run","run":{"id":"01JD8X3Q4Z7K2M9RVW5T6YH0AB","project":"demo","startTime":1732380000000}}
 * {"type":"metrics","run":"01JD8X3Q4Z7K2M9RVW5T6YH0AB","body":{"series":[{"key":"loss","steps":[0,1],"values":[2.3,"NaN"],"times":[1732380000100,1732380000200]}]}}
 * {"type":"update","run":"01JD8X3Q4Z7K2M9RVW5T6YH0AB","body":{"status":"completed","endTime":1732380009000}}
 */
import type { CreateRunBody, LogsBody, MetricsBody, PatchRunBody } from './wire-types.js';

/** First record of every offline file: the body of `POST /api/v1/runs`, id included. */
export interface OfflineRunRecord {
  type: 'run';
  run: CreateRunBody;
}

/** A metrics batch for `POST /api/v1/runs/{run}/metrics`. */
export interface OfflineMetricsRecord {
  type: 'metrics';
  run: string;
  body: MetricsBody;
}

/** A run update for `PATCH /api/v1/runs/{run}`. */
export interface OfflineUpdateRecord {
  type: 'update';
  run: string;
  body: PatchRunBody;
}

/** A batch of log lines for `POST /api/v1/runs/{run}/logs`. */
export interface OfflineLogsRecord {
  type: 'logs';
  run: string;
  body: LogsBody;
}

/** Any line of an offline file. */
export type OfflineRecord = OfflineRunRecord | OfflineMetricsRecord | OfflineUpdateRecord | OfflineLogsRecord;
