/**
 * The fallback: `key=value` and `key: value` pairs with numeric values anywhere in a line,
 * e.g. `step=10 loss=0.5 acc: 0.9` or `[train] epoch: 3, loss: 0.25, lr=1e-4`.
 *
 * Rules, chosen so that ordinary log text yields nothing:
 * - a key starts with a letter or `_` and may hold letters, digits, `_`, `.`, `/` and `-` (`val/loss`); it must
 *   not directly follow such a character, so a command-line flag (`--lr=0.1`) or the tail of a path is not read;
 * - `=` takes no spaces around it (`n_layer = 8`, a config dump, is not a metric); `:` may be followed by spaces;
 * - the value must be a whole number token: `time=0.5s`, `10/100`, `12:30:45` and `262,144` are not read;
 * - a `step`, `iter`, `iteration` or `global_step` key (any case) with a non-negative integer gives the step and is
 *   not stored; lines without one take the next value of a counter that starts at 0 and follows the last step seen.
 */
import type { LineParser, ParsedMetrics, ParserPlugin } from '../plugins/parser-plugin.js';
import { PLUGIN_API_VERSION } from '../plugins/registry.js';
import { boundedSample } from './bounded-sample.js';
import { lineSegments } from './line-segments.js';
import { isUsableMetricKey } from './metric-key.js';
import { parseMetricNumber } from './parse-number.js';

/**
 * The look-behind lets a key start only at a word boundary, so the key part is tried once per word and a line of
 * one megabyte-long word costs one pass; the key is also capped at 256 characters.
 */
const PAIR =
  /(?<![\w./-])([A-Za-z_][\w./-]{0,255})(?:=|:[ \t]{0,8})([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?|[-+]?(?:nan|inf(?:inity)?))(?![\w.:/]|,\d)/gi;
const STEP_KEYS = new Set(['step', 'iter', 'iteration', 'global_step']);

/** The numeric pairs of one segment, in order; a repeated key keeps its last value. */
export function findKeyValues(segment: string): [string, number][] {
  const pairs: [string, number][] = [];
  for (const m of segment.matchAll(PAIR)) {
    const key = m[1] ?? '';
    const value = parseMetricNumber(m[2] ?? '');
    if (value !== undefined && isUsableMetricKey(key)) pairs.push([key, value]);
  }
  return pairs;
}

function createKvParser(): LineParser {
  let next = 0;
  return {
    push(line) {
      const out: ParsedMetrics[] = [];
      for (const segment of lineSegments(line)) {
        const metrics: Record<string, number> = {};
        let step: number | undefined;
        for (const [key, value] of findKeyValues(segment)) {
          if (STEP_KEYS.has(key.toLowerCase()) && Number.isSafeInteger(value) && value >= 0) step = value;
          else metrics[key] = value;
        }
        if (Object.keys(metrics).length === 0) continue;
        step ??= next;
        next = step + 1;
        out.push({ step, metrics });
      }
      return out;
    },
    end: () => [],
  };
}

/**
 * Modest by design, at most 0.55, so that any specific format that fits wins: a line with two or more pairs
 * counts one, a line with one pair a half, and at least a quarter of the non-blank lines must count.
 */
function detectKv(sample: readonly string[]): number {
  let weight = 0;
  let lines = 0;
  for (const line of boundedSample(sample)) {
    if (line.trim().length === 0) continue;
    lines++;
    let best = 0;
    for (const segment of lineSegments(line)) best = Math.max(best, findKeyValues(segment).length);
    weight += best >= 2 ? 1 : best === 1 ? 0.5 : 0;
  }
  if (lines === 0) return 0;
  const ratio = weight / lines;
  return ratio >= 0.25 ? 0.5 + 0.05 * ((ratio - 0.25) / 0.75) : ratio * 1.6;
}

/** The `kv` parser plugin. */
export const kvParser: ParserPlugin = {
  kind: 'parser',
  name: 'kv',
  apiVersion: PLUGIN_API_VERSION,
  description: 'generic `key=value` / `key: value` pairs with numeric values, e.g. `step=10 loss=0.5 acc: 0.9`',
  detect: detectKv,
  createParser: createKvParser,
};
