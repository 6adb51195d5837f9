import type { Run } from './types.js';

/** Keys that people look for first in a runs table. */
const PRIORITY = [/(^|\/)(val|valid|validation|eval|test)[/_.]?loss$/i, /(^|\/)(train[/_.]?)?loss$/i, /loss/i, /acc|accuracy|f1|auc|bleu|rouge|perplexity|reward/i];

function rank(key: string): number {
  const i = PRIORITY.findIndex((re) => re.test(key));
  return i < 0 ? PRIORITY.length : i;
}

/**
 * The metric columns to show by default in a runs table: keys logged as series (not one-off summary values), system
 * metrics (`sys/…`) left out, losses and accuracy-like keys first, then alphabetical; keys most runs have win ties.
 */
export function pickSummaryColumns(runs: readonly Run[], max: number): string[] {
  const seen = new Map<string, number>();
  for (const r of runs) for (const k of Object.keys(r.metrics)) if (!k.startsWith('sys/')) seen.set(k, (seen.get(k) ?? 0) + 1);
  return [...seen.entries()]
    .sort(([a, na], [b, nb]) => rank(a) - rank(b) || nb - na || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, max)
    .map(([k]) => k);
}
