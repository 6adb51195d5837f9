/** Saved dashboards (workspaces): `GET/POST /api/v1/dashboards`, `GET/PUT/DELETE /api/v1/dashboards/{id}`. */
import { z } from 'zod';
import { DashboardInputSchema, DashboardSchema, DashboardSummarySchema, ErrorSchema, RunlensError } from '@runlens/core';
import type { App, RouteContext } from '../context.js';

const IdParams = z.object({ id: z.string().min(1).max(64) });

export async function dashboardRoutes(app: App, { store }: RouteContext): Promise<void> {
  app.get('/api/v1/dashboards', {
    schema: { tags: ['dashboards'], summary: 'List saved dashboards, most recently updated first', response: { 200: z.object({ dashboards: z.array(DashboardSummarySchema) }) } },
  }, async () => ({ dashboards: await store.listDashboards() }));

  app.post('/api/v1/dashboards', {
    schema: {
      tags: ['dashboards'],
      summary: 'Save a new dashboard',
      description: 'A name and a spec: panels (plot type, options, grid layout x/y/w/h on 12 columns), widget state and run selection. Answers with the stored dashboard and its id.',
      body: DashboardInputSchema,
      response: { 201: DashboardSchema, 400: ErrorSchema },
    },
  }, async (req, reply) => reply.status(201).send(await store.createDashboard(req.body)));

  app.get('/api/v1/dashboards/:id', {
    schema: { tags: ['dashboards'], summary: 'Get a dashboard with its spec', params: IdParams, response: { 200: DashboardSchema, 404: ErrorSchema } },
  }, async (req) => {
    const d = await store.getDashboard(req.params.id);
    if (!d) throw new RunlensError('NOT_FOUND', `dashboard ${req.params.id} not found`, { dashboard: req.params.id });
    return d;
  });

  app.put('/api/v1/dashboards/:id', {
    schema: { tags: ['dashboards'], summary: 'Replace a dashboard (name, description, spec)', params: IdParams, body: DashboardInputSchema, response: { 200: DashboardSchema, 400: ErrorSchema, 404: ErrorSchema } },
  }, async (req) => store.updateDashboard(req.params.id, req.body));

  app.delete('/api/v1/dashboards/:id', {
    schema: { tags: ['dashboards'], summary: 'Delete a dashboard', params: IdParams, response: { 204: z.null(), 404: ErrorSchema } },
  }, async (req, reply) => {
    if (!(await store.deleteDashboard(req.params.id))) throw new RunlensError('NOT_FOUND', `dashboard ${req.params.id} not found`, { dashboard: req.params.id });
    return reply.status(204).send(null);
  });
}
