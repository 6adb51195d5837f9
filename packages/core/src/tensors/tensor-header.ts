/**
 * Validation of one tensor snapshot (binary header or JSON fallback body) against the documented limits: the shape
 * must account for every byte, labels must match the rows, names and steps must be valid.
 */
import { z } from 'zod';
import { RunlensError } from '../errors.js';
import { LIMITS } from '../limits.js';
import { DTYPE_BYTES, TENSOR_DTYPES, type TensorHeader } from './tensor-wire.js';

const NAME_RE = /^[A-Za-z0-9_.\-:]+$/;

export const TensorHeaderSchema = z.object({
  name: z.string().min(1).max(LIMITS.maxKeyLength).regex(NAME_RE, 'a tensor name uses letters, digits and _ . - :'),
  step: z.number().int().min(0).max(LIMITS.maxStep),
  dtype: z.enum(TENSOR_DTYPES).default('float32'),
  shape: z.array(z.number().int().min(1)).min(1).max(2),
  labels: z.array(z.string().max(LIMITS.maxTensorLabelLength)).optional(),
  time: z.number().finite().optional(),
});

/** Checks a decoded header and the byte count of its data; returns the typed header with a 2-D shape. */
export function checkTensorHeader(raw: unknown, dataBytes: number): TensorHeader & { rows: number; cols: number } {
  const parsed = TensorHeaderSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.') || 'header';
    throw new RunlensError('VALIDATION', `tensor ${field}: ${issue.message}`, { field });
  }
  const h = parsed.data;
  const rows = h.shape[0]!;
  const cols = h.shape[1] ?? 1;
  const elements = rows * cols;
  if (elements > LIMITS.maxTensorElements) {
    throw new RunlensError('VALIDATION', `tensor ${h.name} has shape [${h.shape.join(', ')}] = ${elements} values; the limit is ${LIMITS.maxTensorElements}: sample rows`, { field: 'shape' });
  }
  const expected = elements * DTYPE_BYTES[h.dtype];
  if (dataBytes !== expected) {
    throw new RunlensError('VALIDATION', `tensor ${h.name}: shape [${h.shape.join(', ')}] × ${h.dtype} is ${expected} bytes, but ${dataBytes} were sent`, { field: 'shape' });
  }
  if (h.labels && h.labels.length !== rows) {
    throw new RunlensError('VALIDATION', `tensor ${h.name}: ${h.labels.length} labels for ${rows} rows`, { field: 'labels' });
  }
  return { ...h, rows, cols };
}
