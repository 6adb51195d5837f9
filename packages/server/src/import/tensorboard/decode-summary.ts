/**
 * Turns one `Summary.Value` into what runlens stores: a scalar, a histogram, a text, hparams, or nothing (images,
 * audio, graphs and other plugins' data are skipped, by name). Covers both generations of writers:
 * - TF1 / PyTorch / tensorboardX: `simple_value` scalars and `HistogramProto` histograms;
 * - TF2 / Keras: everything is a `tensor` whose meaning is given by `metadata.plugin_data.plugin_name` (`scalars`,
 *   `histograms` as a `[k, 3]` tensor of (left, right, count), `text` as DT_STRING, `hparams` metadata-only).
 *
 * TF2 writers put the metadata only on the first value of each tag in a file, so the caller remembers the plugin
 * per tag and passes it in (`plugin`).
 */
import { flattenParams, type Params } from '@runlens/core';
import {
  DataClass,
  DataType,
  decodeHParamsPluginData,
  has,
  int64ToNumber,
  type HistogramProto,
  type HParamValue,
  type SummaryValue,
  type TensorProto,
} from './event-proto.js';

export type DecodedSummaryValue =
  | { kind: 'scalar'; value: number }
  | { kind: 'histogram'; edges: number[]; counts: number[] }
  | { kind: 'text'; text: string }
  | { kind: 'params'; params: Params }
  | { kind: 'skip'; reason: string };

/**
 * Decodes `value`. `plugin` is the plugin name that applies to its tag (from its own metadata or an earlier value of
 * the same tag), `dataClass` likewise; both may be empty.
 */
export function decodeSummaryValue(value: SummaryValue, plugin: string, dataClass = 0): DecodedSummaryValue {
  // float32 on the wire; protobufjs widens it to the exact double
  if (has(value, 'simple_value')) return { kind: 'scalar', value: value.simple_value ?? Number.NaN };
  if (value.tensor) return decodeTensorValue(value.tensor, plugin, dataClass);
  if (value.histo) return histogramFromProto(value.histo);
  if (has(value, 'image')) return skip('images');
  if (has(value, 'audio')) return skip('audio');
  if (has(value, 'obsolete_old_style_histogram')) return skip('old-style histograms');
  if (plugin === 'hparams') {
    const content = value.metadata?.plugin_data?.content;
    return content ? hparamsFromPluginContent(content) : skip('hparams without content');
  }
  return skip(plugin ? `metadata-only values of plugin '${plugin}'` : 'values with no data');
}

function skip(reason: string): DecodedSummaryValue {
  return { kind: 'skip', reason };
}

function decodeTensorValue(tensor: TensorProto, plugin: string, dataClass: number): DecodedSummaryValue {
  if (plugin === 'text') {
    if (tensor.dtype !== DataType.DT_STRING) return skip(`text tensors of dtype ${tensor.dtype}`);
    const decoder = new TextDecoder();
    return { kind: 'text', text: tensor.string_val.map((s) => decoder.decode(s)).join('\n') };
  }
  if (plugin === 'histograms') {
    const h = histogramFromTensor(tensor);
    return h ?? skip('histogram tensors that are not [k, 3] numbers');
  }
  const unlabelledNumber = plugin === '' && DTYPE_WIDTH[tensor.dtype] !== undefined && elementCount(tensor) === 1;
  if (plugin === 'scalars' || dataClass === DataClass.SCALAR || unlabelledNumber) {
    const v = tensorScalar(tensor);
    return v === undefined ? skip(`scalar tensors of dtype ${tensor.dtype} or shape other than one element`) : { kind: 'scalar', value: v };
  }
  return skip(plugin ? `values of plugin '${plugin}'` : `tensors of dtype ${tensor.dtype} with no plugin`);
}

/** Number of elements from the shape (1 for a rank-0 tensor). */
export function elementCount(tensor: TensorProto): number {
  let n = 1;
  for (const d of tensor.tensor_shape?.dim ?? []) n *= int64ToNumber(d.size);
  return n;
}

/** The shape as numbers (`[]` for a scalar). */
function shapeOf(tensor: TensorProto): number[] {
  return (tensor.tensor_shape?.dim ?? []).map((d) => int64ToNumber(d.size));
}

/** The one value of a single-element numeric tensor, or undefined if it is not one. */
export function tensorScalar(tensor: TensorProto): number | undefined {
  if (elementCount(tensor) !== 1) return undefined;
  const values = numericTensorValues(tensor, 1);
  return values?.[0];
}

/**
 * The first `count` values of a numeric tensor (DT_FLOAT, DT_DOUBLE, DT_HALF, DT_INT32, DT_INT64, DT_BOOL) from
 * `tensor_content` (packed little-endian) or the typed `*_val` fields. TensorFlow may store a tensor whose elements
 * are all equal as a single `*_val` entry; that one value is repeated.
 */
export function numericTensorValues(tensor: TensorProto, count: number): number[] | undefined {
  const content = tensor.tensor_content;
  if (content && content.length > 0) {
    const width = DTYPE_WIDTH[tensor.dtype];
    if (width === undefined || content.length < width * count) return undefined;
    const view = new DataView(content.buffer, content.byteOffset, content.byteLength);
    const out = new Array<number>(count);
    for (let i = 0; i < count; i++) out[i] = readElement(view, tensor.dtype, i * width);
    return out;
  }
  const list = typedValues(tensor);
  if (!list || list.length === 0) return undefined;
  const out = new Array<number>(count);
  for (let i = 0; i < count; i++) out[i] = list[Math.min(i, list.length - 1)]!;
  return out;
}

const DTYPE_WIDTH: Record<number, number> = {
  [DataType.DT_FLOAT]: 4,
  [DataType.DT_DOUBLE]: 8,
  [DataType.DT_HALF]: 2,
  [DataType.DT_INT32]: 4,
  [DataType.DT_INT64]: 8,
  [DataType.DT_BOOL]: 1,
};

function readElement(view: DataView, dtype: number, at: number): number {
  switch (dtype) {
    case DataType.DT_FLOAT:
      return view.getFloat32(at, true);
    case DataType.DT_DOUBLE:
      return view.getFloat64(at, true);
    case DataType.DT_HALF:
      return halfToNumber(view.getUint16(at, true));
    case DataType.DT_INT32:
      return view.getInt32(at, true);
    case DataType.DT_INT64:
      return Number(view.getBigInt64(at, true));
    default:
      return view.getUint8(at) ? 1 : 0;
  }
}

function typedValues(tensor: TensorProto): number[] | undefined {
  switch (tensor.dtype) {
    case DataType.DT_FLOAT:
      return tensor.float_val;
    case DataType.DT_DOUBLE:
      return tensor.double_val;
    case DataType.DT_HALF:
      // half_val holds the raw 16 bits of each value in an int32
      return tensor.half_val.map((h) => halfToNumber(h & 0xffff));
    case DataType.DT_INT32:
      return tensor.int_val;
    case DataType.DT_INT64:
      return tensor.int64_val.map(int64ToNumber);
    case DataType.DT_BOOL:
      return tensor.bool_val.map((b) => (b ? 1 : 0));
    default:
      return undefined;
  }
}

/** IEEE 754 binary16 (DT_HALF) bits to a number; JavaScript has no Float16Array before Node 24. */
export function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/**
 * A TF2 histogram: a `[k, 3]` tensor of (left edge, right edge, count) rows. Buckets are contiguous, so the edges
 * are every left edge plus the last right edge. `[0, 3]` (no data) gives undefined.
 */
export function histogramFromTensor(tensor: TensorProto): DecodedSummaryValue | undefined {
  const shape = shapeOf(tensor);
  if (shape.length !== 2 || shape[1] !== 3 || !(shape[0]! > 0)) return undefined;
  const k = shape[0]!;
  const values = numericTensorValues(tensor, k * 3);
  if (!values) return undefined;
  const edges = new Array<number>(k + 1);
  const counts = new Array<number>(k);
  for (let i = 0; i < k; i++) {
    edges[i] = values[i * 3]!;
    counts[i] = values[i * 3 + 2]!;
  }
  edges[k] = values[k * 3 - 2]!;
  return { kind: 'histogram', edges, counts };
}

/**
 * A TF1 `HistogramProto`: `bucket_limit[i]` is the right edge of bucket i. The outermost limits are often ±DBL_MAX,
 * so, like TensorBoard (data_compat.py), the first left edge is `min` and the last right edge is `max`.
 */
export function histogramFromProto(h: HistogramProto): DecodedSummaryValue {
  const k = h.bucket.length;
  if (k === 0 || h.bucket_limit.length !== k) return skip('histograms with no buckets');
  const edges = new Array<number>(k + 1);
  edges[0] = h.min;
  for (let i = 1; i < k; i++) edges[i] = h.bucket_limit[i - 1]!;
  edges[k] = h.max;
  return { kind: 'histogram', edges, counts: h.bucket.slice() };
}

/** The hparams of an `hparams` plugin summary (SessionStartInfo), flattened to dot keys; other parts give none. */
export function hparamsFromPluginContent(content: Uint8Array): DecodedSummaryValue {
  const data = decodeHParamsPluginData(content);
  // The experiment and session-end parts describe the study, not this run's values: nothing to take from them.
  if (!data.session_start_info) return { kind: 'params', params: {} };
  const nested: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(data.session_start_info.hparams)) nested[key] = hparamValue(v);
  // Keys such as `optimizer/lr` stay whole: `/` is how Lightning already flattened them.
  return { kind: 'params', params: flattenParams(nested) };
}

function hparamValue(v: HParamValue): unknown {
  if (has(v, 'number_value')) return v.number_value;
  if (has(v, 'string_value')) return v.string_value;
  if (has(v, 'bool_value')) return v.bool_value;
  if (v.struct_value) {
    const out: Record<string, unknown> = {};
    for (const [k, f] of Object.entries(v.struct_value.fields)) out[k] = hparamValue(f);
    return out;
  }
  if (v.list_value) return v.list_value.values.map(hparamValue);
  return null;
}
