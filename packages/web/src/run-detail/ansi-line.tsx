/**
 * One log line with its ANSI colours (parsed by anser) as React spans: the text is always a React text node, so it
 * is escaped, never HTML. Search matches are wrapped in <mark>, across colour changes.
 */
import { memo, type CSSProperties, type ReactNode } from 'react';
import Anser from 'anser';

const RGB = /^(\d{1,3}), ?(\d{1,3}), ?(\d{1,3})$/;
const ESC = '\u001b';
const BEL = '\u0007';
/** CSI sequences (colours, cursor moves) and OSC sequences (titles, links), which a terminal does not print. */
const ESCAPES = new RegExp(`${ESC}\\[[0-9;?]*[ -/]*[@-~]|${ESC}\\][^${BEL}${ESC}]*(?:${BEL}|${ESC}\\\\)`, 'g');

/** The line without escape sequences: what search looks at. */
export function stripAnsi(line: string): string {
  return line.includes(ESC) ? line.replace(ESCAPES, '') : line;
}

/** xterm's 256-colour palette above the 16 named colours: a 6×6×6 cube, then 24 greys. */
function paletteColor(n: number): string | undefined {
  if (n >= 16 && n <= 231) {
    const i = n - 16;
    const level = (v: number) => (v === 0 ? 0 : 55 + v * 40);
    return `rgb(${level(Math.floor(i / 36))}, ${level(Math.floor(i / 6) % 6)}, ${level(i % 6)})`;
  }
  if (n >= 232 && n <= 255) {
    const g = 8 + (n - 232) * 10;
    return `rgb(${g}, ${g}, ${g})`;
  }
  return undefined;
}

function colour(cls: string | null, truecolor: string | null): { className?: string; color?: string } {
  if (!cls) return {};
  if (cls === 'ansi-truecolor') {
    const m = truecolor ? RGB.exec(truecolor) : null;
    return m ? { color: `rgb(${m[1]}, ${m[2]}, ${m[3]})` } : {};
  }
  const palette = /^ansi-palette-(\d+)$/.exec(cls);
  if (palette) {
    const c = paletteColor(Number(palette[1]));
    return c ? { color: c } : {};
  }
  return /^ansi-(bright-)?[a-z]+$/.test(cls) ? { className: cls } : {};
}

interface Segment {
  text: string;
  className: string;
  style: CSSProperties | undefined;
}

function segmentsOf(line: string): Segment[] {
  if (!line.includes(ESC)) return [{ text: line, className: '', style: undefined }];
  return Anser.ansiToJson(line, { json: true, remove_empty: true, use_classes: true }).map((e) => {
    const fg = colour(e.fg, e.fg_truecolor);
    const bg = colour(e.bg, e.bg_truecolor);
    const classes = [fg.className ? `${fg.className}-fg` : '', bg.className ? `${bg.className}-bg` : '', ...e.decorations.map((d) => `ansi-${d}`)].filter(Boolean);
    const style: CSSProperties = {};
    if (fg.color) style.color = fg.color;
    if (bg.color) style.backgroundColor = bg.color;
    return { text: e.content, className: classes.join(' '), style: fg.color || bg.color ? style : undefined };
  });
}

/** Ranges `[start, end)` of case-insensitive occurrences of `query` in `text`. */
export function findMatches(text: string, query: string): [number, number][] {
  if (!query) return [];
  const out: [number, number][] = [];
  const hay = text.toLowerCase();
  const needle = query.toLowerCase();
  for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + needle.length)) out.push([i, i + needle.length]);
  return out;
}

interface AnsiLineProps {
  line: string;
  query: string;
  /** This line holds the current search match (the one next/prev moved to). */
  current: boolean;
}

export const AnsiLine = memo(function AnsiLine({ line, query, current }: AnsiLineProps) {
  const segments = segmentsOf(line);
  const plain = segments.map((s) => s.text).join('');
  const matches = findMatches(plain, query);
  const out: ReactNode[] = [];
  let pos = 0;
  let m = 0;
  segments.forEach((seg, si) => {
    const start = pos;
    const end = pos + seg.text.length;
    pos = end;
    const pieces: ReactNode[] = [];
    let at = start;
    while (at < end) {
      while (m < matches.length && matches[m]![1] <= at) m++;
      const match = matches[m];
      if (match && match[0] <= at) {
        const stop = Math.min(end, match[1]);
        pieces.push(
          <mark key={at} className={current ? 'match current' : 'match'}>
            {seg.text.slice(at - start, stop - start)}
          </mark>,
        );
        at = stop;
      } else {
        const stop = Math.min(end, match ? match[0] : end);
        pieces.push(seg.text.slice(at - start, stop - start));
        at = stop;
      }
    }
    out.push(
      seg.className || seg.style ? (
        <span key={si} className={seg.className || undefined} style={seg.style}>
          {pieces}
        </span>
      ) : (
        <span key={si}>{pieces}</span>
      ),
    );
  });
  return <>{out}</>;
});
