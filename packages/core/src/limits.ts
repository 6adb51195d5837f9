/**
 * Documented input limits. Requests over them get 413 (body size) or 400 (everything else), never a crash.
 * Keep docs/api.md in step when changing these.
 */
export const LIMITS = {
  /** Largest request body the server reads, in bytes (8 MiB). */
  maxBodyBytes: 8 * 1024 * 1024,
  /** Most metric points in one POST /runs/{id}/metrics batch. */
  maxPointsPerBatch: 250_000,
  /** Longest metric key, param key, tag, project or run name, in characters. */
  maxKeyLength: 256,
  /** Longest run name or project name. */
  maxNameLength: 256,
  /** Most params one run may hold after flattening. */
  maxParams: 5_000,
  /** Longest string param value, in characters. */
  maxParamStringLength: 4_096,
  /** Most tags on one run. */
  maxTags: 256,
  /** Longest notes text. */
  maxNotesLength: 100_000,
  /** Most log lines in one POST /runs/{id}/logs batch. */
  maxLogLinesPerBatch: 50_000,
  /** Longest single log line kept, in characters; longer ones are cut and marked. */
  maxLogLineLength: 65_536,
  /** Largest integer step accepted (Number.MAX_SAFE_INTEGER). */
  maxStep: Number.MAX_SAFE_INTEGER,
  /** Most points a /series read returns per (run, key) when method=none. */
  maxSeriesReadPoints: 20_000_000,
} as const;
