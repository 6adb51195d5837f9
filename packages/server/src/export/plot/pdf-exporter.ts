/**
 * PDF: the renderer's SVG drawn as vectors by svg-to-pdfkit on one pdfkit page the size of the plot. Text is set
 * in the bundled DejaVu TTF fonts (embedded as subsets with a ToUnicode map), so '−' minus signs and Greek,
 * Cyrillic, Arabic or Hebrew run names survive, stay selectable and can be searched. Characters DejaVu lacks (CJK)
 * are set in a fallback font found on the machine (fallback-fonts.ts), embedded the same way.
 */
import { createRequire } from 'node:module';
import { z } from 'zod';
import { PLUGIN_API_VERSION, type ExporterPlugin } from '@runlens/core';
import { BUNDLED_FONTS, fontKindFor, type FontFaces } from './bundled-fonts.js';
import { withFallbackRuns, type FallbackFont } from './fallback-fonts.js';
import { renderSvgOf } from './renderer-output.js';

/** What svg-to-pdfkit (untyped, CommonJS) offers; the parts we use. */
interface SvgToPdfOptions {
  width: number;
  height: number;
  assumePt?: boolean;
  fontCallback?: (family: string, bold: boolean, italic: boolean, fontOptions: { fauxItalic: boolean; fauxBold: boolean }) => string;
  warningCallback?: (message: string) => void;
}
type SvgToPdf = (doc: PDFKit.PDFDocument, svg: string, x: number, y: number, options: SvgToPdfOptions) => void;

const require = createRequire(import.meta.url);

/** pdfkit and svg-to-pdfkit load on the first PDF, not with every `runlens` command. */
async function loadPdfLibraries(): Promise<{ PDFDocument: typeof import('pdfkit'); svgToPdf: SvgToPdf }> {
  const { default: PDFDocument } = await import('pdfkit');
  return { PDFDocument, svgToPdf: require('svg-to-pdfkit') as SvgToPdf };
}

/** PDF points per CSS px (1 px = 1/96 in, 1 pt = 1/72 in). */
const PT_PER_PX = 72 / 96;

export const PdfExportOptionsSchema = z.strictObject({});
export type PdfExportOptions = z.infer<typeof PdfExportOptionsSchema>;

const FACES = ['regular', 'bold', 'italic', 'boldItalic'] as const;
type Face = (typeof FACES)[number];
const faceName = (f: FontFaces, face: Face) => (face === 'regular' ? f.family : `${f.family} ${face}`);

/**
 * SVG dash arrays pdfkit refuses: it wants every entry above zero, while SVG allows zeros (`1,0` is a solid line,
 * `0,3` dots with round caps, as Vega writes). Zeros become a hair above zero, all-zero arrays `none` (solid in SVG).
 */
export function pdfSafeDashes(svg: string): string {
  return svg.replace(/(stroke-dasharray\s*(?:=\s*["']|:\s*))([^"';>]*)/g, (whole, head: string, list: string) => {
    const parts = list.trim().split(/[\s,]+/).filter(Boolean);
    const nums = parts.map(Number);
    if (parts.length === 0 || nums.some((n) => !Number.isFinite(n) || n < 0) || !nums.includes(0)) return whole;
    return head + (nums.every((n) => n === 0) ? 'none' : nums.map((n) => (n === 0 ? 0.001 : n)).join(','));
  });
}

/** The registered pdfkit font for an SVG font-family list and weight/style. */
export function pdfFontFor(cssFamily: string | undefined, bold: boolean, italic: boolean): string {
  const faces = BUNDLED_FONTS[fontKindFor(cssFamily)];
  return faceName(faces, bold && italic ? 'boldItalic' : bold ? 'bold' : italic ? 'italic' : 'regular');
}

export const pdfExporter: ExporterPlugin<PdfExportOptions> = {
  kind: 'exporter',
  name: 'pdf',
  apiVersion: PLUGIN_API_VERSION,
  description: 'Vector PDF, one page the size of the plot, text in embedded DejaVu fonts',
  extension: 'pdf',
  mediaType: 'application/pdf',
  options: PdfExportOptionsSchema,
  async export(input) {
    const svg = await renderSvgOf(input);
    const { PDFDocument, svgToPdf } = await loadPdfLibraries();
    const { spec } = input;
    const width = spec.width * PT_PER_PX;
    const height = spec.height * PT_PER_PX;
    const doc = new PDFDocument({
      size: [width, height],
      margin: 0,
      info: { Title: spec.title ?? spec.plot, Creator: 'runlens', Producer: 'runlens (pdfkit, svg-to-pdfkit)' },
    });
    for (const faces of Object.values(BUNDLED_FONTS)) {
      for (const face of FACES) doc.registerFont(faceName(faces, face), faces[face]);
    }
    // characters DejaVu has no glyph for (CJK) are set in a fallback font, in runs of their own
    const fallbacks = new Map<string, FallbackFont>();
    const drawn = withFallbackRuns(pdfSafeDashes(svg), fallbacks);
    for (const f of fallbacks.values()) doc.registerFont(f.postscriptName, f.file, f.inCollection ? f.postscriptName : undefined);
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    const done = new Promise<void>((resolve, reject) => {
      doc.on('end', resolve);
      doc.on('error', reject);
    });
    svgToPdf(doc, drawn, 0, 0, {
      width,
      height,
      fontCallback: (family, bold, italic) => {
        const name = family.trim().replace(/^['"]|['"]$/g, '');
        return fallbacks.has(name) ? name : pdfFontFor(family, bold, italic);
      },
      // unsupported SVG features (filters, some CSS) are skipped; the drawing stays valid
      warningCallback: () => undefined,
    });
    doc.end();
    await done;
    return new Uint8Array(Buffer.concat(chunks));
  },
};
