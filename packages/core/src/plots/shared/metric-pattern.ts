/** Metric selectors of plot options: exact keys or `/regex/flags` patterns, matched against the keys a plot has. */
import { RunlensError } from '../../errors.js';

/** One parsed selector. */
export interface MetricPattern {
  /** The selector as the user wrote it. */
  readonly source: string;
  readonly test: (key: string) => boolean;
  /** True for `/regex/`: a pattern that matches nothing is not an error, only nothing to draw. */
  readonly isRegex: boolean;
}

const REGEX_SELECTOR = /^\/(.*)\/([a-z]*)$/s;

/**
 * Parses `val/loss` (exact) or `/loss$/i` (a regular expression). Throws a VALIDATION RunlensError naming the
 * selector when the expression does not compile.
 */
export function parseMetricPattern(source: string): MetricPattern {
  const m = REGEX_SELECTOR.exec(source);
  if (m === null || m[1] === '') return { source, isRegex: false, test: (key) => key === source };
  let re: RegExp;
  try {
    re = new RegExp(m[1]!, m[2]!.replace(/g|y/g, ''));
  } catch (e) {
    throw new RunlensError('VALIDATION', `invalid metric pattern ${source}: ${(e as Error).message}`, { field: 'metrics' });
  }
  return { source, isRegex: true, test: (key) => re.test(key) };
}

/**
 * The keys that `selectors` pick out of `keys`, each once: in selector order, and within a regex selector
 * alphabetically. `unmatched` lists the selectors that picked nothing.
 */
export function matchMetricKeys(selectors: readonly string[], keys: Iterable<string>): { keys: string[]; unmatched: string[] } {
  const available = [...new Set(keys)].sort();
  const picked = new Set<string>();
  const unmatched: string[] = [];
  for (const source of selectors) {
    const pattern = parseMetricPattern(source);
    const hits = available.filter(pattern.test);
    if (hits.length === 0) unmatched.push(source);
    for (const k of hits) picked.add(k);
  }
  return { keys: [...picked], unmatched };
}
