import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BUILTIN_PLOTS } from '@runlens/core';
import { optionsJsonSchema, plotOptionsJsonSchema } from './plot-options.js';

type Property = { description?: unknown };

describe('plotOptionsJsonSchema', () => {
  // The dashboard's panel editor shows each option's description as its help text (GET /api/v1/plots/types):
  // a new option without `.meta({ description })` fails here.
  it.each(BUILTIN_PLOTS.map((plot) => [plot.name, plot] as const))('describes every option of the built-in plot %s', (_name, plot) => {
    const properties = plotOptionsJsonSchema(plot).properties as Record<string, Property> | undefined;
    expect(Object.keys(properties ?? {}).length).toBeGreaterThan(0);
    const undescribed = Object.entries(properties ?? {})
      .filter(([, p]) => typeof p.description !== 'string' || p.description.trim() === '')
      .map(([name]) => name);
    expect(undescribed).toEqual([]);
  });
});

describe('optionsJsonSchema', () => {
  it('writes draft-07, which form generators and ajv read as they are, with defaults optional', () => {
    const schema = optionsJsonSchema(z.object({ alpha: z.number().gt(0).lt(1).default(0.05), kind: z.enum(['box', 'violin']).optional() }).strict());
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.required ?? []).toEqual([]);
    expect(schema.properties).toEqual({ alpha: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1, default: 0.05 }, kind: { type: 'string', enum: ['box', 'violin'] } });
  });

  it('leaves a part JSON Schema cannot express unconstrained instead of failing the whole listing', () => {
    const schema = optionsJsonSchema(z.object({ when: z.date(), n: z.number() }));
    expect((schema.properties as Record<string, unknown>).when).toEqual({});
    expect((schema.properties as Record<string, unknown>).n).toEqual({ type: 'number' });
  });
});
