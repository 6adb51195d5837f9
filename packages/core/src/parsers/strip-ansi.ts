/**
 * Removes terminal escape sequences from a log line. Hand-written rather than taken from `strip-ansi`: core has no
 * dependencies besides zod and must stay browser-safe, and the few sequences training scripts print (SGR colours,
 * cursor moves, OSC titles and hyperlinks) fit in one linear-time pattern.
 */

// Built from a variable so the source holds no literal control characters (eslint's no-control-regex).
const ESC = String.fromCharCode(0x1b);
const BEL = String.fromCharCode(0x07);

/**
 * CSI (`ESC [` or the 8-bit `\u009b`, parameters, intermediates, one final byte), OSC (`ESC ]` … BEL or `ESC \`),
 * any other escape (`ESC`, intermediates, one final byte: `ESC ( B`, `ESC 7`, `ESC M`), then a lone ESC left by a
 * truncated sequence. Every alternative stops at the first
 * byte that cannot continue it, so a megabyte of parameters costs one pass, not a backtracking search.
 */
const ANSI = new RegExp(
  `(?:${ESC}\\[|\\u009b)[0-?]*[ -/]*[@-~]|${ESC}\\][^${BEL}${ESC}]*(?:${BEL}|${ESC}\\\\)|${ESC}[ -/]*[0-~]|${ESC}`,
  'g',
);

/**
 * The text of `line` without ANSI escape codes. A sequence cut off mid-way loses its ESC, so what remains can
 * never start a new escape when shown.
 *
 * @example
 * stripAnsi('\u001b[1;34mwandb\u001b[0m: done') // 'wandb: done'
 */
export function stripAnsi(line: string): string {
  return line.includes(ESC) || line.includes('\u009b') ? line.replace(ANSI, '') : line;
}
