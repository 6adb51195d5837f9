import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_THEME, PLOT_SPEC_VERSION, type PlotSpec } from '@runlens/core';
import { fixedSvgRenderer, testRegistry } from '../../../../../test/helpers/plot-test-plugins.js';
import { decodePng } from '../../../../../test/helpers/png-decode.js';
import { pdfEmbeddedFonts, pdfText } from '../../../../../test/helpers/pdf-text.js';
import { BUILTIN_EXPORTERS } from './builtin-exporters.js';
import { BUNDLED_FONTS } from './bundled-fonts.js';
import { configuredFontFiles, fallbackFilesForSvg, fallbacksFor, missingInBundled, svgText, systemCjkFontFiles, withFallbackRuns, type FallbackFont } from './fallback-fonts.js';
import { pdfExporter } from './pdf-exporter.js';
import { pngExporter } from './png-exporter.js';

const cp = (s: string) => [...s].map((c) => c.codePointAt(0)!);
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

// a CJK font on this machine (CI installs Debian's fonts-droid-fallback); the tests that draw CJK need one
const CJK_FONT = systemCjkFontFiles()[0];

describe('characters the bundled fonts lack', () => {
  it('are CJK in DejaVu Sans; Latin, Greek, Cyrillic, Hebrew, Arabic and the minus sign are there', () => {
    expect(missingInBundled('lr=0.1 −2 ω модель שלום مرحبا')).toEqual([]);
    expect(missingInBundled('模型 lr 模型 학습')).toEqual(cp('模型학습'));
  });

  it('depend on the face: DejaVu Serif has no Arabic, Sans has', () => {
    expect(missingInBundled('مرحبا', 'serif').length).toBeGreaterThan(0);
    expect(fallbacksFor(missingInBundled('مرحبا', 'serif'), [BUNDLED_FONTS.sans.regular]).get(cp('م')[0]!)?.postscriptName).toBe('DejaVuSans');
  });

  it('ignore spaces, controls and zero-width marks', () => {
    expect(missingInBundled('\u00a0\u200b\ufeff\t\n')).toEqual([]);
  });
});

describe('finding fallback fonts', () => {
  it('reads RUNLENS_FONTS as a path list, in order', () => {
    expect(configuredFontFiles({ RUNLENS_FONTS: ['/a/x.ttf', '', '/b/y.otf'].join(delimiter) })).toEqual(['/a/x.ttf', '/b/y.otf']);
    expect(configuredFontFiles({})).toEqual([]);
  });

  it('looks for known CJK fonts in nested font folders, most complete first, and skips other fonts', () => {
    const root = mkdtempSync(join(tmpdir(), 'runlens-fonts-'));
    dirs.push(root);
    mkdirSync(join(root, 'truetype', 'droid'), { recursive: true });
    mkdirSync(join(root, 'opentype', 'noto'), { recursive: true });
    writeFileSync(join(root, 'truetype', 'droid', 'DroidSansFallbackFull.ttf'), '');
    writeFileSync(join(root, 'opentype', 'noto', 'NotoSansCJK-Regular.ttc'), '');
    writeFileSync(join(root, 'opentype', 'noto', 'NotoSansCJK-Bold.ttc'), '');
    writeFileSync(join(root, 'truetype', 'Comic.ttf'), '');
    expect(systemCjkFontFiles([root, join(root, 'missing')])).toEqual([
      join(root, 'opentype', 'noto', 'NotoSansCJK-Regular.ttc'),
      join(root, 'truetype', 'droid', 'DroidSansFallbackFull.ttf'),
    ]);
  });

  it('skips a file that is not a font', () => {
    const root = mkdtempSync(join(tmpdir(), 'runlens-fonts-'));
    dirs.push(root);
    writeFileSync(join(root, 'broken.ttf'), 'not a font');
    expect(fallbacksFor(cp('م'), [join(root, 'broken.ttf'), BUNDLED_FONTS.sans.regular]).get(cp('م')[0]!)?.postscriptName).toBe('DejaVuSans');
  });

  it('leaves out characters no font has', () => {
    expect(fallbacksFor(cp('模'), [BUNDLED_FONTS.sans.regular]).size).toBe(0);
  });
});

describe('SVG text for the PDF', () => {
  const files = CJK_FONT ? [BUNDLED_FONTS.sans.regular, CJK_FONT] : [BUNDLED_FONTS.sans.regular];

  it('leaves an SVG whose text DejaVu covers byte for byte as it was', () => {
    const svg = '<svg><text style="font-family:DejaVu Sans;">lr=0.1 &lt;b&gt; модель</text><text>x<tspan>y</tspan>z</text></svg>';
    const used = new Map<string, FallbackFont>();
    expect(withFallbackRuns(svg, used, files)).toBe(svg);
    expect(used.size).toBe(0);
    expect(svgText(svg)).toBe('lr=0.1 <b> модельxyz');
  });

  it('sets Arabic in a serif text in DejaVu Sans, keeping the rest and its escapes', () => {
    const svg = '<svg><text font-family="DejaVu Serif, serif">a &lt;b&gt; مرحبا c</text></svg>';
    const used = new Map<string, FallbackFont>();
    expect(withFallbackRuns(svg, used, files)).toBe('<svg><text font-family="DejaVu Serif, serif">a &lt;b&gt; <tspan font-family="DejaVuSans">مرحبا </tspan>c</text></svg>');
    expect([...used.keys()]).toEqual(['DejaVuSans']);
  });

  it.runIf(CJK_FONT)('wraps runs of CJK in a tspan of the fallback, also after a closing tspan, and lists the fonts used', () => {
    const svg = '<svg><text style="font-size:11px;font-family:DejaVu Sans, sans-serif;">模型 lr<tspan>1</tspan>学習</text></svg>';
    const used = new Map<string, FallbackFont>();
    const out = withFallbackRuns(svg, used, files);
    const [name] = [...used.keys()];
    expect(out).toMatch(new RegExp(`^<svg><text [^>]*><tspan font-family="${name}">模型 ?</tspan> ?lr<tspan>1</tspan><tspan font-family="${name}">学習</tspan></text></svg>$`));
    expect(fallbackFilesForSvg(svg, files)).toEqual([CJK_FONT]);
    expect(fallbackFilesForSvg('<svg><text>lr</text></svg>', files)).toEqual([]);
  });
});

describe.runIf(CJK_FONT)('exports with CJK run names (a CJK font installed)', () => {
  const registry = testRegistry(BUILTIN_EXPORTERS);
  const specWith = (label: string): PlotSpec => ({
    version: PLOT_SPEC_VERSION,
    plot: 'test-lines',
    title: label,
    width: 300,
    height: 200,
    theme: DEFAULT_THEME,
    columns: 1,
    panels: [{ x: { scale: 'linear' }, y: { scale: 'linear' }, marks: [{ type: 'line', label, series: 'r1', x: [0, 1], y: [1, 0] }] }],
    legend: { show: true, omitted: 0, entries: [{ label, color: '#0072b2', symbol: 'line', series: 'r1' }] },
    warnings: [],
  });
  const input = (label: string) => ({ spec: specWith(label), renderer: fixedSvgRenderer, registry });

  it('PDF: the names are text in an embedded fallback font, searchable', async () => {
    const pdf = await pdfExporter.export(input('模型 lr=0.1'), {});
    const text = pdfText(pdf);
    expect(text).toContain('模型');
    expect(text).toContain('lr=0.1');
    const fonts = pdfEmbeddedFonts(pdf);
    expect(fonts.some((f) => /\+DejaVuSans/.test(f))).toBe(true);
    expect(fonts.filter((f) => !/\+DejaVu/.test(f))).toHaveLength(1);
  });

  it('PNG: CJK characters are drawn as glyphs, not as the empty boxes DejaVu has for them', async () => {
    // two different characters draw differently in a font that has them; DejaVu draws both as the same box
    const a = decodePng(await pngExporter.export(input('模模模模'), { dpi: 96 }));
    const b = decodePng(await pngExporter.export(input('型型型型'), { dpi: 96 }));
    expect(a.width).toBe(b.width);
    expect(Buffer.compare(Buffer.from(a.rgba), Buffer.from(b.rgba))).not.toBe(0);
  });
});
