/**
 * The `vega-lite` renderer, for publication figures: Vega-Lite specs compiled in core, compiled to Vega here and
 * drawn headless (`renderer: 'none'` → toSVG). HTML pages inline the Vega build and the compiled Vega spec (not
 * Vega-Lite: the page needs no compiler), so they work offline and stay interactive (tooltips).
 */
import type { Spec } from 'vega';
import type { compile as VegaLiteCompile, TopLevelSpec } from 'vega-lite';
import { compileVegaLiteSpec, PLUGIN_API_VERSION, RunlensError, VEGA_LITE_MARKS, type PlotSpec, type RendererPlugin } from '@runlens/core';
import { htmlPage } from './html-page.js';
import { vegaBrowserBuild } from './library-bundle.js';

type VegaLiteLogger = NonNullable<NonNullable<Parameters<typeof VegaLiteCompile>[1]>['logger']>;

/** Vega-Lite's warnings are dropped (they are about our own compiled output); its errors become RunlensErrors. */
function quietLogger(plot: string): VegaLiteLogger {
  const logger: VegaLiteLogger = {
    level: () => 0,
    warn: () => logger,
    info: () => logger,
    debug: () => logger,
    error: (...args: unknown[]) => {
      throw new RunlensError('INTERNAL', `vega-lite could not compile the ${plot} plot: ${args.map(String).join(' ')}`);
    },
  };
  return logger;
}

/** The Vega spec of a PlotSpec (the Vega-Lite spec compiled by vega-lite). */
export async function compileVegaSpec(spec: PlotSpec): Promise<Spec> {
  // loaded on the first render, not with every `runlens` command
  const { compile } = await import('vega-lite');
  // our JSON types describe the subset of Vega-Lite we write; vega-lite's own type is the full grammar
  return compile(compileVegaLiteSpec(spec) as unknown as TopLevelSpec, { logger: quietLogger(spec.plot) }).spec;
}

/**
 * The root `<svg>` sized as the spec asks. Vega adds room for axes and the legend beyond the views' own size, so its
 * drawing is a little larger than the figure; the viewBox keeps all of it, scaled to fit and centred.
 */
export function sizeSvgToSpec(svg: string, spec: PlotSpec): string {
  return svg.replace(/^<svg([^>]*)>/, (_whole, attrs: string) => {
    const sized = attrs
      .replace(/\swidth="[^"]*"/, ` width="${spec.width}"`)
      .replace(/\sheight="[^"]*"/, ` height="${spec.height}"`);
    return `<svg${sized} preserveAspectRatio="xMidYMid meet">`;
  });
}

/** SVG of a spec through vega (headless). */
export async function renderVegaLiteSvg(spec: PlotSpec): Promise<string> {
  const { parse, View } = await import('vega');
  const view = new View(parse(await compileVegaSpec(spec)), { renderer: 'none' });
  try {
    return sizeSvgToSpec(await view.toSVG(), spec);
  } finally {
    view.finalize();
  }
}

const PAGE_SCRIPT = `(function () {
  var spec = JSON.parse(document.getElementById('runlens-data').textContent);
  var view = new vega.View(vega.parse(spec), { renderer: 'svg', container: '#chart', hover: true });
  window.runlensView = view;
  view.runAsync();
})();
`;

/** A self-contained page: the Vega build, the compiled Vega spec as JSON, a small script. Works offline. */
export async function renderVegaLiteHtml(spec: PlotSpec): Promise<string> {
  return htmlPage({
    title: spec.title ?? `${spec.plot} plot`,
    width: spec.width,
    height: spec.height,
    data: await compileVegaSpec(spec),
    libraries: [vegaBrowserBuild()],
    main: PAGE_SCRIPT,
  });
}

export const vegaLiteRenderer: RendererPlugin = {
  kind: 'renderer',
  name: 'vega-lite',
  apiVersion: PLUGIN_API_VERSION,
  description: 'Vega-Lite: publication figures as SVG (vega, headless) and self-contained HTML pages',
  marks: VEGA_LITE_MARKS,
  compile: compileVegaLiteSpec,
  renderSvg: renderVegaLiteSvg,
  renderHtml: renderVegaLiteHtml,
};
