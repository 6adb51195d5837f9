/**
 * The renderers' HTML pages in headless Chromium with the network cut off: the chart is drawn, nothing was
 * fetched, and no script hidden in a run name ran.
 */
import { describe, expect, it } from 'vitest';
import { echartsRenderer } from '../../packages/server/src/render/echarts-renderer.js';
import { vegaLiteRenderer } from '../../packages/server/src/render/vega-lite-renderer.js';
import { chartDrawn, HAS_CHROMIUM, openOffline } from '../helpers/chromium.js';
import { compareSpec, curvesSpec } from './sample-specs.js';

describe.skipIf(!HAS_CHROMIUM).each([echartsRenderer, vegaLiteRenderer].map((r) => [r.name, r] as const))('%s HTML page', (_name, renderer) => {
  it('draws offline, runs no injected script, and keeps the names readable', async () => {
    // curves: a band, a gap, a step line; compare: categories (tick labels), boxes, violins (polygons)
    const curves = curvesSpec();
    // a name that runs script when it reaches innerHTML unescaped (the image fails to load, onerror fires)
    const IMG = '<img src=x onerror=alert(2)>';
    curves.panels[0]!.marks = curves.panels[0]!.marks.map((m) => (m.type === 'line' && m.series === 'r2' ? { ...m, label: IMG } : m));
    curves.legend.entries[1] = { ...curves.legend.entries[1]!, label: IMG };
    for (const spec of [curves, compareSpec()]) {
      const page = await openOffline(await renderer.renderHtml!(spec));
      try {
        const chart = await chartDrawn(page.page);
        expect(chart.tag).toBe('svg');
        expect(chart.width).toBeGreaterThan(spec.width * 0.8);
        expect(chart.shapes).toBeGreaterThan(20);
        const text = await page.page.evaluate(() => document.body.innerText + Array.from(document.querySelectorAll('svg text')).map((t) => t.textContent).join('|'));
        expect(text).toContain('<script>alert(1)</script>'.slice(0, 12));
        // hover the plot so tooltips (HTML in ECharts) show run names
        for (const [fx, fy] of [[0.3, 0.3], [0.45, 0.5], [0.2, 0.6]] as const) await page.page.mouse.move(spec.width * fx, spec.height * fy);
        await page.page.waitForTimeout(200);
        expect(await page.page.evaluate(() => document.querySelectorAll('script, img').length)).toBe(3);
        // ECharts' HTML tooltip shows the name as text
        if (renderer.name === 'echarts' && spec === curves) expect(await page.page.evaluate(() => document.getElementById('chart')!.innerText)).toContain(IMG);
        expect(page.dialogs).toEqual([]);
        expect(page.errors).toEqual([]);
        expect(page.requests).toEqual([]);
      } finally {
        await page.close();
      }
    }
  });
});
