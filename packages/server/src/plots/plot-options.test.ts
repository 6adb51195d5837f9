import { describe, expect, it } from 'vitest';
import { BUILTIN_PLOTS } from '@runlens/core';
import { plotOptionsJsonSchema } from './plot-options.js';

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
