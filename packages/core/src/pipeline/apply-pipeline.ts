/**
 * Pipelines of processors: parsing the text form (`impute:linear,ema:0.6`), resolving names and options through the
 * registry, and running the steps over a frame.
 */
import { z } from 'zod';
import { RunlensError } from '../errors.js';
import type { PluginRegistry } from '../plugins/registry.js';
import type { ProcessorPlugin } from './processor-plugin.js';
import type { SeriesFrame } from './series-frame.js';

/** A value written in a pipeline's text: numbers and `true`/`false` are parsed, anything else stays a string. */
export type PipelineValue = string | number | boolean;

/**
 * One step as written: a processor name, an optional shorthand value (`ema:0.6` → value 0.6, which the processor
 * maps to its shorthand option) and named options (`running-average:window=5:align=centred`).
 */
export interface PipelineStep {
  readonly name: string;
  readonly value?: PipelineValue | undefined;
  readonly options?: Readonly<Record<string, unknown>> | undefined;
}

/** A step checked against its processor: options validated with defaults filled in. */
export interface ResolvedStep {
  readonly processor: ProcessorPlugin<unknown>;
  /** The validated options, as the processor's `apply` receives them. */
  readonly options: unknown;
}

/** Longer pipelines are surely a mistake (or an attack on the server's time). */
export const MAX_PIPELINE_STEPS = 20;
const MAX_PIPELINE_TEXT = 2000;
const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?$/i;
const STEP_NAME = /^(?:[a-z][a-z0-9]*(?:-[a-z0-9]+)*\/)?[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const OPTION_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/**
 * Parses a pipeline's text form. Steps are separated by `,` and run left to right; a step is `name`, then
 * optionally `:value` (the processor's shorthand option) and `:option=value` pairs, all separated by `:`.
 * `none` or an empty text is the empty pipeline. Whitespace around the parts is ignored.
 *
 * Only the syntax is checked here; {@link resolvePipeline} checks names and options against the registry.
 *
 * @example
 * parsePipeline('ema:0.6') // [{ name: 'ema', value: 0.6, options: {} }]
 * parsePipeline('impute:linear, running-average:window=5:align=centred, normalize:first')
 */
export function parsePipeline(text: string): PipelineStep[] {
  if (text.length > MAX_PIPELINE_TEXT) {
    throw new RunlensError('VALIDATION', `invalid pipeline: ${text.length} characters (at most ${MAX_PIPELINE_TEXT})`, {
      field: 'pipeline',
    });
  }
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === 'none') return [];
  if (trimmed.includes('|')) {
    throw new RunlensError('VALIDATION', `invalid pipeline ${JSON.stringify(trimmed)}: steps are separated by ",", not "|" (e.g. "ema:0.6,normalize:minmax")`, {
      field: 'pipeline',
    });
  }
  const parts = trimmed.split(',');
  if (parts.length > MAX_PIPELINE_STEPS) {
    throw new RunlensError('VALIDATION', `invalid pipeline: ${parts.length} steps (at most ${MAX_PIPELINE_STEPS})`, {
      field: 'pipeline',
    });
  }
  return parts.map((part, index) => parseStep(part, index, trimmed));
}

function parseStep(part: string, index: number, text: string): PipelineStep {
  const [rawName = '', ...args] = part.split(':').map((s) => s.trim());
  const fail = (why: string): never => {
    throw new RunlensError('VALIDATION', `invalid pipeline ${JSON.stringify(text)}: step ${index + 1} ${why}`, {
      field: 'pipeline',
      index,
    });
  };
  if (rawName === '') fail('is empty (steps are separated by ",", e.g. "ema:0.6,normalize:minmax")');
  if (!STEP_NAME.test(rawName)) fail(`has an invalid processor name ${JSON.stringify(rawName)}`);
  let value: PipelineValue | undefined;
  const options: Record<string, PipelineValue> = {};
  args.forEach((arg, k) => {
    const eq = arg.indexOf('=');
    if (eq < 0) {
      if (k > 0) fail(`(${rawName}) has a value ${JSON.stringify(arg)} without a name: write option=value`);
      if (arg === '') fail(`(${rawName}) has an empty value after ":"`);
      value = parseValue(arg);
      return;
    }
    const key = arg.slice(0, eq).trim();
    const raw = arg.slice(eq + 1).trim();
    if (!OPTION_NAME.test(key)) fail(`(${rawName}) has an invalid option name ${JSON.stringify(key)}`);
    if (raw === '') fail(`(${rawName}) has no value for option ${key}`);
    if (Object.hasOwn(options, key)) fail(`(${rawName}) sets option ${key} twice`);
    options[key] = parseValue(raw);
  });
  return value === undefined ? { name: rawName, options } : { name: rawName, value, options };
}

function parseValue(raw: string): PipelineValue {
  if (NUMBER.test(raw)) return Number(raw);
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  return raw;
}

/**
 * Looks each step's processor up in the registry and validates its options (defaults filled in), so that a bad
 * pipeline fails before any data is read. Throws a VALIDATION {@link RunlensError}: for an unknown processor,
 * listing the registered ones; for a bad option, naming the processor and the option and listing its options.
 */
export function resolvePipeline(steps: readonly PipelineStep[], registry: PluginRegistry): ResolvedStep[] {
  if (steps.length > MAX_PIPELINE_STEPS) {
    throw new RunlensError('VALIDATION', `invalid pipeline: ${steps.length} steps (at most ${MAX_PIPELINE_STEPS})`, {
      field: 'pipeline',
    });
  }
  return steps.map((step) => {
    const processor = registry.require('processor', step.name);
    const input: Record<string, unknown> = { ...step.options };
    if (step.value !== undefined) {
      const key = processor.shorthand;
      if (key === undefined) {
        throw new RunlensError(
          'VALIDATION',
          `invalid step ${step.name}:${String(step.value)}: processor ${step.name} takes no shorthand value (options: ${optionNames(processor)})`,
          { field: 'pipeline' },
        );
      }
      if (Object.hasOwn(input, key)) {
        throw new RunlensError('VALIDATION', `invalid step ${step.name}: option ${key} is given twice (as the value and as ${key}=)`, {
          field: key,
        });
      }
      input[key] = step.value;
    }
    const parsed = processor.options.safeParse(input);
    if (!parsed.success) throw optionError(processor, input, parsed.error);
    return { processor, options: parsed.data };
  });
}

/**
 * Runs `steps` over `frame`, each processor found in `registry` by name. Pure: the frame is not mutated. Throws a
 * VALIDATION {@link RunlensError} for unknown processors and bad options (see {@link resolvePipeline}) and for a
 * frame whose columns differ in length.
 *
 * @example applyPipeline(frame, parsePipeline('ema:0.6'), registry)
 */
export function applyPipeline(frame: SeriesFrame, steps: readonly PipelineStep[], registry: PluginRegistry): SeriesFrame {
  return applyResolvedPipeline(frame, resolvePipeline(steps, registry));
}

/** Runs already-resolved steps (resolve once, apply to many frames). */
export function applyResolvedPipeline(frame: SeriesFrame, steps: readonly ResolvedStep[]): SeriesFrame {
  checkFrame(frame, 'input');
  let current = frame;
  for (const { processor, options } of steps) {
    current = processor.apply(current, options);
    // A third-party processor that breaks the frame's shape is caught here, not three steps later in a renderer.
    checkFrame(current, `processor ${processor.name}`);
  }
  return current;
}

/**
 * The steps with every option spelled out (defaults included), in a form that hashes the same however the
 * pipeline was written: `ema:0.6` and `ema:weight=0.6` give one value. For cache keys.
 */
export function canonicalPipeline(steps: readonly ResolvedStep[]): { name: string; options: unknown }[] {
  return steps.map((s) => ({ name: s.processor.name, options: s.options }));
}

function checkFrame(frame: SeriesFrame, source: string): void {
  const n = frame.x.length;
  const bad = frame.y.length !== n || (frame.t !== undefined && frame.t.length !== n);
  if (!bad) return;
  const t = frame.t ? `, ${frame.t.length} t values` : '';
  const message = `invalid frame from ${source}: ${n} x values, ${frame.y.length} y values${t} (expected equal lengths)`;
  throw new RunlensError(source === 'input' ? 'VALIDATION' : 'INTERNAL', message);
}

function optionNames(processor: ProcessorPlugin<unknown>): string {
  const schema = processor.options;
  const names = schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
  return names.length ? names.join(', ') : 'none';
}

function optionError(processor: ProcessorPlugin<unknown>, input: Record<string, unknown>, error: z.ZodError): RunlensError {
  const issue = error.issues[0];
  const name = processor.name;
  if (issue?.code === 'unrecognized_keys') {
    const keys = issue.keys.join(', ');
    return new RunlensError('VALIDATION', `unknown option ${keys} of processor ${name} (options: ${optionNames(processor)})`, {
      field: issue.keys[0],
    });
  }
  const option = issue?.path.length ? String(issue.path[0]) : undefined;
  if (option === undefined) {
    return new RunlensError('VALIDATION', `invalid options of processor ${name}: ${issue?.message ?? 'rejected'}`, {
      field: 'pipeline',
    });
  }
  const given = input[option];
  return new RunlensError(
    'VALIDATION',
    `invalid option ${option} of processor ${name}: ${given === undefined ? 'missing' : typeof given === 'string' ? JSON.stringify(given) : String(given)} (${issue?.message})`,
    { field: option },
  );
}
