import { describe, expect, it } from 'vitest';
import type { Panel } from '../../plots/plot-spec.js';
import { lin, specOf } from '../plot-spec.fixture.js';
import { PUBLICATION_THEME } from '../../themes/builtin-themes.js';
import { compileVegaLiteSpec } from './compile-vega-lite-spec.js';
import type { VegaLiteObject, VegaLitePanelView } from './vega-lite-spec.js';

const SCRIPT = '<script>alert(1)</script>';

describe('compileVegaLiteSpec', () => {
  it('makes one layered view per panel in a grid `columns` wide', () => {
    const panel: Panel = { x: lin, y: lin, marks: [{ type: 'line', x: [0, 1], y: [0, 1] }] };
    const vl = compileVegaLiteSpec(specOf([panel, panel, panel], { columns: 2 }));
    expect(vl['columns']).toBe(2);
    expect((vl['concat'] as VegaLitePanelView[]).map((v) => v.layer.length)).toEqual([1, 1, 1]);
    expect(JSON.parse(JSON.stringify(vl))).toEqual(vl);
  });

  it('maps log and time scales with the shared bounds and no Vega-Lite rounding', () => {
    const vl = compileVegaLiteSpec(specOf([{ x: { scale: 'time' }, y: { scale: 'log' }, marks: [{ type: 'point', x: [0, 86_400_000], y: [0.02, 30] }] }]));
    const enc = (vl['layer'] as VegaLiteObject[])[0]!['encoding'] as Record<string, VegaLiteObject>;
    expect(enc['x']).toMatchObject({ type: 'temporal', scale: { type: 'utc', domain: [0, 86_400_000], nice: false } });
    expect(enc['y']).toMatchObject({ type: 'quantitative', scale: { type: 'log', domain: [0.01, 100], nice: false } });
  });

  it("gives a colour scale that only lines use (parallel coordinates) its gradient legend, drawing nothing", () => {
    const color = { domain: [1.9, 2.2] as [number, number], scheme: ['#08306b', '#c6dbef'], label: 'val/loss' };
    const vl = compileVegaLiteSpec(specOf([{ x: lin, y: lin, color, marks: [{ type: 'line', x: [0, 1], y: [0, 1], color: '#08306b' }] }]));
    const layers = vl['layer'] as VegaLiteObject[];
    expect(layers).toHaveLength(2);
    expect(layers[1]).toMatchObject({
      mark: { type: 'rect', opacity: 0 },
      encoding: { fill: { type: 'quantitative', scale: { domain: [1.9, 2.2], range: ['#08306b', '#c6dbef'] }, legend: { title: 'val/loss' } } },
    });
    // a heatmap's cells carry the scale (and its legend) themselves
    const heat = compileVegaLiteSpec(specOf([{ x: lin, y: lin, color, marks: [{ type: 'rect', x1: [0], x2: [1], y1: [0], y2: [1], values: [2] }] }]));
    expect((heat['layer'] as VegaLiteObject[]).filter((l) => (l['mark'] as VegaLiteObject)['opacity'] === 0)).toEqual([]);
  });

  it('splits lines into segments at missing values, in the given order', () => {
    const vl = compileVegaLiteSpec(specOf([{ x: lin, y: lin, marks: [{ type: 'line', x: [0, 1, 2, 3], y: [1, 2, null, 4] }] }]));
    const layer = (vl['layer'] as VegaLiteObject[])[0]!;
    expect((layer['data'] as { values: VegaLiteObject[] }).values).toEqual([
      { x: 0, y: 1, s: 0, i: 0 },
      { x: 1, y: 2, s: 0, i: 1 },
      { x: 3, y: 4, s: 1, i: 3 },
    ]);
    expect(layer['encoding']).toMatchObject({ detail: { field: 's' }, order: { field: 'i' } });
  });

  it('reads category labels from a param, never from expression text', () => {
    const vl = compileVegaLiteSpec(specOf([{ x: { ...lin, domain: [-0.5, 1.5], ticks: [{ value: 0, label: SCRIPT }, { value: 1, label: "a'b\"c" }] }, y: lin, marks: [] }]));
    expect(vl.params?.find((p) => p.name === 'runlens_ticks_0_x')).toEqual({ name: 'runlens_ticks_0_x', value: { values: [0, 1], labels: [SCRIPT, "a'b\"c"] } });
    const axis = (((vl['layer'] as VegaLiteObject[])[0]!['encoding'] as Record<string, VegaLiteObject>)['x']!['axis'] as VegaLiteObject);
    expect(axis['labelExpr']).toBe('runlens_ticks_0_x.labels[indexof(runlens_ticks_0_x.values, datum.value)]');
    expect(axis['grid']).toBe(false);
  });

  it('labels a linear axis with round ticks and true minus signs, never a raw bound', () => {
    const vl = compileVegaLiteSpec(specOf([{ x: lin, y: { ...lin, domain: [-1.5, 2.875990794397438] }, marks: [] }]));
    const y = vl.params?.find((p) => p.name === 'runlens_ticks_0_y');
    expect(y?.value).toMatchObject({ labels: ['\u22121', '0', '1', '2'] });
  });

  it('draws the legend as its own view, with the "+N more" row', () => {
    const vl = compileVegaLiteSpec(
      specOf([{ x: lin, y: lin, marks: [] }], { legend: { show: true, entries: [{ label: 'run a', color: '#ff0000', symbol: 'line', dash: [4, 2] }], omitted: 5 } }),
    );
    const [, legend] = vl['hconcat'] as [VegaLiteObject, VegaLitePanelView];
    const labels = legend.layer[3]!.data.values.map((r) => r['t']);
    expect(labels).toEqual(['run a', '+5 more']);
    expect(legend.layer[0]!.data.values[0]).toMatchObject({ c: '#ff0000', d: [4, 2] });
  });

  it('takes fonts and colours from the theme', () => {
    const vl = compileVegaLiteSpec(specOf([{ x: lin, y: lin, marks: [] }], { theme: PUBLICATION_THEME }));
    expect(vl.config['font']).toBe(PUBLICATION_THEME.fontFamily);
    expect(vl.background).toBe(PUBLICATION_THEME.background);
    expect((vl.config['axis'] as VegaLiteObject)['grid']).toBe(false);
  });

  it('gives heatmap rects the panel colour scale and drops missing cells', () => {
    const vl = compileVegaLiteSpec(
      specOf([{ x: lin, y: lin, color: { domain: [-1, 1], scheme: ['#0000ff', '#ffffff', '#ff0000'], label: 'ρ' }, marks: [{ type: 'rect', x1: [0, 1], x2: [1, 2], y1: [0, 0], y2: [1, 1], values: [0.5, null], text: ['0.50', ''] }] }]),
    );
    const [rects, text] = vl['layer'] as VegaLiteObject[];
    expect((rects!['data'] as { values: unknown[] }).values).toEqual([{ x: 0, x2: 1, y: 0, y2: 1, v: 0.5 }]);
    expect((rects!['encoding'] as Record<string, VegaLiteObject>)['fill']).toMatchObject({ field: 'v', type: 'quantitative', scale: { domain: [-1, 1], range: ['#0000ff', '#ffffff', '#ff0000'] } });
    expect((text!['data'] as { values: VegaLiteObject[] }).values).toEqual([{ x: 0.5, y: 0.5, t: '0.50', c: '#000000' }]);
  });
});
