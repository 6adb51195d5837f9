import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlotSpecSchema } from '@runlens/core';
import { testRegistry } from '../../../../../test/helpers/plot-test-plugins.js';
import { decodePng } from '../../../../../test/helpers/png-decode.js';
import { pdfPageCount } from '../../../../../test/helpers/pdf-text.js';
import { BUILTIN_EXPORTERS } from '../../export/plot/builtin-exporters.js';
import { SqliteStore } from '../../store/sqlite-store.js';
import { buildApp, type BuiltApp } from '../app.js';
import { warningsHeader } from './plots.js';
import type { PlotSettings } from '../../plots/plot-request.js';

let store: SqliteStore;
let built: BuiltApp;
const rendered: { plot: string; renderer: string; ms: number }[] = [];

beforeAll(async () => {
  store = new SqliteStore({ dataDir: ':memory:' });
  const { run } = await store.createRun({ project: 'p', name: '<script>alert(1)</script> ü' });
  await store.appendPoints(run.id, [{ key: 'loss', steps: [0, 1, 2], values: [3, 2, 1], times: [0, 1, 2] }]);
  built = await buildApp({ store, registry: testRegistry(BUILTIN_EXPORTERS) });
  built.bus.on('plot.rendered', (e) => void rendered.push(e));
});
afterAll(async () => {
  await built.close();
  await store.close();
});

const render = (body: Record<string, unknown>) => built.app.inject({ method: 'POST', url: '/api/v1/plots/render', payload: { type: 'test-lines', renderer: 'fixed-svg', ...body } });

describe('POST /api/v1/plots/render', () => {
  it('svg: the file, its content type, sandboxed, timings, names escaped; publishes plot.rendered', async () => {
    const res = await render({ title: 'Loss' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/svg+xml');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(String(res.headers['content-security-policy'])).toMatch(/sandbox/);
    expect(res.headers['content-disposition']).toBe('inline; filename="test-lines.svg"');
    expect(String(res.headers['server-timing'])).toMatch(/^resolve;dur=[\d.]+, load;dur=[\d.]+, compile;dur=[\d.]+, export;dur=[\d.]+, total;dur=[\d.]+$/);
    expect(JSON.parse(String(res.headers['x-runlens-warnings']))).toEqual([]);
    expect(res.body).toMatch(/^<svg/);
    expect(res.body).not.toContain('<script>');
    expect(res.body).toContain('&#60;script&#62;alert(1)&#60;/script&#62; ü loss');
    expect(rendered.at(-1)).toMatchObject({ plot: 'test-lines', renderer: 'fixed-svg' });
  });

  it('png with export options, pdf, csv, html', async () => {
    const png = await render({ format: 'png', width: 120, height: 80, exportOptions: { scale: 2 } });
    expect(png.headers['content-type']).toBe('image/png');
    expect(decodePng(png.rawPayload)).toMatchObject({ width: 240, height: 160 });
    const pdf = await render({ format: 'pdf' });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdfPageCount(pdf.rawPayload).pages).toBe(1);
    const csv = await render({ format: 'csv' });
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.body.split('\n')[1]).toMatch(/^0,,line,<script>alert\(1\)<\/script> ü loss,\w+,0,0,3$/);
    const html = await render({ format: 'html' });
    expect(html.headers['content-disposition']).toBe('attachment; filename="test-lines.html"');
    expect(html.headers['content-security-policy']).toBe('sandbox allow-scripts');
  });

  it('spec: JSON with the spec and warnings (non-ASCII warnings escaped in the header)', async () => {
    const res = await render({ format: 'spec', options: { metrics: ['förlust'] } });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ spec: unknown; warnings: string[] }>();
    expect(PlotSpecSchema.parse(body.spec).plot).toBe('test-lines');
    expect(body.warnings[0]).toBe('no selected run has a metric "förlust" (metrics: loss)');
    expect(String(res.headers['x-runlens-warnings'])).toContain('f\\u00f6rlust');
    expect(JSON.parse(String(res.headers['x-runlens-warnings']))).toEqual(body.warnings);
  });

  it.each([
    [{ type: 'nope' }, 'unknown plot: nope (one of test-lines, test-boxes)'],
    [{ options: { colour: 'red' } }, 'unknown option "colour" for plot test-lines; valid options: metrics, x, points, smooth'],
    [{ format: 'gif' }, 'unknown format: gif (one of svg, png, pdf, html, csv, json, spec)'],
    [{ renderer: 'nope' }, 'unknown renderer: nope (one of fixed-svg, browser-only)'],
    [{ width: 10 }, 'body width: Too small: expected number to be >=50'],
    [{ selection: { filter: 'params.lr >' } }, /filter|expected/i],
  ])('%j → 400 %s', async (body, message) => {
    const res = await render(body);
    expect(res.statusCode).toBe(400);
    const err = res.json<{ error: { code: string; message: string } }>().error;
    expect(err.code).toMatch(/VALIDATION|FILTER_SYNTAX/);
    if (typeof message === 'string') expect(err.message).toBe(message);
    else expect(err.message).toMatch(message);
  });
});

describe('warnings header', () => {
  it('stays small however many warnings there are, and says how many it left out', () => {
    const many = Array.from({ length: 500 }, (_, i) => `run ${i} <script> has no "x" metric`);
    const value = warningsHeader(many);
    expect(value.length).toBeLessThanOrEqual(4096);
    const parsed = JSON.parse(value) as string[];
    expect(parsed.at(-1)).toMatch(/^\d+ more warnings: ask for format spec to see all$/);
    expect(parsed.length - 1 + Number(/^\d+/.exec(parsed.at(-1)!)![0])).toBe(500);
    expect(JSON.parse(warningsHeader(['ä']))).toEqual(['ä']);
    expect(warningsHeader(['ä'])).toBe('["\\u00e4"]');
  });
});

describe('GET /api/v1/plots/types', () => {
  it('lists plot types with options JSON Schema, renderers and formats', async () => {
    const res = await built.app.inject({ url: '/api/v1/plots/types' });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ types: { name: string; marks: string[]; options: { properties: Record<string, unknown> } }[]; renderers: { name: string; svg: boolean }[]; formats: { name: string; extension: string }[] }>();
    expect(body.types.map((t) => t.name)).toEqual(['test-lines', 'test-boxes']);
    expect(Object.keys(body.types[0]!.options.properties)).toEqual(['metrics', 'x', 'points', 'smooth']);
    expect(body.renderers).toEqual([
      expect.objectContaining({ name: 'fixed-svg', svg: true }),
      expect.objectContaining({ name: 'browser-only', svg: false }),
    ]);
    expect(body.formats.map((f) => f.extension)).toEqual(['svg', 'png', 'pdf', 'html', 'csv', 'json', 'spec.json']);
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await built.app.inject({ url: '/api/openapi.json' })).json<{ paths: Record<string, Record<string, { responses: Record<string, { content: Record<string, unknown> }> }>> }>();
    expect(Object.keys(doc.paths['/api/v1/plots/render']!.post!.responses['200']!.content)).toContain('image/png');
    expect(doc.paths['/api/v1/plots/types']).toBeDefined();
  });
});

describe('plot series cache', () => {
  it('a second render reads its series from the cache; new points make the next render read them again', async () => {
    const cache = built.plotCache;
    const { run } = await store.createRun({ project: 'cached', name: 'c' });
    await store.appendPoints(run.id, [{ key: 'acc', steps: [0, 1], values: [0.1, 0.2], times: [0, 1] }]);
    const body = { format: 'spec', options: { metrics: ['acc'] }, selection: { projects: ['cached'] } };
    const first = await render(body);
    expect(first.statusCode, first.body).toBe(200);
    const before = cache.stats();
    const second = await render(body);
    expect(second.json()).toEqual(first.json());
    expect(cache.stats().hits).toBe(before.hits + 1);

    await store.appendPoints(run.id, [{ key: 'acc', steps: [2], values: [0.9], times: [2] }]);
    const third = await render(body);
    expect(JSON.stringify(third.json())).toContain('0.9');
    expect(cache.stats().misses).toBeGreaterThan(before.misses);
  });
});

describe('plot settings from the server config', () => {
  it('fills in theme, renderer and size a request leaves out, knows the user themes, and reads them per request', async () => {
    let settings: PlotSettings = { theme: 'poster', userThemes: { poster: { extends: 'dark', background: '#102030' } }, renderer: 'fixed-svg', width: 640, height: 320 };
    const app = await buildApp({ store, registry: testRegistry(BUILTIN_EXPORTERS), plotSettings: () => settings });
    try {
      const spec = async (body: Record<string, unknown>) => {
        const res = await app.app.inject({ method: 'POST', url: '/api/v1/plots/render', payload: { type: 'test-lines', format: 'spec', ...body } });
        expect(res.statusCode, res.body).toBe(200);
        return res.json<{ spec: { width: number; height: number; theme: { name: string; background: string } } }>().spec;
      };
      expect(await spec({})).toMatchObject({ width: 640, height: 320, theme: { name: 'poster', background: '#102030' } });
      const svg = await app.app.inject({ method: 'POST', url: '/api/v1/plots/render', payload: { type: 'test-lines' } });
      expect(svg.statusCode, svg.body).toBe(200);
      expect(svg.body).toContain('<rect width="640" height="320" fill="#102030"/>');
      // the request wins over the config
      expect(await spec({ theme: 'default', width: 300, height: 200 })).toMatchObject({ width: 300, height: 200, theme: { name: 'default' } });
      expect(await spec({ theme: 'poster' })).toMatchObject({ theme: { background: '#102030' } });

      // a reloaded config applies to the next request
      settings = { ...settings, theme: 'night', userThemes: { poster: { background: '#405060' }, night: { extends: 'dark', background: '#0a0b0c' } }, width: 500 };
      expect(await spec({})).toMatchObject({ width: 500, height: 320, theme: { name: 'night', background: '#0a0b0c' } });
      expect(await spec({ theme: 'poster' })).toMatchObject({ theme: { name: 'poster', background: '#405060' } });
      const unknown = await app.app.inject({ method: 'POST', url: '/api/v1/plots/render', payload: { type: 'test-lines', theme: 'nope' } });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.body).toMatch(/poster/);
    } finally {
      await app.close();
    }
  });

  it('without settings, the request schema defaults apply (echarts, 800×500, the default theme)', async () => {
    const res = await render({ format: 'spec', renderer: undefined });
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatch(/echarts/);
    expect((await render({ format: 'spec' })).json<{ spec: { width: number; height: number; theme: { name: string } } }>().spec).toMatchObject({ width: 800, height: 500, theme: { name: 'default' } });
  });
});
