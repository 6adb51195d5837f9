/**
 * Text widths without a font engine (the compile step is pure and has no canvas): per-character advances of DejaVu
 * Sans in ems, close enough to reserve room for tick labels, legends and titles.
 */

const NARROW = new Set([...'il.,:;|!\'`ijft()[]{} ']);
const WIDE = new Set([...'MWmw@%']);

/** Approximate width in px of `text` at `fontSize` px. */
export function estimateTextWidth(text: string, fontSize: number): number {
  let ems = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code >= 0x2e80) ems += 1; // CJK, full-width forms, emoji
    else if (NARROW.has(ch)) ems += 0.32;
    else if (WIDE.has(ch)) ems += 0.9;
    else if (ch >= 'A' && ch <= 'Z') ems += 0.7;
    else ems += 0.62;
  }
  return ems * fontSize;
}

/** `text` cut to fit `maxWidth` px, ending in `…` when cut. */
export function truncateText(text: string, fontSize: number, maxWidth: number): string {
  if (estimateTextWidth(text, fontSize) <= maxWidth) return text;
  const chars = [...text];
  let out = '';
  for (const ch of chars) {
    if (estimateTextWidth(`${out}${ch}…`, fontSize) > maxWidth) break;
    out += ch;
  }
  return `${out}…`;
}
