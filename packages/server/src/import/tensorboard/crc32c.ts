/**
 * CRC32C (Castagnoli) as TFRecord framing uses it. Short inputs (every record's 8-byte length, and the many small
 * scalar events) are checksummed in JavaScript, because a call into the native addon costs more than the checksum
 * itself below a few hundred bytes (slicing-by-8 here runs at ~1.5 GB/s); longer ones go to @node-rs/crc32 (SSE4.2, GB/s).
 */
import { crc32c as nativeCrc32c } from '@node-rs/crc32';

const NATIVE_FROM_BYTES = 256;

/** Slicing-by-8 tables: TABLE[k * 256 + b] is the CRC of byte b followed by k zero bytes. */
const TABLE = (() => {
  const t = new Int32Array(8 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    t[n] = c;
  }
  for (let n = 0; n < 256; n++) {
    let c = t[n]!;
    for (let k = 1; k < 8; k++) {
      c = t[c & 0xff]! ^ (c >>> 8);
      t[k * 256 + n] = c;
    }
  }
  return t;
})();

/** CRC32C of `bytes[start, end)`, as an unsigned 32-bit integer. */
export function crc32c(bytes: Uint8Array, start = 0, end = bytes.length): number {
  if (end - start >= NATIVE_FROM_BYTES) return nativeCrc32c(bytes.subarray(start, end)) >>> 0;
  const t = TABLE;
  let c = -1;
  let i = start;
  for (; i + 8 <= end; i += 8) {
    c ^= bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    c =
      t[1792 + (c & 0xff)]! ^
      t[1536 + ((c >>> 8) & 0xff)]! ^
      t[1280 + ((c >>> 16) & 0xff)]! ^
      t[1024 + (c >>> 24)]! ^
      t[768 + bytes[i + 4]!]! ^
      t[512 + bytes[i + 5]!]! ^
      t[256 + bytes[i + 6]!]! ^
      t[bytes[i + 7]!]!;
  }
  for (; i < end; i++) c = t[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

/** The masked CRC32C of the 8 bytes at `bytes[p]`: a TFRecord length, checked once per record (unrolled). */
export function maskedCrc32cOf8(bytes: Uint8Array, p: number): number {
  const t = TABLE;
  const c = ~(bytes[p]! | (bytes[p + 1]! << 8) | (bytes[p + 2]! << 16) | (bytes[p + 3]! << 24));
  const crc =
    t[1792 + (c & 0xff)]! ^
    t[1536 + ((c >>> 8) & 0xff)]! ^
    t[1280 + ((c >>> 16) & 0xff)]! ^
    t[1024 + (c >>> 24)]! ^
    t[768 + bytes[p + 4]!]! ^
    t[512 + bytes[p + 5]!]! ^
    t[256 + bytes[p + 6]!]! ^
    t[bytes[p + 7]!]!;
  return maskCrc(~crc >>> 0);
}

/**
 * TFRecord stores CRCs "masked" so that a CRC of data that itself contains CRCs stays well distributed
 * (tensorflow/core/lib/hash/crc32c.h).
 */
export function maskCrc(crc: number): number {
  return (((crc >>> 15) | (crc << 17)) + 0xa282ead8) >>> 0;
}

/** The masked CRC32C of `bytes[start, end)`, as TFRecord writes it. */
export function maskedCrc32c(bytes: Uint8Array, start = 0, end = bytes.length): number {
  return maskCrc(crc32c(bytes, start, end));
}
