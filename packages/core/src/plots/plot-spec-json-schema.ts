/** The JSON Schema of PlotSpec, generated from its zod schemas: one source for types, validation and the schema. */
import { z } from 'zod';
import { PlotSpecSchema } from './plot-spec.js';

export const PLOT_SPEC_SCHEMA_ID = 'https://runlens.dev/schemas/plot-spec-v1.json';

/** The committed `docs/plot-spec.schema.json` is this, pretty-printed; a test fails when they differ. */
export function plotSpecJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(PlotSpecSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  return { ...schema, $id: PLOT_SPEC_SCHEMA_ID, title: 'runlens PlotSpec', description: 'The renderer-agnostic plot grammar of runlens (packages/core/src/plots/plot-spec.ts).' };
}
