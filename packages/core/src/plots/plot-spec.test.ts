import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_THEME } from '../themes/builtin-themes.js';
import { plotSpecJsonSchema } from './plot-spec-json-schema.js';
import { PlotSpecSchema, type PlotSpecInput } from './plot-spec.js';

const minimal: PlotSpecInput = {
  version: 1,
  plot: 'curves',
  width: 640,
  height: 400,
  theme: DEFAULT_THEME,
  columns: 1,
  panels: [{ x: { label: 'step' }, y: { scale: 'log' }, marks: [{ type: 'line', label: 'run', x: [0, 1, 2], y: [1, null, 0.5] }] }],
  legend: { show: true, entries: [{ label: 'run', color: '#000', symbol: 'line' }] },
  warnings: [],
};

describe('PlotSpec', () => {
  it('accepts a minimal spec and fills defaults (linear scale, omitted 0)', () => {
    const spec = PlotSpecSchema.parse(minimal);
    expect(spec.panels[0]!.x.scale).toBe('linear');
    expect(spec.legend.omitted).toBe(0);
  });

  it('rejects NaN in a column (missing values are null) and an unknown mark type', () => {
    const nan = structuredClone(minimal);
    nan.panels[0]!.marks = [{ type: 'line', x: [0, 1], y: [Number.NaN, 1] }];
    expect(PlotSpecSchema.safeParse(nan).success).toBe(false);
    const bad = JSON.parse(JSON.stringify(minimal)) as { panels: { marks: { type: string }[] }[] };
    bad.panels[0]!.marks[0]!.type = 'sparkle';
    expect(PlotSpecSchema.safeParse(bad).success).toBe(false);
  });

  it('docs/plot-spec.schema.json is current (regenerate: npm run build && node scripts/generate-plot-spec-schema.mjs)', () => {
    const committed = readFileSync(new URL('../../../../docs/plot-spec.schema.json', import.meta.url), 'utf8');
    expect(JSON.parse(committed)).toEqual(JSON.parse(JSON.stringify(plotSpecJsonSchema())));
  });
});
