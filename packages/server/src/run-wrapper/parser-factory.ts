/** Turns a `--parser` value into the factory the recorder calls once per stream. */
import { RunlensError, createAutoParser, type ParserPlugin } from '@runlens/core';
import type { ParserFactory } from './output-recorder.js';

/** `--parser` values besides the registered parsers' names. */
export const PARSER_CHOICES = ['auto', 'none'] as const;

/**
 * `none` → no parsing (undefined); `auto` → a parser that detects the format from the stream's first lines;
 * any other value → the registered parser of that name. An unknown name is a VALIDATION error listing the valid ones.
 *
 * @example
 * parserFactory('nanogpt', builtinRegistry().list('parser'))!().push('iter 3: loss 2.5') // [{ step: 3, ... }]
 */
export function parserFactory(name: string, parsers: readonly ParserPlugin[]): ParserFactory | undefined {
  if (name === 'none') return undefined;
  if (name === 'auto') return () => createAutoParser(parsers);
  const plugin = parsers.find((p) => p.name === name);
  if (!plugin) throw new RunlensError('VALIDATION', `unknown parser: ${name} (one of ${[...PARSER_CHOICES, ...parsers.map((p) => p.name)].join(', ')})`);
  return () => plugin.createParser();
}
