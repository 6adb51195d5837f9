import type { FetchLike } from './http-transport.js';

/** How a run talks to the server: `online` sends, `offline` writes a file for `runlens sync`, `disabled` does nothing. */
export type RunMode = 'online' | 'offline' | 'disabled';

/**
 * Options of {@link init}. Every option beats its `RUNLENS_*` environment variable, which beats the default.
 *
 * @example
 * const run = await init({ project: 'demo', name: 'lr-0.1', config: { lr: 0.1, model: { d: 16 } }, tags: ['baseline'] });
 */
export interface InitOptions {
  /** Project the run belongs to. Default: `RUNLENS_PROJECT`, else `"default"`. */
  project?: string;
  /** Run name. Default: chosen by the server. */
  name?: string;
  /** Group of repeats (seeds). Default: the server's hash of the params without seed-like keys. */
  group?: string;
  /** Tags, e.g. `["baseline"]`. */
  tags?: string[];
  /** Free-text notes. */
  notes?: string;
  /** Hyperparameters; nested objects are fine (the server flattens them to dot keys). */
  config?: Record<string, unknown>;
  /** Server URL. Default: `RUNLENS_URL`, else `http://127.0.0.1:7878`. */
  url?: string;
  /** Bearer token. Default: `RUNLENS_TOKEN`, else none. */
  token?: string;
  /** Default: `RUNLENS_MODE`, else `"online"`. */
  mode?: RunMode;
  /** Where offline files go. Default: `RUNLENS_OFFLINE_DIR`, else `./.runlens/offline`. */
  offlineDir?: string;
  /** How often buffered points are sent, in ms. Default 200. */
  flushIntervalMs?: number;
  /** Send early once this many points are waiting. Default 10,000. */
  flushAtPoints?: number;
  /** Most points in one request. Default 50,000 (about 3 MB of JSON, well under the server's 8 MiB limit). */
  maxBatchPoints?: number;
  /**
   * Most points (and log lines) held in memory. Past it, under Node, everything goes to the offline file from then
   * on (whether the server is failing or just slower than the logging); where no file can be written (browsers), the
   * oldest points are dropped and counted in `run.stats().dropped`. Default 1,000,000.
   */
  maxBufferedPoints?: number;
  /** A heartbeat is sent when nothing else was for this long, in ms. Default 15,000. */
  heartbeatIntervalMs?: number;
  /** How long `init` waits for the server to confirm the run before resolving anyway, in ms. Default 2,000. */
  initTimeoutMs?: number;
  /** How long one request may take before it counts as failed, in ms. Default 30,000. */
  requestTimeoutMs?: number;
  /** After failing this long, in ms, the run switches to its offline file. Default 10,000. */
  offlineAfterMs?: number;
  /** First retry delay, in ms; it doubles per failure, with jitter. Default 100. */
  retryBaseMs?: number;
  /** Longest retry delay, in ms. Default 5,000. */
  retryMaxMs?: number;
  /** `fetch` to use. Default: the global one. */
  fetch?: FetchLike;
  /** Where `RUNLENS_*` variables are read from. Default: `process.env` under Node, nothing in browsers. */
  env?: Readonly<Record<string, string | undefined>>;
}

/** Options after defaults and environment are applied. */
export interface ResolvedOptions {
  project: string;
  name: string | undefined;
  group: string | undefined;
  tags: string[] | undefined;
  notes: string | undefined;
  config: Record<string, unknown> | undefined;
  baseUrl: string;
  token: string | undefined;
  mode: RunMode;
  offlineDir: string;
  flushIntervalMs: number;
  flushAtPoints: number;
  maxBatchPoints: number;
  maxBufferedPoints: number;
  heartbeatIntervalMs: number;
  initTimeoutMs: number;
  requestTimeoutMs: number;
  offlineAfterMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
  fetch: FetchLike;
  /** A warning about the environment, printed once the run exists. */
  warnings: string[];
}

export const DEFAULT_URL = 'http://127.0.0.1:7878';
export const DEFAULT_PROJECT = 'default';
export const DEFAULT_OFFLINE_DIR = './.runlens/offline';

const MODES: readonly RunMode[] = ['online', 'offline', 'disabled'];

/** Applies environment and defaults; throws a TypeError naming the option when a value is unusable. */
export function resolveOptions(o: InitOptions, badMode: (value: string) => string): ResolvedOptions {
  const env = o.env ?? processEnv();
  const warnings: string[] = [];
  let mode: RunMode = 'online';
  if (o.mode !== undefined) {
    if (!MODES.includes(o.mode)) throw new TypeError(`mode must be online, offline or disabled, got ${String(o.mode)}`);
    mode = o.mode;
  } else if (env.RUNLENS_MODE) {
    const m = env.RUNLENS_MODE.trim().toLowerCase();
    if ((MODES as readonly string[]).includes(m)) mode = m as RunMode;
    else warnings.push(badMode(env.RUNLENS_MODE));
  }
  const fetchImpl = o.fetch ?? globalFetch();
  if (fetchImpl === undefined && mode === 'online') {
    throw new TypeError('no global fetch: pass options.fetch, or use Node >= 20 or a browser');
  }
  return {
    project: o.project ?? nonEmpty(env.RUNLENS_PROJECT) ?? DEFAULT_PROJECT,
    name: o.name,
    group: o.group,
    tags: o.tags,
    notes: o.notes,
    config: o.config,
    baseUrl: (o.url ?? nonEmpty(env.RUNLENS_URL) ?? DEFAULT_URL).replace(/\/+$/, ''),
    token: o.token ?? nonEmpty(env.RUNLENS_TOKEN),
    mode,
    offlineDir: o.offlineDir ?? nonEmpty(env.RUNLENS_OFFLINE_DIR) ?? DEFAULT_OFFLINE_DIR,
    flushIntervalMs: positive('flushIntervalMs', o.flushIntervalMs, 200),
    flushAtPoints: positive('flushAtPoints', o.flushAtPoints, 10_000),
    maxBatchPoints: positive('maxBatchPoints', o.maxBatchPoints, 50_000),
    maxBufferedPoints: positive('maxBufferedPoints', o.maxBufferedPoints, 1_000_000),
    heartbeatIntervalMs: positive('heartbeatIntervalMs', o.heartbeatIntervalMs, 15_000),
    initTimeoutMs: positive('initTimeoutMs', o.initTimeoutMs, 2_000),
    requestTimeoutMs: positive('requestTimeoutMs', o.requestTimeoutMs, 30_000),
    offlineAfterMs: positive('offlineAfterMs', o.offlineAfterMs, 10_000),
    retryBaseMs: positive('retryBaseMs', o.retryBaseMs, 100),
    retryMaxMs: positive('retryMaxMs', o.retryMaxMs, 5_000),
    fetch: fetchImpl ?? unavailableFetch,
    warnings,
  };
}

function positive(name: string, v: number | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new TypeError(`${name} must be a positive number, got ${String(v)}`);
  return v;
}

function nonEmpty(s: string | undefined): string | undefined {
  return s === undefined || s.trim() === '' ? undefined : s.trim();
}

function processEnv(): Readonly<Record<string, string | undefined>> {
  return typeof process !== 'undefined' && typeof process.env === 'object' ? process.env : {};
}

function globalFetch(): FetchLike | undefined {
  return typeof globalThis.fetch === 'function' ? (globalThis.fetch.bind(globalThis) as FetchLike) : undefined;
}

const unavailableFetch: FetchLike = () => Promise.reject(new Error('no fetch available'));
