/**
 * The TTF fonts PNG and PDF exports draw text with: DejaVu, bundled through the `dejavu-fonts-ttf` package, so a
 * figure looks the same on every machine (no system fonts) and the unicode minus sign, Greek, Cyrillic, Arabic and
 * Hebrew run names have glyphs. CJK is not covered by DejaVu: fallback-fonts.ts finds a font for it.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ttf = (file: string) => require.resolve(`dejavu-fonts-ttf/ttf/${file}`);

export type FontFamilyKind = 'sans' | 'serif' | 'mono';

export interface FontFaces {
  /** The family name as SVG text refers to it (`font-family="DejaVu Sans"`). */
  family: string;
  regular: string;
  bold: string;
  italic: string;
  boldItalic: string;
}

export const BUNDLED_FONTS: Record<FontFamilyKind, FontFaces> = {
  sans: { family: 'DejaVu Sans', regular: ttf('DejaVuSans.ttf'), bold: ttf('DejaVuSans-Bold.ttf'), italic: ttf('DejaVuSans-Oblique.ttf'), boldItalic: ttf('DejaVuSans-BoldOblique.ttf') },
  serif: { family: 'DejaVu Serif', regular: ttf('DejaVuSerif.ttf'), bold: ttf('DejaVuSerif-Bold.ttf'), italic: ttf('DejaVuSerif-Italic.ttf'), boldItalic: ttf('DejaVuSerif-BoldItalic.ttf') },
  mono: { family: 'DejaVu Sans Mono', regular: ttf('DejaVuSansMono.ttf'), bold: ttf('DejaVuSansMono-Bold.ttf'), italic: ttf('DejaVuSansMono-Oblique.ttf'), boldItalic: ttf('DejaVuSansMono-BoldOblique.ttf') },
};

/** Every bundled TTF file. */
export function bundledFontFiles(): string[] {
  return Object.values(BUNDLED_FONTS).flatMap((f) => [f.regular, f.bold, f.italic, f.boldItalic]);
}

const MONO = /mono|courier|consolas|menlo|monaco|fixed/;
const SERIF_NAMES = /times|georgia|garamond|palatino|cambria|book antiqua|computer modern|cmu|charter|baskerville|minion/;

/**
 * Which bundled family stands in for a CSS font-family list: the first family in the list that is recognisably
 * sans, serif or monospace decides (`"Times New Roman", serif` → serif); unknown lists fall back to sans.
 *
 * @example fontKindFor('DejaVu Serif, Georgia, serif') // 'serif'
 */
export function fontKindFor(cssFamily: string | undefined): FontFamilyKind {
  for (const raw of (cssFamily ?? '').split(',')) {
    const name = raw.trim().replace(/^['"]|['"]$/g, '').toLowerCase();
    if (name === '') continue;
    if (MONO.test(name)) return 'mono';
    // "sans-serif" contains "serif": sans first
    if (name.includes('sans')) return 'sans';
    if (name.includes('serif') || SERIF_NAMES.test(name)) return 'serif';
    // a named sans face (Helvetica, Arial…) or anything else we do not know: the next entry may say more, but a
    // known sans face decides now
    if (/helvetica|arial|verdana|tahoma|segoe|roboto|system-ui|calibri/.test(name)) return 'sans';
  }
  return 'sans';
}
