/**
 * Bounds the text that a parser's detect() reads, so that scoring a sample stays fast whatever the sample holds.
 */

/** Enough lines to see past a long preamble (nanoGPT prints ~60 lines of config before its first `iter`). */
const MAX_SAMPLE_LINES = 1000;
/** Enough for a Lightning log whose progress bars all sit on one 20 kB line. */
const MAX_SAMPLE_LINE_LENGTH = 65_536;

/** The first lines of `sample`, each cut to a length that detect() may scan in full. */
export function boundedSample(sample: readonly string[]): string[] {
  return sample.slice(0, MAX_SAMPLE_LINES).map((line) => (line.length > MAX_SAMPLE_LINE_LENGTH ? line.slice(0, MAX_SAMPLE_LINE_LENGTH) : line));
}
