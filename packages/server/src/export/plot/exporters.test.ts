import { describe, expect, it } from 'vitest';
import { DEFAULT_THEME, PLOT_SPEC_VERSION, PlotSpecSchema, RunlensError, type PlotSpec } from '@runlens/core';
import { browserOnlyRenderer, fixedSvgRenderer, testRegistry } from '../../../../../test/helpers/plot-test-plugins.js';
import { countColour, decodePng, PNG_SIGNATURE } from '../../../../../test/helpers/png-decode.js';
import { pdfEmbeddedFonts, pdfMediaBox, pdfPageCount, pdfText } from '../../../../../test/helpers/pdf-text.js';
import { BUILTIN_EXPORTERS } from './builtin-exporters.js';
import { fontKindFor } from './bundled-fonts.js';
import { csvExporter, plottedDataCsv } from './csv-exporter.js';
import { htmlExporter } from './html-exporter.js';
import { jsonExporter, type PlottedDataJson } from './json-exporter.js';
import { pdfExporter, pdfFontFor, pdfSafeDashes } from './pdf-exporter.js';
import { MAX_PNG_PIXELS, pngExporter, PngExportOptionsSchema } from './png-exporter.js';
import { resolveExporter, exporterForFile } from './resolve-exporter.js';
import { specExporter } from './spec-exporter.js';
import { svgExporter } from './svg-exporter.js';

const registry = testRegistry(BUILTIN_EXPORTERS);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

function spec(over: Partial<PlotSpec> = {}): PlotSpec {
  return {
    version: PLOT_SPEC_VERSION,
    plot: 'test-lines',
    title: 'Loss <b>',
    width: 400,
    height: 300,
    theme: DEFAULT_THEME,
    columns: 1,
    panels: [{
      x: { scale: 'linear', label: 'step' },
      y: { scale: 'linear' },
      marks: [
        { type: 'line', label: 'модель-α', series: 'r1', color: '#0072b2', x: [0, 1, 2, 3], y: [1, 0.5, null, -0.25] },
        { type: 'line', label: '<script>alert(1)</script>', series: 'r2', x: [0, 1], y: [2, 1] },
      ],
    }],
    legend: {
      show: true,
      omitted: 0,
      entries: [
        { label: 'модель-α', color: '#0072b2', symbol: 'line', series: 'r1' },
        { label: '<script>alert(1)</script>', color: '#e69f00', symbol: 'line', series: 'r2' },
        { label: 'שלום Ωμέγα', color: '#009e73', symbol: 'line' },
      ],
    },
    warnings: [],
    ...over,
  };
}

const input = (s: PlotSpec = spec(), renderer = fixedSvgRenderer) => ({ spec: s, renderer, registry });

describe('svg exporter', () => {
  it('writes the renderer\'s SVG with names escaped', async () => {
    const svg = text(await svgExporter.export(input(), {}));
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('модель-α');
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&#60;script&#62;');
  });

  it('names a renderer without renderSvg and lists those that have it', async () => {
    const err = await svgExporter.export(input(spec(), browserOnlyRenderer), {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RunlensError);
    expect((err as Error).message).toBe('renderer "browser-only" cannot draw SVG (it has no renderSvg); renderers that can: fixed-svg');
  });
});

describe('png exporter', () => {
  it('default dpi 144 draws 1.5× pixels, records the dpi, and draws the line', async () => {
    const png = await pngExporter.export(input(), PngExportOptionsSchema.parse({}));
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    const img = decodePng(png);
    expect([img.width, img.height]).toEqual([600, 450]);
    expect(img.ppm).toBe(Math.round(144 / 0.0254));
    // the test renderer's 4 px red polyline, 1.5× wide: some hundreds of pixels
    expect(countColour(img, [255, 0, 0])).toBeGreaterThan(300);
    // white background, not transparent
    expect([...img.rgba.subarray(0, 4)]).toEqual([255, 255, 255, 255]);
  });

  it.each([
    [{ scale: 2 }, 800, 600],
    [{ dpi: 300 }, 1250, 938],
    [{ dpi: 96 }, 400, 300],
  ])('options %j → %i × %i px', async (o, w, h) => {
    const img = decodePng(await pngExporter.export(input(), PngExportOptionsSchema.parse(o)));
    expect([img.width, img.height]).toEqual([w, h]);
  });

  it('draws text with the bundled fonts: a label changes the pixels', async () => {
    const withText = decodePng(await pngExporter.export(input(), PngExportOptionsSchema.parse({})));
    const noText = decodePng(await pngExporter.export(input(spec({ title: undefined, legend: { show: false, entries: [], omitted: 0 } })), PngExportOptionsSchema.parse({})));
    const dark = (img: typeof withText) => countColour(img, [31, 35, 40], 120);
    expect(dark(withText)).toBeGreaterThan(dark(noText) + 100);
  });

  it('refuses an image over the pixel limit, naming the size', async () => {
    const big = spec({ width: 20_000, height: 20_000 });
    await expect(pngExporter.export(input(big), PngExportOptionsSchema.parse({ scale: 2 }))).rejects.toThrow(/40000×40000 px PNG; at most/);
    expect(40_000 * 40_000).toBeGreaterThan(MAX_PNG_PIXELS);
  });

  it('rejects unknown and bad options by name', () => {
    expect(() => resolveExporter(registry, 'png', { dpii: 3 })).toThrow('png export option "dpii": Unrecognized key: "dpii"');
    expect(() => resolveExporter(registry, 'png', { dpi: -1 })).toThrow(/png export option "dpi"/);
  });
});

describe('pdf exporter', () => {
  it('one page the size of the plot, with Cyrillic, Greek, Hebrew names and the minus sign as text', async () => {
    const pdf = await pdfExporter.export(input(), {});
    expect(text(pdf.subarray(0, 5))).toBe('%PDF-');
    expect(pdfPageCount(pdf)).toEqual({ count: 1, pages: 1 });
    expect(pdfMediaBox(pdf)).toEqual([0, 0, 300, 225]);
    const t = pdfText(pdf);
    expect(t).toContain('модель-α');
    expect(t).toContain('<script>alert(1)</script>');
    // right-to-left text is laid out in visual order, as PDF stores it; viewers reorder it when copying
    expect(t).toContain('םולש');
    expect(t).toContain('Ωμέγα');
    expect(t).toContain('−0.5');
    expect(t).toContain('Loss <b>');
    expect(t).not.toContain('\ufffd');
    expect(pdfEmbeddedFonts(pdf).some((f) => /\+DejaVuSans$/.test(f))).toBe(true);
    // the bold title uses the bold face
    expect(pdfEmbeddedFonts(pdf).some((f) => /\+DejaVuSans-Bold$/.test(f))).toBe(true);
  });

  it('a serif theme embeds DejaVu Serif', async () => {
    const serif = spec({ theme: { ...DEFAULT_THEME, name: 'pub', fontFamily: '"Times New Roman", serif' } });
    const pdf = await pdfExporter.export(input(serif), {});
    const fonts = pdfEmbeddedFonts(pdf);
    expect(fonts.some((f) => /\+DejaVuSerif(-Bold)?$/.test(f))).toBe(true);
    // DejaVu Serif has no Hebrew: those letters alone come from DejaVu Sans, and stay text
    expect(fonts.some((f) => /\+DejaVuSans$/.test(f))).toBe(true);
    expect(pdfText(pdf)).toContain('םולש');
    const latinOnly = spec({ theme: serif.theme, legend: { show: true, omitted: 0, entries: [{ label: 'модель-α', color: '#0072b2', symbol: 'line', series: 'r1' }] } });
    expect(pdfEmbeddedFonts(await pdfExporter.export(input(latinOnly), {})).some((f) => /\+DejaVuSans$/.test(f))).toBe(false);
  });

  it('draws SVG dash arrays with zeros, which pdfkit alone refuses', async () => {
    expect(pdfSafeDashes('<path stroke-dasharray="1,0"/><path style="stroke-dasharray: 0 3;"/><path stroke-dasharray="0,0"/><path stroke-dasharray="4,2"/>')).toBe(
      '<path stroke-dasharray="1,0.001"/><path style="stroke-dasharray: 0.001,3;"/><path stroke-dasharray="none"/><path stroke-dasharray="4,2"/>',
    );
    const dashed = { ...fixedSvgRenderer, renderSvg: async () => '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300"><path d="M0 0L100 100" stroke="#000" stroke-dasharray="1,0"/></svg>' };
    expect(pdfPageCount(await pdfExporter.export(input(spec(), dashed), {})).pages).toBe(1);
  });

  it('needs a renderer that draws SVG', async () => {
    await expect(pdfExporter.export(input(spec(), browserOnlyRenderer), {})).rejects.toThrow(/renderer "browser-only" cannot draw SVG/);
  });
});

describe('font mapping', () => {
  it.each([
    ['DejaVu Sans, Helvetica, Arial, sans-serif', 'sans'],
    ['"DejaVu Serif", Georgia, serif', 'serif'],
    ["'Times New Roman'", 'serif'],
    ['Noto Serif', 'serif'],
    ['Helvetica, serif', 'sans'],
    ['Menlo, monospace', 'mono'],
    ['sans-serif', 'sans'],
    ['Comic Foo', 'sans'],
    ['', 'sans'],
  ] as const)('%s → %s', (family, kind) => {
    expect(fontKindFor(family)).toBe(kind);
  });

  it('picks faces for weight and style', () => {
    expect(pdfFontFor('serif', true, true)).toBe('DejaVu Serif boldItalic');
    expect(pdfFontFor(undefined, false, false)).toBe('DejaVu Sans');
  });
});

describe('html exporter', () => {
  it('writes the renderer\'s page', async () => {
    const html = text(await htmlExporter.export(input(), {}));
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toContain('<script>alert');
  });

  it('refuses a page that loads from the network', async () => {
    const online = { ...fixedSvgRenderer, renderHtml: async () => '<html><script src="https://cdn.example/echarts.js"></script></html>' };
    await expect(htmlExporter.export(input(spec(), online), {})).rejects.toThrow('made an HTML page that loads https://cdn.example/echarts.js: exported pages must work offline');
    const css = { ...fixedSvgRenderer, renderHtml: async () => '<style>@import url("//fonts.example/x.css")</style>' };
    await expect(htmlExporter.export(input(spec(), css), {})).rejects.toThrow(/offline/);
  });

  it('names a renderer without renderHtml', async () => {
    await expect(htmlExporter.export(input(spec(), browserOnlyRenderer), {})).rejects.toThrow(
      'renderer "browser-only" cannot draw HTML (it has no renderHtml); renderers that can: fixed-svg',
    );
  });
});

/** RFC 4180 parser for the checks. */
function parseCsv(s: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted && c === '"' && s[i + 1] === '"') {
      field += '"';
      i++;
    } else if (quoted && c === '"') quoted = false;
    else if (quoted) field += c;
    else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  return rows;
}

describe('csv exporter', () => {
  it('one row per point with panel, mark, label, series; nulls empty; quoting round-trips', async () => {
    const s = spec();
    s.panels[0]!.marks[0] = { ...s.panels[0]!.marks[0]!, label: 'lr=0.1, "fast"\nrun' } as PlotSpec['panels'][0]['marks'][0];
    const rows = parseCsv(text(await csvExporter.export(input(s), {})));
    expect(rows[0]).toEqual(['panel', 'panel_title', 'mark', 'label', 'series', 'row', 'x', 'y']);
    expect(rows.slice(1, 5)).toEqual([
      ['0', '', 'line', 'lr=0.1, "fast"\nrun', 'r1', '0', '0', '1'],
      ['0', '', 'line', 'lr=0.1, "fast"\nrun', 'r1', '1', '1', '0.5'],
      ['0', '', 'line', 'lr=0.1, "fast"\nrun', 'r1', '2', '2', ''],
      ['0', '', 'line', 'lr=0.1, "fast"\nrun', 'r1', '3', '3', '-0.25'],
    ]);
    expect(rows).toHaveLength(1 + 4 + 2);
  });

  it('neutralises names a spreadsheet would run as formulas, never numbers', () => {
    const s = spec();
    s.panels[0]!.marks = [
      { type: 'line', label: '=HYPERLINK("http://x")', series: '+1', x: [-1], y: [-2] },
      { type: 'text', label: '@SUM(A1)', series: '-x', x: [0], y: [0], text: ['=1+1'] },
    ];
    const rows = parseCsv(plottedDataCsv(s));
    expect(rows[1]!.slice(3, 8)).toEqual(["'=HYPERLINK(\"http://x\")", "'+1", '0', '-1', '-2']);
    expect(rows[2]![3]).toBe("'@SUM(A1)");
    expect(rows[2]![4]).toBe("'-x");
    expect(rows[2]![rows[0]!.indexOf('text')]).toBe("'=1+1");
  });

  it('names categories of a categorical axis, mixes mark columns, flattens polygons', () => {
    const s = spec({
      panels: [{
        title: 'val/loss',
        x: { scale: 'linear', ticks: [{ value: 0, label: 'lr=0.1' }, { value: 1, label: 'lr=1' }] },
        y: { scale: 'linear' },
        marks: [
          { type: 'bar', x: [0, 1], y: [2.5, 3], width: 0.8, base: 0 },
          { type: 'rule', x1: [0], x2: [0], y1: [2], y2: [3] },
          { type: 'polygon', label: 'violin', x: [[0, 1, 0], [1, 2]], y: [[5, 6, 7], [8, 9]] },
        ],
      }],
    });
    const rows = parseCsv(plottedDataCsv(s));
    const h = rows[0]!;
    expect(h).toEqual(['panel', 'panel_title', 'mark', 'label', 'series', 'row', 'part', 'x', 'x_tick', 'y', 'x1', 'x2', 'y1', 'y2', 'base']);
    const col = (r: string[], name: string) => r[h.indexOf(name)];
    expect(col(rows[1]!, 'x_tick')).toBe('lr=0.1');
    expect(col(rows[2]!, 'x_tick')).toBe('lr=1');
    expect(col(rows[2]!, 'base')).toBe('0');
    expect(col(rows[3]!, 'y2')).toBe('3');
    expect(rows.slice(4).map((r) => [col(r, 'part'), col(r, 'x'), col(r, 'y')])).toEqual([['0', '0', '5'], ['0', '1', '6'], ['0', '0', '7'], ['1', '1', '8'], ['1', '2', '9']]);
  });

  it('an empty plot is a header only', () => {
    const s = spec({ panels: [{ x: { scale: 'linear' }, y: { scale: 'linear' }, marks: [] }] });
    expect(plottedDataCsv(s)).toBe('panel,panel_title,mark,label,series,row\n');
  });

  it('handles 100k points', () => {
    const n = 100_000;
    const s = spec({ panels: [{ x: { scale: 'linear' }, y: { scale: 'linear' }, marks: [{ type: 'line', x: Array.from({ length: n }, (_, i) => i), y: Array.from({ length: n }, (_, i) => i / 3) }] }] });
    const lines = plottedDataCsv(s).trimEnd().split('\n');
    expect(lines).toHaveLength(n + 1);
    expect(lines[n]).toBe(`0,,line,,,${n - 1},${n - 1},${(n - 1) / 3}`);
  });
});

describe('json exporter', () => {
  it('panels with axes and marks with columns; names as data', async () => {
    const out = JSON.parse(text(await jsonExporter.export(input(), {}))) as PlottedDataJson;
    expect(out.plot).toBe('test-lines');
    expect(out.title).toBe('Loss <b>');
    expect(out.panels[0]!.x).toEqual({ label: 'step', scale: 'linear' });
    expect(out.panels[0]!.marks[0]).toEqual({ type: 'line', label: 'модель-α', series: 'r1', columns: { x: [0, 1, 2, 3], y: [1, 0.5, null, -0.25] } });
    expect(out.panels[0]!.marks[1]!.label).toBe('<script>alert(1)</script>');
  });
});

describe('spec exporter and format lookup', () => {
  it('writes the spec, which validates', async () => {
    const out: unknown = JSON.parse(text(await specExporter.export(input(), {})));
    expect(PlotSpecSchema.parse(out)).toEqual(spec());
  });

  it('finds the exporter by file name, longest extension first', () => {
    expect(exporterForFile(registry, 'fig.spec.json')?.name).toBe('spec');
    expect(exporterForFile(registry, 'FIG.JSON')?.name).toBe('json');
    expect(exporterForFile(registry, 'a/b.pdf')?.name).toBe('pdf');
    expect(exporterForFile(registry, 'fig.tiff')).toBeUndefined();
  });

  it('an unknown format lists the valid ones', () => {
    expect(() => resolveExporter(registry, 'tiff')).toThrow('unknown format: tiff (one of svg, png, pdf, html, csv, json, spec)');
  });
});
