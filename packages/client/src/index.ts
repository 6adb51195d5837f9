/**
 * `@runlens/client`: log ML training runs to a runlens server from Node or the browser. Logging never blocks or
 * throws; points are batched in the background, retried, bounded in memory and written to an offline file when the
 * server stays unreachable.
 *
 * @example
 * import { init } from '@runlens/client';
 * const run = await init({ project: 'demo', config: { lr: 0.1 } });
 * run.log({ 'train/loss': 0.5, acc: 0.9 });
 * await run.finish();
 */
export { init } from './init.js';
export { Run, type RunStats, type FinishOptions, type LogLineInput } from './run.js';
export { DEFAULT_URL, DEFAULT_PROJECT, DEFAULT_OFFLINE_DIR, type InitOptions, type RunMode } from './options.js';
export type { FetchLike } from './http-transport.js';
export type {
  OfflineRecord,
  OfflineRunRecord,
  OfflineMetricsRecord,
  OfflineUpdateRecord,
  OfflineLogsRecord,
} from './offline-format.js';
export type { CreateRunBody, PatchRunBody, MetricsBody, SeriesBody, LogsBody, LogLineBody, FinishStatus } from './wire-types.js';
export type { WireValue } from './wire-value.js';
export type { HistogramBody, HistogramsBody } from './wire-types.js';
export { encodeTensorBody, sampleRows, takeRows, histogramOf, type TensorInput, type TensorDtype, type TensorHeader } from './tensor-body.js';
export { ulid } from './ulid.js';
