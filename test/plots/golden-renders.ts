/**
 * Golden SVGs of one spec through every renderer that can draw it — what a plot type's golden test calls:
 *
 * @example
 * it('curves grouped by lr', async () => {
 *   await expectGoldenRenders('curves-grouped', curvesPlot.compile(data, options, ctx));
 * });
 *
 * writes/compares test/plots/output/echarts-curves-grouped.svg and vega-lite-curves-grouped.svg (and their PNGs).
 * Renderers without renderSvg (uplot) or without every mark of the spec are skipped. All renderers are compared
 * before it fails, so one failure does not hide another.
 */
import type { PlotSpec, RendererPlugin } from '@runlens/core';
import { BUILTIN_RENDERERS } from '../../packages/server/src/render/builtin-renderers.js';
import { expectGoldenSvg, type GoldenOptions } from './golden.js';

/** Compares every drawing renderer's SVG of `spec` with its golden; returns the golden names compared. */
export async function expectGoldenRenders(name: string, spec: PlotSpec, renderers: readonly RendererPlugin[] = BUILTIN_RENDERERS, options: GoldenOptions = {}): Promise<string[]> {
  const marks = new Set(spec.panels.flatMap((p) => p.marks.map((m) => m.type)));
  const able = renderers.filter((r) => r.renderSvg && [...marks].every((m) => r.marks.includes(m)));
  if (able.length === 0) throw new Error(`no renderer draws SVG of ${name} (marks: ${[...marks].join(', ')})`);
  const failures: string[] = [];
  const names: string[] = [];
  for (const renderer of able) {
    const golden = `${renderer.name}-${name}`;
    names.push(golden);
    try {
      await expectGoldenSvg(golden, await renderer.renderSvg!(spec), options);
    } catch (e) {
      failures.push(e instanceof Error ? e.message : String(e));
    }
  }
  if (failures.length > 0) throw new Error(failures.join('\n\n'));
  return names;
}
