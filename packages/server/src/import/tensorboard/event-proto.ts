/**
 * The protobuf messages of TensorBoard event files, parsed at runtime by protobufjs (no generated code to keep in
 * step). Field names and numbers follow tensorflow/core/util/event.proto, framework/summary.proto, tensor.proto,
 * tensor_shape.proto, types.proto and tensorboard/plugins/hparams/plugin_data.proto; messages runlens never reads
 * (images, audio, graphs, run metadata) are declared as `bytes` or left out, so protobufjs skips them cheaply.
 *
 * The `oneof`s of the originals are declared as plain `optional` fields of a proto2 schema: the wire format is the
 * same, but protobufjs's oneof bookkeeping (a `delete` per decoded member, an `Object.keys` scan per read) cost a
 * third of the import time. Presence is read instead from own properties: a decoded message owns exactly the fields
 * that were on the wire (defaults live on the prototype); `has(message, field)` below does that. proto2 rather than
 * proto3 because protobufjs's proto3 encoder leaves out zero values, and `simple_value: 0` must be written.
 */
import protobuf from 'protobufjs';

const PROTO = `
syntax = "proto2";
package runlens.tensorboard;

message Event {
  optional double wall_time = 1;
  optional int64 step = 2;
  // oneof what
  optional string file_version = 3;
  optional bytes graph_def = 4;
  optional Summary summary = 5;
  optional bytes log_message = 6;
  optional bytes session_log = 7;
  optional bytes tagged_run_metadata = 8;
  optional bytes meta_graph_def = 9;
  optional SourceMetadata source_metadata = 10;
}

message SourceMetadata {
  optional string writer = 1;
}

message Summary {
  message Value {
    optional string node_name = 7;
    optional string tag = 1;
    optional SummaryMetadata metadata = 9;
    // oneof value
    optional float simple_value = 2;
    optional bytes obsolete_old_style_histogram = 3;
    optional bytes image = 4;
    optional HistogramProto histo = 5;
    optional bytes audio = 6;
    optional TensorProto tensor = 8;
  }
  repeated Value value = 1;
}

message SummaryMetadata {
  message PluginData {
    optional string plugin_name = 1;
    optional bytes content = 2;
  }
  optional PluginData plugin_data = 1;
  optional string display_name = 2;
  optional string summary_description = 3;
  optional int32 data_class = 4;
}

message HistogramProto {
  optional double min = 1;
  optional double max = 2;
  optional double num = 3;
  optional double sum = 4;
  optional double sum_squares = 5;
  repeated double bucket_limit = 6 [packed = true];
  repeated double bucket = 7 [packed = true];
}

message TensorShapeProto {
  message Dim {
    optional int64 size = 1;
    optional string name = 2;
  }
  repeated Dim dim = 2;
  optional bool unknown_rank = 3;
}

message TensorProto {
  optional int32 dtype = 1;
  optional TensorShapeProto tensor_shape = 2;
  optional int32 version_number = 3;
  optional bytes tensor_content = 4;
  repeated int32 half_val = 13 [packed = true];
  repeated float float_val = 5 [packed = true];
  repeated double double_val = 6 [packed = true];
  repeated int32 int_val = 7 [packed = true];
  repeated bytes string_val = 8;
  repeated int64 int64_val = 10 [packed = true];
  repeated bool bool_val = 11 [packed = true];
}

message HParamsPluginData {
  optional int32 version = 1;
  // oneof data
  optional bytes experiment = 2;
  optional SessionStartInfo session_start_info = 3;
  optional bytes session_end_info = 4;
}

message SessionStartInfo {
  map<string, HParamValue> hparams = 1;
  optional string model_uri = 2;
  optional string monitor_url = 3;
  optional string group_name = 4;
  optional double start_time_secs = 5;
}

// google.protobuf.Value, declared here so that protobufjs's own well-known-type handling stays out of the way.
message HParamValue {
  // oneof kind
  optional int32 null_value = 1;
  optional double number_value = 2;
  optional string string_value = 3;
  optional bool bool_value = 4;
  optional HParamStruct struct_value = 5;
  optional HParamList list_value = 6;
}

message HParamStruct {
  map<string, HParamValue> fields = 1;
}

message HParamList {
  repeated HParamValue values = 1;
}
`;

/** tensorflow DataType numbers that runlens decodes. */
export const DataType = {
  DT_FLOAT: 1,
  DT_DOUBLE: 2,
  DT_INT32: 3,
  DT_STRING: 7,
  DT_INT64: 9,
  DT_BOOL: 10,
  DT_HALF: 19,
} as const;

/** SummaryMetadata.data_class: how TensorBoard 2 classifies a tensor summary. */
export const DataClass = { UNKNOWN: 0, SCALAR: 1, TENSOR: 2, BLOB_SEQUENCE: 3 } as const;

/** protobufjs decodes int64 as a Long object (the `long` package is installed) or, without it, a number. */
export type Int64 = number | { toNumber(): number };

export interface TensorShapeDim {
  size: Int64;
  name: string;
}

export interface TensorProto {
  dtype: number;
  tensor_shape?: { dim: TensorShapeDim[]; unknown_rank: boolean } | null;
  tensor_content: Uint8Array;
  half_val: number[];
  float_val: number[];
  double_val: number[];
  int_val: number[];
  string_val: Uint8Array[];
  int64_val: Int64[];
  bool_val: boolean[];
}

export interface HistogramProto {
  min: number;
  max: number;
  num: number;
  sum: number;
  sum_squares: number;
  bucket_limit: number[];
  bucket: number[];
}

export interface SummaryMetadata {
  plugin_data?: { plugin_name: string; content: Uint8Array } | null;
  display_name: string;
  summary_description: string;
  data_class: number;
}

export interface SummaryValue {
  node_name: string;
  tag: string;
  metadata?: SummaryMetadata | null;
  simple_value?: number;
  obsolete_old_style_histogram?: Uint8Array;
  image?: Uint8Array;
  histo?: HistogramProto | null;
  audio?: Uint8Array;
  tensor?: TensorProto | null;
}

export interface Summary {
  value: SummaryValue[];
}

export interface TensorboardEvent {
  wall_time: number;
  step: Int64;
  file_version?: string;
  summary?: Summary | null;
  source_metadata?: { writer: string } | null;
}

/** google.protobuf.Value as the hparams plugin stores it. */
export interface HParamValue {
  number_value?: number;
  string_value?: string;
  bool_value?: boolean;
  struct_value?: { fields: Record<string, HParamValue> } | null;
  list_value?: { values: HParamValue[] } | null;
}

export interface HParamsPluginData {
  version: number;
  session_start_info?: { hparams: Record<string, HParamValue>; group_name: string; start_time_secs: number } | null;
}

const root = protobuf.parse(PROTO, { keepCase: true }).root;
const lookup = (name: string): protobuf.Type => root.lookupType(`runlens.tensorboard.${name}`);

/** The protobufjs types, for encoding (the exporter, tests) and decoding. */
export const EventType = lookup('Event');
export const HParamsPluginDataType = lookup('HParamsPluginData');

/** Decodes one event record; throws (protobufjs RangeError/Error) on malformed bytes. */
export function decodeEvent(bytes: Uint8Array): TensorboardEvent {
  // The interfaces above mirror the schema in PROTO, which protobufjs decodes into plain message objects.
  return EventType.decode(bytes) as unknown as TensorboardEvent;
}

/**
 * A decoder for many events that lie in one buffer: one protobufjs Reader is repositioned for each, instead of a
 * Reader and a subarray being made per event. Throws like `decodeEvent`.
 */
export function eventDecoderFor(bytes: Uint8Array): (start: number, end: number) => TensorboardEvent {
  // The plain Reader even for a Node Buffer: its JavaScript UTF-8 decoding beats a native utf8Slice call for short
  // strings such as tags.
  const reader = new protobuf.Reader(bytes);
  return (start, end) => {
    reader.pos = start;
    return EventType.decode(reader, end - start) as unknown as TensorboardEvent;
  };
}

/** Decodes the content bytes of an `hparams` plugin summary. */
export function decodeHParamsPluginData(bytes: Uint8Array): HParamsPluginData {
  return HParamsPluginDataType.decode(bytes) as unknown as HParamsPluginData;
}

/** Encodes an event (plain object with the snake_case fields above) to its protobuf bytes. */
export function encodeEvent(event: Record<string, unknown>): Uint8Array {
  return EventType.encode(EventType.fromObject(event)).finish();
}

/** True when `field` was present in the decoded bytes (see the note on oneofs at the top). */
export function has<T extends object>(message: T, field: keyof T & string): boolean {
  return Object.hasOwn(message, field);
}

/** An int64 field as a JavaScript number (exact up to 2^53). */
export function int64ToNumber(v: Int64): number {
  return typeof v === 'number' ? v : v.toNumber();
}
