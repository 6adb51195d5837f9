/**
 * Request bodies the client sends, following the zod schemas in `@runlens/core` (`schemas/api.ts`). Written out by
 * hand because the client has no runtime dependencies; the integration test against the real server keeps them
 * honest.
 */
import type { JsonValue } from './sanitize-params.js';
import type { WireValue } from './wire-value.js';

/** Final statuses a run can report about itself; `running` is implied and `crashed` is the server's verdict. */
export type FinishStatus = 'completed' | 'failed' | 'killed';

/** Body of `POST /api/v1/runs`. */
export interface CreateRunBody {
  id: string;
  project: string;
  name?: string;
  group?: string;
  /** Nested config; the server flattens it to dot keys. */
  params?: Record<string, JsonValue>;
  tags?: string[];
  notes?: string;
  /** ms since the epoch */
  startTime: number;
  command?: string;
  cwd?: string;
  host?: string;
}

/** Body of `PATCH /api/v1/runs/{id}`. */
export interface PatchRunBody {
  status?: FinishStatus;
  params?: Record<string, JsonValue>;
  summary?: Record<string, WireValue>;
  endTime?: number;
  exitCode?: number | null;
  error?: string | null;
  heartbeat?: boolean;
}

/** One series of `POST /api/v1/runs/{id}/metrics` in the columnar form; the three arrays have equal length. */
export interface SeriesBody {
  key: string;
  steps: number[];
  values: WireValue[];
  times: number[];
}

/** Body of `POST /api/v1/runs/{id}/metrics`. */
export interface MetricsBody {
  series: SeriesBody[];
}

/** One line of `POST /api/v1/runs/{id}/logs`. */
export interface LogLineBody {
  line: string;
  stream: 'stdout' | 'stderr';
  /** ms since the epoch */
  time: number;
}

/** Body of `POST /api/v1/runs/{id}/logs`. */
export interface LogsBody {
  lines: LogLineBody[];
}

/** One histogram of `POST /api/v1/runs/{id}/histograms`: one more edge than counts. */
export interface HistogramBody {
  key: string;
  step: number;
  time: number;
  edges: WireValue[];
  counts: number[];
}

/** Body of `POST /api/v1/runs/{id}/histograms`. */
export interface HistogramsBody {
  histograms: HistogramBody[];
}
