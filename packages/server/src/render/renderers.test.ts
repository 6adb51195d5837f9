import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { compileEchartsOption, DEFAULT_THEME, PLOT_SPEC_VERSION, PluginRegistry, type PlotSpec, type RendererPlugin } from '@runlens/core';
import { BUILTIN_RENDERERS } from './builtin-renderers.js';
import { echartsRenderer } from './echarts-renderer.js';
import { escapeHtml, jsonForScript, scriptSource } from './html-page.js';
import { uplotRenderer } from './uplot-renderer.js';
import { vegaLiteRenderer } from './vega-lite-renderer.js';

const SCRIPT = '<script>alert(1)</script>';
const QUOTES = 'a&b "q" \'s\'';
const UNICODE = 'λ=0.1 — 学习率 −0.5';

/** A spec that puts awkward text everywhere a renderer writes text. */
function hostileSpec(theme = DEFAULT_THEME): PlotSpec {
  return {
    version: PLOT_SPEC_VERSION,
    plot: 'curves',
    title: `${SCRIPT} ${QUOTES}`,
    subtitle: UNICODE,
    width: 640,
    height: 400,
    theme,
    columns: 2,
    panels: [
      {
        title: SCRIPT,
        x: { scale: 'linear', label: QUOTES, domain: [-0.5, 1.5], ticks: [{ value: 0, label: SCRIPT }, { value: 1, label: UNICODE }] },
        y: { scale: 'linear', label: SCRIPT },
        marks: [
          { type: 'line', label: SCRIPT, x: [0, 1], y: [1, 2] },
          { type: 'point', label: QUOTES, x: [0, 1], y: [1, 2], text: [SCRIPT, QUOTES] },
          { type: 'text', x: [0.5], y: [1.5], text: [SCRIPT] },
        ],
      },
      {
        x: { scale: 'linear' },
        y: { scale: 'linear' },
        marks: [{ type: 'rect', label: UNICODE, x1: [0], x2: [1], y1: [0], y2: [1], text: [SCRIPT] }],
      },
    ],
    legend: { show: true, entries: [{ label: SCRIPT, color: '#0072b2', symbol: 'line' }, { label: QUOTES, color: '#e69f00', symbol: 'point' }], omitted: 2 },
    warnings: [],
  };
}

const drawing: RendererPlugin[] = [echartsRenderer, vegaLiteRenderer];

describe.each(drawing.map((r) => [r.name, r] as const))('%s renderer', (_name, renderer) => {
  it('writes well-formed SVG with user text escaped and unicode kept', async () => {
    const svg = await renderer.renderSvg!(hostileSpec());
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).not.toMatch(/<script/i);
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(svg).toContain('a&amp;b');
    expect(svg).toContain('λ=0.1 — 学习率 −0.5');
    // resvg refuses malformed XML
    expect(new Resvg(svg, { font: { loadSystemFonts: false } }).render().width).toBeGreaterThan(100);
  });

  it('refuses a font family or colour that could leave its SVG attribute', async () => {
    await expect(renderer.renderSvg!(hostileSpec({ ...DEFAULT_THEME, fontFamily: 'Evil" onload="x" <b>, DejaVu Sans' }))).rejects.toThrow(/^invalid font family/);
    await expect(renderer.renderHtml!(hostileSpec({ ...DEFAULT_THEME, foreground: '#000" onload="x' }))).rejects.toThrow(/^invalid colour at theme.foreground/);
  });

  it('writes a self-contained page whose only scripts are its own', async () => {
    const html = await renderer.renderHtml!(hostileSpec());
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html.match(/<script/gi)).toHaveLength(3);
    expect(html.match(/<\/script/gi)).toHaveLength(3);
    expect(html).not.toContain(SCRIPT);
    expect(html).toContain(`<title>${escapeHtml(`${SCRIPT} ${QUOTES}`)}</title>`);
    expect(html).not.toMatch(/\b(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i);
    const data = /<script type="application\/json" id="runlens-data">([\s\S]*?)<\/script>/.exec(html)![1]!;
    expect(JSON.stringify(JSON.parse(data))).toContain('λ=0.1 — 学习率 −0.5');
  });
});

describe('echarts renderer', () => {
  it('embeds the compiled option unchanged in its page', async () => {
    const spec = hostileSpec();
    const html = await echartsRenderer.renderHtml!(spec);
    const data = /<script type="application\/json" id="runlens-data">([\s\S]*?)<\/script>/.exec(html)![1]!;
    expect(JSON.parse(data)).toEqual(JSON.parse(JSON.stringify(compileEchartsOption(spec))));
  });
});

describe('uplot renderer', () => {
  it('compiles for the browser and draws no files', () => {
    expect(uplotRenderer.renderSvg).toBeUndefined();
    expect(uplotRenderer.renderHtml).toBeUndefined();
    const spec = hostileSpec();
    spec.panels[0]!.marks = spec.panels[0]!.marks.filter((m) => m.type !== 'text');
    expect(uplotRenderer.compile(spec)).toMatchObject({ panels: [{ data: [[0, 1], [1, 2], [1, 2]] }, {}] });
    expect(() => uplotRenderer.compile(hostileSpec())).toThrow('renderer uplot cannot draw text marks');
  });
});

describe('BUILTIN_RENDERERS', () => {
  it('registers echarts, vega-lite and uplot', () => {
    const registry = new PluginRegistry();
    for (const r of BUILTIN_RENDERERS) registry.register(r);
    expect(registry.list('renderer').map((r) => r.name)).toEqual(['echarts', 'vega-lite', 'uplot']);
  });
});

describe('html page pieces', () => {
  it('escape what could end a script or an attribute', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const json = jsonForScript({ s: '</script><!-- \u2028 &' });
    expect(json).not.toMatch(/<|>|&|\u2028/);
    expect(JSON.parse(json)).toEqual({ s: '</script><!-- \u2028 &' });
    expect(scriptSource('x = "</script>"; y = "<!--"')).toBe('x = "<\\/script>"; y = "<\\!--"');
  });
});
