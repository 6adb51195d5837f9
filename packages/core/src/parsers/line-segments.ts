/**
 * Splits a raw output line into what a terminal would have shown at each redraw.
 */
import { stripAnsi } from './strip-ansi.js';

/** tqdm redraws after `\r`, Keras' progress bar after a run of `\b` then `\r`. */
const REDRAW = /[\r\b]+/;

/**
 * The ANSI-free, non-blank pieces of `line` between carriage returns and backspaces, in order. Parsers read each
 * piece as a line of its own, so a progress bar redrawn fifty times on one physical line is fifty lines.
 *
 * @example
 * lineSegments('  1/10 [..] - ETA: 3s\r 10/10 [==] - 1s') // ['  1/10 [..] - ETA: 3s', ' 10/10 [==] - 1s']
 */
export function lineSegments(line: string): string[] {
  return stripAnsi(line)
    .split(REDRAW)
    .filter((s) => s.trim().length > 0);
}
