/**
 * Golden SVGs of every sample spec through every renderer that draws SVG (see sample-specs.ts for what they
 * cover), each also rasterised to PNG for looking at. Accept intended changes with UPDATE_GOLDEN=1.
 */
import { describe, expect, it } from 'vitest';
import { compileVegaLiteSpec, MARK_TYPES, type PlotSpec } from '@runlens/core';
import { compile, type TopLevelSpec } from 'vega-lite';
import { BUILTIN_RENDERERS } from '../../packages/server/src/render/builtin-renderers.js';
import { expectGoldenRenders } from './golden-renders.js';
import { SAMPLE_SPECS } from './sample-specs.js';

const svgRenderers = BUILTIN_RENDERERS.filter((r) => r.renderSvg);

describe('the samples', () => {
  const specs: PlotSpec[] = Object.values(SAMPLE_SPECS).map((make) => make());

  it('use every mark type, scale, categorical ticks, grids, omitted legend entries and the three themes', () => {
    const marks = new Set(specs.flatMap((s) => s.panels.flatMap((p) => p.marks.map((m) => m.type))));
    expect([...marks].sort()).toEqual([...MARK_TYPES].sort());
    const scales = new Set(specs.flatMap((s) => s.panels.flatMap((p) => [p.x.scale, p.y.scale])));
    expect([...scales].sort()).toEqual(['linear', 'log', 'time']);
    expect(specs.some((s) => s.panels.some((p) => (p.x.ticks?.length ?? 0) > 0))).toBe(true);
    expect(specs.some((s) => s.columns > 1 && s.panels.length > s.columns)).toBe(true);
    expect(specs.some((s) => s.legend.omitted > 0)).toBe(true);
    expect(new Set(specs.map((s) => s.theme.name))).toEqual(new Set(['default', 'dark', 'publication']));
  });

  it('compile to Vega-Lite without warnings', () => {
    for (const spec of specs) {
      const warnings: string[] = [];
      type Logger = NonNullable<NonNullable<Parameters<typeof compile>[1]>['logger']>;
      const logger: Logger = {
        level: () => 0,
        warn: (...args: unknown[]) => {
          warnings.push(args.join(' '));
          return logger;
        },
        info: () => logger,
        debug: () => logger,
        error: (...args: unknown[]) => {
          warnings.push(args.join(' '));
          return logger;
        },
      };
      compile(compileVegaLiteSpec(spec) as unknown as TopLevelSpec, { logger });
      expect({ plot: spec.plot, title: spec.title, warnings }).toEqual({ plot: spec.plot, title: spec.title, warnings: [] });
    }
  });
});

describe('goldens', () => {
  for (const [name, make] of Object.entries(SAMPLE_SPECS)) {
    it(name, async () => {
      expect(await expectGoldenRenders(name, make())).toEqual(svgRenderers.map((r) => `${r.name}-${name}`));
    });
  }
});
