/**
 * Fonts for the characters the bundled DejaVu faces have no glyph for: CJK above all (DejaVu has none), and
 * Arabic in DejaVu Serif. DejaVu stays the figure's font; a character it lacks is drawn in the first fallback that
 * has it:
 *  1. the font files named in `RUNLENS_FONTS` (separated by the path delimiter: `:` or `;` on Windows), in order;
 *  2. DejaVu Sans, for a serif or mono face that lacks a character Sans has;
 *  3. well-known CJK fonts installed on the machine (Noto Sans CJK, Source Han Sans, Droid Sans Fallback,
 *     WenQuanYi, Microsoft YaHei, PingFang, Hiragino, Nanum…), looked for in the usual font folders.
 * No fallback is bundled: a CJK font is 4–20 MB, and most machines that show CJK text have one. Without any, such
 * characters draw as empty boxes, as they did before.
 *
 * Coverage comes from each font's character map, read with fontkit (pdfkit's own font library); fonts are opened
 * once per process, on the first figure whose text needs them.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { BUNDLED_FONTS, fontKindFor, type FontFamilyKind } from './bundled-fonts.js';

/** The part of a fontkit font (or one face of a collection) used here. */
interface FontkitFont {
  postscriptName: string;
  familyName: string;
  hasGlyphForCodePoint(codePoint: number): boolean;
}
interface FontkitCollection {
  fonts: FontkitFont[];
}
type OpenSync = (file: string) => FontkitFont | FontkitCollection;

const require = createRequire(import.meta.url);
let openSync: OpenSync | undefined;
function openFont(file: string): { font: FontkitFont; inCollection: boolean } | undefined {
  openSync ??= (require('fontkit') as { openSync: OpenSync }).openSync;
  try {
    const font = openSync(file);
    // a collection (.ttc): its first face (Noto Sans CJK's is Japanese; every face covers the same characters)
    if ('fonts' in font) return font.fonts[0] ? { font: font.fonts[0], inCollection: true } : undefined;
    return { font, inCollection: false };
  } catch {
    return undefined;
  }
}

/** A font that draws characters DejaVu lacks. */
export interface FallbackFont {
  file: string;
  /** The face's PostScript name: names it uniquely, and picks it in a collection. */
  postscriptName: string;
  /** Whether the file is a collection (.ttc): pdfkit then needs the PostScript name to pick the face. */
  inCollection: boolean;
  /** The family name SVG text refers to it by (resvg). */
  family: string;
  has(codePoint: number): boolean;
}

/** File names of CJK fonts worth trying, most complete first. */
const KNOWN_CJK = [
  /^NotoSansCJK.*-Regular\.tt[cf]$/i,
  /^NotoSans(SC|TC|JP|KR|HK)-Regular\.[ot]tf$/i,
  /^SourceHanSans.*-Regular\.(otf|ttc)$/i,
  /^DroidSansFallbackFull\.ttf$/i,
  /^DroidSansFallback\.ttf$/i,
  /^wqy-(microhei|zenhei)\.ttc$/i,
  /^(msyh|msgothic|malgun|simhei|simsun)\.tt[cf]$/i,
  /^(PingFang|Hiragino Sans GB|Hiragino Sans W3|AppleSDGothicNeo|Arial Unicode)\b.*\.tt[cf]$/i,
  /^NanumGothic\.ttf$/i,
];

function fontFolders(): string[] {
  const home = homedir();
  return [
    '/usr/share/fonts',
    '/usr/local/share/fonts',
    join(home, '.local/share/fonts'),
    join(home, '.fonts'),
    '/System/Library/Fonts',
    '/Library/Fonts',
    join(home, 'Library/Fonts'),
    join(process.env['WINDIR'] ?? 'C:\\Windows', 'Fonts'),
  ];
}

/** Font files under `dir` whose names match, at most `depth` folders down (font folders nest by package). */
function findFiles(dir: string, depth: number, out: Map<number, string[]>): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const path = join(dir, name);
    const rank = KNOWN_CJK.findIndex((re) => re.test(name));
    if (rank >= 0) {
      out.set(rank, [...(out.get(rank) ?? []), path]);
      continue;
    }
    if (depth > 0 && !name.includes('.')) {
      try {
        if (statSync(path).isDirectory()) findFiles(path, depth - 1, out);
      } catch {
        // unreadable entries are not fonts we can use
      }
    }
  }
}

/** Installed CJK fonts, most complete first. */
export function systemCjkFontFiles(folders: readonly string[] = fontFolders()): string[] {
  const found = new Map<number, string[]>();
  for (const dir of folders) if (existsSync(dir)) findFiles(dir, 4, found);
  return [...found.entries()].sort(([a], [b]) => a - b).flatMap(([, files]) => files.sort());
}

/** The files of `RUNLENS_FONTS`, in order. */
export function configuredFontFiles(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env['RUNLENS_FONTS'] ?? '').split(delimiter).filter((f) => f.trim() !== '');
}

const opened = new Map<string, FallbackFont | null>();
function fallbackOf(file: string): FallbackFont | undefined {
  if (!opened.has(file)) {
    const o = openFont(file);
    opened.set(file, o ? { file, postscriptName: o.font.postscriptName, family: o.font.familyName, inCollection: o.inCollection, has: (cp) => o.font.hasGlyphForCodePoint(cp) } : null);
  }
  return opened.get(file) ?? undefined;
}

let candidates: string[] | undefined;
/** Every fallback file, in the order they are tried (found once per process; tests pass their own list). */
export function fallbackFontFiles(): string[] {
  candidates ??= [...configuredFontFiles(), BUNDLED_FONTS.sans.regular, ...systemCjkFontFiles()];
  return candidates;
}

const bundled = new Map<FontFamilyKind, FallbackFont | undefined>();
function bundledFace(kind: FontFamilyKind): FallbackFont | undefined {
  if (!bundled.has(kind)) bundled.set(kind, fallbackOf(BUNDLED_FONTS[kind].regular));
  return bundled.get(kind);
}

const isDrawn = (cp: number) => cp > 0x20 && !(cp >= 0x7f && cp < 0xa0) && cp !== 0xfeff && !(cp >= 0x200b && cp <= 0x200f);

/** The characters of `text` the bundled face of `kind` has no glyph for (spaces and controls aside), once each. */
export function missingInBundled(text: string, kind: FontFamilyKind = 'sans'): number[] {
  const missing = new Set<number>();
  let face: FallbackFont | undefined;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    // ASCII is always in DejaVu: all-ASCII text never opens a font
    if (cp < 0x80 || !isDrawn(cp)) continue;
    face ??= bundledFace(kind);
    if (!face || !face.has(cp)) missing.add(cp);
  }
  return [...missing];
}

/**
 * The fallback for each character the bundled face lacks: the first font in `files` that has it. Characters no
 * font has are left out of the map.
 */
export function fallbacksFor(codePoints: readonly number[], files: readonly string[] = fallbackFontFiles()): Map<number, FallbackFont> {
  const out = new Map<number, FallbackFont>();
  let left = [...codePoints];
  for (const file of files) {
    if (left.length === 0) break;
    const font = fallbackOf(file);
    if (!font) continue;
    left = left.filter((cp) => {
      if (!font.has(cp)) return true;
      out.set(cp, font);
      return false;
    });
  }
  return out;
}

/** Every text node of an SVG (entities decoded), for a coverage check of the whole figure. */
export function svgText(svg: string): string {
  let text = '';
  for (const m of svg.matchAll(/<\/?(text|tspan)\b[^>]*>([^<]*)/g)) text += decodeEntities(m[2]!);
  return text;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(cp) && cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
    }
    return ENTITIES[e.toLowerCase()] ?? whole;
  });
}
const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (s: string) => escapeText(s).replace(/"/g, '&quot;');

/** The font files a rasteriser should load beside the bundled ones so the SVG's text has every glyph it can. */
export function fallbackFilesForSvg(svg: string, files?: readonly string[]): string[] {
  const missing = missingInBundled(svgText(svg));
  if (missing.length === 0) return [];
  return [...new Set([...fallbacksFor(missing, files).values()].map((f) => f.file))];
}

const FAMILY_IN_STYLE = /font-family\s*:\s*([^;"]+)/i;
const FAMILY_ATTR = /\sfont-family\s*=\s*"([^"]*)"/i;

/**
 * The SVG with every run of characters its text's DejaVu face lacks wrapped in a `<tspan font-family="…">` naming
 * the fallback's PostScript name: svg-to-pdfkit sets one font per text node and has no per-character fallback.
 * `used` collects the fallbacks, for registering them with pdfkit.
 */
export function withFallbackRuns(svg: string, used: Map<string, FallbackFont>, files?: readonly string[]): string {
  const familyStack: string[] = [];
  return svg.replace(/<(\/?)(text|tspan)\b([^>]*)>([^<]*)/g, (whole, close: string, tag: string, attrs: string, body: string) => {
    let family: string | undefined;
    if (close) {
      // text after a closing </tspan> belongs to the element around it
      familyStack.pop();
      family = familyStack[familyStack.length - 1];
    } else {
      family = FAMILY_IN_STYLE.exec(attrs)?.[1] ?? FAMILY_ATTR.exec(attrs)?.[1] ?? familyStack[familyStack.length - 1];
      if (!attrs.trimEnd().endsWith('/')) familyStack.push(family ?? '');
    }
    if (body === '') return whole;
    const text = decodeEntities(body);
    const kind = fontKindFor(family);
    const missing = missingInBundled(text, kind);
    if (missing.length === 0) return whole;
    const fonts = fallbacksFor(missing, files);
    if (fonts.size === 0) return whole;
    let out = '';
    let run = '';
    let runFont: FallbackFont | undefined;
    const flush = () => {
      if (run === '') return;
      out += runFont ? `<tspan font-family="${escapeAttr(runFont.postscriptName)}">${escapeText(run)}</tspan>` : escapeText(run);
      run = '';
    };
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      // spaces and punctuation the fallback also has stay in its run, so a name is not cut into pieces
      const next = fonts.get(cp) ?? (runFont?.has(cp) && !/[\p{L}\p{N}]/u.test(ch) ? runFont : undefined);
      if (next !== runFont) {
        flush();
        runFont = next;
      }
      run += ch;
    }
    flush();
    for (const f of fonts.values()) used.set(f.postscriptName, f);
    return `<${close}${tag}${attrs}>${out}`;
  });
}
