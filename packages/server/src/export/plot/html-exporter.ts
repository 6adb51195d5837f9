/**
 * HTML: the renderer's self-contained interactive page. It must work offline, so a page that would load a script,
 * stylesheet or font from the network is refused rather than written.
 */
import { z } from 'zod';
import { PLUGIN_API_VERSION, RunlensError, type ExporterPlugin } from '@runlens/core';
import { renderHtmlOf } from './renderer-output.js';

export const HtmlExportOptionsSchema = z.strictObject({});
export type HtmlExportOptions = z.infer<typeof HtmlExportOptionsSchema>;

/** A tag attribute (src, href) or CSS url()/@import that fetches from another host. */
const REMOTE_RESOURCE = /<(?:script|link|img|iframe|source|embed)\b[^>]*\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\/|@import\s+(?:url\()?\s*["']?(?:https?:)?\/\/|url\(\s*["']?(?:https?:)?\/\//i;

export const htmlExporter: ExporterPlugin<HtmlExportOptions> = {
  kind: 'exporter',
  name: 'html',
  apiVersion: PLUGIN_API_VERSION,
  description: 'Self-contained interactive HTML page (the renderer\'s renderHtml); works offline',
  extension: 'html',
  mediaType: 'text/html; charset=utf-8',
  options: HtmlExportOptionsSchema,
  async export(input) {
    const html = await renderHtmlOf(input);
    const remote = REMOTE_RESOURCE.exec(html);
    if (remote) {
      const what = /(?:https?:)?\/\/[^\s"')>]{1,120}/.exec(html.slice(remote.index))?.[0] ?? remote[0];
      throw new RunlensError('INTERNAL', `renderer "${input.renderer.name}" made an HTML page that loads ${what}: exported pages must work offline`);
    }
    return new TextEncoder().encode(html);
  },
};
