/**
 * POST /api/v1/plots/render (plot type + run selection + options → svg | png | pdf | html | csv | json | spec) and
 * GET /api/v1/plots/types (plot types with their options' JSON Schema, renderers and formats, for the dashboard).
 */
import { z } from 'zod';
import { ErrorSchema, type PluginRegistry } from '@runlens/core';
import type { App, RouteContext } from '../context.js';
import { builtinRegistry } from '../../plugins/builtin-registry.js';
import { storePlotDataSource } from '../../plots/plot-data-source.js';
import { CachedPlotDataSource } from '../../plots/cached-plot-data-source.js';
import type { PipelineCache } from '../../plots/pipeline-cache.js';
import { optionsJsonSchema, plotOptionsJsonSchema } from '../../plots/plot-options.js';
import { PlotRenderRequestSchema, type PlotSettings } from '../../plots/plot-request.js';
import { renderPlot, type PlotTiming } from '../../plots/render-plot.js';

export interface PlotRouteContext extends RouteContext {
  /** Plugins to render with; default the built-in registry. */
  registry?: PluginRegistry | undefined;
  /** Series reads are cached here when given. */
  plotCache?: PipelineCache | undefined;
  /**
   * The server config's plot defaults and user themes, asked for on every render so that a config reload applies
   * to the next request. Default: built-in themes only, and the request schema's defaults.
   */
  plotSettings?: (() => PlotSettings) | undefined;
}

const JsonSchemaObject = z.record(z.string(), z.unknown()).meta({ description: 'JSON Schema' });

const PlotTypesResponse = z.object({
  types: z.array(z.object({ name: z.string(), description: z.string(), marks: z.array(z.string()), options: JsonSchemaObject })),
  renderers: z.array(z.object({ name: z.string(), description: z.string(), marks: z.array(z.string()), svg: z.boolean(), html: z.boolean() })),
  formats: z.array(z.object({ name: z.string(), description: z.string(), extension: z.string(), mediaType: z.string(), options: JsonSchemaObject })),
});

const SpecResponse = z.object({
  spec: z.looseObject({ version: z.number(), plot: z.string() }).meta({ description: 'The PlotSpec: its JSON Schema is docs/plot-spec.schema.json' }),
  warnings: z.array(z.string()),
});

/**
 * Exported pages and SVGs hold user data and (HTML) scripts: served from the API's origin they must not be able to
 * act in it, so they run sandboxed (an opaque origin) and are never content-sniffed.
 */
const SANDBOX: Record<string, string> = {
  html: 'sandbox allow-scripts',
  svg: "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox",
};

/** Header-safe JSON: non-ASCII escaped as \uXXXX. */
function asciiJson(v: unknown): string {
  return JSON.stringify(v).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Most bytes of the warnings header: clients refuse responses whose headers pass 8–16 KB. */
const MAX_WARNINGS_HEADER = 4096;

/** The warnings as a header value, the last ones replaced by a count when they do not fit. */
export function warningsHeader(warnings: readonly string[]): string {
  let kept = [...warnings];
  let value = asciiJson(kept);
  while (value.length > MAX_WARNINGS_HEADER && kept.length > 0) {
    kept = kept.slice(0, -1);
    const more = warnings.length - kept.length;
    value = asciiJson([...kept.map((w) => (w.length > 500 ? `${w.slice(0, 499)}…` : w)), `${more} more warning${more === 1 ? '' : 's'}: ask for format spec to see all`]);
  }
  return value;
}

function serverTiming(t: PlotTiming): string {
  return (['resolve', 'load', 'compile', 'export', 'total'] as const).map((k) => `${k};dur=${t[`${k}Ms`].toFixed(1)}`).join(', ');
}

export async function plotRoutes(app: App, ctx: PlotRouteContext): Promise<void> {
  const registry = () => ctx.registry ?? builtinRegistry();
  const stored = storePlotDataSource(ctx.store, 'runlens server store');
  const source = ctx.plotCache ? new CachedPlotDataSource(stored, ctx.plotCache) : stored;

  app.post('/api/v1/plots/render', {
    schema: {
      tags: ['plots'],
      summary: 'Render a plot to svg | png | pdf | html | csv | json, or compile its spec',
      description: 'Loads the runs of `selection` (at most maxRuns, default 1000), compiles the plot type with `options` and exports it in `format`. The response is the file itself with its content type (format `spec`: JSON {spec, warnings}). Warnings travel in the `X-Runlens-Warnings` header as a JSON array, stage times in `Server-Timing`. Unknown plot types, options, renderers and formats are 400 errors listing the valid ones.',
      body: PlotRenderRequestSchema,
      produces: ['image/svg+xml', 'image/png', 'application/pdf', 'text/html', 'text/csv', 'application/json'],
      response: {
        200: z.union([z.custom<Buffer>((v) => Buffer.isBuffer(v)).meta({ type: 'string', format: 'binary', description: 'The file' }), SpecResponse]),
        400: ErrorSchema,
      },
    },
  }, async (req, reply) => {
    const settings = ctx.plotSettings?.();
    const out = await renderPlot(req.body, { registry: registry(), source, ...(settings ? { settings } : {}) });
    await ctx.bus.publish('plot.rendered', { plot: out.plot.name, renderer: out.renderer.name, ms: out.timing.totalMs });
    reply.header('server-timing', serverTiming(out.timing));
    reply.header('x-runlens-warnings', warningsHeader(out.warnings));
    if (out.format === 'spec') return { spec: out.spec, warnings: out.warnings };
    reply.header('content-type', out.mediaType);
    // plot names are plugin names (a-z, 0-9, -, one optional scope/): only the scope's slash needs replacing
    reply.header('content-disposition', `${out.format === 'html' ? 'attachment' : 'inline'}; filename="${out.spec.plot.replace(/[^a-z0-9-]/g, '-')}.${out.extension}"`);
    reply.header('x-content-type-options', 'nosniff');
    const csp = SANDBOX[out.format];
    if (csp) reply.header('content-security-policy', csp);
    return reply.send(Buffer.from(out.bytes.buffer, out.bytes.byteOffset, out.bytes.byteLength));
  });

  app.get('/api/v1/plots/types', {
    schema: {
      tags: ['plots'],
      summary: 'Plot types with the JSON Schema of their options; renderers and export formats',
      response: { 200: PlotTypesResponse },
    },
  }, async () => {
    const r = registry();
    return {
      types: r.list('plot').map((p) => ({ name: p.name, description: p.description, marks: [...p.marks], options: plotOptionsJsonSchema(p) })),
      renderers: r.list('renderer').map((p) => ({ name: p.name, description: p.description, marks: [...p.marks], svg: typeof p.renderSvg === 'function', html: typeof p.renderHtml === 'function' })),
      formats: r.list('exporter').map((e) => ({
        name: e.name,
        description: e.description,
        extension: e.extension,
        mediaType: e.mediaType,
        options: optionsJsonSchema(e.options),
      })),
    };
  });
}
