/**
 * One zod schema per API payload. The server validates with these, the OpenAPI document is generated from them,
 * and the clients' wire format follows them. Limits come from `LIMITS`.
 */
import { z } from 'zod';
import { LIMITS } from '../limits.js';
import { checkName } from '../domain/names.js';
import { RUN_STATUSES, LOG_STREAMS } from '../domain/types.js';

const name = (what: string, max: number = LIMITS.maxKeyLength) =>
  z.string().superRefine((s, ctx) => {
    const why = checkName(s, what, max);
    if (why) ctx.addIssue({ code: 'custom', message: why });
  });

/** A metric value on the wire: a finite number, or one of the strings "NaN", "Infinity", "-Infinity". */
export const WireValueSchema = z.union([z.number(), z.literal(['NaN', 'Infinity', '-Infinity'])]).meta({
  description: 'A finite number, or "NaN" / "Infinity" / "-Infinity" for non-finite values',
});

export const StepSchema = z.number().int().min(0).max(LIMITS.maxStep).meta({ description: 'Non-negative integer step' });
export const TimeSchema = z.number().min(0).max(8.64e15).meta({ description: 'Wall time, ms since the Unix epoch' });
export const RunIdSchema = z
  .string()
  .regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'run id must be a 26-character ULID (Crockford base32, upper case)');

export const RunStatusSchema = z.enum(RUN_STATUSES);

export const ParamsInputSchema = z
  .record(z.string(), z.unknown())
  .meta({ description: 'Nested config; flattened to typed dot keys (a.b.c) on write' });

export const CreateProjectBody = z.object({
  name: name('project name', LIMITS.maxNameLength),
  description: z.string().max(LIMITS.maxNotesLength).optional(),
  tags: z.array(name('tag')).max(LIMITS.maxTags).optional(),
});
export type CreateProjectBody = z.infer<typeof CreateProjectBody>;

export const CreateRunBody = z.object({
  /** Client-chosen id makes creation idempotent (retries, offline sync). */
  id: RunIdSchema.optional(),
  project: name('project name', LIMITS.maxNameLength),
  name: name('run name', LIMITS.maxNameLength).optional(),
  group: name('group').optional(),
  params: ParamsInputSchema.optional(),
  tags: z.array(name('tag')).max(LIMITS.maxTags).optional(),
  notes: z.string().max(LIMITS.maxNotesLength).optional(),
  status: RunStatusSchema.optional(),
  startTime: TimeSchema.optional(),
  command: z.string().max(LIMITS.maxNotesLength).optional(),
  cwd: z.string().max(4096).optional(),
  gitCommit: z.string().max(64).optional(),
  gitDirty: z.boolean().optional(),
  host: z.string().max(LIMITS.maxNameLength).optional(),
});
export type CreateRunBody = z.infer<typeof CreateRunBody>;

export const PatchRunBody = z.object({
  name: name('run name', LIMITS.maxNameLength).optional(),
  status: RunStatusSchema.optional(),
  /** Merged into the existing params (same flattening as on create). */
  params: ParamsInputSchema.optional(),
  tags: z.array(name('tag')).max(LIMITS.maxTags).optional(),
  notes: z.string().max(LIMITS.maxNotesLength).optional(),
  /** Explicit final metrics; merged into the run's summary. */
  summary: z.record(name('summary key'), WireValueSchema).optional(),
  endTime: TimeSchema.optional(),
  exitCode: z.number().int().nullable().optional(),
  error: z.string().max(LIMITS.maxNotesLength).nullable().optional(),
  /** Set true to record a heartbeat without changing anything else. */
  heartbeat: z.boolean().optional(),
});
export type PatchRunBody = z.infer<typeof PatchRunBody>;

export const MetricPointInput = z.object({
  key: name('key'),
  step: StepSchema,
  value: WireValueSchema,
  time: TimeSchema.optional(),
});

export const MetricSeriesInput = z.object({
  key: name('key'),
  steps: z.array(StepSchema),
  values: z.array(WireValueSchema),
  times: z.array(TimeSchema).optional(),
});

/** A batch of points: rows (`points`) or columns (`series`), or both. All-or-nothing. */
export const MetricsBatchBody = z
  .object({
    points: z.array(MetricPointInput).optional(),
    series: z.array(MetricSeriesInput).optional(),
  })
  .meta({ description: `At most ${LIMITS.maxPointsPerBatch} points per batch; all-or-nothing` });
export type MetricsBatchBody = z.infer<typeof MetricsBatchBody>;

export const LogsBatchBody = z.object({
  lines: z
    .array(
      z.object({
        line: z.string(),
        stream: z.enum(LOG_STREAMS).optional(),
        time: TimeSchema.optional(),
      }),
    )
    .max(LIMITS.maxLogLinesPerBatch),
});
export type LogsBatchBody = z.infer<typeof LogsBatchBody>;

export const HistogramInputSchema = z
  .object({
    key: name('key'),
    step: StepSchema,
    time: TimeSchema.optional(),
    /** Ascending bucket edges, one more than counts; the outer ones may be "-Infinity"/"Infinity". */
    edges: z.array(z.union([z.number(), z.literal(['Infinity', '-Infinity'])])).min(2).max(100_001),
    counts: z.array(z.number().min(0)).min(1).max(100_000),
  })
  .superRefine((h, ctx) => {
    if (h.edges.length !== h.counts.length + 1) {
      ctx.addIssue({ code: 'custom', path: ['edges'], message: `${h.edges.length} edges for ${h.counts.length} counts: there must be one more edge than counts` });
    }
    const num = (v: number | string) => (typeof v === 'number' ? v : v === 'Infinity' ? Infinity : -Infinity);
    for (let i = 1; i < h.edges.length; i++) {
      if (num(h.edges[i]!) < num(h.edges[i - 1]!)) {
        ctx.addIssue({ code: 'custom', path: ['edges', i], message: 'edges must be ascending' });
        break;
      }
    }
  });

export const HistogramsBatchBody = z.object({ histograms: z.array(HistogramInputSchema).max(10_000) });
export type HistogramsBatchBody = z.infer<typeof HistogramsBatchBody>;

export const TextsBatchBody = z.object({
  texts: z
    .array(z.object({ key: name('key'), step: StepSchema, time: TimeSchema.optional(), text: z.string().max(1_000_000) }))
    .max(10_000),
});
export type TextsBatchBody = z.infer<typeof TextsBatchBody>;

export const DOWNSAMPLE_METHODS = ['minmax', 'm4', 'lttb', 'none'] as const;
export type DownsampleMethod = (typeof DOWNSAMPLE_METHODS)[number];

export const SeriesQuery = z.object({
  runs: z.string().min(1).meta({ description: 'Comma-separated run ids' }),
  keys: z.string().min(1).meta({ description: 'Comma-separated metric keys' }),
  x: z
    .string()
    .default('step')
    .meta({ description: 'step | time | relative | the key of another metric of the same run' }),
  from: z.coerce.number().optional().meta({ description: 'Lower bound on x (inclusive)' }),
  to: z.coerce.number().optional().meta({ description: 'Upper bound on x (inclusive)' }),
  points: z.coerce.number().int().min(2).max(100_000).default(1000).meta({ description: 'Target points per series' }),
  method: z.enum(DOWNSAMPLE_METHODS).default('minmax'),
});
export type SeriesQuery = z.infer<typeof SeriesQuery>;

export const ListRunsQuery = z.object({
  project: z.string().optional(),
  filter: z.string().max(10_000).optional(),
  sort: z
    .string()
    .optional()
    .meta({ description: 'Comma-separated fields, "-" prefix for descending, e.g. -metrics.val_loss.min,name' }),
  limit: z.coerce.number().int().min(1).max(10_000).default(100),
  cursor: z.string().optional(),
});
export type ListRunsQuery = z.infer<typeof ListRunsQuery>;

export const LogsQuery = z.object({
  after: z.coerce.number().int().min(-1).default(-1).meta({ description: 'Return lines with seq > after' }),
  before: z.coerce.number().int().min(0).optional().meta({ description: 'Return lines with seq < before (pages backwards with tail)' }),
  q: z.string().max(1000).optional().meta({ description: 'Case-insensitive substring search' }),
  limit: z.coerce.number().int().min(1).max(100_000).default(1000),
  tail: z
    .enum(['true', 'false', '1', '0'])
    .optional()
    .transform((v) => v === 'true' || v === '1')
    .meta({ description: 'true: the last `limit` lines of the range (still oldest first), e.g. a terminal opening at the end' }),
});

// ---- responses ----

export const SeriesSummarySchema = z.object({
  key: z.string(),
  count: z.number(),
  first: WireValueSchema,
  last: WireValueSchema,
  min: WireValueSchema,
  max: WireValueSchema,
  firstStep: z.number(),
  lastStep: z.number(),
  nanCount: z.number(),
  lastTime: z.number(),
});

export const RunSchema = z.object({
  id: z.string(),
  project: z.string(),
  name: z.string(),
  group: z.string(),
  status: RunStatusSchema,
  params: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()])),
  tags: z.array(z.string()),
  notes: z.string(),
  startTime: z.number(),
  endTime: z.number().nullable(),
  heartbeat: z.number(),
  exitCode: z.number().nullable(),
  error: z.string().nullable(),
  command: z.string().nullable(),
  cwd: z.string().nullable(),
  gitCommit: z.string().nullable(),
  gitDirty: z.boolean().nullable(),
  host: z.string().nullable(),
  summary: z.record(z.string(), WireValueSchema),
  metrics: z.record(z.string(), SeriesSummarySchema),
});

export const ProjectSchema = z.object({
  name: z.string(),
  description: z.string(),
  tags: z.array(z.string()),
  createdAt: z.number(),
  runCount: z.number().optional(),
});

export const SeriesResultSchema = z.object({
  run: z.string(),
  key: z.string(),
  /** What x holds: step, time, relative (ms since run start) or another metric's key. */
  x: z.string(),
  xs: z.array(WireValueSchema),
  steps: z.array(z.number()),
  values: z.array(WireValueSchema),
  times: z.array(z.number()),
  /** Points in the requested range before downsampling. */
  total: z.number(),
  method: z.enum(DOWNSAMPLE_METHODS),
  downsampled: z.boolean(),
});
export type SeriesResult = z.infer<typeof SeriesResultSchema>;

export const ErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});

/** Messages on the WebSocket `/api/v1/live`. */
export const LiveClientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('subscribe'), projects: z.array(z.string()).optional(), runs: z.array(z.string()).optional() }),
  z.object({ type: z.literal('unsubscribe'), projects: z.array(z.string()).optional(), runs: z.array(z.string()).optional() }),
  z.object({ type: z.literal('ping') }),
]);
export type LiveClientMessage = z.infer<typeof LiveClientMessage>;
