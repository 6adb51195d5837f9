/**
 * Reads a text file line by line as a stream, with each line's 1-based number and byte offset, so warnings can
 * point into the file and a multi-gigabyte file never sits in memory whole.
 */
import { createReadStream } from 'node:fs';

export interface TextLine {
  /** The line without its `\n` (and without a `\r` before it). */
  text: string;
  /** 1-based line number. */
  line: number;
  /** Byte offset of the line's first byte. */
  offset: number;
  /** False for a last line that ends without `\n` (possibly cut off). */
  terminated: boolean;
  /** True when the line was longer than the limit; `text` is then empty. */
  overlong: boolean;
}

/** Longest line kept (16 MiB); longer ones (random bytes without newlines) are skipped, not buffered. */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

/**
 * Yields every line of `path`. `onBytes` is called with the bytes read so far after each chunk (for progress).
 */
export async function* readLines(path: string, onBytes?: (bytes: number) => void, maxLineBytes = MAX_LINE_BYTES): AsyncGenerator<TextLine> {
  let carry: Buffer[] = [];
  let carryBytes = 0;
  let overlong = false;
  let lineNo = 1;
  let lineStart = 0;
  let read = 0;
  const decoder = new TextDecoder('utf-8');
  const make = (parts: Buffer[], terminated: boolean): TextLine => {
    let text = '';
    if (!overlong) {
      const buf = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
      const end = buf.length > 0 && buf[buf.length - 1] === 0x0d ? buf.length - 1 : buf.length;
      text = decoder.decode(buf.subarray(0, end));
    }
    return { text, line: lineNo, offset: lineStart, terminated, overlong };
  };
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const buf = chunk as Buffer;
    let from = 0;
    for (let nl = buf.indexOf(0x0a, from); nl >= 0; nl = buf.indexOf(0x0a, from)) {
      if (!overlong) carry.push(buf.subarray(from, nl));
      yield make(carry, true);
      lineStart = read + nl + 1;
      lineNo++;
      carry = [];
      carryBytes = 0;
      overlong = false;
      from = nl + 1;
    }
    if (from < buf.length && !overlong) {
      carry.push(buf.subarray(from));
      carryBytes += buf.length - from;
      if (carryBytes > maxLineBytes) {
        overlong = true;
        carry = [];
      }
    }
    read += buf.length;
    onBytes?.(read);
  }
  if (carryBytes > 0 || overlong) yield make(carry, false);
}
