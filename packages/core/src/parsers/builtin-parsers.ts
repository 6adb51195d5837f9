/**
 * The log-line parsers that ship with runlens.
 */
import type { ParserPlugin } from '../plugins/parser-plugin.js';
import type { PluginRegistry } from '../plugins/registry.js';
import { hfTrainerParser } from './hf-trainer-parser.js';
import { kerasParser } from './keras-parser.js';
import { kvParser } from './kv-parser.js';
import { lightningParser } from './lightning-parser.js';
import { nanoGptParser } from './nanogpt-parser.js';

/**
 * The built-in parsers, specific formats first and the generic `kv` last, so that detection ties go to a specific
 * format: `nanogpt`, `hf`, `keras`, `lightning`, `kv`.
 */
export const BUILTIN_PARSERS: ParserPlugin[] = [nanoGptParser, hfTrainerParser, kerasParser, lightningParser, kvParser];

/** Registers every built-in parser; throws CONFLICT if one of their names is taken already. */
export function registerBuiltinParsers(registry: PluginRegistry): void {
  for (const parser of BUILTIN_PARSERS) registry.register(parser);
}
