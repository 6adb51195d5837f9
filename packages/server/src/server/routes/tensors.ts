/**
 * Tensor snapshots (parameter evolution): `POST /runs/{id}/tensors` takes one snapshot as a binary body
 * (`application/octet-stream`, the RLT1 format of core's tensor-wire.ts) or as JSON; reads list names and steps,
 * return one snapshot, a 3-D projection of the whole series in one stable frame (streamed from the store one
 * snapshot at a time, computed once, cached), or one row's nearest neighbours in the original space.
 */
import { z } from 'zod';
import {
  ALIGNMENTS,
  ErrorSchema,
  LIMITS,
  PROJECTION_METHODS,
  RunIdSchema,
  RunlensError,
  TENSOR_DTYPES,
  WireValueSchema,
  checkTensorHeader,
  decodeTensorBody,
  decodeTensorValues,
  decodeValue,
  projectSnapshots,
  referenceStepOf,
  rowNeighbours,
  rowNorms,
  sanitizeNonFinite,
  type ProjectionResult,
} from '@runlens/core';
import type { App, RouteContext } from '../context.js';
import type { TensorWrite } from '../../store/store.js';

const IdParams = z.object({ id: RunIdSchema });
const NameParams = z.object({ id: RunIdSchema, name: z.string().min(1).max(LIMITS.maxKeyLength) });

const PostQuery = z.object({
  keep: z.coerce.number().int().min(1).max(LIMITS.maxTensorSnapshots).optional().meta({
    description: `Snapshots kept for this tensor name; older ones are thinned evenly, first and last kept (default ${LIMITS.defaultTensorSnapshots})`,
  }),
  nonfinite: z.enum(['zero', 'reject']).optional().meta({ description: 'NaN/±Infinity values: stored as 0 and counted (zero, default), or the snapshot is rejected with 400 (reject)' }),
});

/** The JSON fallback body: the same fields as the binary header, with the values inline. */
export const TensorJsonBody = z.object({
  name: z.string(),
  step: z.number(),
  dtype: z.enum(TENSOR_DTYPES).optional().meta({ description: 'How the values are stored (default float32)' }),
  shape: z.array(z.number()),
  values: z.array(WireValueSchema).max(LIMITS.maxTensorElements),
  labels: z.array(z.string()).optional(),
  time: z.number().optional(),
});

const FiniteSchema = z.object({ nan: z.number(), posInf: z.number(), negInf: z.number() });
const PostResponse = z.object({
  name: z.string(),
  step: z.number(),
  dtype: z.enum(TENSOR_DTYPES),
  shape: z.array(z.number()),
  finite: FiniteSchema,
  removedSteps: z.array(z.number()).meta({ description: 'Snapshots thinned away by retention' }),
});
const ListResponse = z.object({
  tensors: z.array(z.object({ name: z.string(), steps: z.array(z.number()), dtype: z.enum(TENSOR_DTYPES), shape: z.array(z.number()) })),
});
const ReadQuery = z.object({
  step: z.coerce.number().int().min(0).optional().meta({ description: 'Snapshot step; the latest without it' }),
});
const ReadResponse = z.object({
  name: z.string(),
  step: z.number(),
  time: z.number(),
  dtype: z.enum(TENSOR_DTYPES),
  shape: z.array(z.number()),
  labels: z.array(z.string()).nullable(),
  finite: FiniteSchema,
  values: z.array(z.number()),
});
const ProjectionQuery = z.object({
  method: z.enum(PROJECTION_METHODS).optional().meta({ description: 'pca (default) or umap (seeded)' }),
  reference: z.union([z.enum(['last', 'first']), z.coerce.number().int().min(0)]).optional().meta({ description: 'Snapshot the basis is fitted on: last (default), first or a step' }),
  align: z.enum(ALIGNMENTS).optional().meta({ description: 'Procrustes alignment onto the reference (default), onto the neighbouring snapshot, or none' }),
  neighbours: z.coerce.number().int().min(0).max(20).optional().meta({ description: 'Nearest neighbours per row for tooltips (default 5)' }),
});
const ProjectionResponse = z.object({
  name: z.string(),
  method: z.enum(PROJECTION_METHODS),
  referenceStep: z.number(),
  rows: z.number(),
  cols: z.number(),
  k: z.number(),
  labels: z.array(z.string()).nullable(),
  explainedVariance: z.array(z.number()),
  skippedSteps: z.array(z.number()),
  snapshots: z.array(
    z.object({
      step: z.number(),
      time: z.number(),
      coords: z.array(z.number()).meta({ description: 'rows × 3, row-major' }),
      norms: z.array(z.number()),
      neighbours: z.array(z.number()).nullable().meta({
        description: 'rows × k row indices by cosine similarity, row-major; null when over the compute budget (fetch /neighbours per row then)',
      }),
      distanceToReference: z.number(),
    }),
  ),
});
type ProjectionBody = z.infer<typeof ProjectionResponse>;

/** Most neighbours one /neighbours call returns. */
export const MAX_ROW_NEIGHBOURS = 50;
const NeighboursQuery = z.object({
  step: z.coerce.number().int().min(0).optional().meta({ description: 'Snapshot step; the latest without it' }),
  row: z.coerce.number().int().min(0).meta({ description: 'Row (0-based) whose neighbours are wanted' }),
  k: z.coerce.number().int().min(1).max(MAX_ROW_NEIGHBOURS).optional().meta({ description: `How many neighbours, 1 to ${MAX_ROW_NEIGHBOURS} (default 5)` }),
});
const NeighboursResponse = z.object({
  name: z.string(),
  step: z.number(),
  row: z.number(),
  k: z.number().meta({ description: 'The k asked for; fewer neighbours come back when the tensor has at most k rows' }),
  neighbours: z
    .array(z.object({ row: z.number(), similarity: z.number().meta({ description: 'Cosine similarity in [-1, 1]; 0 against an all-zero row' }) }))
    .meta({ description: 'The k most cosine-similar other rows, by similarity descending (ties: lower row first)' }),
});

/** Projections computed at most once per (run, name, options, snapshot set); a few are kept. */
const PROJECTION_CACHE_SIZE = 16;
/** Decoded snapshots kept for /neighbours, so hovering over many rows of one snapshot decodes it once. */
export const SNAPSHOT_CACHE_BYTES = 64 * 1024 * 1024;

/** A snapshot decoded for neighbour queries, with its row norms. */
export interface DecodedSnapshot {
  rows: number;
  cols: number;
  values: Float32Array;
  norms: Float32Array;
}

/** Least recently used first out, bounded by the bytes of the arrays held; a snapshot over the bound is not kept. */
export class SnapshotCache {
  private readonly entries = new Map<string, DecodedSnapshot>();
  private held = 0;

  constructor(readonly maxBytes: number) {}

  get bytes(): number {
    return this.held;
  }

  get(key: string): DecodedSnapshot | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, snapshot: DecodedSnapshot): void {
    this.delete(key);
    const size = snapshotBytes(snapshot);
    if (size > this.maxBytes) return;
    this.entries.set(key, snapshot);
    this.held += size;
    for (const [oldest] of this.entries) {
      if (this.held <= this.maxBytes) break;
      this.delete(oldest);
    }
  }

  private delete(key: string): void {
    const old = this.entries.get(key);
    if (!old) return;
    this.entries.delete(key);
    this.held -= snapshotBytes(old);
  }
}

function snapshotBytes(s: DecodedSnapshot): number {
  return s.values.byteLength + s.norms.byteLength;
}

/** A step list for a message: all of a short one, the ends of a long one. */
function describeSteps(steps: readonly number[]): string {
  if (steps.length <= 12) return steps.join(', ');
  return `${steps.slice(0, 5).join(', ')}, …, ${steps.slice(-5).join(', ')} (${steps.length} snapshots)`;
}

function round(v: number): number {
  return Number(v.toPrecision(5));
}

function parseHeaderJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (e) {
    throw new RunlensError('VALIDATION', `tensor header is not valid UTF-8 JSON: ${(e as Error).message}`, { field: 'header' });
  }
}

/** A validated snapshot from either body form; NaN/Inf counted and zeroed (or rejected). */
export function tensorWriteFromBody(body: unknown, now: number, nonfinite: 'zero' | 'reject'): TensorWrite {
  let header: ReturnType<typeof checkTensorHeader>;
  let values: Float32Array;
  if (body instanceof Uint8Array) {
    const decoded = decodeTensorBody(body);
    header = checkTensorHeader(parseHeaderJson(decoded.headerBytes), decoded.data.byteLength);
    values = decodeTensorValues(header.dtype, decoded.data);
  } else {
    const parsed = TensorJsonBody.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new RunlensError('VALIDATION', `body ${issue.path.join('.')}: ${issue.message}`, { field: issue.path.join('.') });
    }
    const { values: wire, ...rest } = parsed.data;
    const dtype = rest.dtype ?? 'float32';
    header = checkTensorHeader({ ...rest, dtype }, wire.length * (dtype === 'float16' ? 2 : 4));
    values = Float32Array.from(wire, (v) => decodeValue(v) ?? Number.NaN);
  }
  const finite = sanitizeNonFinite(values);
  const bad = finite.nan + finite.posInf + finite.negInf;
  if (bad > 0 && nonfinite === 'reject') {
    throw new RunlensError('VALIDATION', `tensor ${header.name} at step ${header.step} has ${finite.nan} NaN, ${finite.posInf} +Infinity and ${finite.negInf} -Infinity values`, { field: 'values', finite });
  }
  return { name: header.name, step: header.step, time: header.time ?? now, dtype: header.dtype, rows: header.rows, cols: header.cols, values, labels: header.labels, finite };
}

export async function tensorRoutes(app: App, { store }: RouteContext): Promise<void> {
  // scoped to this plugin: only the tensor routes accept raw bytes
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: LIMITS.maxTensorBodyBytes }, (_req, body, done) => done(null, body));
  const cache = new Map<string, ProjectionBody>();
  const snapshots = new SnapshotCache(SNAPSHOT_CACHE_BYTES);
  // Every tensor write goes through this plugin. A per-(run, name) write count in the cache keys means a replaced
  // snapshot (same step, new values, maybe even the same time) never serves a stale projection or neighbour list.
  // It is bumped after the write, so a key read before the bump can only ever be used by reads that began earlier.
  const writes = new Map<string, number>();
  const revision = (id: string, name: string): number => writes.get(JSON.stringify([id, name])) ?? 0;

  /** The tensor's series info, or 404 naming what is missing. */
  const seriesInfo = async (id: string, name: string) => {
    const info = (await store.listTensors(id)).find((t) => t.name === name);
    if (!info) throw new RunlensError('NOT_FOUND', `run ${id} has no tensor ${name}`);
    return info;
  };

  app.post('/api/v1/runs/:id/tensors', {
    bodyLimit: LIMITS.maxTensorBodyBytes,
    schema: {
      tags: ['tensors'],
      summary: 'Log one tensor snapshot (e.g. an embedding matrix) at a step',
      description:
        'Body: application/octet-stream in the RLT1 format ("RLT1", uint32 LE header length, UTF-8 JSON header {name, step, dtype: float32|float16, shape: [rows, cols], labels?, time?}, then the little-endian values), ' +
        `or application/json {name, step, dtype?, shape, values, labels?, time?}. Shape × dtype must equal the bytes sent; labels, when given, one per row. At most ${LIMITS.maxTensorBodyBytes} bytes (413 beyond). ` +
        'A repeated (name, step) replaces the snapshot.',
      params: IdParams,
      querystring: PostQuery,
      response: { 200: PostResponse, 400: ErrorSchema, 404: ErrorSchema, 413: ErrorSchema },
    },
  }, async (req) => {
    const t = tensorWriteFromBody(req.body, Date.now(), req.query.nonfinite ?? 'zero');
    const written = JSON.stringify([req.params.id, t.name]);
    try {
      const { removed } = await store.appendTensor(req.params.id, t, req.query.keep ?? LIMITS.defaultTensorSnapshots);
      return { name: t.name, step: t.step, dtype: t.dtype, shape: [t.rows, t.cols], finite: t.finite, removedSteps: removed };
    } finally {
      writes.set(written, (writes.get(written) ?? 0) + 1);
    }
  });

  app.get('/api/v1/runs/:id/tensors', {
    schema: { tags: ['tensors'], summary: 'Tensor names of a run with their snapshot steps', params: IdParams, response: { 200: ListResponse, 404: ErrorSchema } },
  }, async (req) => ({
    tensors: (await store.listTensors(req.params.id)).map((t) => ({ name: t.name, steps: t.steps, dtype: t.dtype, shape: [t.rows, t.cols] })),
  }));

  app.get('/api/v1/runs/:id/tensors/:name', {
    schema: { tags: ['tensors'], summary: 'One tensor snapshot: values (float32) and row labels', params: NameParams, querystring: ReadQuery, response: { 200: ReadResponse, 404: ErrorSchema } },
  }, async (req) => {
    const t = await store.readTensor(req.params.id, req.params.name, req.query.step);
    if (!t) throw new RunlensError('NOT_FOUND', `run ${req.params.id} has no tensor ${req.params.name}${req.query.step === undefined ? '' : ` at step ${req.query.step}`}`);
    return { name: t.name, step: t.step, time: t.time, dtype: t.dtype, shape: [t.rows, t.cols], labels: t.labels, finite: t.finite, values: Array.from(t.values) };
  });

  app.get('/api/v1/runs/:id/tensors/:name/projection', {
    schema: {
      tags: ['tensors'],
      summary: 'All snapshots of a tensor projected to 3-D in one stable frame',
      description:
        'PCA fitted on the reference snapshot, every snapshot projected onto it and Procrustes-aligned, so motion is real motion; or seeded UMAP. ' +
        'Snapshots are read from the store one at a time, so memory holds the reference, one snapshot and the 3-D results. ' +
        'Per-row norms, and nearest neighbours (cosine, original space) for tooltips while they fit a compute budget of 4e8 multiply-adds (rows² × cols per snapshot, the reference first, then outwards); ' +
        `a snapshot beyond it has neighbours: null, and clients fetch GET /api/v1/runs/{id}/tensors/{name}/neighbours?step=&row= for the row hovered instead. Computed once per snapshot set and cached.`,
      params: NameParams,
      querystring: ProjectionQuery,
      response: { 200: ProjectionResponse, 400: ErrorSchema, 404: ErrorSchema },
    },
  }, async (req) => {
    const { id, name } = req.params;
    const info = await seriesInfo(id, name);
    const q = req.query;
    const key = JSON.stringify([id, name, q.method ?? 'pca', q.reference ?? 'last', q.align ?? 'reference', q.neighbours ?? 5, info.steps, revision(id, name)]);
    const hit = cache.get(key);
    if (hit) {
      cache.delete(key);
      cache.set(key, hit);
      return hit;
    }
    // a bad reference is a 400 before anything is read
    const referenceStep = referenceStepOf(info.steps, q.reference);
    const times = new Map<number, number>();
    let labels: string[] | null = null;
    const result: ProjectionResult = await projectSnapshots(
      info.steps,
      async (step) => {
        const t = await store.readTensor(id, name, step);
        if (!t) return undefined;
        times.set(step, t.time);
        if (step === referenceStep) labels = t.labels;
        return t;
      },
      { method: q.method, reference: referenceStep, align: q.align, neighbours: q.neighbours },
    );
    const body: ProjectionBody = {
      name,
      method: result.method,
      referenceStep: result.referenceStep,
      rows: result.rows,
      cols: result.cols,
      k: result.k,
      labels,
      explainedVariance: result.explainedVariance.map(round),
      skippedSteps: result.skippedSteps,
      snapshots: result.snapshots.map((s) => ({
        step: s.step,
        time: times.get(s.step) ?? 0,
        coords: Array.from(s.coords, round),
        norms: Array.from(s.norms, round),
        neighbours: s.neighbours ? Array.from(s.neighbours) : null,
        distanceToReference: round(s.distanceToReference),
      })),
    };
    cache.set(key, body);
    if (cache.size > PROJECTION_CACHE_SIZE) cache.delete(cache.keys().next().value ?? '');
    return body;
  });

  app.get('/api/v1/runs/:id/tensors/:name/neighbours', {
    schema: {
      tags: ['tensors'],
      summary: "One row's nearest neighbours by cosine similarity in a snapshot's original space",
      description:
        'The exact k most cosine-similar other rows of row `row` in the snapshot at `step` (the latest without it), by similarity descending, ties by lower row. ' +
        'Cost rows × cols per call, so it serves tensors whose projection has neighbours: null (over the precompute budget). ' +
        'Cosine similarity with an all-zero row is undefined and reported as 0. ' +
        `Decoded snapshots are kept in a cache of at most ${SNAPSHOT_CACHE_BYTES / 1024 / 1024} MiB, so hovering over many rows of one snapshot decodes it once; a replaced snapshot is read afresh. ` +
        `404 for an unknown run, tensor or step; 400 for a row outside the tensor or k outside 1..${MAX_ROW_NEIGHBOURS}.`,
      params: NameParams,
      querystring: NeighboursQuery,
      response: { 200: NeighboursResponse, 400: ErrorSchema, 404: ErrorSchema },
    },
  }, async (req) => {
    const { id, name } = req.params;
    const { row, k = 5 } = req.query;
    const info = await seriesInfo(id, name);
    const step = req.query.step ?? info.steps[info.steps.length - 1]!;
    const missingStep = () => new RunlensError('NOT_FOUND', `tensor ${name} of run ${id} has no snapshot at step ${step}; its steps are ${describeSteps(info.steps)}`, { field: 'step' });
    if (!info.steps.includes(step)) throw missingStep();
    const key = JSON.stringify([id, name, step, revision(id, name)]);
    let snapshot = snapshots.get(key);
    if (!snapshot) {
      const t = await store.readTensor(id, name, step);
      if (!t) throw missingStep();
      snapshot = { rows: t.rows, cols: t.cols, values: t.values, norms: rowNorms(t.values, t.rows, t.cols) };
      snapshots.set(key, snapshot);
    }
    if (row >= snapshot.rows) {
      throw new RunlensError('VALIDATION', `row ${row} is out of range: tensor ${name} at step ${step} has ${snapshot.rows} rows (0 to ${snapshot.rows - 1})`, { field: 'row' });
    }
    const neighbours = rowNeighbours(snapshot.values, snapshot.rows, snapshot.cols, row, k, snapshot.norms);
    return { name, step, row, k, neighbours };
  });
}
