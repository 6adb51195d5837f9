/**
 * Tensor snapshots (parameter evolution): `POST /runs/{id}/tensors` takes one snapshot as a binary body
 * (`application/octet-stream`, the RLT1 format of core's tensor-wire.ts) or as JSON; reads list names and steps,
 * return one snapshot, or a 3-D projection of the whole series in one stable frame (computed once, cached).
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
      neighbours: z.array(z.number()).nullable().meta({ description: 'rows × k row indices by cosine similarity, row-major' }),
      distanceToReference: z.number(),
    }),
  ),
});
type ProjectionBody = z.infer<typeof ProjectionResponse>;

/** Projections computed at most once per (run, name, options, snapshot set); a few are kept. */
const PROJECTION_CACHE_SIZE = 16;

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
    const { removed } = await store.appendTensor(req.params.id, t, req.query.keep ?? LIMITS.defaultTensorSnapshots);
    return { name: t.name, step: t.step, dtype: t.dtype, shape: [t.rows, t.cols], finite: t.finite, removedSteps: removed };
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
      description: 'PCA fitted on the reference snapshot, every snapshot projected onto it and Procrustes-aligned, so motion is real motion; or seeded UMAP. Per-row norms and nearest neighbours for tooltips. Computed once per snapshot set and cached.',
      params: NameParams,
      querystring: ProjectionQuery,
      response: { 200: ProjectionResponse, 400: ErrorSchema, 404: ErrorSchema },
    },
  }, async (req) => {
    const { id, name } = req.params;
    const info = (await store.listTensors(id)).find((t) => t.name === name);
    if (!info) throw new RunlensError('NOT_FOUND', `run ${id} has no tensor ${name}`);
    const latest = await store.readTensor(id, name);
    const q = req.query;
    const key = JSON.stringify([id, name, q.method ?? 'pca', q.reference ?? 'last', q.align ?? 'reference', q.neighbours ?? 5, info.steps, latest?.time]);
    const hit = cache.get(key);
    if (hit) {
      cache.delete(key);
      cache.set(key, hit);
      return hit;
    }
    const series = await store.readTensorSeries(id, name);
    const result: ProjectionResult = projectSnapshots(series, { method: q.method, reference: q.reference, align: q.align, neighbours: q.neighbours });
    const ref = series.find((s) => s.step === result.referenceStep);
    const times = new Map(series.map((s) => [s.step, s.time]));
    const body: ProjectionBody = {
      name,
      method: result.method,
      referenceStep: result.referenceStep,
      rows: result.rows,
      cols: result.cols,
      k: result.k,
      labels: ref?.labels ?? null,
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
}
