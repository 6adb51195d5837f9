import { z } from 'zod';
import { CreateProjectBody, ErrorSchema, ProjectSchema } from '@runlens/core';
import type { App, RouteContext } from '../context.js';

export async function projectRoutes(app: App, { store }: RouteContext): Promise<void> {
  app.post('/api/v1/projects', {
    schema: { tags: ['projects'], summary: 'Create a project (idempotent)', body: CreateProjectBody, response: { 200: ProjectSchema, 400: ErrorSchema } },
  }, async (req) => store.ensureProject(req.body.name, req.body.description, req.body.tags));

  app.get('/api/v1/projects', {
    schema: { tags: ['projects'], summary: 'List projects with run counts', response: { 200: z.object({ projects: z.array(ProjectSchema) }) } },
  }, async () => ({ projects: await store.listProjects() }));
}
