/** The renderers runlens ships, registered by the server's plugin registry. */
import type { RendererPlugin } from '@runlens/core';
import { echartsRenderer } from './echarts-renderer.js';
import { uplotRenderer } from './uplot-renderer.js';
import { vegaLiteRenderer } from './vega-lite-renderer.js';

export const BUILTIN_RENDERERS: readonly RendererPlugin[] = [echartsRenderer, vegaLiteRenderer, uplotRenderer];
