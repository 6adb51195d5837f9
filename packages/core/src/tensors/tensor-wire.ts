/**
 * The binary body of `POST /api/v1/runs/{id}/tensors` (and of `GET .../tensors/{name}?format=binary`):
 *
 * ```
 * bytes 0..3   "RLT1"                      magic
 * bytes 4..7   uint32 little-endian H      length of the header
 * bytes 8..8+H UTF-8 JSON header           {"name","step","dtype":"float32"|"float16","shape":[rows,cols],"labels"?,"time"?}
 * the rest     the values, row-major, little-endian, dtype-sized (4 or 2 bytes each)
 * ```
 *
 * Easy to write from any language (Python: `struct.pack('<4sI', b'RLT1', len(h)) + h + array.tobytes()`), and the
 * header carries the labels so one request is one snapshot.
 */
import { RunlensError } from '../errors.js';
import { decodeFloat16, encodeFloat16 } from './float16.js';

export const TENSOR_MAGIC = 'RLT1';
export const TENSOR_DTYPES = ['float32', 'float16'] as const;
export type TensorDtype = (typeof TENSOR_DTYPES)[number];

export const DTYPE_BYTES: Record<TensorDtype, number> = { float32: 4, float16: 2 };

export interface TensorHeader {
  name: string;
  step: number;
  dtype: TensorDtype;
  shape: number[];
  labels?: string[] | undefined;
  time?: number | undefined;
}

export interface DecodedTensorBody {
  /** The UTF-8 JSON header, not yet decoded (core has no TextDecoder; the caller's platform does). */
  headerBytes: Uint8Array;
  /** The value bytes, as sent (dtype-sized, little-endian). */
  data: Uint8Array;
}

/** Splits a binary tensor body into its header bytes and its value bytes. */
export function decodeTensorBody(body: Uint8Array): DecodedTensorBody {
  if (body.byteLength < 8) throw new RunlensError('VALIDATION', `tensor body is ${body.byteLength} bytes; it must start with "RLT1" and a header length`, { field: 'body' });
  const magic = String.fromCharCode(body[0]!, body[1]!, body[2]!, body[3]!);
  if (magic !== TENSOR_MAGIC) throw new RunlensError('VALIDATION', `tensor body starts with ${JSON.stringify(magic)}, expected "RLT1"`, { field: 'body' });
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const headerLength = view.getUint32(4, true);
  if (8 + headerLength > body.byteLength) {
    throw new RunlensError('VALIDATION', `tensor header length ${headerLength} runs past the end of the ${body.byteLength}-byte body`, { field: 'header' });
  }
  return { headerBytes: body.subarray(8, 8 + headerLength), data: body.subarray(8 + headerLength) };
}

/** Builds a binary tensor body; `values` are written as `header.dtype`. */
export function encodeTensorBody(header: TensorHeader, values: ArrayLike<number>): Uint8Array {
  // Non-ASCII characters written as \u escapes (the Python client's ensure_ascii): the header is then ASCII, which is
  // its own UTF-8, and core needs no text encoder (it has no TextEncoder without DOM or Node types).
  const text = JSON.stringify(header).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const json = Uint8Array.from(text, (c) => c.charCodeAt(0));
  const data = header.dtype === 'float16' ? encodeFloat16(values) : float32Bytes(values);
  const out = new Uint8Array(8 + json.byteLength + data.byteLength);
  out.set([0x52, 0x4c, 0x54, 0x31]);
  new DataView(out.buffer).setUint32(4, json.byteLength, true);
  out.set(json, 8);
  out.set(data, 8 + json.byteLength);
  return out;
}

/** Little-endian float32 bytes. */
export function float32Bytes(values: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true);
  return out;
}

/** Values of dtype-sized little-endian bytes as float32. */
export function decodeTensorValues(dtype: TensorDtype, bytes: Uint8Array): Float32Array {
  if (dtype === 'float16') return decodeFloat16(bytes);
  const n = bytes.byteLength >>> 2;
  const out = new Float32Array(n);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < n; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

export interface FiniteReport {
  nan: number;
  posInf: number;
  negInf: number;
}

/**
 * Counts NaN and ±Infinity and replaces them by 0 in place, so a projection of the snapshot stays defined; the
 * counts are stored with the snapshot and returned to the client, never dropped silently.
 */
export function sanitizeNonFinite(values: Float32Array): FiniteReport {
  const report: FiniteReport = { nan: 0, posInf: 0, negInf: 0 };
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) continue;
    if (Number.isNaN(v)) report.nan++;
    else if (v > 0) report.posInf++;
    else report.negInf++;
    values[i] = 0;
  }
  return report;
}
