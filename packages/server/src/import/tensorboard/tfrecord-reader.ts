/**
 * TFRecord framing, as TensorFlow writes event files:
 *
 *   uint64 length (little-endian) | uint32 masked crc32c(length) | data[length] | uint32 masked crc32c(data)
 *
 * The reader checks both checksums and never trusts a length whose checksum fails. Damage is reported with the file
 * and byte offset and reading goes on where that is safe:
 * - a record whose data checksum fails is skipped (its length was verified, so the next record is where it says);
 * - a length whose checksum fails means the framing is lost: the reader scans forward byte by byte for the next
 *   position where a complete record verifies (both checksums), and reports the skipped range once;
 * - a record cut off by the end of the file (a crashed writer, a partial copy) is reported and ends the file.
 */
import { open } from 'node:fs/promises';
import { maskedCrc32c, maskedCrc32cOf8 } from './crc32c.js';

/** One record's payload and the file offset of its first framing byte. */
export interface TfRecord {
  offset: number;
  data: Uint8Array;
}

export type TfRecordProblemKind = 'bad-data-crc' | 'corrupt' | 'truncated';

/** Damage found in a file: `message` names the file and offset and says what was done about it. */
export interface TfRecordProblem {
  kind: TfRecordProblemKind;
  file: string;
  offset: number;
  message: string;
}

const HEADER_BYTES = 12;
const FRAMING_BYTES = 16;
const TWO_POW_32 = 4294967296;

function readUint32LE(b: Uint8Array, p: number): number {
  return (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;
}

/**
 * Walks the records of one file, buffer by buffer, without allocating per record: after `next()` returns true the
 * current record's payload is `bytes[start, end)` and its framing begins at file offset `offset`. (An object or a
 * subarray per record cost more than checking its CRCs, mostly in garbage collection.)
 *
 * State that spans buffers is kept here: where a damaged stretch began while looking for the next good record.
 *
 * @example
 * const scanner = new TfRecordScanner('x.tfevents', bytes.length, (p) => console.warn(p.message));
 * scanner.reset(bytes, bytes.length, 0, true);
 * while (scanner.next()) decode(scanner.bytes.subarray(scanner.start, scanner.end));
 */
export class TfRecordScanner {
  /** The buffer being scanned; the current record lies in it. */
  bytes: Uint8Array = new Uint8Array(0);
  /** File offset of the current record's first framing byte. */
  offset = 0;
  /** The current record's payload is `bytes[start, end)`. */
  start = 0;
  end = 0;
  /** Set once nothing more can be read from this file. */
  stopped = false;
  /** Bytes a buffer must hold from `consumed` on for the scan to make progress. */
  need = HEADER_BYTES;
  /** How far into `bytes` everything has been accounted for; the caller keeps the rest for the next buffer. */
  consumed = 0;

  private limit = 0;
  private base = 0;
  private eof = false;
  /** File offset where the current unreadable stretch began, or -1 while the framing is intact. */
  private corruptFrom = -1;

  /**
   * @param file names the file in problem messages
   * @param fileSize its size, to tell a truncated record from one that continues in the next buffer
   * @param onProblem hears about each damaged stretch, once
   */
  constructor(
    readonly file: string,
    readonly fileSize: number,
    private readonly onProblem: (problem: TfRecordProblem) => void,
  ) {}

  /** Starts on `bytes[0, end)`, whose first byte is at file offset `base`; `eof` says `end` is the end of the file. */
  reset(bytes: Uint8Array, end: number, base: number, eof: boolean): void {
    this.bytes = bytes;
    this.limit = end;
    this.base = base;
    this.eof = eof;
    this.consumed = 0;
  }

  /** File offset up to which the file has been accounted for (for progress). */
  get position(): number {
    return this.base + this.consumed;
  }

  /** Advances to the next complete, verified record in the current buffer; false when there is none. */
  next(): boolean {
    const bytes = this.bytes;
    const end = this.limit;
    let p = this.consumed;
    let found = false;
    while (!this.stopped) {
      const avail = end - p;
      if (avail < HEADER_BYTES) {
        if (!this.eof) {
          this.need = HEADER_BYTES;
          break;
        }
        if (this.corruptFrom >= 0) this.reportCorruptToEnd(this.base + end);
        else if (avail > 0) {
          this.report('truncated', this.base + p, `truncated record: the file ends ${avail} bytes into a ${FRAMING_BYTES}-byte record header`);
        }
        p = end;
        this.stopped = true;
        break;
      }
      if (maskedCrc32cOf8(bytes, p) !== readUint32LE(bytes, p + 8)) {
        if (this.corruptFrom < 0) this.corruptFrom = this.base + p;
        p++;
        continue;
      }
      const length = readUint32LE(bytes, p) + readUint32LE(bytes, p + 4) * TWO_POW_32;
      const total = length + FRAMING_BYTES;
      const offset = this.base + p;
      if (offset + total > this.fileSize || (this.eof && total > avail)) {
        // While resynchronising this is just a chance match of the length checksum; otherwise the file was cut.
        if (this.corruptFrom >= 0) {
          p++;
          continue;
        }
        const left = this.eof ? avail : this.fileSize - offset;
        this.report('truncated', offset, `truncated record: it needs ${total} bytes but the file ends after ${left}`);
        p = end;
        this.stopped = true;
        break;
      }
      if (total > avail) {
        this.need = total;
        break;
      }
      const dataEnd = p + HEADER_BYTES + length;
      if (maskedCrc32c(bytes, p + HEADER_BYTES, dataEnd) !== readUint32LE(bytes, dataEnd)) {
        if (this.corruptFrom >= 0) {
          p++;
          continue;
        }
        this.report('bad-data-crc', offset, `bad CRC in the data of a ${length}-byte record; record skipped`);
        p += total;
        continue;
      }
      if (this.corruptFrom >= 0) {
        this.report(
          'corrupt',
          this.corruptFrom,
          `corrupt record framing (bad length CRC); skipped ${offset - this.corruptFrom} bytes to the next valid record at offset ${offset}`,
        );
        this.corruptFrom = -1;
      }
      this.offset = offset;
      this.start = p + HEADER_BYTES;
      this.end = dataEnd;
      p += total;
      found = true;
      break;
    }
    this.consumed = p;
    return found;
  }

  private reportCorruptToEnd(fileEnd: number): void {
    const skipped = fileEnd - this.corruptFrom;
    this.report('corrupt', this.corruptFrom, `corrupt record framing (bad length CRC); no valid record in the remaining ${skipped} bytes`);
    this.corruptFrom = -1;
  }

  private report(kind: TfRecordProblemKind, offset: number, what: string): void {
    this.onProblem({ kind, file: this.file, offset, message: `${this.file}: offset ${offset}: ${what}` });
  }
}

/** Reads every record of an in-memory file. `file` only names it in problem messages. */
export function readTfRecordsFromBuffer(bytes: Uint8Array, file = '<buffer>'): { records: TfRecord[]; problems: TfRecordProblem[] } {
  const records: TfRecord[] = [];
  const problems: TfRecordProblem[] = [];
  const scanner = new TfRecordScanner(file, bytes.length, (p) => problems.push(p));
  scanner.reset(bytes, bytes.length, 0, true);
  while (scanner.next()) records.push({ offset: scanner.offset, data: bytes.subarray(scanner.start, scanner.end) });
  return { records, problems };
}

export interface ReadTfRecordsOptions {
  /** Bytes read per chunk (default 4 MiB); a record longer than this gets a chunk of its own. */
  chunkSize?: number;
  /** Hears about each damaged stretch of the file (default: ignore). */
  onProblem?: (problem: TfRecordProblem) => void;
}

const DEFAULT_CHUNK_SIZE = 4 * 1024 * 1024;

/**
 * Streams the records of a file chunk by chunk, so that memory stays bounded for event files of any size. Yields
 * the scanner once per chunk: call `next()` until it returns false (records left unread are skipped when the loop
 * asks for the next chunk). Each chunk gets a fresh buffer, so views into `bytes` stay valid after it. The file is
 * read up to the size it had when opened (a live writer may still be appending).
 *
 * @example
 * for await (const chunk of readTfRecordFile(path, { onProblem: (p) => warn(p.message) })) {
 *   while (chunk.next()) decode(chunk.bytes.subarray(chunk.start, chunk.end));
 * }
 */
export async function* readTfRecordFile(file: string, options: ReadTfRecordsOptions = {}): AsyncGenerator<TfRecordScanner> {
  const chunkSize = Math.max(FRAMING_BYTES, options.chunkSize ?? DEFAULT_CHUNK_SIZE);
  const handle = await open(file, 'r');
  try {
    const size = (await handle.stat()).size;
    const scanner = new TfRecordScanner(file, size, options.onProblem ?? (() => {}));
    let buffer = Buffer.allocUnsafe(Math.max(FRAMING_BYTES, Math.min(chunkSize, size)));
    let filled = 0;
    let base = 0;
    let position = 0;
    for (;;) {
      let eof = position >= size;
      while (filled < buffer.length && !eof) {
        const { bytesRead } = await handle.read(buffer, filled, Math.min(buffer.length - filled, size - position), position);
        filled += bytesRead;
        position += bytesRead;
        eof = bytesRead === 0 || position >= size;
      }
      scanner.reset(buffer, filled, base, eof);
      yield scanner;
      while (scanner.next()) {
        // the consumer stopped early: the rest of this chunk is skipped, but still checked for problems
      }
      if (eof || scanner.stopped) return;
      const consumed = scanner.consumed;
      const next = Buffer.allocUnsafe(Math.max(chunkSize, scanner.need, FRAMING_BYTES));
      buffer.copy(next, 0, consumed, filled);
      filled -= consumed;
      base += consumed;
      buffer = next;
    }
  } finally {
    await handle.close();
  }
}
