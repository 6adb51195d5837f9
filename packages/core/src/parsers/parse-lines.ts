/**
 * Runs a LineParser over a whole text at once (an imported log file, a test).
 */
import type { LineParser, ParsedMetrics } from '../plugins/parser-plugin.js';

/**
 * Every point `parser` reads from `lines`, in order, including what it still held at the end.
 *
 * @example
 * parseLines(nanoGptParser.createParser(), text.split('\n'))
 */
export function parseLines(parser: LineParser, lines: Iterable<string>): ParsedMetrics[] {
  const out: ParsedMetrics[] = [];
  for (const line of lines) out.push(...parser.push(line));
  out.push(...parser.end());
  return out;
}
