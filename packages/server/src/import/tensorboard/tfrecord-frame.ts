/**
 * The writing side of TFRecord framing (see tfrecord-reader.ts for the layout): used by the TensorBoard exporter and
 * by tests that build event files byte by byte.
 */
import { maskedCrc32c } from './crc32c.js';

/** Framing bytes around each record's data: length, length CRC, data CRC. */
export const TFRECORD_FRAMING_BYTES = 16;

/** Writes `data` framed as one record at `target[pos]`; returns the position after it. `target` must have room. */
export function writeTfRecordFrame(target: Uint8Array, pos: number, data: Uint8Array): number {
  const view = new DataView(target.buffer, target.byteOffset, target.byteLength);
  view.setUint32(pos, data.length, true);
  view.setUint32(pos + 4, Math.floor(data.length / 4294967296), true);
  view.setUint32(pos + 8, maskedCrc32c(target, pos, pos + 8), true);
  target.set(data, pos + 12);
  view.setUint32(pos + 12 + data.length, maskedCrc32c(data), true);
  return pos + TFRECORD_FRAMING_BYTES + data.length;
}

/** A whole TFRecord file holding `records` in order. */
export function frameTfRecords(records: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(records.reduce((n, r) => n + r.length + TFRECORD_FRAMING_BYTES, 0));
  let pos = 0;
  for (const r of records) pos = writeTfRecordFrame(out, pos, r);
  return out;
}
