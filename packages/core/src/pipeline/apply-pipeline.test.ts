import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RunlensError } from '../errors.js';
import { PLUGIN_API_VERSION, PluginRegistry } from '../plugins/registry.js';
import { applyPipeline, canonicalPipeline, parsePipeline, resolvePipeline } from './apply-pipeline.js';
import { BUILTIN_PROCESSORS } from './builtin-processors.js';
import type { ProcessorPlugin } from './processor-plugin.js';
import type { SeriesFrame } from './series-frame.js';

function builtinRegistry(): PluginRegistry {
  const registry = new PluginRegistry();
  for (const p of BUILTIN_PROCESSORS) registry.register(p);
  return registry;
}

const frame = (y: number[]): SeriesFrame => ({ x: Float64Array.from(y, (_, i) => i), y: Float64Array.from(y) });
const thrown = (f: () => unknown): RunlensError => {
  try {
    f();
  } catch (e) {
    if (e instanceof RunlensError) return e;
    throw e;
  }
  throw new Error('expected a RunlensError');
};

describe('parsePipeline', () => {
  it('reads steps separated by commas, a shorthand value and named options', () => {
    expect(parsePipeline('ema:0.6')).toEqual([{ name: 'ema', value: 0.6, options: {} }]);
    expect(parsePipeline(' impute:linear , running-average:window=5:align=centred,normalize ')).toEqual([
      { name: 'impute', value: 'linear', options: {} },
      { name: 'running-average', options: { window: 5, align: 'centred' } },
      { name: 'normalize', options: {} },
    ]);
    expect(parsePipeline('gaussian:2:unit=x')).toEqual([{ name: 'gaussian', value: 2, options: { unit: 'x' } }]);
    expect(parsePipeline('x:flag=true:n=-1.5e3')).toEqual([{ name: 'x', options: { flag: true, n: -1500 } }]);
  });

  it('reads none and the empty text as the empty pipeline', () => {
    expect(parsePipeline('none')).toEqual([]);
    expect(parsePipeline('  ')).toEqual([]);
  });

  it('rejects broken syntax with the step named', () => {
    expect(() => parsePipeline('ema:0.6,,gaussian')).toThrow(/step 2 is empty/);
    expect(() => parsePipeline('ema:0.6|normalize')).toThrow(/separated by ",", not "\|"/);
    expect(() => parsePipeline('<script>:1')).toThrow(/invalid processor name "<script>"/);
    expect(() => parsePipeline('ema:weight=')).toThrow(/no value for option weight/);
    expect(() => parsePipeline('ema:weight=1:weight=2')).toThrow(/sets option weight twice/);
    expect(() => parsePipeline('running-average:window=3:centred')).toThrow(/without a name/);
    expect(() => parsePipeline('ema:')).toThrow(/empty value/);
    expect(() => parsePipeline(Array(21).fill('ema').join(','))).toThrow(/21 steps/);
    expect(() => parsePipeline('ema'.repeat(1000))).toThrow(/characters/);
  });
});

describe('resolvePipeline', () => {
  const registry = builtinRegistry();

  it('maps the shorthand value onto its option and fills in defaults', () => {
    const [step] = resolvePipeline(parsePipeline('running-average:3'), registry);
    expect(step!.processor.name).toBe('running-average');
    expect(step!.options).toEqual({ window: 3, align: 'trailing' });
  });

  it('gives one canonical form however a step is written', () => {
    const a = canonicalPipeline(resolvePipeline(parsePipeline('ema:0.6'), registry));
    const b = canonicalPipeline(resolvePipeline(parsePipeline('ema:weight=0.6'), registry));
    const c = canonicalPipeline(resolvePipeline(parsePipeline('ema'), registry));
    expect(a).toEqual(b);
    expect(a).toEqual(c);
    expect(a).toEqual([{ name: 'ema', options: { weight: 0.6 } }]);
  });

  it('lists the valid processors for an unknown name', () => {
    const e = thrown(() => resolvePipeline(parsePipeline('smooth:0.6'), registry));
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toBe(
      'unknown processor: smooth (one of ema, time-ema, gaussian, running-average, impute, remove-outliers, normalize)',
    );
  });

  it('names the processor and option for a bad value', () => {
    const e = thrown(() => resolvePipeline(parsePipeline('ema:1.5'), registry));
    expect(e.message).toMatch(/^invalid option weight of processor ema: 1.5 \(/);
    expect(e.details).toEqual({ field: 'weight' });
    expect(thrown(() => resolvePipeline(parsePipeline('normalize:median'), registry)).message).toMatch(
      /invalid option method of processor normalize: "median" \(.*minmax/,
    );
    expect(thrown(() => resolvePipeline(parsePipeline('ema:abc'), registry)).message).toMatch(
      /invalid option weight of processor ema: "abc"/,
    );
    expect(thrown(() => resolvePipeline(parsePipeline('remove-outliers:window=4'), registry)).message).toMatch(
      /option window of processor remove-outliers: 4 \(must be odd/,
    );
  });

  it('lists the options for an unknown option', () => {
    expect(thrown(() => resolvePipeline(parsePipeline('gaussian:width=3'), registry)).message).toBe(
      'unknown option width of processor gaussian (options: sigma, unit)',
    );
  });

  it('rejects a value given twice and a value for a processor without shorthand', () => {
    expect(() => resolvePipeline([{ name: 'ema', value: 0.5, options: { weight: 0.5 } }], registry)).toThrow(
      /option weight is given twice/,
    );
    const noShorthand: ProcessorPlugin<{ k: number }> = {
      kind: 'processor',
      name: 'plain',
      apiVersion: PLUGIN_API_VERSION,
      description: 'test',
      options: z.strictObject({ k: z.number().default(1) }),
      apply: (f) => f,
    };
    const r = builtinRegistry();
    r.register(noShorthand);
    expect(() => resolvePipeline(parsePipeline('plain:3'), r)).toThrow(/plain takes no shorthand value \(options: k\)/);
  });
});

describe('applyPipeline', () => {
  const registry = builtinRegistry();

  it('runs the steps left to right', () => {
    const input = frame([2, NaN, 6, 8]);
    const out = applyPipeline(input, parsePipeline('impute:linear,normalize:first'), registry);
    expect(Array.from(out.y)).toEqual([1, 2, 3, 4]);
    const reversed = applyPipeline(input, parsePipeline('normalize:first,impute:previous'), registry);
    expect(Array.from(reversed.y)).toEqual([1, 1, 3, 4]);
    expect(Array.from(input.y)).toEqual([2, NaN, 6, 8]);
  });

  it('returns the frame itself for the empty pipeline', () => {
    const input = frame([1, 2]);
    expect(applyPipeline(input, parsePipeline('none'), registry)).toBe(input);
  });

  it('rejects a frame with columns of different lengths', () => {
    const bad = { x: Float64Array.of(1, 2), y: Float64Array.of(1) };
    expect(() => applyPipeline(bad, [], registry)).toThrow(/invalid frame from input: 2 x values, 1 y values/);
  });

  it('catches a processor that breaks the frame', () => {
    const broken: ProcessorPlugin<Record<string, never>> = {
      kind: 'processor',
      name: 'broken',
      apiVersion: PLUGIN_API_VERSION,
      description: 'test',
      options: z.strictObject({}),
      apply: (f) => ({ x: f.x, y: f.y.subarray(1) }),
    };
    const r = builtinRegistry();
    r.register(broken);
    const e = thrown(() => applyPipeline(frame([1, 2, 3]), parsePipeline('broken'), r));
    expect(e.code).toBe('INTERNAL');
    expect(e.message).toMatch(/processor broken: 3 x values, 2 y values/);
  });
});
