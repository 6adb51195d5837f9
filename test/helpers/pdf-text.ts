/**
 * Just enough PDF reading for tests of pdfkit output: objects, page count, embedded fonts, and the text drawn.
 * Embedded TTF fonts write text as glyph ids (`<0001> Tj`), so text is recovered the way a PDF viewer's search
 * does: through each font's ToUnicode CMap. Streams are inflated with node:zlib.
 */
import { inflateSync } from 'node:zlib';

export interface PdfObject {
  id: number;
  dict: string;
  stream?: Buffer;
}

export function pdfObjects(pdf: Uint8Array): PdfObject[] {
  const buf = Buffer.from(pdf);
  const text = buf.toString('latin1');
  const out: PdfObject[] = [];
  const head = /(\d+) 0 obj\s*/g;
  let m: RegExpExecArray | null;
  while ((m = head.exec(text))) {
    const start = m.index + m[0].length;
    const streamAt = text.indexOf('stream', start);
    const endAt = text.indexOf('endobj', start);
    if (streamAt !== -1 && streamAt < endAt) {
      const dict = text.slice(start, streamAt);
      const len = Number(/\/Length (\d+)/.exec(dict)?.[1]);
      let dataStart = streamAt + 'stream'.length;
      if (text[dataStart] === '\r') dataStart++;
      if (text[dataStart] === '\n') dataStart++;
      let data = buf.subarray(dataStart, dataStart + len);
      if (dict.includes('/FlateDecode')) data = inflateSync(data);
      out.push({ id: Number(m[1]), dict, stream: data });
      head.lastIndex = dataStart + len;
    } else {
      out.push({ id: Number(m[1]), dict: text.slice(start, endAt) });
      head.lastIndex = endAt;
    }
  }
  return out;
}

/** Pages as the page tree counts them, and as /Type /Page objects. */
export function pdfPageCount(pdf: Uint8Array): { count: number; pages: number } {
  const objs = pdfObjects(pdf);
  const root = objs.find((o) => /\/Type\s*\/Pages\b/.test(o.dict));
  return { count: Number(/\/Count (\d+)/.exec(root?.dict ?? '')?.[1] ?? 0), pages: objs.filter((o) => /\/Type\s*\/Page\b(?!s)/.test(o.dict)).length };
}

/** MediaBox of the first page, in points. */
export function pdfMediaBox(pdf: Uint8Array): number[] {
  const page = pdfObjects(pdf).find((o) => /\/Type\s*\/Page\b(?!s)/.test(o.dict));
  return (/\/MediaBox \[([^\]]+)\]/.exec(page?.dict ?? '')?.[1] ?? '').trim().split(/\s+/).map(Number);
}

/** Names of the embedded font programs (`/FontFile2`): e.g. `BZZZZZ+DejaVuSans`. */
export function pdfEmbeddedFonts(pdf: Uint8Array): string[] {
  return pdfObjects(pdf)
    .filter((o) => /\/Type\s*\/FontDescriptor/.test(o.dict) && /\/FontFile2/.test(o.dict))
    .map((o) => /\/FontName \/(\S+)/.exec(o.dict)?.[1] ?? '');
}

function utf16(hex: string): string {
  let s = '';
  for (let i = 0; i + 4 <= hex.length; i += 4) s += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16));
  return s;
}

/** Glyph code → text from a ToUnicode CMap (bfchar and bfrange, both range forms). */
export function parseToUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, src, dst] of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) map.set(parseInt(src!, 16), utf16(dst!));
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, lo, hi, rest] of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)/g)) {
      const a = parseInt(lo!, 16);
      const b = parseInt(hi!, 16);
      if (rest!.startsWith('[')) {
        [...rest!.matchAll(/<([0-9a-fA-F]+)>/g)].forEach((d, i) => map.set(a + i, utf16(d[1]!)));
      } else {
        const base = parseInt(rest!.slice(1, -1), 16);
        for (let c = a; c <= b; c++) map.set(c, String.fromCharCode(base + c - a));
      }
    }
  }
  return map;
}

/**
 * The text of every content stream, one line per BT…ET text object, glyphs mapped to unicode through the ToUnicode
 * CMap of the font selected with Tf. pdfkit names fonts (/F1, /F2…) uniquely per document.
 */
export function pdfText(pdf: Uint8Array): string {
  const objs = pdfObjects(pdf);
  const byId = new Map(objs.map((o) => [o.id, o]));
  const fonts = new Map<string, Map<number, string>>();
  for (const o of objs) {
    const fontDict = /\/Font\s*<<([\s\S]*?)>>/.exec(o.dict)?.[1];
    if (!fontDict) continue;
    for (const [, name, ref] of fontDict.matchAll(/\/(\w+)\s+(\d+) 0 R/g)) {
      const font = byId.get(Number(ref));
      const cmapRef = /\/ToUnicode (\d+) 0 R/.exec(font?.dict ?? '')?.[1];
      const cmap = cmapRef ? byId.get(Number(cmapRef))?.stream : undefined;
      if (cmap) fonts.set(name!, parseToUnicode(cmap.toString('latin1')));
    }
  }
  const lines: string[] = [];
  for (const o of objs) {
    const content = o.stream?.toString('latin1');
    if (!content || !/\bBT\b/.test(content)) continue;
    for (const block of content.matchAll(/\bBT\b([\s\S]*?)\bET\b/g)) {
      let cmap: Map<number, string> | undefined;
      let line = '';
      for (const tok of block[1]!.matchAll(/\/(\w+)\s+[\d.]+\s+Tf|<([0-9a-fA-F]*)>|\(((?:\\.|[^\\)])*)\)/g)) {
        if (tok[1] !== undefined) cmap = fonts.get(tok[1]);
        else if (tok[2] !== undefined) {
          for (let i = 0; i + 4 <= tok[2].length; i += 4) line += cmap?.get(parseInt(tok[2].slice(i, i + 4), 16)) ?? '\ufffd';
        } else if (tok[3] !== undefined) line += tok[3].replace(/\\(.)/g, '$1');
      }
      lines.push(line);
    }
  }
  return lines.join('\n');
}
