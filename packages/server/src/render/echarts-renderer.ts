/**
 * The `echarts` renderer: ECharts options compiled in core (so the dashboard uses the same ones), SVG through
 * ECharts' server-side rendering, and interactive HTML pages with the ECharts build inlined.
 */
import type * as Echarts from 'echarts';
import { compileEchartsOption, ECHARTS_MARKS, PLUGIN_API_VERSION, reviveEchartsOption, type PlotSpec, type RendererPlugin } from '@runlens/core';
import { htmlPage } from './html-page.js';
import { echartsBrowserBuild } from './library-bundle.js';

type EChartsOption = Parameters<Echarts.ECharts['setOption']>[0];

/** SVG of a spec through ECharts SSR. */
export async function renderEchartsSvg(spec: PlotSpec): Promise<string> {
  const option = reviveEchartsOption(compileEchartsOption(spec));
  // loaded on the first render, not with every `runlens` command (ECharts takes ~0.6 s to import)
  const echarts = await import('echarts');
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: spec.width, height: spec.height });
  try {
    // the option is built from JSON types of our own; ECharts' option type is far wider
    chart.setOption(option as unknown as EChartsOption);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** The page script: revives the option's placeholders, adds the interactive toolbox, draws. */
function pageScript(): string {
  return `(function () {
  var revive = ${String(reviveEchartsOption)};
  var option = revive(JSON.parse(document.getElementById('runlens-data').textContent));
  document.body.style.background = option.backgroundColor;
  option.toolbox = { right: 8, top: 4, itemSize: 13, feature: { dataZoom: {}, restore: {}, saveAsImage: {} } };
  var chart = echarts.init(document.getElementById('chart'), null, { renderer: 'svg' });
  chart.setOption(option);
  window.runlensChart = chart;
})();
`;
}

/** A self-contained interactive page: the ECharts build, the option as JSON, a small script. Works offline. */
export async function renderEchartsHtml(spec: PlotSpec): Promise<string> {
  return htmlPage({
    title: spec.title ?? `${spec.plot} plot`,
    width: spec.width,
    height: spec.height,
    data: compileEchartsOption(spec),
    libraries: [echartsBrowserBuild()],
    main: pageScript(),
  });
}

export const echartsRenderer: RendererPlugin = {
  kind: 'renderer',
  name: 'echarts',
  apiVersion: PLUGIN_API_VERSION,
  description: 'ECharts: server-side SVG, interactive options for the dashboard and self-contained HTML pages',
  marks: ECHARTS_MARKS,
  compile: compileEchartsOption,
  renderSvg: renderEchartsSvg,
  renderHtml: renderEchartsHtml,
};
