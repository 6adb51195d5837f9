/**
 * Picks the parser whose format fits a sample of log lines best (`runlens run --parser auto`).
 */
import type { ParserPlugin } from '../plugins/parser-plugin.js';

/** A parser must score at least this to be picked. */
export const DETECT_THRESHOLD = 0.5;

/**
 * A parser's score for `sample`, 0 when its detect() throws or returns something that is not a number in [0, 1]:
 * a third-party plugin's bug must not break detection for the others.
 */
export function safeDetectScore(parser: ParserPlugin, sample: readonly string[]): number {
  try {
    const score = parser.detect(sample);
    return typeof score === 'number' && score >= 0 && score <= 1 ? score : 0;
  } catch {
    return 0;
  }
}

/** The best-scoring parser and its score; ties go to the earlier parser. Undefined when `parsers` is empty. */
export function bestParser(
  parsers: readonly ParserPlugin[],
  sample: readonly string[],
): { parser: ParserPlugin; score: number } | undefined {
  let best: { parser: ParserPlugin; score: number } | undefined;
  for (const parser of parsers) {
    const score = safeDetectScore(parser, sample);
    if (!best || score > best.score) best = { parser, score };
  }
  return best;
}

/**
 * The parser that fits `sample` best, if any scores at least {@link DETECT_THRESHOLD} (0.5); ties go to the one
 * listed first. The built-in `kv` parser scores at most 0.55 and every specific format at least 0.6 when it sees
 * its own lines, so `kv` wins only when nothing specific fits.
 *
 * @example
 * detectParser(BUILTIN_PARSERS, ['iter 10: loss 9.4648, time 598.16ms, mfu 46.46%'])?.name // 'nanogpt'
 */
export function detectParser(parsers: readonly ParserPlugin[], sample: readonly string[]): ParserPlugin | undefined {
  const best = bestParser(parsers, sample);
  return best && best.score >= DETECT_THRESHOLD ? best.parser : undefined;
}
