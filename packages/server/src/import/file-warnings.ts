/**
 * Warnings about one input file, each naming the file and where in it (`path:line: why`). A file of random bytes can
 * have a problem on every line, so after `limit` warnings the rest are counted and reported once by `finish`.
 */
export class FileWarnings {
  private shown = 0;
  private hidden = 0;

  constructor(
    private readonly warn: (message: string) => void,
    readonly file: string,
    private readonly limit = 20,
  ) {}

  /** A problem at a 1-based line. */
  line(line: number, why: string): void {
    this.say(`${this.file}:${line}: ${why}`);
  }

  /** A problem at a byte offset, for files without lines. */
  offset(offset: number, why: string): void {
    this.say(`${this.file} (byte ${offset}): ${why}`);
  }

  /** A problem at a place described in words (e.g. `log_history[3]`). */
  at(where: string, why: string): void {
    this.say(`${this.file} (${where}): ${why}`);
  }

  /** A problem with the file as a whole. */
  whole(why: string): void {
    this.say(`${this.file}: ${why}`);
  }

  /** Problems reported so far, shown or not. */
  get count(): number {
    return this.shown + this.hidden;
  }

  /** Reports how many warnings were held back; call once when done with the file. */
  finish(): void {
    if (this.hidden > 0) this.warn(`${this.file}: ${this.hidden} more problem${this.hidden === 1 ? '' : 's'} not shown`);
    this.hidden = 0;
  }

  private say(message: string): void {
    if (this.shown < this.limit) {
      this.shown++;
      this.warn(message);
    } else this.hidden++;
  }
}
