/**
 * Splits a child's raw output bytes into lines for the parser and for the stored logs. Works on bytes, not text:
 * `\n` and `\r` never occur inside a multi-byte UTF-8 sequence, so a character cut between two chunks is rejoined
 * before it is decoded, and binary garbage costs nothing more than replacement characters.
 */

/** Where split lines go. */
export interface LineSink {
  /** Every segment, including each `\r`-separated step of a progress bar: the parser sees them all. */
  parse(line: string): void;
  /** Lines worth storing: a `\r` run (progress bar) is stored once, as the last thing it showed. */
  log(line: string): void;
  /** A line lost to a gap ended here (it was neither parsed nor logged). */
  lost?(): void;
}

/** 1 MiB: longer lines are cut here while splitting so a 100 MB line without a newline is never held whole. */
export const MAX_SPLIT_LINE_BYTES = 1024 * 1024;

const LF = 0x0a;
const CR = 0x0d;

export class LineSplitter {
  /** Bytes of the segment not yet ended, across chunks. */
  private parts: Buffer[] = [];
  private partsBytes = 0;
  /** After a cut line or a gap, bytes up to the next line end are thrown away. */
  private skipping: 'cut' | 'gap' | false = false;
  /** The last non-empty segment that ended in `\r`, stored as the log line when the run of `\r` ends. */
  private crSegment: string | undefined;

  constructor(private readonly out: LineSink, private readonly maxLineBytes = MAX_SPLIT_LINE_BYTES) {}

  push(chunk: Buffer): void {
    const n = chunk.length;
    let start = 0;
    let lf = chunk.indexOf(LF, 0);
    let cr = chunk.indexOf(CR, 0);
    while (lf !== -1 || cr !== -1) {
      const isLf = cr === -1 || (lf !== -1 && lf < cr);
      const end = isLf ? lf : cr;
      this.take(chunk, start, end);
      this.endSegment(isLf);
      start = end + 1;
      if (isLf) lf = chunk.indexOf(LF, start);
      else cr = chunk.indexOf(CR, start);
    }
    if (start < n) this.take(chunk, start, n);
  }

  /**
   * Bytes were lost between the last push and the next (recording fell behind and dropped a chunk). Whatever was
   * pending is no whole line any more, so it is dropped; when the lost bytes ended mid-line (`midLine`), the
   * rest of that line is dropped too rather than glued to unrelated bytes.
   */
  gap(midLine: boolean): void {
    this.parts = [];
    this.partsBytes = 0;
    this.crSegment = undefined;
    this.skipping = midLine ? 'gap' : false;
  }

  /** End of stream: a last line without a newline, or a progress bar that never printed one. */
  end(): void {
    if (this.skipping === 'gap') this.out.lost?.();
    if (this.partsBytes > 0 && !this.skipping) {
      this.endSegment(true);
    } else if (this.crSegment !== undefined) {
      this.out.log(this.crSegment);
      this.crSegment = undefined;
    }
    this.parts = [];
    this.partsBytes = 0;
    this.skipping = false;
  }

  private take(chunk: Buffer, start: number, end: number): void {
    if (this.skipping || end <= start) return;
    const room = this.maxLineBytes - this.partsBytes;
    if (end - start < room) {
      this.parts.push(start === 0 && end === chunk.length ? chunk : chunk.subarray(start, end));
      this.partsBytes += end - start;
      return;
    }
    // the line reached the cap: emit what fits now and drop the rest of it as it arrives
    this.parts.push(chunk.subarray(start, start + room));
    this.partsBytes += room;
    const line = this.decode();
    this.out.parse(line);
    this.out.log(line);
    this.crSegment = undefined;
    this.skipping = 'cut';
  }

  private endSegment(isLf: boolean): void {
    if (this.skipping) {
      if (this.skipping === 'gap') this.out.lost?.();
      this.skipping = false;
      this.parts = [];
      this.partsBytes = 0;
      return;
    }
    const line = this.partsBytes === 0 ? '' : this.decode();
    if (isLf) {
      if (line === '' && this.crSegment !== undefined) {
        // `a\r\n`, or a progress bar finished by a newline: store what it showed last
        this.out.log(this.crSegment);
      } else {
        this.out.parse(line);
        this.out.log(line);
      }
      this.crSegment = undefined;
    } else if (line !== '') {
      this.out.parse(line);
      this.crSegment = line;
    }
  }

  private decode(): string {
    const buf = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.partsBytes);
    this.parts = [];
    this.partsBytes = 0;
    // copy-free subarrays keep the whole chunk alive only until here
    return buf.toString('utf8');
  }
}
