import { z } from 'zod';
import { ErrorSchema } from '@runlens/core';
import type { App, RouteContext } from '../context.js';
import { importerNamed } from '../../plugins/builtin-registry.js';
import { StoreRecordSink } from '../../ingest/store-sink.js';
import { runImport } from '../../import/run-import.js';

const ImportBody = z.object({
  kind: z.string().meta({ description: 'tensorboard | mlflow | hf | csv | jsonl' }),
  path: z.string().min(1).max(4096).meta({ description: "A path on the server's filesystem" }),
  project: z.string().optional(),
  includeDeleted: z.boolean().optional(),
});

const ImportSummarySchema = z.object({
  importer: z.string(),
  path: z.string(),
  runsCreated: z.number(),
  runsExisting: z.number(),
  series: z.number(),
  points: z.number(),
  updates: z.number(),
  logLines: z.number(),
  histograms: z.number(),
  texts: z.number(),
  rejected: z.array(z.object({ record: z.string(), run: z.string(), reason: z.string() })),
  warnings: z.array(z.string()),
  durationMs: z.number(),
});

export async function importRoutes(app: App, { store }: RouteContext): Promise<void> {
  app.post('/api/v1/import', {
    schema: {
      tags: ['import'],
      summary: "Import runs from a path on the server's filesystem",
      description: 'Runs the importer in the server, into its store, and answers when done. Importing the same source twice adds nothing. The server only listens beyond loopback with a token, so only its owner can point it at files.',
      body: ImportBody,
      response: { 200: ImportSummarySchema, 400: ErrorSchema, 404: ErrorSchema },
    },
  }, async (req) => {
    const importer = importerNamed(req.body.kind);
    return runImport(importer, req.body.path, new StoreRecordSink(store), { project: req.body.project, includeDeleted: req.body.includeDeleted });
  });
}
