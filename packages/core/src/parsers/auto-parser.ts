/**
 * A LineParser that detects the format of a stream from its own first lines (`runlens run --parser auto`).
 */
import type { LineParser, ParsedMetrics, ParserPlugin } from '../plugins/parser-plugin.js';
import { bestParser, DETECT_THRESHOLD, safeDetectScore } from './detect-parser.js';

/** Options of {@link createAutoParser}. */
export interface AutoParserOptions {
  /** Lines held back and scored together before settling for a parser that is merely plausible. Default 50. */
  sampleLines?: number;
  /** A parser scoring at least this on the lines so far is chosen at once, without waiting. Default 0.9. */
  decisiveScore?: number;
  /** Most characters held back while undecided; the oldest lines go first, and the sample counts as full. Default 8 MiB. */
  maxBufferedChars?: number;
}

/** A LineParser that also says which parser it settled on. */
export interface AutoLineParser extends LineParser {
  /** The parser chosen, or undefined while still undecided (and for good if nothing ever fits). */
  readonly chosen: ParserPlugin | undefined;
}

/**
 * A LineParser for a stream whose format is not known in advance. It holds lines back until one parser scores at
 * least `decisiveScore` (0.9) on them, or `sampleLines` (50) have arrived and one scores at least 0.5; it then
 * creates that parser, replays the held lines through it and passes every later line straight on. While nothing
 * fits, it keeps the last `sampleLines` lines and tries again whenever a new line alone looks like some format, so
 * that a log whose metrics start late (after a long preamble) is still recognised; lines that scroll out of that
 * window before any format is recognised are not parsed. At the end of the stream it decides on what it holds.
 *
 * @example
 * const parser = createAutoParser(BUILTIN_PARSERS);
 * for (const line of lines) store(parser.push(line));
 * store(parser.end());
 */
export function createAutoParser(parsers: readonly ParserPlugin[], opts: AutoParserOptions = {}): AutoLineParser {
  const sampleLines = Math.max(1, opts.sampleLines ?? 50);
  const decisiveScore = opts.decisiveScore ?? 0.9;
  const maxBufferedChars = opts.maxBufferedChars ?? 8 * 1024 * 1024;

  let chosen: ParserPlugin | undefined;
  let inner: LineParser | undefined;
  let held: string[] = [];
  let heldChars = 0;
  let windowFilled = false;

  /** Settles on the best parser if it scores at least `minScore`, and replays the held lines through it. */
  const choose = (minScore: number): { parser: LineParser; replayed: ParsedMetrics[] } | undefined => {
    const best = bestParser(parsers, held);
    if (!best || best.score < minScore) return undefined;
    const parser = best.parser.createParser();
    chosen = best.parser;
    inner = parser;
    const replay = held;
    held = [];
    heldChars = 0;
    const replayed: ParsedMetrics[] = [];
    for (const line of replay) replayed.push(...parser.push(line));
    return { parser, replayed };
  };

  /** Holds `line`; the window counts as full once it has `sampleLines` lines or too many characters. */
  const hold = (line: string): void => {
    held.push(line);
    heldChars += line.length;
    if (held.length >= sampleLines || heldChars > maxBufferedChars) windowFilled = true;
    while (held.length > 1 && (heldChars > maxBufferedChars || (windowFilled && held.length > sampleLines))) {
      heldChars -= held.shift()?.length ?? 0;
    }
  };

  const scoreAlone = (line: string): number => parsers.reduce((m, p) => Math.max(m, safeDetectScore(p, [line])), 0);

  return {
    get chosen() {
      return chosen;
    },
    push(line) {
      if (inner) return inner.push(line);
      const wasFilled = windowFilled;
      hold(line);
      if (windowFilled && !wasFilled) return choose(DETECT_THRESHOLD)?.replayed ?? [];
      const minScore = windowFilled ? DETECT_THRESHOLD : decisiveScore;
      return scoreAlone(line) >= minScore ? (choose(minScore)?.replayed ?? []) : [];
    },
    end() {
      if (inner) return inner.end();
      const picked = choose(DETECT_THRESHOLD);
      return picked ? [...picked.replayed, ...picked.parser.end()] : [];
    },
  };
}
