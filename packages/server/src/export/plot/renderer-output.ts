/**
 * SVG and HTML from the plot's renderer, for the exporters that need one. A renderer that cannot draw the asked
 * form is an error naming it and the renderers that can.
 */
import { RunlensError, type ExportInput, type RendererPlugin } from '@runlens/core';

type Capability = 'renderSvg' | 'renderHtml';

function cannot(input: ExportInput, capability: Capability, what: string): RunlensError {
  const able = input.registry?.list('renderer').filter((r) => typeof r[capability] === 'function').map((r) => r.name) ?? [];
  const hint = able.length > 0 ? `; renderers that can: ${able.join(', ')}` : '';
  return new RunlensError('VALIDATION', `renderer "${input.renderer.name}" cannot draw ${what} (it has no ${capability})${hint}`, { field: 'renderer' });
}

/** The renderer's standalone SVG document of the spec. */
export function renderSvgOf(input: ExportInput): Promise<string> {
  const { renderer } = input;
  if (!renderer.renderSvg) throw cannot(input, 'renderSvg', 'SVG');
  return renderer.renderSvg(input.spec);
}

/** The renderer's self-contained HTML page of the spec. */
export function renderHtmlOf(input: ExportInput): Promise<string> {
  const { renderer } = input;
  if (!renderer.renderHtml) throw cannot(input, 'renderHtml', 'HTML');
  return renderer.renderHtml(input.spec);
}

/**
 * The renderer with its SVG memoised per spec, so exporting one spec to SVG, PNG and PDF draws it once. Specs are
 * plain data the caller does not change between the exports of one batch item.
 */
export function memoizeRenderer(renderer: RendererPlugin): RendererPlugin {
  const renderSvg = renderer.renderSvg;
  if (!renderSvg) return renderer;
  const cache = new WeakMap<object, Promise<string>>();
  return {
    ...renderer,
    renderSvg(spec) {
      let svg = cache.get(spec);
      if (!svg) {
        svg = renderSvg.call(renderer, spec);
        cache.set(spec, svg);
      }
      return svg;
    },
  };
}
