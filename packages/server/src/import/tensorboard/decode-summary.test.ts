import { describe, expect, it } from 'vitest';
import { decodeSummaryValue, halfToNumber } from './decode-summary.js';
import { DataClass, DataType, decodeEvent, encodeEvent, HParamsPluginDataType, type SummaryValue } from './event-proto.js';

/** Encodes a Summary.Value the way a writer would and decodes it back, so the test goes through real bytes. */
function roundTrip(value: Record<string, unknown>): SummaryValue {
  const event = decodeEvent(encodeEvent({ wall_time: 1, step: 3, summary: { value: [value] } }));
  return event.summary!.value[0]!;
}

const shape = (...dims: number[]) => ({ dim: dims.map((size) => ({ size })) });
const le = (Ctor: Float32ArrayConstructor | Float64ArrayConstructor | Uint16ArrayConstructor, values: number[]) =>
  new Uint8Array(new Ctor(values).buffer);

describe('halfToNumber (DT_HALF)', () => {
  it.each([
    [0x3c00, 1],
    [0xc000, -2],
    [0x3e00, 1.5],
    [0x3555, 0.333251953125],
    [0x7bff, 65504],
    [0x0400, 2 ** -14],
    [0x0001, 2 ** -24],
    [0x03ff, 1023 * 2 ** -24],
    [0x0000, 0],
    [0x7c00, Number.POSITIVE_INFINITY],
    [0xfc00, Number.NEGATIVE_INFINITY],
  ])('0x%s -> %s', (bits, expected) => {
    expect(halfToNumber(bits)).toBe(expected);
  });

  it('keeps the sign of zero and decodes NaN', () => {
    expect(Object.is(halfToNumber(0x8000), -0)).toBe(true);
    expect(halfToNumber(0x7e00)).toBeNaN();
    expect(halfToNumber(0xfc01)).toBeNaN();
  });
});

describe('scalars', () => {
  it('simple_value is read as the float32 it is, including 0', () => {
    expect(decodeSummaryValue(roundTrip({ tag: 'loss', simple_value: 0.1 }), '')).toEqual({ kind: 'scalar', value: Math.fround(0.1) });
    expect(decodeSummaryValue(roundTrip({ tag: 'loss', simple_value: 0 }), '')).toEqual({ kind: 'scalar', value: 0 });
    expect(decodeSummaryValue(roundTrip({ tag: 'loss', simple_value: Number.NaN }), '')).toEqual({ kind: 'scalar', value: Number.NaN });
  });

  const scalarsMetadata = { plugin_data: { plugin_name: 'scalars', content: new Uint8Array(0) }, data_class: DataClass.SCALAR };
  it.each([
    ['DT_FLOAT tensor_content', { dtype: DataType.DT_FLOAT, tensor_shape: shape(), tensor_content: le(Float32Array, [0.25]) }, 0.25],
    ['DT_FLOAT float_val', { dtype: DataType.DT_FLOAT, tensor_shape: shape(), float_val: [-3.5] }, -3.5],
    ['DT_DOUBLE tensor_content', { dtype: DataType.DT_DOUBLE, tensor_shape: shape(), tensor_content: le(Float64Array, [0.1]) }, 0.1],
    ['DT_DOUBLE double_val', { dtype: DataType.DT_DOUBLE, tensor_shape: shape(), double_val: [1e300] }, 1e300],
    ['DT_HALF tensor_content', { dtype: DataType.DT_HALF, tensor_shape: shape(), tensor_content: le(Uint16Array, [0x3555]) }, 0.333251953125],
    ['DT_HALF half_val', { dtype: DataType.DT_HALF, tensor_shape: shape(), half_val: [0xc000] }, -2],
    ['a [1]-shaped tensor', { dtype: DataType.DT_FLOAT, tensor_shape: shape(1), float_val: [7] }, 7],
  ])('TF2 scalar tensor: %s', (_, tensor, expected) => {
    const value = roundTrip({ tag: 'epoch_loss', metadata: scalarsMetadata, tensor });
    expect(decodeSummaryValue(value, 'scalars', DataClass.SCALAR)).toEqual({ kind: 'scalar', value: expected });
  });

  it('a later value of the tag, without metadata, is decoded with the remembered plugin', () => {
    const value = roundTrip({ tag: 'epoch_loss', tensor: { dtype: DataType.DT_FLOAT, tensor_shape: shape(), tensor_content: le(Float32Array, [2]) } });
    expect(value.metadata).toBeNull();
    expect(decodeSummaryValue(value, 'scalars')).toEqual({ kind: 'scalar', value: 2 });
  });

  it('refuses a many-element tensor as a scalar, and binary DT_STRING tensors with no plugin', () => {
    const many = roundTrip({ tag: 'x', tensor: { dtype: DataType.DT_FLOAT, tensor_shape: shape(3), float_val: [1, 2, 3] } });
    expect(decodeSummaryValue(many, 'scalars').kind).toBe('skip');
    const blob = roundTrip({ tag: 'step_1', tensor: { dtype: DataType.DT_STRING, tensor_shape: shape(), string_val: [new Uint8Array([0, 255, 7])] } });
    expect(decodeSummaryValue(blob, '')).toMatchObject({ kind: 'skip' });
  });
});

describe('histograms', () => {
  const hist = { plugin_data: { plugin_name: 'histograms', content: new Uint8Array(0) } };

  it('a TF2 [k,3] DT_DOUBLE tensor (tensor_content) becomes edges and counts', () => {
    const rows = [-1, 0, 3, 0, 1, 5, 1, 2.5, 2];
    const value = roundTrip({ tag: 'w', metadata: hist, tensor: { dtype: DataType.DT_DOUBLE, tensor_shape: shape(3, 3), tensor_content: le(Float64Array, rows) } });
    expect(decodeSummaryValue(value, 'histograms')).toEqual({ kind: 'histogram', edges: [-1, 0, 1, 2.5], counts: [3, 5, 2] });
  });

  it('a [k,3] tensor in double_val or DT_FLOAT tensor_content', () => {
    const viaList = roundTrip({ tag: 'w', tensor: { dtype: DataType.DT_DOUBLE, tensor_shape: shape(2, 3), double_val: [0, 0.5, 1, 0.5, 1, 4] } });
    expect(decodeSummaryValue(viaList, 'histograms')).toEqual({ kind: 'histogram', edges: [0, 0.5, 1], counts: [1, 4] });
    const asFloat = roundTrip({ tag: 'w', tensor: { dtype: DataType.DT_FLOAT, tensor_shape: shape(1, 3), tensor_content: le(Float32Array, [2, 2, 10]) } });
    expect(decodeSummaryValue(asFloat, 'histograms')).toEqual({ kind: 'histogram', edges: [2, 2], counts: [10] });
  });

  it('an empty [0,3] histogram and a wrongly shaped one are skipped', () => {
    const empty = roundTrip({ tag: 'w', tensor: { dtype: DataType.DT_DOUBLE, tensor_shape: shape(0, 3) } });
    expect(decodeSummaryValue(empty, 'histograms').kind).toBe('skip');
    const wrong = roundTrip({ tag: 'w', tensor: { dtype: DataType.DT_DOUBLE, tensor_shape: shape(2, 2), double_val: [1, 2, 3, 4] } });
    expect(decodeSummaryValue(wrong, 'histograms').kind).toBe('skip');
  });

  it('a HistogramProto uses min and max for the outer edges, as TensorBoard does', () => {
    const value = roundTrip({
      tag: 'w',
      histo: { min: -0.5, max: 2.5, num: 6, sum: 3, sum_squares: 5, bucket_limit: [0, 1, 1.7976931348623157e308], bucket: [1, 3, 2] },
    });
    expect(decodeSummaryValue(value, '')).toEqual({ kind: 'histogram', edges: [-0.5, 0, 1, 2.5], counts: [1, 3, 2] });
  });
});

describe('text, hparams and skipped kinds', () => {
  it('a text plugin DT_STRING tensor becomes text (UTF-8)', () => {
    const enc = new TextEncoder();
    const value = roundTrip({
      tag: 'samples',
      metadata: { plugin_data: { plugin_name: 'text', content: new Uint8Array(0) } },
      tensor: { dtype: DataType.DT_STRING, tensor_shape: shape(2), string_val: [enc.encode('héllo'), enc.encode('wörld ✓')] },
    });
    expect(decodeSummaryValue(value, 'text')).toEqual({ kind: 'text', text: 'héllo\nwörld ✓' });
  });

  it('hparams session_start_info becomes flat params with their types', () => {
    const content = HParamsPluginDataType.encode(
      HParamsPluginDataType.fromObject({
        version: 0,
        session_start_info: {
          hparams: {
            lr: { number_value: 0.001 },
            optimizer: { string_value: 'adam' },
            shuffle: { bool_value: true },
            none: { null_value: 0 },
            nested: { struct_value: { fields: { depth: { number_value: 4 } } } },
            layers: { list_value: { values: [{ number_value: 64 }, { number_value: 32 }] } },
          },
        },
      }),
    ).finish();
    const value = roundTrip({ tag: '_hparams_/session_start_info', metadata: { plugin_data: { plugin_name: 'hparams', content } } });
    expect(decodeSummaryValue(value, 'hparams')).toEqual({
      kind: 'params',
      params: { lr: 0.001, optimizer: 'adam', shuffle: true, none: null, 'nested.depth': 4, 'layers.0': 64, 'layers.1': 32 },
    });
  });

  it('images, audio and unknown plugins are skipped by name', () => {
    expect(decodeSummaryValue(roundTrip({ tag: 'img', image: new Uint8Array([1]) }), '')).toEqual({ kind: 'skip', reason: 'images' });
    expect(decodeSummaryValue(roundTrip({ tag: 'a', audio: new Uint8Array([1]) }), '')).toEqual({ kind: 'skip', reason: 'audio' });
    const pr = roundTrip({ tag: 'pr', tensor: { dtype: DataType.DT_FLOAT, tensor_shape: shape(6, 10), float_val: [0] } });
    expect(decodeSummaryValue(pr, 'pr_curves')).toEqual({ kind: 'skip', reason: "values of plugin 'pr_curves'" });
  });
});
