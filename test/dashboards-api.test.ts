/** `/api/v1/dashboards` through app.inject: save, read, list, replace, delete, and specs refused whole. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp, type BuiltApp } from '../packages/server/src/server/app.js';
import { SqliteStore } from '../packages/server/src/store/sqlite-store.js';

let store: SqliteStore;
let built: BuiltApp;

beforeEach(async () => {
  store = new SqliteStore({ dataDir: ':memory:' });
  built = await buildApp({ store });
});
afterEach(async () => {
  await built.close();
  await store.close();
});

const spec = {
  panels: [
    { id: 'a', type: 'curves', options: { metrics: ['/loss/'] }, layout: { x: 0, y: 0, w: 6, h: 4 } },
    { id: 'b', type: 'parallel', options: {}, layout: { x: 6, y: 0, w: 6, h: 4 } },
  ],
  widgets: { smoother: 'gaussian', smoothing: 0.3, logY: true, groupBy: 'group', band: 'ci95' },
  selection: { project: 'demo' },
};

describe('dashboards', () => {
  it('saves, reads, lists, replaces and deletes a dashboard', async () => {
    const created = await built.app.inject({ method: 'POST', url: '/api/v1/dashboards', payload: { name: 'overview', spec } });
    expect(created.statusCode, created.body).toBe(201);
    const d = created.json<{ id: string; spec: typeof spec & { version: number } }>();
    expect(d.spec).toEqual({ version: 1, ...spec });
    const got = await built.app.inject({ url: `/api/v1/dashboards/${d.id}` });
    expect(got.json()).toEqual(d);
    const list = await built.app.inject({ url: '/api/v1/dashboards' });
    expect(list.json()).toMatchObject({ dashboards: [{ id: d.id, name: 'overview', panels: 2 }] });
    const put = await built.app.inject({ method: 'PUT', url: `/api/v1/dashboards/${d.id}`, payload: { name: 'renamed', spec: { ...spec, panels: [spec.panels[0]] } } });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ id: d.id, name: 'renamed', spec: { panels: [{ id: 'a' }] } });
    expect((await built.app.inject({ method: 'DELETE', url: `/api/v1/dashboards/${d.id}` })).statusCode).toBe(204);
    expect((await built.app.inject({ url: `/api/v1/dashboards/${d.id}` })).statusCode).toBe(404);
    expect((await built.app.inject({ method: 'DELETE', url: `/api/v1/dashboards/${d.id}` })).statusCode).toBe(404);
    expect((await built.app.inject({ method: 'PUT', url: `/api/v1/dashboards/${d.id}`, payload: { name: 'x', spec } })).statusCode).toBe(404);
  });

  it('refuses a bad spec whole, naming the field', async () => {
    const bad = [
      { name: '', spec },
      { name: 'x', spec: { ...spec, panels: [{ ...spec.panels[0], layout: { x: 10, y: 0, w: 6, h: 4 } }] } },
      { name: 'x', spec: { ...spec, panels: [spec.panels[0], spec.panels[0]] } },
      { name: 'x', spec: { ...spec, widgets: { smoother: 'wiggle' } } },
    ];
    for (const payload of bad) {
      const res = await built.app.inject({ method: 'POST', url: '/api/v1/dashboards', payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json<{ error: { code: string } }>().error.code).toBe('VALIDATION');
    }
    expect((await built.app.inject({ url: '/api/v1/dashboards' })).json()).toEqual({ dashboards: [] });
  });
});
