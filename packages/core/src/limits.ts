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
  /** Largest POST /runs/{id}/tensors body, in bytes (64 MiB: 8M float32 or 16M float16 values). */
  maxTensorBodyBytes: 64 * 1024 * 1024,
  /** Most values in one tensor snapshot. */
  maxTensorElements: 16 * 1024 * 1024,
  /** Snapshots kept per (run, tensor name) unless the request asks otherwise; older ones are thinned evenly. */
  defaultTensorSnapshots: 100,
  /** Most snapshots per (run, tensor name) a request may ask to keep. */
  maxTensorSnapshots: 1_000,
  /** Longest row label of a tensor, in characters. */
  maxTensorLabelLength: 256,
} as const;
